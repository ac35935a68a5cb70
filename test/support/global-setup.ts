// Prepares one migrated database per test run; every test file then gets its own copy:
//  - PGlite: a dumped data directory, loaded into a fresh in-memory PGlite per file (~0.6 s);
//  - Postgres (TEST_DATABASE_URL): a template database, cloned per file with CREATE DATABASE … TEMPLATE.
import { writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { applyMigrations, defaultMigrationsDir } from '../../libs/db/src/index.js';
import { adminUrl, databaseUrl } from './postgres-urls.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    postgresTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const kind = project.config.env.PULLWISE_TEST_DB;
  if (kind === 'postgres') return setupPostgres(project);
  return setupPglite(project);
}

async function setupPglite(project: TestProject) {
  const db = await PGlite.create();
  await applyMigrations({ kind: 'pglite', db }, defaultMigrationsDir());
  const dump = await db.dumpDataDir('none');
  await db.close();
  const file = path.join(os.tmpdir(), `pullwise-test-${process.pid}.tar`);
  await writeFile(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
}

async function setupPostgres(project: TestProject) {
  const template = `pullwise_tpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${template}`);
  await admin.query(`CREATE DATABASE ${template}`);
  const pool = new pg.Pool({ connectionString: databaseUrl(template) });
  try {
    await applyMigrations({ kind: 'postgres', pool }, defaultMigrationsDir());
  } finally {
    await pool.end();
  }
  project.provide('postgresTemplate', template);
  return async () => {
    const left = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE $1`, [
      `pullwise_t_%_${process.pid}`,
    ]);
    for (const { datname } of left.rows as { datname: string }[])
      await admin.query(`DROP DATABASE IF EXISTS ${datname} WITH (FORCE)`);
    await admin.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.end();
  };
}
