// The service as a real process: start, serve, stop on SIGTERM, keep its data across restarts, and
// (PostgreSQL) two replicas migrating one empty database at once.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database } from '#db';
import { adminUrl, databaseUrl } from './support/postgres-urls.js';
import { spawnService } from './support/spawn-service.js';
import { testDbKind } from './support/test-database.js';

const PROFILE = {
  name: 'survives-restart',
  admissionPlugins: ['AlwaysPullImages'],
  verificationAllowlist: [],
  preloadedImages: [],
};

describe.runIf(testDbKind() === 'pglite')('embedded PGlite on a data directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pullwise-data-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('creates its database, stops cleanly on SIGTERM, and keeps data across restarts', async () => {
    const first = await spawnService({ PULLWISE_DATA_DIR: dir });
    expect(await (await fetch(`${first.url}/healthz`)).json()).toEqual({ status: 'ok' });
    expect(await first.stop()).toBe(0);

    // The data directory is released on shutdown: another process can open it.
    const db = await Database.open({ kind: 'pglite', dataDir: dir });
    await db.prisma.clusterProfile.create({ data: PROFILE });
    await db.close();

    const second = await spawnService({ PULLWISE_DATA_DIR: dir });
    expect(second.output()).not.toContain('applied');
    expect(await second.stop()).toBe(0);
    const again = await Database.open({ kind: 'pglite', dataDir: dir });
    expect(await again.prisma.clusterProfile.findUnique({ where: { name: PROFILE.name } })).toMatchObject(PROFILE);
    await again.close();
  }, 180_000);

  it('refuses a bad configuration with one line naming the variable', async () => {
    await expect(spawnService({ PULLWISE_DATA_DIR: dir, DATABASE_URL: 'mysql://x' }, 20_000)).rejects.toThrow(
      /pullwise: invalid configuration: DATABASE_URL must be a postgresql:\/\/ URL or "memory:"/,
    );
  }, 60_000);
});

describe.runIf(testDbKind() === 'postgres')('PostgreSQL server', () => {
  const name = `pullwise_proc_${process.pid}`;
  const admin = () => new pg.Client({ connectionString: adminUrl() });
  beforeAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
  });
  afterAll(async () => {
    const c = admin();
    await c.connect();
    await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await c.end();
  });

  it('two replicas starting at once on an empty database both become ready; the schema is applied once', async () => {
    const env = { DATABASE_URL: databaseUrl(name) };
    const [a, b] = await Promise.all([spawnService(env), spawnService(env)]);
    const pool = new pg.Pool({ connectionString: databaseUrl(name) });
    const rows = await pool.query(`SELECT migration_name, finished_at FROM _prisma_migrations`);
    const files = (await import('#db')).readMigrations((await import('#db')).defaultMigrationsDir());
    expect(rows.rowCount).toBe((await files).migrationDirectories.length);
    expect(rows.rows.every((r) => r.finished_at)).toBe(true);
    expect([await a.stop(), await b.stop()]).toEqual([0, 0]);

    // Data written before a restart is there after it; the restart applies nothing.
    await pool.query(
      `INSERT INTO "ClusterProfile" (id, name, "admissionPlugins", "verificationAllowlist", "preloadedImages", "updatedAt") VALUES (gen_random_uuid(), 'kept', '{}', '{}', '{}', now())`,
    );
    const c = await spawnService(env);
    expect(c.output()).not.toContain('applied');
    expect((await pool.query(`SELECT name FROM "ClusterProfile"`)).rows).toEqual([{ name: 'kept' }]);
    expect(await c.stop()).toBe(0);
    await pool.end();
  }, 180_000);
});
