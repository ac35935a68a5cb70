import type { INestApplicationContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { graphqlRootFields, restHandlers } from '../http/route-catalog.js';
import { accessOf } from './access.js';
import { scopeNames, type Access } from './scopes.js';

/** Every REST route (`GET /v1/rules/:id`) and GraphQL root field (`Query.rules`) with its `@Access`. */
export interface AccessTable {
  rest: Record<string, Access | undefined>;
  graphql: Record<string, Access | undefined>;
}

/** The access model as the handlers declare it, the one AuthGuard enforces; undefined means refused. */
export function accessTable(app: INestApplicationContext): AccessTable {
  const reflector = app.get(Reflector);
  const rest: AccessTable['rest'] = {};
  for (const h of restHandlers(app)) rest[h.key] = accessOf(reflector, h.handler, h.controller);
  const graphql: AccessTable['graphql'] = {};
  for (const f of graphqlRootFields(app)) graphql[f.key] = accessOf(reflector, f.handler, f.resolver);
  return { rest, graphql };
}

function describe(access: Access | undefined): string {
  if (access === undefined) return '**refused** (no `@Access`)';
  if (access === 'public') return 'public (no key)';
  if (access === 'authenticated') return 'any valid key';
  return scopeNames(access, (s) => `\`${s}\``);
}

/** docs/access.md: the table for review, generated from the decorators (test/access-table.e2e-spec.ts). */
export function accessMarkdown(table: AccessTable): string {
  const rows = (entries: Record<string, Access | undefined>) =>
    Object.entries(entries)
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([where, access]) => `| \`${where}\` | ${describe(access)} |`);
  return [
    '# Who may call what',
    '',
    'Generated from the `@Access` decorators on the controllers and resolvers (apps/api/src/auth/access.ts), which',
    'AuthGuard enforces; do not edit by hand. `test/access-table.e2e-spec.ts` fails when this file differs from the',
    'code; `UPDATE_ACCESS=1 npx vitest run --project e2e:pglite test/access-table.e2e-spec.ts` rewrites it. A key',
    'with `admin` may call everything a scope allows. `GET /metrics` is narrowed to `admin` with',
    '`PULLWISE_METRICS=authenticated`; the Slack route is verified by Slack’s request signature instead of a key.',
    '',
    '## REST',
    '',
    '| route | access |',
    '| --- | --- |',
    ...rows(table.rest),
    '',
    '## GraphQL',
    '',
    '| root field | access |',
    '| --- | --- |',
    ...rows(table.graphql),
    '',
  ].join('\n');
}
