import {
  BUNDLE_LISTS,
  PLAN_ACTIONS,
  TYPE_OF_LIST,
  type BundleEntries,
  type BundleEntry,
  type BundleType,
  type PlanAction,
} from './bundle.js';
import { byName, sameEntry } from './bundle-entries.js';

export interface PlanChange {
  action: PlanAction;
  type: BundleType;
  name: string;
  /** The stored entry (null for a create). */
  before: BundleEntry | null;
  /** The entry after the apply (null for a delete). */
  after: BundleEntry | null;
  /** The fields an update changes: those of the new entry in its order, then those it drops. */
  fields?: string[];
  /** Stored but not named by the bundle, and kept because the plan does not prune. */
  unmanaged?: true;
}

export type PlanSummary = Record<PlanAction, number>;

export interface PolicyPlan {
  changes: PlanChange[];
  summary: PlanSummary;
}

function changedFields(before: BundleEntry, after: BundleEntry): string[] {
  const keys = [...new Set([...Object.keys(after), ...Object.keys(before)])];
  return keys.filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

function planList(type: BundleType, stored: BundleEntry[], wanted: BundleEntry[], prune: boolean): PlanChange[] {
  const storedByName = new Map(stored.map((e) => [e.name, e]));
  const wantedNames = new Set(wanted.map((e) => e.name));
  const changes: PlanChange[] = [];
  for (const after of wanted) {
    const before = storedByName.get(after.name) ?? null;
    if (before === null) changes.push({ action: 'create', type, name: after.name, before, after });
    else if (sameEntry(before, after)) changes.push({ action: 'unchanged', type, name: after.name, before, after });
    else
      changes.push({ action: 'update', type, name: after.name, before, after, fields: changedFields(before, after) });
  }
  for (const before of stored) {
    if (wantedNames.has(before.name)) continue;
    if (prune) changes.push({ action: 'delete', type, name: before.name, before, after: null });
    else changes.push({ action: 'unchanged', type, name: before.name, before, after: before, unmanaged: true });
  }
  return byName(changes);
}

/**
 * What applying `wanted` to `stored` changes, compared on meaning (both sides are canonical entries). A bundle is
 * the whole policy: with `prune` whatever it does not name is deleted (a missing list counts as empty); without
 * it such objects stay, reported as unchanged and unmanaged. Changes come rules first, then exceptions, then
 * cluster profiles, each by name.
 */
export function planBundle(stored: BundleEntries, wanted: BundleEntries, opts: { prune: boolean }): PolicyPlan {
  const changes = BUNDLE_LISTS.flatMap((list) => planList(TYPE_OF_LIST[list], stored[list], wanted[list], opts.prune));
  const summary = Object.fromEntries(PLAN_ACTIONS.map((a) => [a, 0])) as PlanSummary;
  for (const c of changes) summary[c.action] += 1;
  return { changes, summary };
}

/** True when the plan changes something. */
export function planChangesSomething(plan: Pick<PolicyPlan, 'summary'>): boolean {
  return plan.summary.create + plan.summary.update + plan.summary.delete > 0;
}
