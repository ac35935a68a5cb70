import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import { inject } from 'vitest';
import { Database, type DatabaseLocation } from '#db';
import { adminUrl, databaseUrl } from './postgres-urls.js';

export type TestDbKind = 'pglite' | 'postgres';

export function testDbKind(): TestDbKind {
  return process.env.PULLWISE_TEST_DB === 'postgres' ? 'postgres' : 'pglite';
}

/** A fresh, migrated database for one test file (or one test), on the kind this project run uses. */
export interface TestDatabase {
  location: DatabaseLocation;
  open(): Promise<Database>;
  drop(): Promise<void>;
}

export async function createTestDatabase(): Promise<TestDatabase> {
  if (testDbKind() === 'postgres') {
    const name = `pullwise_t_${randomBytes(4).toString('hex')}_${process.ppid}`;
    await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${inject('postgresTemplate')}`);
    const location: DatabaseLocation = { kind: 'postgres', url: databaseUrl(name) };
    return {
      location,
      open: () => Database.open(location),
      drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
    };
  }
  const snapshot = await readFile(inject('pgliteSnapshot'));
  const location: DatabaseLocation = { kind: 'pglite-memory' };
  let pglite: PGlite | undefined;
  return {
    location,
    // One in-memory PGlite per test database; reopening returns the same data (like a restart).
    open: async () => {
      pglite ??= await PGlite.create({ loadDataDir: new Blob([snapshot]) });
      return Database.open(location, { pglite: reopenable(pglite) });
    },
    drop: async () => {
      await pglite?.close();
    },
  };
}

/** Database.close() closes PGlite; keep the instance alive so a "restart" in a test sees the same data. */
function reopenable(db: PGlite): PGlite {
  return new Proxy(db, {
    get(target, prop, receiver) {
      if (prop === 'close') return async () => undefined;
      const v = Reflect.get(target, prop, receiver);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

async function adminQuery(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: adminUrl() });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}
