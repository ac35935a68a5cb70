import type { Prisma } from '#db';
import type { BundleType, PlanAction, PlanChange, PolicyPlan, ValidBundle } from '#policy';
import type { ClustersService } from '../clusters/clusters.service.js';
import type { ExceptionsService } from '../exceptions/exceptions.service.js';
import type { RulesService } from '../rules/rules.service.js';
import type { StoredPolicy } from './stored-policy.js';

export interface Writers {
  rules: RulesService;
  exceptions: ExceptionsService;
  clusters: ClustersService;
}

/**
 * The order that keeps every intermediate state valid: rules and profiles exist before exceptions name them, and
 * exceptions let go of rules before the rules are deleted.
 */
const STEPS: ReadonlyArray<[BundleType, readonly PlanAction[]]> = [
  ['rule', ['create', 'update']],
  ['cluster', ['create', 'update']],
  ['exception', ['delete']],
  ['exception', ['create', 'update']],
  ['rule', ['delete']],
  ['cluster', ['delete']],
];

function byName<T extends { name: string }>(list: readonly T[], name: string): T {
  const found = list.find((x) => x.name === name);
  if (!found) throw new Error(`bundle has no entry "${name}" for its own plan`);
  return found;
}

function stored<T>(map: Map<string, T>, name: string): T {
  const found = map.get(name);
  if (!found) throw new Error(`stored policy has no "${name}" for its own plan`);
  return found;
}

/** Carries out a plan's changes in the caller's transaction, each through its resource's own writer. */
export async function applyPlan(
  tx: Prisma.TransactionClient,
  plan: PolicyPlan,
  bundle: ValidBundle,
  current: StoredPolicy,
  w: Writers,
  actor: string,
  via: Record<string, unknown>,
): Promise<void> {
  for (const [type, actions] of STEPS)
    for (const change of plan.changes)
      if (change.type === type && actions.includes(change.action))
        await applyChange(tx, change, bundle, current, w, actor, via);
}

/** What a plan needs of each resource's writer, in the apply's transaction. */
interface Writer<R, V> {
  createIn(tx: Prisma.TransactionClient, value: V, actor: string, via: Via): Promise<unknown>;
  replaceIn(tx: Prisma.TransactionClient, row: R, value: V, actor: string, via: Via): Promise<unknown>;
  removeIn(tx: Prisma.TransactionClient, row: R, actor: string, via: Via): Promise<unknown>;
}

type Via = Record<string, unknown>;

async function carryOut<R, V extends { name: string }>(
  tx: Prisma.TransactionClient,
  c: PlanChange,
  wanted: readonly V[],
  rows: Map<string, R>,
  w: Writer<R, V>,
  actor: string,
  via: Via,
): Promise<void> {
  if (c.action === 'create') await w.createIn(tx, byName(wanted, c.name), actor, via);
  if (c.action === 'update') await w.replaceIn(tx, stored(rows, c.name), byName(wanted, c.name), actor, via);
  if (c.action === 'delete') await w.removeIn(tx, stored(rows, c.name), actor, via);
}

async function applyChange(
  tx: Prisma.TransactionClient,
  c: PlanChange,
  bundle: ValidBundle,
  current: StoredPolicy,
  w: Writers,
  actor: string,
  via: Via,
): Promise<void> {
  if (c.type === 'rule') return carryOut(tx, c, bundle.rules, current.rules, w.rules, actor, via);
  // A bundle's delete is never forced: a profile in use is refused (409) and the apply rolls back.
  const collection = <R, V>(x: {
    createIn: Writer<R, V>['createIn'];
    replaceIn: Writer<R, V>['replaceIn'];
    removeIn(tx: Prisma.TransactionClient, row: R, actor: string, opts: object, via: Via): Promise<unknown>;
  }): Writer<R, V> => ({
    createIn: (t, v, a, v2) => x.createIn(t, v, a, v2),
    replaceIn: (t, r, v, a, v2) => x.replaceIn(t, r, v, a, v2),
    removeIn: (t, r, a, v2) => x.removeIn(t, r, a, {}, v2),
  });
  if (c.type === 'exception')
    return carryOut(tx, c, bundle.exceptions, current.exceptions, collection(w.exceptions), actor, via);
  return carryOut(tx, c, bundle.clusters, current.clusters, collection(w.clusters), actor, via);
}
