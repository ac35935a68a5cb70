// The committed SDL (apps/api/schema.gql) is the GraphQL contract dashboards are written against.
// This fails when the code-first schema drifts from it; UPDATE_SCHEMA=1 rewrites the file.
import { readFile, writeFile } from 'node:fs/promises';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestApp, type TestApp } from './support/test-app.js';
import { testDbKind } from './support/test-database.js';

const SDL = new URL('../apps/api/schema.gql', import.meta.url);

describe.runIf(testDbKind() === 'pglite')('GraphQL schema', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(() => t.close());

  it('matches the committed apps/api/schema.gql', async () => {
    const sdl = printSchema(lexicographicSortSchema(t.app.get(GraphQLSchemaHost).schema)) + '\n';
    if (process.env.UPDATE_SCHEMA) await writeFile(SDL, sdl);
    const committed = await readFile(SDL, 'utf8').catch(() => '');
    expect(
      sdl,
      'GraphQL schema changed: run `UPDATE_SCHEMA=1 npx vitest run test/graphql-schema.e2e-spec.ts` and commit apps/api/schema.gql',
    ).toBe(committed);
  });
});
