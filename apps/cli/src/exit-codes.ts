import { worseVerdict, type EvaluationResult, type Verdict } from '#policy';

/**
 * 0: pass (or warn under --fail-on deny); 1: the policy failed; 2: the check itself could not be trusted —
 * bad options, unreadable files, a manifest document that could not be read (`errors[]`), an invalid rules
 * file, or a server/transport error. 2 wins over 1: a partly read input is not a verdict.
 * `pullwise policy plan` reads them as diff(1) does: 0 no changes, 1 changes, 2 error.
 */
export const EXIT = { pass: 0, policyFailure: 1, error: 2, noChanges: 0, changes: 1 } as const;

export type FailOn = 'deny' | 'warn';
export const FAIL_ON: readonly FailOn[] = ['deny', 'warn'];

/** The worst verdict of several files (pass for none). */
export function overallVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>(worseVerdict, 'pass');
}

export function exitCodeFor(results: readonly Pick<EvaluationResult, 'verdict' | 'errors'>[], failOn: FailOn): number {
  if (results.some((r) => r.verdict === 'error' || r.errors.length > 0)) return EXIT.error;
  const verdict = overallVerdict(results.map((r) => r.verdict));
  if (verdict === 'fail' || (verdict === 'warn' && failOn === 'warn')) return EXIT.policyFailure;
  return EXIT.pass;
}
