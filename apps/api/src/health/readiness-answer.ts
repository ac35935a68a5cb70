import type { ReadinessService } from '../database/database.service.js';
import type { WarmUp } from './warm-up.js';

export interface ReadinessAnswer {
  ready: boolean;
  status: 'ready' | 'not ready';
  database: string;
  detail: string;
}

/** GET /readyz and GraphQL `health`: the database's readiness, and not ready while the replica warms up. */
export async function readinessAnswer(readiness: ReadinessService, warmUp: WarmUp): Promise<ReadinessAnswer> {
  const r = await readiness.check();
  const ready = r.ready && !warmUp.warming;
  const detail = r.ready && warmUp.warming ? 'warming up (see the WarmUp log line)' : r.detail;
  return { ready, status: ready ? 'ready' : 'not ready', database: r.database, detail };
}
