import type { EvaluationResult, Verdict } from '#policy';

/**
 * 0: pass (or warn under --fail-on deny); 1: the policy failed; 2: the check itself could not be trusted —
 * bad options, unreadable files, a manifest document that could not be read (`errors[]`), an invalid rules
 * file, or a server/transport error. 2 wins over 1: a partly read input is not a verdict.
 */
export const EXIT = { pass: 0, policyFailure: 1, error: 2 } as const;

export type FailOn = 'deny' | 'warn';
export const FAIL_ON: readonly FailOn[] = ['deny', 'warn'];

const RANK: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2 };

/** The worst verdict of several files (pass for none). */
export function overallVerdict(verdicts: readonly Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((worst, v) => (RANK[v] > RANK[worst] ? v : worst), 'pass');
}

export function exitCodeFor(results: readonly Pick<EvaluationResult, 'verdict' | 'errors'>[], failOn: FailOn): number {
  if (results.some((r) => r.errors.length > 0)) return EXIT.error;
  const verdict = overallVerdict(results.map((r) => r.verdict));
  if (verdict === 'fail' || (verdict === 'warn' && failOn === 'warn')) return EXIT.policyFailure;
  return EXIT.pass;
}
