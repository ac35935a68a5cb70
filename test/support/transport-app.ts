import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Test } from '@nestjs/testing';
import supertest from 'supertest';
import type { Database } from '#db';
import { loadConfig } from '../../apps/api/src/config/app-config.js';
import { createApp } from '../../apps/api/src/create-app.js';
import { PolicySnapshotService } from '../../apps/api/src/snapshot/policy-snapshot.service.js';

/** The admin token the app is configured with; `http()` sends it. */
export const ADMIN_TOKEN = 'unit-admin-token-0123456789';

/** A provider replaced by a test double, e.g. `[RulesService, { get: vi.fn() }]`. */
export type Swap = readonly [token: Type<unknown> | string | symbol, fake: unknown];

export interface TransportApp {
  app: NestFastifyApplication;
  /** supertest with the admin token (override with `.set('authorization', …)`). */
  http: () => ReturnType<typeof supertest>;
  /** The log lines written so far (level error and above), kept off the test output. */
  logs: () => string[];
  close: () => Promise<void>;
}

/**
 * Boots the application exactly as createApp does (Fastify, body parsers, problem+json filter, guards, hooks,
 * GraphQL) without a database: the application services under test are swapped for `swaps`, the policy
 * snapshot for one that is never loaded, and anything else that reaches for the database fails the request
 * loudly. For transport behaviour only; what a service does with the database is the e2e suites' job.
 */
export async function bootTransportApp(swaps: readonly Swap[]): Promise<TransportApp> {
  const config = loadConfig(
    // No retention run at start-up (it would delete from the database); only errors are logged.
    { PULLWISE_ADMIN_TOKEN: ADMIN_TOKEN, PULLWISE_LOG_LEVEL: 'error', PULLWISE_RETENTION_DAYS: '0' },
    { stdoutIsTTY: false },
  );
  const lines: string[] = [];
  const app = await createApp(config, noDatabase(), {
    logDestination: { write: (line: string) => void lines.push(line) },
    instantiate: async (root, adapter, options) => {
      let builder = Test.createTestingModule({ imports: [root] })
        .overrideProvider(PolicySnapshotService)
        .useValue(unloadedSnapshot());
      for (const [token, fake] of swaps) builder = builder.overrideProvider(token).useValue(fake);
      const moduleRef = await builder.compile();
      return moduleRef.createNestApplication<NestFastifyApplication>(adapter, options);
    },
  });
  const server = app.getHttpServer();
  return {
    app,
    http: () => withAuthorization(supertest(server)),
    logs: () => [...lines],
    close: () => app.close(),
  };
}

/** An embedded-database stand-in: no monitor connection is opened, and any query throws. */
function noDatabase(): Database {
  const prisma = new Proxy(
    {},
    {
      get(_target, prop) {
        throw new Error(`this test boots without a database, yet prisma.${String(prop)} was used`);
      },
    },
  );
  const stub = {
    prisma,
    target: { kind: 'pglite' },
    location: { kind: 'pglite-memory' },
    notices: [],
    close: async () => undefined,
  };
  return stub as unknown as Database;
}

/** Every answer that reads the snapshot would need a loaded one; these specs swap the services that read it. */
function unloadedSnapshot(): Partial<PolicySnapshotService> {
  return {
    policyVersion: null,
    staleness: () => null,
    get current(): never {
      throw new Error('this test boots without a policy snapshot; swap the service that reads it');
    },
  };
}

/** supertest whose requests carry the admin token unless the test sets `authorization` itself. */
function withAuthorization(agent: ReturnType<typeof supertest>): ReturnType<typeof supertest> {
  return new Proxy(agent, {
    get(target, prop, receiver) {
      const orig = Reflect.get(target, prop, receiver);
      if (typeof orig !== 'function' || typeof prop !== 'string') return orig;
      if (!['get', 'post', 'put', 'patch', 'delete', 'head', 'options'].includes(prop)) return orig.bind(target);
      return (...args: unknown[]) => orig.apply(target, args).set('authorization', `Bearer ${ADMIN_TOKEN}`);
    },
  });
}
