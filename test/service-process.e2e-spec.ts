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

  it('warms its hot paths before it reports ready, without recording, counting or logging them', async () => {
    const state = await mkdtemp(path.join(os.tmpdir(), 'pullwise-state-'));
    // A rate limit of 2 a minute (this test's own two calls): the warm-up's requests are not throttled.
    const service = await spawnService({
      DATABASE_URL: 'memory:',
      PULLWISE_DATA_DIR: state,
      PULLWISE_LOG_LEVEL: 'info',
      PULLWISE_RATE_LIMIT: '2',
    });
    try {
      // spawnService returned on the first 200 from /readyz: the warm-up had ended by then.
      const warmed = /warmed up: (\d+) rounds in \d+ ms/.exec(service.output());
      expect(warmed, service.output()).not.toBeNull();
      expect(Number(warmed![1])).toBeGreaterThan(0);
      expect(service.output()).not.toContain('warm-up stopped');
      expect(service.output()).not.toMatch(/"route":"\/v1\/evaluations"/); // no access lines
      const metrics = await (await fetch(`${service.url}/metrics`)).text();
      expect(metrics).not.toMatch(/^pullwise_evaluations_total\{/m);
      expect(metrics).not.toMatch(/route="\/v1\/evaluations"/);
      // The warm-up's mark is a secret of the process, gone once warm: a forged one is an unauthenticated call.
      const forged = await fetch(`${service.url}/v1/evaluations`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-pullwise-warm-up': 'x'.repeat(43) },
        body: JSON.stringify({
          manifests: 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: a, image: a}]}\n',
        }),
      });
      expect(forged.status).toBe(401);
    } finally {
      expect(await service.stop()).toBe(0);
      await rm(state, { recursive: true, force: true });
    }
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
