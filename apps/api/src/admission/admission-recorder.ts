import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import type { EvaluationResult } from '#policy';
import type { EvaluateRequest } from '../evaluations/dto/evaluate-request.js';
import { EvaluationRecorder } from '../evaluations/evaluation-recorder.js';
import type { PolicySnapshot } from '../snapshot/policy-snapshot.js';

/** Longest `createdBy` kept for an admission record (usernames are not bounded by Kubernetes). */
const MAX_ACTOR = 256;
/** Writes in flight at most; past it (the database is slow or away) further records are dropped and counted. */
export const MAX_PENDING_RECORDS = 1000;

/**
 * Records admission evaluations with the same recorder as `record: true`, without making the API server wait:
 * an answer never depends on the database (a write that fails, or hangs until PostgreSQL is back, is logged
 * and the admission answer is already sent). Writes still running at shutdown are awaited before the database
 * closes (Nest calls beforeApplicationShutdown before onApplicationShutdown).
 */
@Injectable()
export class AdmissionRecorder implements BeforeApplicationShutdown {
  private readonly logger = new Logger('Admission');
  private readonly pending = new Set<Promise<void>>();
  private dropped = 0;

  constructor(private readonly recorder: EvaluationRecorder) {}

  /** Starts the write and returns at once; the promise it returns settles when the write is done or failed. */
  record(
    req: EvaluateRequest,
    result: EvaluationResult,
    snapshot: PolicySnapshot,
    uid: string,
    username?: string,
  ): Promise<void> {
    if (this.pending.size >= MAX_PENDING_RECORDS) {
      // Logged once per 100 so that an outage does not flood the log.
      if (this.dropped++ % 100 === 0)
        this.logger.warn(
          `${this.dropped} admission record(s) dropped: ${MAX_PENDING_RECORDS} writes are still pending`,
        );
      return Promise.resolve();
    }
    const actor = `admission:${username || 'unknown'}`.slice(0, MAX_ACTOR);
    const write: Promise<void> = this.recorder
      .record(req, result, snapshot, actor)
      .then(
        (id) => this.logger.debug(`admission ${uid} recorded as evaluation ${id}`),
        (err: unknown) =>
          this.logger.warn(
            `admission ${uid} was answered but not recorded: ${err instanceof Error ? err.message : String(err)}`,
          ),
      )
      .finally(() => this.pending.delete(write));
    this.pending.add(write);
    return write;
  }

  /** Resolves when every write started so far has finished (or failed). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.settled();
  }
}
