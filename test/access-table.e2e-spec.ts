// docs/access.md is the access model for review: every REST route and GraphQL root field with what its
// `@Access` decorator allows. This fails when the decorators and the committed file disagree;
// UPDATE_ACCESS=1 rewrites the file.
import { readFile, writeFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { accessMarkdown, accessTable } from '../apps/api/src/auth/access-table.js';
import { bootTestApp, type TestApp } from './support/test-app.js';
import { testDbKind } from './support/test-database.js';

const ACCESS_MD = new URL('../docs/access.md', import.meta.url);

describe.runIf(testDbKind() === 'pglite')('docs/access.md', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(() => t.close());

  it('matches the access the handlers declare', async () => {
    const text = accessMarkdown(accessTable(t.app));
    if (process.env.UPDATE_ACCESS) await writeFile(ACCESS_MD, text);
    const committed = await readFile(ACCESS_MD, 'utf8').catch(() => '');
    expect(
      text,
      'The access model changed: run `UPDATE_ACCESS=1 npx vitest run --project e2e:pglite test/access-table.e2e-spec.ts` and commit docs/access.md',
    ).toBe(committed);
  });

  it('leaves no route or root field without @Access', () => {
    const { rest, graphql } = accessTable(t.app);
    const uncovered = Object.entries({ ...rest, ...graphql }).filter(([, access]) => access === undefined);
    expect(uncovered).toEqual([]);
  });
});
