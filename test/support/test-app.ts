import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import supertest from 'supertest';
import type { Database } from '#db';
import { loadConfig, type AppConfig } from '../../apps/api/src/config/app-config.js';
import { createApp } from '../../apps/api/src/create-app.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';

export const ADMIN_TOKEN = 'test-admin-token-0123456789';

export interface TestApp {
  app: NestFastifyApplication;
  db: Database;
  config: AppConfig;
  testDb: TestDatabase;
  http: () => ReturnType<typeof supertest>;
  /** POST /graphql as admin; returns the parsed body. */
  gql: <T = any>(
    query: string,
    variables?: Record<string, unknown>,
  ) => Promise<{ status: number; body: { data?: T; errors?: any[] } }>;
  /** Stops the app; with `keepData` the database survives for a restart. */
  close: (opts?: { keepData?: boolean }) => Promise<void>;
}

/** Boots the real application (Fastify, REST, GraphQL) on a fresh database of this run's kind. */
export async function bootTestApp(
  opts: { env?: Record<string, string>; testDb?: TestDatabase } = {},
): Promise<TestApp> {
  const testDb = opts.testDb ?? (await createTestDatabase());
  const config = {
    ...loadConfig({ PULLWISE_ADMIN_TOKEN: ADMIN_TOKEN, LOG_LEVEL: 'error', ...opts.env }),
    database: testDb.location,
  };
  const db = await testDb.open();
  await db.migrate((await import('#db')).defaultMigrationsDir());
  const app = await createApp(config, db);
  const server = app.getHttpServer();
  const http = () => supertest(server);
  return {
    app,
    db,
    config,
    testDb,
    http,
    gql: async (query, variables) => {
      const res = await http()
        .post('/graphql')
        .set('authorization', `Bearer ${ADMIN_TOKEN}`)
        .set('content-type', 'application/json')
        .send({ query, variables });
      return { status: res.status, body: res.body };
    },
    close: async ({ keepData = false } = {}) => {
      await app.close();
      if (!keepData) await testDb.drop();
    },
  };
}
