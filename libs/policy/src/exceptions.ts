import type { Finding, LocatedFinding } from './evaluation-result.js';
import { Scope, type SlotSubject, type WorkloadSubject } from './match-spec.js';
import type { ExceptionDefinition } from './rule-types.js';
import { validateMatchSpec } from './validate-match.js';

/**
 * Exceptions (waivers). An exception waives a finding when its `rules` name the rule (or are `*`) and its
 * `match` matches the workload and slot (match-spec.ts; an absent match covers everything). It is active while
 * `expiresAt` is null or later than the evaluation's `now`; at or after `expiresAt` it waives nothing.
 * The same function decides this on every path (CI, admission, audit, bots): docs/design.md D4.
 *
 * A waived finding is still reported, with `waived: true` and `waivedBy`. A finding that only an expired
 * exception covers stays unwaived and names that exception in `expiredWaiver`, so the report says "your waiver
 * lapsed" rather than "new violation". With several candidates the first active one by name waives; among
 * expired ones the most recently expired is named (ties by name).
 */

/** A finding as the policy engine reports it: the contract's Finding plus the lapsed waiver, when there is one. */
export type PolicyFinding = Finding & { expiredWaiver?: string };

/** A located finding (EvaluationResult.findings) with the lapsed waiver, when there is one. */
export type LocatedPolicyFinding = LocatedFinding & { expiredWaiver?: string };

export interface CompiledException {
  definition: ExceptionDefinition;
  scope: Scope;
  /** Milliseconds since the epoch, or null for no expiry. */
  expiresAt: number | null;
}

export interface WaiverDecision {
  waivedBy: string | null;
  expiredWaiver: string | null;
}

export function isExpired(exception: Pick<ExceptionDefinition, 'expiresAt'>, now: Date): boolean {
  const at = exception.expiresAt;
  return at !== null && at !== undefined && at.getTime() <= now.getTime();
}

function expiryOf(e: ExceptionDefinition): number | null {
  const at = e.expiresAt as unknown;
  if (at === null || at === undefined) return null;
  const time = at instanceof Date ? at.getTime() : typeof at === 'string' ? Date.parse(at) : NaN;
  // An unreadable expiry is treated as already expired: a waiver must never outlive what its author wrote.
  return Number.isNaN(time) ? -Infinity : time;
}

export class ExceptionIndex {
  private readonly byRule = new Map<string, CompiledException[]>();
  private readonly forAllRules: CompiledException[] = [];
  readonly exceptions: readonly CompiledException[];
  /** Exceptions left out because their match is invalid, by name. */
  readonly skipped: string[] = [];

  constructor(definitions: readonly ExceptionDefinition[]) {
    const compiled: CompiledException[] = [];
    for (const definition of [...definitions].sort((a, b) => cmp(a.name, b.name) || cmp(a.id, b.id))) {
      const match = validateMatchSpec(definition.match, 'match');
      if (!match.ok || !Array.isArray(definition.rules)) {
        this.skipped.push(definition.name);
        continue;
      }
      const e: CompiledException = { definition, scope: new Scope(match.value, null), expiresAt: expiryOf(definition) };
      compiled.push(e);
      if (definition.rules.includes('*')) this.forAllRules.push(e);
      for (const rule of new Set(definition.rules)) {
        if (rule === '*') continue;
        const list = this.byRule.get(rule) ?? [];
        list.push(e);
        this.byRule.set(rule, list);
      }
    }
    this.exceptions = compiled;
  }

  /** Whether any exception could concern this rule (lets callers skip the per-slot lookup). */
  concerns(rule: string): boolean {
    return this.forAllRules.length > 0 || this.byRule.has(rule);
  }

  decide(rule: string, workload: WorkloadSubject, slot: SlotSubject, now: Date): WaiverDecision {
    const named = this.byRule.get(rule) ?? [];
    const candidates =
      this.forAllRules.length === 0
        ? named
        : [...named, ...this.forAllRules].sort((a, b) => cmp(a.definition.name, b.definition.name));
    let expired: CompiledException | null = null;
    const nowMs = now.getTime();
    for (const e of candidates) {
      if (!e.scope.applies(workload, slot)) continue;
      if (e.expiresAt === null || e.expiresAt > nowMs) return { waivedBy: e.definition.name, expiredWaiver: null };
      if (expired === null || e.expiresAt > (expired.expiresAt ?? -Infinity)) expired = e;
    }
    return { waivedBy: null, expiredWaiver: expired?.definition.name ?? null };
  }
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
