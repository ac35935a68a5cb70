import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
} from '@nestjs/common';
import { type Database, Prisma } from '#db';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DATABASE } from '../database/database.service.js';

/** Evaluations removed per statement: each batch is a short transaction, so a backlog never holds a long lock. */
const RETENTION_BATCH = 1000;
const RETENTION_INTERVAL_MS = 60 * 60 * 1000;
const DAY_MS = 86_400_000;

/**
 * Removes recorded evaluations older than `retentionDays` (their findings go with them: ON DELETE CASCADE),
 * at start-up and then hourly. `retentionDays` 0 keeps everything.
 */
@Injectable()
export class RetentionService implements OnApplicationBootstrap, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Retention');
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<number> | undefined;
  private stopping = false;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  get days(): number {
    return this.config.retentionDays;
  }

  /** Starts the first run without delaying start-up, then schedules the hourly one. */
  onApplicationBootstrap(): void {
    if (this.days <= 0) {
      this.logger.log('disabled (PULLWISE_RETENTION_DAYS=0): recorded evaluations are kept forever');
      return;
    }
    void this.runSafely();
    this.timer = setInterval(() => void this.runSafely(), RETENTION_INTERVAL_MS);
    this.timer.unref();
  }

  /** Stops the schedule and lets a run in progress finish its current batch before the database closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.stop();
  }

  /**
   * Deletes every evaluation older than the cut-off, RETENTION_BATCH at a time, and returns how many.
   * A call while a run is in progress joins that run.
   */
  run(): Promise<number> {
    if (this.days <= 0 || this.stopping) return Promise.resolve(0);
    this.running ??= this.removeExpired().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async removeExpired(): Promise<number> {
    const cutoff = new Date(Date.now() - this.days * DAY_MS);
    const started = Date.now();
    let removed = 0;
    for (;;) {
      const n = await this.db.prisma.$executeRaw`
        DELETE FROM "Evaluation"
        WHERE "id" IN (
          SELECT "id" FROM "Evaluation"
          WHERE "createdAt" < ${cutoff}
          ORDER BY "createdAt"
          LIMIT ${Prisma.raw(String(RETENTION_BATCH))}
        )`;
      removed += n;
      if (n < RETENTION_BATCH || this.stopping) break;
    }
    const message = `removed ${removed} evaluation(s) recorded before ${cutoff.toISOString()} (retention ${this.days} days) in ${Date.now() - started} ms`;
    if (removed > 0) this.logger.log(message);
    else this.logger.debug(message);
    return removed;
  }

  private async runSafely(): Promise<void> {
    try {
      await this.run();
    } catch (err) {
      if (!this.stopping)
        this.logger.error(`run failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  private async stop(): Promise<void> {
    this.stopping = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.running?.catch(() => undefined);
  }
}
