import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import type { DatabaseLocation } from './database-location.js';
import { PrismaClient } from './generated/prisma/client.js';
import { applyMigrations, pendingMigrations, type MigrationTarget } from './migrations/apply-migrations.js';

/** A connected database: one Prisma client over either adapter, plus what migrations need. */
export class Database {
  private constructor(
    readonly prisma: PrismaClient,
    readonly target: MigrationTarget,
    readonly location: DatabaseLocation,
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
    let db = options.pglite;
    if (!db) {
      if (location.kind === 'pglite') mkdirSync(location.dataDir, { recursive: true });
      db = await PGlite.create(location.kind === 'pglite' ? location.dataDir : undefined);
    }
    const prisma = new PrismaClient({ adapter: new PrismaPGlite(db) });
    return new Database(prisma, { kind: 'pglite', db }, location);
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
  }
}
