import { Inject, Injectable } from '@nestjs/common';
import type { Prisma } from '#db';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

export type Webhook = 'validate' | 'mutate';

/** One sign that a cluster profile is in use: what to show and the field path of the 409's `errors`. */
export interface ProfileUse {
  path: string;
  message: string;
}

/** The `pipeline` of recorded admissions (admission.service.ts ADMISSION_PIPELINE; not imported: no cycle). */
const ADMISSION_PIPELINE = 'admission';
const DAY_MS = 86_400_000;

/**
 * Where a cluster profile has been seen in use, so that deleting it is refused (README "Admission webhook",
 * "Cluster profiles in use"): under a fail-closed webhook, a review routed to a profile that no longer exists is a
 * 400 and every Pod creation fails. Two signs, within PULLWISE_CLUSTER_IN_USE_DAYS:
 * - admission reviews routed to it, remembered by this process (most reviews bring no finding and are not
 *   recorded), and PULLWISE_ADMISSION_CLUSTER naming it;
 * - recorded evaluations naming it (admissions with findings, `record: true` from CI), seen by every replica.
 */
@Injectable()
export class ClusterUsage {
  private readonly routed = new Map<string, Map<string, { webhook: Webhook; path: string; at: Date }>>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** An admission review was evaluated with the profile `name` (not a GraphQL preview). */
  admissionRouted(name: string, webhook: Webhook, fromPath: boolean): void {
    const path = fromPath ? `/admission/${webhook}/${name}` : `/admission/${webhook} (PULLWISE_ADMISSION_CLUSTER)`;
    let byPath = this.routed.get(name);
    if (!byPath) this.routed.set(name, (byPath = new Map()));
    byPath.set(path, { webhook, path, at: new Date() });
  }

  /** The profile `name` was deleted: a new one of that name starts unused. */
  forget(name: string): void {
    this.routed.delete(name);
  }

  /** Every sign of use of profile `name` within the window; empty when none (or the check is off). */
  async uses(tx: Pick<Prisma.TransactionClient, 'evaluation'>, name: string, now = new Date()): Promise<ProfileUse[]> {
    const days = this.config.clusterInUseDays;
    if (days === 0) return [];
    const since = new Date(now.getTime() - days * DAY_MS);
    const uses: ProfileUse[] = [];
    if (this.config.admissionCluster === name)
      uses.push({
        path: 'PULLWISE_ADMISSION_CLUSTER',
        message: 'PULLWISE_ADMISSION_CLUSTER names it: /admission/validate and /admission/mutate evaluate with it',
      });
    for (const r of this.routed.get(name)?.values() ?? [])
      if (r.at >= since)
        uses.push({
          path: `admission.${r.webhook}`,
          message: `admission reviews were routed to it through ${r.path}, the last at ${r.at.toISOString()}`,
        });
    const where = { cluster: name, createdAt: { gte: since } };
    const [recorded, admissions] = await Promise.all([
      tx.evaluation.aggregate({ where, _count: { _all: true }, _max: { createdAt: true } }),
      tx.evaluation.count({ where: { ...where, pipeline: ADMISSION_PIPELINE } }),
    ]);
    const n = recorded._count._all;
    if (n > 0)
      uses.push({
        path: 'evaluations',
        message:
          `${n} recorded evaluation${n === 1 ? '' : 's'} named it in the last ${days} days ` +
          `(${admissions} from admission webhooks; the last at ${recorded._max.createdAt!.toISOString()})`,
      });
    return uses;
  }
}
