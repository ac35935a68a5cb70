import { mkdirSync } from 'node:fs';
import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { type DataDirectoryLock, lockDataDirectory } from './data-directory-lock.js';
import { makePrivate, restrictUmask } from './data-directory-modes.js';
import type { DatabaseLocation } from './database-location.js';
import { PrismaClient } from './generated/prisma/client.js';
import { applyMigrations, pendingMigrations, type MigrationTarget } from './migrations/apply-migrations.js';

/**
 * The embedded database's modules, loaded only when it is used: a service on PostgreSQL never needs PGlite's
 * JavaScript (several MB of heap) or its adapter.
 */
async function embedded() {
  const [{ PGlite }, { PrismaPGlite }] = await Promise.all([
    import('@electric-sql/pglite'),
    import('pglite-prisma-adapter'),
  ]);
  return { PGlite, PrismaPGlite };
}

/** A connected database: one Prisma client over either adapter, plus what migrations need. */
export class Database {
  private constructor(
    readonly prisma: PrismaClient,
    readonly target: MigrationTarget,
    readonly location: DatabaseLocation,
    /** What opening it changed that an operator should hear about (one line each). */
    readonly notices: readonly string[] = [],
    private readonly lock?: DataDirectoryLock,
  ) {}

  static async open(
    location: DatabaseLocation,
    options: { pglite?: PGlite; poolMax?: number } = {},
  ): Promise<Database> {
    if (location.kind === 'postgres') {
      // A server that drops packets (rather than refusing) must not hang requests: fail the connect after 5 s.
      const pool = new pg.Pool({
        connectionString: location.url,
        max: options.poolMax ?? 10,
        connectionTimeoutMillis: 5000,
      });
      // An idle client that loses its server must not crash the process; the next query reconnects.
      pool.on('error', () => undefined);
      const prisma = new PrismaClient({ adapter: new PrismaPg(pool) });
      return new Database(prisma, { kind: 'postgres', pool }, location);
    }
    if (options.pglite || location.kind === 'pglite-memory') {
      const { PGlite, PrismaPGlite } = await embedded();
      const db = options.pglite ?? (await PGlite.create());
      return new Database(new PrismaClient({ adapter: new PrismaPGlite(db) }), { kind: 'pglite', db }, location);
    }
    return Database.openDirectory(location);
  }

  /** PGlite on a directory: locked to this process, private to its user. */
  private static async openDirectory(location: DatabaseLocation & { kind: 'pglite' }): Promise<Database> {
    const dir = location.dataDir;
    restrictUmask();
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const lock = lockDataDirectory(dir);
    try {
      // Left loose by an operator or an earlier version: worth a line in the log.
      const tightened = makePrivate(dir);
      const notices = tightened
        ? [`${dir}: tightened the modes of ${tightened} entries to 0700 (directories) and 0600 (files)`]
        : [];
      const { PGlite, PrismaPGlite } = await embedded();
      const db = await PGlite.create(dir);
      // Made loose by PGlite itself (the files of a new database, pg_internal.init at every start): silently.
      makePrivate(dir);
      const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
      return new Database(prisma, { kind: 'pglite', db }, location, notices, lock);
    } catch (err) {
      lock.release();
      throw err;
    }
  }

  migrate(migrationsDir: string): Promise<string[]> {
    return applyMigrations(this.target, migrationsDir);
  }

  pending(migrationsDir: string): Promise<string[]> {
    return pendingMigrations(this.target, migrationsDir);
  }

  async ping(): Promise<void> {
    if (this.target.kind === 'postgres') await this.target.pool.query('SELECT 1');
    else await this.target.db.query('SELECT 1');
  }

  async close(): Promise<void> {
    await this.prisma.$disconnect().catch(() => undefined);
    if (this.target.kind === 'postgres') await this.target.pool.end().catch(() => undefined);
    else await this.target.db.close().catch(() => undefined);
    this.lock?.release();
  }
}
