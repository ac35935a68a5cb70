// Databases for HTTP benchmarks, and rules written into them directly (creating 10,000 rules through
// POST /v1/rules takes hours: every create reloads and recompiles the whole rule snapshot).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { Database, defaultMigrationsDir, type DatabaseLocation } from '#db';
import { validateRuleInput } from '#policy';

/** Where one service of the run keeps its data, and the environment that points the service at it. */
export interface BenchDatabase {
  label: string;
  location: DatabaseLocation;
  env: Record<string, string>;
  drop(): Promise<void>;
}

/**
 * BENCH_DB=pglite (default): an embedded PGlite in a fresh temporary directory (PULLWISE_DATA_DIR), so rules
 * can be written before the service starts; the service reads them into its snapshot at start.
 * BENCH_DB=postgres: a fresh database on BENCH_ADMIN_URL's server (default postgresql://postgres@127.0.0.1:5432/postgres).
 */
export async function benchDatabase(name: string): Promise<BenchDatabase> {
  if ((process.env.BENCH_DB ?? 'pglite') === 'postgres') {
    const admin = process.env.BENCH_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
    const dbName = `pullwise_bench_${name.replace(/\W/g, '_')}`;
    const adminQuery = async (sql: string) => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      try {
        await c.query(sql);
      } finally {
        await c.end();
      }
    };
    await adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${dbName}`);
    const u = new URL(admin);
    u.pathname = `/${dbName}`;
    const url = u.toString();
    return {
      label: `PostgreSQL ${u.host}/${dbName}`,
      location: { kind: 'postgres', url },
      env: { DATABASE_URL: url },
      drop: () => adminQuery(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`),
    };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), `pullwise-bench-${name}-`));
  return {
    label: 'embedded PGlite (data directory)',
    location: { kind: 'pglite', dataDir: dir },
    env: { DATABASE_URL: '', PULLWISE_DATA_DIR: dir },
    drop: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

/**
 * Validates the rules exactly as POST /v1/rules does (validateRuleInput) and writes them, with their first
 * version, into the database (migrated first). Only while no service has the database open (PGlite: one process).
 */
export async function seedRules(location: DatabaseLocation, rules: Record<string, unknown>[]): Promise<number> {
  const t0 = performance.now();
  const db = await Database.open(location);
  try {
    await db.migrate(defaultMigrationsDir());
    // Validated first, then written with two statements (one JSON parameter each): Prisma's createMany binds every
    // column of every row as a parameter, which is several times slower on PGlite.
    const rows = rules.map((input) => {
      const v = validateRuleInput(input);
      if (!v.ok) throw new Error(`invalid bench rule ${JSON.stringify(input)}: ${JSON.stringify(v.problems)}`);
      return { id: crypto.randomUUID(), ...v.value };
    });
    const json = JSON.stringify(rows);
    await db.prisma.$executeRaw`
      INSERT INTO "Rule" ("id", "name", "description", "kind", "params", "match", "exclude", "enforcement", "severity",
                          "enabled", "version", "createdAt", "updatedAt", "createdBy", "updatedBy")
      SELECT (r->>'id')::uuid, r->>'name', r->>'description', r->>'kind', r->'params',
             NULLIF(r->'match', 'null'::jsonb), NULLIF(r->'exclude', 'null'::jsonb),
             (r->>'enforcement')::"Enforcement", (r->>'severity')::"Severity", (r->>'enabled')::boolean,
             1, now(), now(), 'bench:seed', 'bench:seed'
      FROM jsonb_array_elements(${json}::jsonb) AS r`;
    await db.prisma.$executeRaw`
      INSERT INTO "RuleVersion" ("id", "ruleId", "version", "change", "name", "description", "kind", "params", "match",
                                 "exclude", "enforcement", "severity", "enabled", "changedAt", "changedBy")
      SELECT gen_random_uuid(), "id", 1, 'created', "name", "description", "kind", "params", "match", "exclude",
             "enforcement", "severity", "enabled", now(), 'bench:seed'
      FROM "Rule" WHERE "createdBy" = 'bench:seed'`;
  } finally {
    await db.close();
  }
  return Math.round(performance.now() - t0);
}
