import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Database, defaultMigrationsDir, describeLocation } from '#db';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

export const DATABASE = Symbol('DATABASE');

/** Opens the configured database and brings its schema up to date before the app serves. */
export async function openDatabase(config: AppConfig, logger = new Logger('Database')): Promise<Database> {
  const db = await Database.open(config.database);
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
  ) {}

  /** Ready when the database answers and no migration is pending. */
  async check(): Promise<{ ready: boolean; database: string; detail: string }> {
    const database = describeLocation(this.config.database);
    try {
      const pending = await withTimeout(this.db.pending(this.migrationsDir), 2000);
      if (pending.length) return { ready: false, database, detail: `pending migrations: ${pending.join(', ')}` };
      return { ready: true, database, detail: 'database reachable, migrations applied' };
    } catch (err) {
      return {
        ready: false,
        database,
        detail: `database unreachable: ${err instanceof Error ? err.message : String(err)}`,
      };
    }
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
