import type { PGlite } from '@electric-sql/pglite';
import { PrismaPg } from '@prisma/adapter-pg';
import type { SqlMigrationAwareDriverAdapterFactory } from '@prisma/driver-adapter-utils';
import type pg from 'pg';
import { readMigrations } from './migration-files.js';
import { withSchemaEngine } from './schema-engine.js';

export type MigrationTarget = { kind: 'postgres'; pool: pg.Pool } | { kind: 'pglite'; db: PGlite };

// Arbitrary constant shared by every replica: serialises concurrent start-ups on one Postgres.
const MIGRATION_LOCK_KEY = 7_302_715_519;
const FILTERS = { externalTables: [], externalEnums: [] };

/** Names of migrations recorded as finished, or [] when the table does not exist yet. */
async function appliedMigrations(query: (sql: string) => Promise<{ rows: unknown[] }>): Promise<string[]> {
  const exists = await query(`SELECT to_regclass('public._prisma_migrations') IS NOT NULL AS present`);
  if (!(exists.rows[0] as { present: boolean }).present) return [];
  const res = await query(
    `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  );
  return (res.rows as { migration_name: string }[]).map((r) => r.migration_name);
}

export async function pendingMigrations(target: MigrationTarget, migrationsDir: string): Promise<string[]> {
  const list = await readMigrations(migrationsDir);
  const done = new Set(await appliedMigrations(queryOf(target)));
  return list.migrationDirectories.map((d) => d.path).filter((name) => !done.has(name));
}

/**
 * Applies pending migrations exactly as `prisma migrate deploy` does, recording them in
 * `_prisma_migrations`. Returns the names applied (empty when up to date, without loading the engine).
 */
export async function applyMigrations(target: MigrationTarget, migrationsDir: string): Promise<string[]> {
  if ((await pendingMigrations(target, migrationsDir)).length === 0) return [];
  if (target.kind === 'pglite') {
    const { PrismaPGlite } = await import('pglite-prisma-adapter'); // loaded only for the embedded database
    return runEngine(new PrismaPGlite(target.db), migrationsDir);
  }

  const lockClient = await target.pool.connect();
  try {
    await lockClient.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    // Another replica may have finished while we waited for the lock.
    if ((await pendingMigrations(target, migrationsDir)).length === 0) return [];
    return await runEngine(new PrismaPg(target.pool), migrationsDir);
  } finally {
    await lockClient.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    lockClient.release();
  }
}

async function runEngine(factory: SqlMigrationAwareDriverAdapterFactory, migrationsDir: string): Promise<string[]> {
  const migrationsList = await readMigrations(migrationsDir);
  return withSchemaEngine(factory, async (engine) => {
    const out = await engine.applyMigrations({ migrationsList, filters: FILTERS });
    return out.appliedMigrationNames;
  });
}

function queryOf(target: MigrationTarget) {
  return target.kind === 'postgres' ? (sql: string) => target.pool.query(sql) : (sql: string) => target.db.query(sql);
}
