import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Database, defaultMigrationsDir, describeLocation } from '#db';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DatabaseMonitor, withTimeout } from './database-monitor.service.js';
import { DATABASE } from './database.token.js';

export { DATABASE } from './database.token.js';

/** Opens the configured database and brings its schema up to date before the app serves. */
export async function openDatabase(config: AppConfig, logger = new Logger('Database')): Promise<Database> {
  const db = await Database.open(config.database);
  for (const notice of db.notices) logger.warn(notice);
  try {
    const applied = await db.migrate(defaultMigrationsDir());
    logger.log(
      `${describeLocation(config.database)}: ${applied.length ? `applied ${applied.join(', ')}` : 'schema up to date'}`,
    );
    return db;
  } catch (err) {
    await db.close();
    throw err;
  }
}

@Injectable()
export class DatabaseLifecycle implements OnApplicationShutdown {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.close();
  }
}

@Injectable()
export class ReadinessService {
  private readonly migrationsDir = defaultMigrationsDir();

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly health: DatabaseMonitor,
  ) {}

  /**
   * Ready when the database answers and no migration is pending. While the database is down the replica
   * still answers evaluations from its policy snapshot, but a load balancer should prefer one that can
   * also write.
   */
  async check(): Promise<{ ready: boolean; database: string; detail: string }> {
    const database = describeLocation(this.config.database);
    try {
      const pending = await withTimeout(this.db.pending(this.migrationsDir), 2000);
      this.health.reportSuccess();
      if (pending.length) return { ready: false, database, detail: `pending migrations: ${pending.join(', ')}` };
      return { ready: true, database, detail: 'database reachable, migrations applied' };
    } catch (err) {
      this.health.reportFailure(err);
      return {
        ready: false,
        database,
        detail: `database unreachable: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  }
}
