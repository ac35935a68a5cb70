// The AdmissionReview answers, built from an evaluation result: what AdmissionService sends and what the
// OpenAPI examples show (apps/api/src/openapi/examples/admission.ts), one definition for both.
import type { EvaluationError } from '#k8s';
import { mutationPatch, slotOf, slotText, type EvaluationResult, type LocatedFinding } from '#policy';
import { reply, type AdmissionRequest, type AdmissionReviewReply } from './admission-review.js';
import { boundedWarnings, denyMessage, errorDenyMessage, findingLine } from './admission-text.js';

/** An object with input errors is refused whatever its findings: the gate could not check it. */
export function errorReply(request: AdmissionRequest, errors: readonly EvaluationError[]): AdmissionReviewReply {
  const meta = (request.object as { metadata?: { name?: unknown; generateName?: unknown } } | undefined)?.metadata;
  const name = request.name || (typeof meta?.name === 'string' ? meta.name : null) || meta?.generateName || '(unnamed)';
  const object = `${request.kind.kind}/${String(name)}`;
  return reply({
    uid: request.uid,
    allowed: false,
    status: { code: 403, reason: 'Forbidden', message: errorDenyMessage(object, errors) },
  });
}

export function validateReply(
  uid: string,
  result: EvaluationResult,
  introduced: readonly LocatedFinding[],
  all: readonly LocatedFinding[],
): AdmissionReviewReply {
  const active = introduced.filter((f) => !f.waived);
  const denied = active.filter((f) => f.enforcement === 'deny');
  const warnings: string[] = [];
  // On UPDATE: deny findings the old object already had are not enforced; say so once (first, so that the
  // bound on warnings never hides it), not per finding.
  const predating = all.filter((f) => !f.waived && f.enforcement === 'deny' && !introduced.includes(f));
  if (predating.length > 0) {
    const rules = [...new Set(predating.map((f) => f.rule))].join(', ');
    warnings.push(
      `pullwise: ${predating.length} deny finding(s) predate this update and are not enforced on it (${rules})`,
    );
  }
  for (const f of active) if (f.enforcement === 'warn') warnings.push(findingLine(result, f));
  return reply({
    uid,
    allowed: denied.length === 0,
    ...(denied.length > 0 ? { status: { code: 403, reason: 'Forbidden', message: denyMessage(result, denied) } } : {}),
    ...(warnings.length > 0 ? { warnings: boundedWarnings(warnings) } : {}),
  });
}

export function mutateReply(
  uid: string,
  result: EvaluationResult,
  introduced: readonly LocatedFinding[],
): AdmissionReviewReply {
  const { operations, applied } = mutationPatch(introduced);
  if (operations.length === 0) return reply({ uid, allowed: true });
  const warnings = applied.map((f, i) => {
    const slot = slotOf(result, f);
    const field = operations[i]!.path.endsWith('/pullPolicy') ? 'image.pullPolicy' : 'imagePullPolicy';
    return `[${f.rule}] ${f.workload}, ${slot ? slotText(slot) : f.slot}: ${field} set to ${String(operations[i]!.value)}`;
  });
  return reply({
    uid,
    allowed: true,
    patchType: 'JSONPatch',
    patch: Buffer.from(JSON.stringify(operations)).toString('base64'),
    warnings: boundedWarnings(warnings),
  });
}
