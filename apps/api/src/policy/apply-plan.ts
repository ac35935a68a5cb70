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

async function applyChange(
  tx: Prisma.TransactionClient,
  c: PlanChange,
  bundle: ValidBundle,
  current: StoredPolicy,
  w: Writers,
  actor: string,
  via: Record<string, unknown>,
): Promise<void> {
  if (c.type === 'rule') {
    if (c.action === 'create') await w.rules.createIn(tx, byName(bundle.rules, c.name), actor, via);
    if (c.action === 'update')
      await w.rules.replaceIn(tx, stored(current.rules, c.name), byName(bundle.rules, c.name), actor, via);
    if (c.action === 'delete') await w.rules.removeIn(tx, stored(current.rules, c.name), actor, via);
  } else if (c.type === 'exception') {
    if (c.action === 'create') await w.exceptions.createIn(tx, byName(bundle.exceptions, c.name), actor, via);
    if (c.action === 'update')
      await w.exceptions.replaceIn(
        tx,
        stored(current.exceptions, c.name),
        byName(bundle.exceptions, c.name),
        actor,
        via,
      );
    if (c.action === 'delete') await w.exceptions.removeIn(tx, stored(current.exceptions, c.name), actor, {}, via);
  } else {
    if (c.action === 'create') await w.clusters.createIn(tx, byName(bundle.clusters, c.name), actor, via);
    if (c.action === 'update')
      await w.clusters.replaceIn(tx, stored(current.clusters, c.name), byName(bundle.clusters, c.name), actor, via);
    if (c.action === 'delete') await w.clusters.removeIn(tx, stored(current.clusters, c.name), actor, {}, via);
  }
}
