// The plan of `pullwise policy plan|apply` as text, Terraform-like: one block per created, updated or deleted
// object, unchanged ones only counted, then one summary line. Values are compact JSON: unambiguous for strings
// with spaces or arrows, and one line for nested params.
import type { BundleEntry, PlanChange, PlanSummary } from '#policy';

/** An impact preview as POST /v1/policy/plan?impact=N attaches it to a created or updated rule. */
export interface PlanImpact {
  evaluated: number;
  flipped: number;
  summary: string;
  /** `"pass->fail": 3`. */
  byTransition: Record<string, number>;
  skipped?: unknown[];
}

export interface PlanChangeView extends PlanChange {
  impact?: PlanImpact;
}

/** What POST /v1/policy/plan answers. */
export interface PlanAnswer {
  policyVersion: number;
  bundleDigest: string;
  prune: boolean;
  changes: PlanChangeView[];
  summary: PlanSummary;
}

/** What POST /v1/policy/apply answers: the plan it carried out. */
export interface ApplyAnswer extends PlanAnswer {
  applied: boolean;
  previousPolicyVersion: number;
}

const MARK = { create: '+', update: '~', delete: '-' } as const;
/** Names listed in the unmanaged line before "and N more". */
const UNMANAGED_SHOWN = 10;

export function valueText(v: unknown): string {
  return v === undefined ? 'null' : JSON.stringify(v);
}

/** `rule "no-latest"`. */
function changeTitle(c: Pick<PlanChange, 'type' | 'name'>): string {
  return `${c.type} ${JSON.stringify(c.name)}`;
}

/** An entry's fields but its name (the key, already in the title). */
export function entryFields(entry: BundleEntry | null): [string, unknown][] {
  return Object.entries(entry ?? {}).filter(([k]) => k !== 'name');
}

/** The fields an update changes: the server's list, else every field whose value differs. */
export function changedFields(c: PlanChange): string[] {
  if (c.fields) return c.fields;
  const keys = [...new Set([...Object.keys(c.after ?? {}), ...Object.keys(c.before ?? {})])];
  return keys.filter((k) => JSON.stringify(c.before?.[k]) !== JSON.stringify(c.after?.[k]));
}

/** `this change flips 2 of the last 10 evaluations (pass → fail: 2; 1 skipped)`. */
export function impactText(i: PlanImpact): string {
  const parts = Object.entries(i.byTransition)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([t, n]) => `${t.replace('->', ' → ')}: ${n}`);
  const skipped = i.skipped?.length ?? 0;
  if (skipped > 0) parts.push(`${skipped} skipped`);
  return parts.length > 0 ? `${i.summary} (${parts.join('; ')})` : i.summary;
}

/** One change's block; empty for an unchanged object. */
export function changeBlock(c: PlanChangeView): string[] {
  if (c.action === 'unchanged') return [];
  const lines = [`${MARK[c.action]} ${changeTitle(c)}`];
  if (c.action === 'create') for (const [k, v] of entryFields(c.after)) lines.push(`    + ${k}: ${valueText(v)}`);
  if (c.action === 'update')
    for (const k of changedFields(c)) {
      const before = c.before?.[k];
      const after = c.after?.[k];
      if (before === undefined) lines.push(`    + ${k}: ${valueText(after)}`);
      else if (after === undefined) lines.push(`    - ${k}: ${valueText(before)}`);
      else lines.push(`    ~ ${k}: ${valueText(before)} → ${valueText(after)}`);
    }
  if (c.impact) lines.push(`    impact: ${impactText(c.impact)}`);
  return lines;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** Stored objects a plan without --prune keeps: one line naming them, or null when there are none. */
export function unmanagedLine(changes: readonly PlanChange[]): string | null {
  const kept = changes.filter((c) => c.unmanaged);
  if (kept.length === 0) return null;
  const names = kept.slice(0, UNMANAGED_SHOWN).map(changeTitle);
  if (kept.length > UNMANAGED_SHOWN) names.push(`and ${kept.length - UNMANAGED_SHOWN} more`);
  const verb = kept.length === 1 ? 'is not in the bundle and stays' : 'are not in the bundle and stay';
  return `${plural(kept.length, 'stored object')} ${verb} (use --prune to delete them): ${names.join(', ')}.`;
}

/** The blocks, blank-line separated, then the unmanaged line, as lines without the summary. */
function body(answer: PlanAnswer): string[] {
  const blocks = answer.changes.map(changeBlock).filter((b) => b.length > 0);
  const lines = blocks.flatMap((b) => [...b, '']);
  const kept = unmanagedLine(answer.changes);
  if (kept !== null) lines.push(kept);
  return lines;
}

export function planSummaryLine(answer: PlanAnswer): string {
  const s = answer.summary;
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.delete} to delete, ${s.unchanged} unchanged (policy version ${answer.policyVersion}).`;
}

export function renderPlan(answer: PlanAnswer): string {
  return `${[...body(answer), planSummaryLine(answer)].join('\n')}\n`;
}

export function renderApply(answer: ApplyAnswer): string {
  const s = answer.summary;
  const last = answer.applied
    ? `Applied: ${s.create} created, ${s.update} updated, ${s.delete} deleted, ${s.unchanged} unchanged (policy version ${answer.previousPolicyVersion} → ${answer.policyVersion}).`
    : `No changes: the store already matches the bundle (policy version ${answer.policyVersion}).`;
  return `${[...body(answer), last].join('\n')}\n`;
}
