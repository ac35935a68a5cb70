// Issue "Security and robustness" item 5: many clients writing the same thing at the same moment. Optimistic
// concurrency holds under real contention for every versioned collection (rules, exceptions, cluster
// profiles), over REST (If-Match) and GraphQL (expectedVersion): of N writers holding one version exactly one
// wins and the others get 412, and nothing is written twice; of N creators of one name exactly one gets 201
// and the others 409. (test/rules.e2e-spec.ts covers two REST writers of a rule; this covers the rest.)
// Runs on both databases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PROBLEM, expectProblem } from './support/policy-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
/** The rule the exceptions waive: an exception must name a rule that exists. */
const WAIVED_RULE = 'concurrency-waived';
beforeAll(async () => {
  t = await bootTestApp();
  await t
    .http()
    .post('/v1/rules')
    .send({ name: WAIVED_RULE, kind: 'require-digest', params: {}, enforcement: 'warn' })
    .expect(201);
});
afterAll(() => t.close());

const WRITERS = 10;
const CREATORS = 20;

interface Collection {
  label: string;
  path: string;
  entity: 'rule' | 'exception' | 'cluster';
  create: (name: string) => Record<string, unknown>;
  /** A change that differs per writer, so the winner can be told from the losers. */
  change: (i: number) => Record<string, unknown>;
  /** The field `change` sets, read back as the winner's mark. */
  mark: (body: any) => unknown;
  gql: { create: string; update: string; remove: string; createInput: string; updateInput: string };
}

const COLLECTIONS: Collection[] = [
  {
    label: 'rules',
    path: '/v1/rules',
    entity: 'rule',
    create: (name) => ({ name, kind: 'require-digest', params: {}, enforcement: 'warn' }),
    change: (i) => ({ description: `writer ${i}` }),
    mark: (b) => b.description,
    gql: {
      create: 'createRule',
      update: 'updateRule',
      remove: 'deleteRule',
      createInput: 'CreateRuleInput',
      updateInput: 'UpdateRuleInput',
    },
  },
  {
    label: 'exceptions',
    path: '/v1/exceptions',
    entity: 'exception',
    create: (name) => ({ name, rules: [WAIVED_RULE], justification: 'load test', owner: 'team-a' }),
    change: (i) => ({ owner: `writer-${i}` }),
    mark: (b) => b.owner,
    gql: {
      create: 'createException',
      update: 'updateException',
      remove: 'deleteException',
      createInput: 'CreateExceptionInput',
      updateInput: 'UpdateExceptionInput',
    },
  },
  {
    label: 'cluster profiles',
    path: '/v1/clusters',
    entity: 'cluster',
    create: (name) => ({ name, admissionPlugins: [] }),
    change: (i) => ({ labels: { writer: String(i) } }),
    mark: (b) => b.labels?.writer,
    gql: {
      create: 'createClusterProfile',
      update: 'updateClusterProfile',
      remove: 'deleteClusterProfile',
      createInput: 'CreateClusterProfileInput',
      updateInput: 'UpdateClusterProfileInput',
    },
  },
];

let seq = 0;
const uniqueName = (prefix: string) => `${prefix}-${++seq}`;

/** Statuses as a sorted histogram, e.g. { 200: 1, 412: 9 }. */
function histogram(statuses: (number | string)[]): Record<string, number> {
  const h: Record<string, number> = {};
  for (const s of statuses) h[s] = (h[s] ?? 0) + 1;
  return h;
}

async function createOne(c: Collection, name = uniqueName(c.entity)): Promise<any> {
  const res = await t.http().post(c.path).send(c.create(name));
  expect(res.status, res.text).toBe(201);
  return res.body;
}

/** What the database holds for one entity: its version, and for rules the stored versions. */
async function history(c: Collection, id: string): Promise<{ audit: string[]; versions: number[] | null }> {
  const audit = await t.db.prisma.auditEvent.findMany({
    where: { entityType: c.entity, entityId: id },
    orderBy: { at: 'asc' },
  });
  const versions =
    c.entity === 'rule'
      ? (await t.db.prisma.ruleVersion.findMany({ where: { ruleId: id }, orderBy: { version: 'asc' } })).map(
          (v) => v.version,
        )
      : null;
  // Sorted: two events of one request may share a millisecond.
  return { audit: audit.map((a) => `${a.action} v${a.version}`).sort(), versions };
}

/** The GraphQL error code of a result, or 'ok'. */
function gqlOutcome(res: { body: { data?: any; errors?: any[] } }): string {
  if (!res.body.errors) return 'ok';
  expect(JSON.stringify(res.body.errors)).not.toMatch(/stacktrace|\n\s+at /);
  return String(res.body.errors[0].extensions?.code).replace('urn:pullwise:problem:', '');
}

describe.each(COLLECTIONS)('$label under concurrent writers', (c) => {
  it(`${WRITERS} PATCHes with the same If-Match: one 200, the others 412; version 2, written once`, async () => {
    const item = await createOne(c);
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        t.http().patch(`${c.path}/${item.id}`).set('if-match', '"v1"').send(c.change(i)),
      ),
    );
    expect(histogram(results.map((r) => r.status))).toEqual({ 200: 1, 412: WRITERS - 1 });
    for (const r of results.filter((x) => x.status === 412)) {
      expectProblem(r, 412);
      expect(r.body.type).toBe(PROBLEM('precondition-failed'));
    }
    const winner = results.find((r) => r.status === 200)!;
    expect(winner.headers.etag).toBe('"v2"');

    const read = await t.http().get(`${c.path}/${item.id}`).expect(200);
    expect(read.body.version).toBe(2);
    expect(c.mark(read.body)).toBe(c.mark(winner.body));
    const h = await history(c, item.id);
    expect(h.audit).toEqual([`${c.entity}.created v1`, `${c.entity}.updated v2`]);
    if (h.versions) expect(h.versions).toEqual([1, 2]);

    // The next round, at version 2, again has exactly one winner.
    const round2 = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) =>
        t
          .http()
          .patch(`${c.path}/${item.id}`)
          .set('if-match', '"v2"')
          .send(c.change(100 + i)),
      ),
    );
    expect(histogram(round2.map((r) => r.status))).toEqual({ 200: 1, 412: WRITERS - 1 });
    expect((await t.http().get(`${c.path}/${item.id}`).expect(200)).body.version).toBe(3);
  });

  it(`${WRITERS} GraphQL ${c.gql.update} calls with the same expectedVersion: one wins, the others precondition-failed`, async () => {
    const item = await createOne(c);
    const mutation = `mutation($id: ID!, $input: ${c.gql.updateInput}!, $v: Int) { ${c.gql.update}(id: $id, input: $input, expectedVersion: $v) { id version } }`;
    const results = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => t.gql(mutation, { id: item.id, input: c.change(i), v: 1 })),
    );
    expect(histogram(results.map(gqlOutcome))).toEqual({ ok: 1, 'precondition-failed': WRITERS - 1 });
    const winner = results.find((r) => !r.body.errors)!;
    expect(winner.body.data[c.gql.update].version).toBe(2);

    const read = await t.http().get(`${c.path}/${item.id}`).expect(200);
    expect(read.body.version).toBe(2);
    const h = await history(c, item.id);
    expect(h.audit).toEqual([`${c.entity}.created v1`, `${c.entity}.updated v2`]);
    if (h.versions) expect(h.versions).toEqual([1, 2]);
  });

  it(`REST and GraphQL writers mixed, and DELETEs racing them: exactly one change per version`, async () => {
    const item = await createOne(c);
    const mutation = `mutation($id: ID!, $input: ${c.gql.updateInput}!, $v: Int) { ${c.gql.update}(id: $id, input: $input, expectedVersion: $v) { id version } }`;
    const [rest, gql] = await Promise.all([
      Promise.all(
        Array.from({ length: WRITERS / 2 }, (_, i) =>
          t.http().patch(`${c.path}/${item.id}`).set('if-match', '"v1"').send(c.change(i)),
        ),
      ),
      Promise.all(
        Array.from({ length: WRITERS / 2 }, (_, i) => t.gql(mutation, { id: item.id, input: c.change(50 + i), v: 1 })),
      ),
    ]);
    const outcomes = [...rest.map((r) => (r.status === 200 ? 'ok' : String(r.status))), ...gql.map(gqlOutcome)];
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    expect(outcomes.every((o) => ['ok', '412', 'precondition-failed'].includes(o))).toBe(true);

    // Deleting at version 2: one 204; the others find it gone (404) or their version stale (412).
    const deletes = await Promise.all(
      Array.from({ length: WRITERS }, () => t.http().delete(`${c.path}/${item.id}`).set('if-match', '"v2"')),
    );
    const statuses = deletes.map((r) => r.status);
    expect(statuses.filter((s) => s === 204)).toHaveLength(1);
    expect(
      statuses.every((s) => [204, 404, 412].includes(s)),
      JSON.stringify(statuses),
    ).toBe(true);
    expectProblem(await t.http().get(`${c.path}/${item.id}`), 404);
    const h = await history(c, item.id);
    expect(h.audit).toEqual([`${c.entity}.created v1`, `${c.entity}.deleted v2`, `${c.entity}.updated v2`]);
    if (h.versions) expect(h.versions).toEqual([1, 2, 3]);
  });

  it(`${CREATORS} concurrent creates of one name: one 201, ${CREATORS - 1} 409`, async () => {
    const name = uniqueName(`same-${c.entity}`);
    const results = await Promise.all(
      Array.from({ length: CREATORS }, () => t.http().post(c.path).send(c.create(name))),
    );
    expect(histogram(results.map((r) => r.status))).toEqual({ 201: 1, 409: CREATORS - 1 });
    for (const r of results.filter((x) => x.status === 409)) {
      expectProblem(r, 409);
      expect(r.body.type).toBe(PROBLEM('conflict'));
    }
    const created = results.find((r) => r.status === 201)!.body;
    const stored = await t.http().get(c.path).query({ limit: 500 }).expect(200);
    expect(stored.body.items.filter((i: any) => i.name === name)).toEqual([
      expect.objectContaining({ id: created.id, version: 1 }),
    ]);
    expect((await history(c, created.id)).audit).toEqual([`${c.entity}.created v1`]);
  });

  it(`${CREATORS} concurrent GraphQL ${c.gql.create} calls with one name: one wins, the others conflict`, async () => {
    const name = uniqueName(`same-gql-${c.entity}`);
    const mutation = `mutation($input: ${c.gql.createInput}!) { ${c.gql.create}(input: $input) { id name version } }`;
    const results = await Promise.all(
      Array.from({ length: CREATORS }, () => t.gql(mutation, { input: c.create(name) })),
    );
    expect(histogram(results.map(gqlOutcome))).toEqual({ ok: 1, conflict: CREATORS - 1 });
    const rows = await t.http().get(c.path).query({ limit: 500 }).expect(200);
    expect(rows.body.items.filter((i: any) => i.name === name)).toHaveLength(1);
  });
});
