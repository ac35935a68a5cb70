import type { EngineErrorCode, EvaluationError } from '#k8s';
import { noObjectsDetail } from '#policy';
import { AppError } from '../common/errors/app-error.js';

/**
 * The engine error codes the API answers with a problem instead of a result, by code (libs/k8s
 * error-codes.ts); every other code is an entry of the result's `errors`. One table for REST, GraphQL and the
 * admission webhook, which all evaluate through EvaluationService.
 */
const REFUSALS: Partial<Record<EngineErrorCode, (e: EvaluationError) => AppError>> = {
  'no-objects': (e) => AppError.invalid(noObjectsDetail(e), [{ path: 'manifests', message: e.message }]),
  'too-many-documents': overLimit,
  'too-many-slots': overLimit,
  'parse-timeout': overLimit,
};

function overLimit(e: EvaluationError): AppError {
  return new AppError('payload-too-large', `The manifests are over a configured limit: ${e.message}.`, [
    { document: e.document, path: e.path ?? 'manifests', line: e.line, message: e.message },
  ]);
}

/** The problem for an error the API refuses on (REFUSALS), or null. */
export function refusalFor(errors: readonly EvaluationError[]): AppError | null {
  for (const e of errors) {
    const refuse = REFUSALS[e.code];
    if (refuse) return refuse(e);
  }
  return null;
}
