import 'reflect-metadata';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream } from 'pino';
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
  /** supertest with the admin key on every request (override with `.set('authorization', …)`). */
  http: () => ReturnType<typeof supertest>;
  /** supertest without any credentials. */
  anon: () => ReturnType<typeof supertest>;
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
  opts: { env?: Record<string, string>; testDb?: TestDatabase; logDestination?: DestinationStream } = {},
): Promise<TestApp> {
  const testDb = opts.testDb ?? (await createTestDatabase());
  const config = {
    // Quiet: only errors reach the test output, as JSON lines (PULLWISE_LOG_FORMAT=json unless a test says).
    ...loadConfig(
      { PULLWISE_ADMIN_TOKEN: ADMIN_TOKEN, PULLWISE_LOG_LEVEL: 'error', ...opts.env },
      { stdoutIsTTY: false },
    ),
    database: testDb.location,
  };
  const db = await testDb.open();
  await db.migrate((await import('#db')).defaultMigrationsDir());
  const app = await createApp(config, db, { logDestination: opts.logDestination });
  const server = app.getHttpServer();
  const anon = () => supertest(server);
  const http = () => withDefaultHeader(supertest(server), 'authorization', `Bearer ${ADMIN_TOKEN}`);
  return {
    app,
    db,
    config,
    testDb,
    http,
    anon,
    gql: async (query, variables) => {
      const res = await http().post('/graphql').set('content-type', 'application/json').send({ query, variables });
      return { status: res.status, body: res.body };
    },
    close: async ({ keepData = false } = {}) => {
      await app.close();
      if (!keepData) await testDb.drop();
    },
  };
}

/** Wraps supertest so every request it starts carries `name: value` unless the test sets it itself. */
function withDefaultHeader(agent: ReturnType<typeof supertest>, name: string, value: string) {
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const orig = Reflect.get(target, prop, receiver);
      if (typeof orig !== 'function' || typeof prop !== 'string') return orig;
      if (!['get', 'post', 'put', 'patch', 'delete', 'head', 'options', 'trace'].includes(prop))
        return orig.bind(target);
      return (...args: unknown[]) => orig.apply(target, args).set(name, value);
    },
  });
}
