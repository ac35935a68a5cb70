import type { ExceptionDefinition } from '../rule-types.js';
import { validateMatchSpec } from '../validate-match.js';
import { and, scopeCel, type ScopeSubjects } from './scope-cel.js';

/**
 * The exceptions that waive a rule (exceptions.ts ExceptionIndex.decide) as one CEL boolean over a slot `s`:
 * true when an exception naming the rule (or `*`) and active at `now` matches the workload and the slot.
 *
 * Admission CEL has no clock, so expiry is decided at export: an exception expired at `now` is left out (it
 * waives nothing, as in pullwise), and one that expires later is included as if it never expired; `expiresAt`
 * (the earliest such expiry) tells the caller when the export stops being faithful and must be redone.
 * An exception whose match does not validate is left out, as ExceptionIndex skips it.
 */
export interface WaiverCel {
  /** CEL over `s`; 'false' when nothing waives the rule. */
  waived: string;
  /** Names of the exceptions included, sorted. */
  exceptions: string[];
  /** The earliest expiry among them, or null. */
  expiresAt: Date | null;
}

export function waiverCel(
  rule: string,
  exceptions: readonly ExceptionDefinition[],
  cluster: string,
  now: Date,
  subjects: ScopeSubjects,
): WaiverCel {
  const terms: string[] = [];
  const names: string[] = [];
  let expiresAt: Date | null = null;
  const sorted = [...exceptions].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of sorted) {
    if (!Array.isArray(e.rules) || !(e.rules.includes(rule) || e.rules.includes('*'))) continue;
    const expiry = expiryOf(e);
    if (expiry !== null && expiry <= now.getTime()) continue;
    const match = validateMatchSpec(e.match, 'match');
    if (!match.ok) continue;
    const scope = scopeCel(match.value, cluster, subjects);
    if (!scope.applies) continue;
    const term = and([scope.workload, scope.slot]);
    if (term === 'false') continue;
    terms.push(term);
    names.push(e.name);
    if (expiry !== null && (expiresAt === null || expiry < expiresAt.getTime())) expiresAt = new Date(expiry);
  }
  const waived = terms.includes('true') ? 'true' : terms.length === 0 ? 'false' : terms.join(' || ');
  return { waived, exceptions: names, expiresAt };
}

/** exceptions.ts expiryOf: an unreadable expiry counts as already expired. */
function expiryOf(e: ExceptionDefinition): number | null {
  const at = e.expiresAt as unknown;
  if (at === null || at === undefined) return null;
  const time = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : NaN;
  return Number.isNaN(time) ? -Infinity : time;
}
