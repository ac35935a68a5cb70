import { createRequire } from 'node:module';
import os from 'node:os';
import { defaultServerConditions } from 'vite';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const require = createRequire(import.meta.url);

// graphql 16 ships .mjs and .js copies; Vite would load the first for our code and Node the second for
// @nestjs/graphql, which breaks schema building (two `GraphQLSchema` classes). One copy for everyone.
const alias = [{ find: /^graphql$/, replacement: require.resolve('graphql') }];
// "#k8s"-style imports resolve to TypeScript sources under the "source" condition (package.json "imports").
const conditions = ['source', ...defaultServerConditions];

function e2e(db: 'pglite' | 'postgres'): TestProjectInlineConfiguration {
  return {
    extends: true,
    test: {
      name: `e2e:${db}`,
      include: ['test/**/*.e2e-spec.ts'],
      env: { PULLWISE_TEST_DB: db },
      globalSetup: ['test/support/global-setup.ts'],
      pool: 'forks',
      testTimeout: 30_000,
      hookTimeout: 60_000,
    },
  };
}

export default defineConfig({
  resolve: { alias, conditions },
  ssr: { resolve: { conditions } },
  test: {
    sequence: { shuffle: { files: false, tests: false } },
    // Vitest's default is one worker per core less one: a single worker on a 2-core machine. The end-to-end files
    // mostly wait on databases, child processes and the browser, so a second worker overlaps that waiting (unit and
    // e2e:pglite: 404 s with two workers, about 640 s with one, on the 2-core CI machine).
    maxWorkers: Math.max(2, os.availableParallelism() - 1),
    // Every project: Nest's fallback logger at the tests' level (warn), not every debug line.
    setupFiles: ['test/support/quiet-nest-logger.ts'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['libs/**/*.spec.ts', 'apps/**/*.spec.ts', 'test/**/*.spec.ts'],
          exclude: ['**/node_modules/**', 'test/**/*.e2e-spec.ts'],
        },
      },
      e2e('pglite'),
      // The web console in Debian's Chromium (playwright-core), against the service on the embedded database.
      {
        extends: true,
        test: {
          name: 'browser',
          include: ['test/console/**/*.browser-spec.ts'],
          env: { PULLWISE_TEST_DB: 'pglite' },
          globalSetup: ['test/support/global-setup.ts', 'test/console/support/build-console.ts'],
          pool: 'forks',
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      // The same end-to-end suite again on a real PostgreSQL server when one is given.
      ...(process.env.TEST_DATABASE_URL ? [e2e('postgres')] : []),
    ],
  },
});
