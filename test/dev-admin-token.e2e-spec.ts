// The development admin token as `npm start` makes it: one rule on both databases (README "Two commands"):
// made and shown by the first start, kept in <PULLWISE_DATA_DIR>/admin-token (0600), reused and not shown again.
import { readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminUrl, databaseUrl } from './support/postgres-urls.js';
import { spawnService } from './support/spawn-service.js';
import { testDbKind } from './support/test-database.js';

const name = `pullwise_token_${process.pid}`;
let dir: string;
const env = (): Record<string, string> => ({
  PULLWISE_DATA_DIR: dir,
  ...(testDbKind() === 'postgres' ? { DATABASE_URL: databaseUrl(name) } : {}),
});

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  await c.query(sql);
  await c.end();
}

beforeAll(async () => {
  dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'pullwise-token-')), 'state');
  if (testDbKind() === 'postgres') {
    await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${name}`);
  }
});
afterAll(async () => {
  await rm(path.dirname(dir), { recursive: true, force: true });
  if (testDbKind() === 'postgres') await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
});

describe(`the development admin token (${testDbKind()})`, () => {
  it('is shown by the start that makes it, kept 0600, and reused without being shown by the next', async () => {
    const first = await spawnService(env());
    const file = path.join(dir, 'admin-token');
    const token = readFileSync(file, 'utf8').trim();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(first.output()).toContain(`made the development admin token ${token}, kept in ${file}`);
    const whoami = (url: string) => fetch(`${url}/v1/whoami`, { headers: { authorization: `Bearer ${token}` } });
    expect((await whoami(first.url)).status).toBe(200);
    expect(await first.stop()).toBe(0);

    const second = await spawnService({ ...env(), PULLWISE_LOG_LEVEL: 'info' });
    expect((await whoami(second.url)).status).toBe(200);
    expect(await second.stop()).toBe(0);
    expect(second.output()).not.toContain(token);
    expect(second.output()).toContain(`development admin token: kept in ${file}`);
    expect(readFileSync(file, 'utf8').trim()).toBe(token);
  }, 180_000);
});
