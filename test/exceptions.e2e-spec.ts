// Exceptions (waivers) as a team requests them (docs/design.md "Rules, exceptions, cluster profiles", issue #4
// items 7–9): which rules, where, why, who owns it, until when; CRUD over REST and GraphQL, validation naming
// the field, ETag / If-Match (GraphQL: expectedVersion) and the audit trail. What a waiver does to an
// evaluation is in policy-evaluation.e2e-spec.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXCEPTION_FIELDS,
  MISSING_ID,
  PROBLEM,
  UUID,
  createException,
  expectProblem,
  gqlErrorPaths,
  gqlFails,
  gqlOk,
} from './support/policy-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
  // Exceptions name rules that exist (issue 13): the rules these waivers name.
  for (const name of ['require-digest', 'no-latest', 'a'])
    await t.http().post('/v1/rules').send({ name, kind: 'require-digest', enforcement: 'deny' }).expect(201);
});
afterAll(() => t.close());

const NEXT_YEAR = new Date(Date.now() + 365 * 86_400_000).toISOString();
const LAST_WEEK = new Date(Date.now() - 7 * 86_400_000).toISOString();
const NEXT_MONTH = new Date(Date.now() + 30 * 86_400_000).toISOString();

const WAIVER = {
  name: 'legacy-batch-latest',
  rules: ['require-digest', 'no-latest'],
  match: { namespaces: ['legacy-*'], kinds: ['CronJob'] },
  justification: 'Nightly batch images are rebuilt from a pinned base; migration tracked in OPS-1234',
  owner: 'team-batch',
  ticket: 'OPS-1234',
  expiresAt: NEXT_YEAR,
};

let seq = 0;
function unique(overrides: Record<string, unknown> = {}) {
  return { name: `waiver-${++seq}`, rules: ['require-digest'], justification: 'why', owner: 'team-a', ...overrides };
}

const GQL_CREATE = `mutation($input: CreateExceptionInput!) { createException(input: $input) { ${EXCEPTION_FIELDS} } }`;
const GQL_UPDATE = `mutation($id: ID!, $input: UpdateExceptionInput!, $v: Int) { updateException(id: $id, input: $input, expectedVersion: $v) { ${EXCEPTION_FIELDS} } }`;
const GQL_DELETE = `mutation($id: ID!, $v: Int) { deleteException(id: $id, expectedVersion: $v) }`;
const GQL_ONE = `query($id: ID!) { exception(id: $id) { ${EXCEPTION_FIELDS} } }`;

describe('creating an exception over REST', () => {
  it('answers 201 with the stored exception, version 1, an ETag and a Location', async () => {
    const res = await t.http().post('/v1/exceptions').send(WAIVER).expect(201);
    expect(res.body).toMatchObject({ ...WAIVER, id: expect.stringMatching(UUID), version: 1, expired: false });
    expect(new Date(res.body.expiresAt).getTime()).toBe(new Date(NEXT_YEAR).getTime());
    expect(res.headers.etag).toBe('"v1"');
    expect(res.headers.location).toBe(`/v1/exceptions/${res.body.id}`);

    const read = await t.http().get(`/v1/exceptions/${res.body.id}`).expect(200);
    expect(read.headers.etag).toBe('"v1"');
    expect(read.body).toEqual(res.body);
  });

  it('without expiresAt it never expires; with "*" it waives every rule (and must expire)', async () => {
    const e = await createException(t, unique());
    expect(e).toMatchObject({ rules: ['require-digest'], expiresAt: null, expired: false, match: null, ticket: null });
    const all = await createException(t, unique({ rules: ['*'], expiresAt: NEXT_MONTH }));
    expect(all).toMatchObject({ rules: ['*'], expired: false });
  });

  it('an expiry in the past is accepted and reported as expired', async () => {
    const e = await createException(t, unique({ expiresAt: LAST_WEEK }));
    expect(e).toMatchObject({ expired: true });
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['no rules', 'rules', { rules: undefined }],
    ['an empty rule list', 'rules', { rules: [] }],
    ['a rule reference that is not a rule name', 'rules[1]', { rules: ['require-digest', 'Require Digest'] }],
    ['the same rule twice', 'rules[1]', { rules: ['a', 'a'] }],
    ['no justification', 'justification', { justification: undefined }],
    ['a blank justification', 'justification', { justification: '   ' }],
    ['no owner', 'owner', { owner: undefined }],
    ['an expiry that is not a date', 'expiresAt', { expiresAt: 'next tuesday' }],
    ['an expiry without time and zone', 'expiresAt', { expiresAt: '2030-06-30' }],
    ['an expiry on a day that does not exist', 'expiresAt', { expiresAt: '2030-02-30T00:00:00Z' }],
    ['an empty namespace list in match', 'match.namespaces', { match: { namespaces: [] } }],
    ['an unknown slot type in match', 'match.slots[0]', { match: { slots: ['sidecar'] } }],
    [
      'an invalid label key in match',
      'match.labels.matchLabels[bad key!]',
      { match: { labels: { matchLabels: { 'bad key!': 'x' } } } },
    ],
    ['an unknown field', 'reason', { reason: 'x' }],
    ['an empty name', 'name', { name: '' }],
  ])('rejects %s with a 400 naming %s', async (_what, path, change) => {
    const res = await t
      .http()
      .post('/v1/exceptions')
      .send({ ...unique(), ...change });
    expectProblem(res, 400);
    expect(res.body.type).toBe(PROBLEM('invalid-input'));
    expect(res.body.errors.map((e: any) => e.path)).toContain(path);
  });

  it('generates a name when none is given (the API contract makes name optional)', async () => {
    const { name: _omit, ...body } = unique();
    const res = await t.http().post('/v1/exceptions').send(body).expect(201);
    expect(res.body.name).toMatch(/^exception-[0-9a-f]{8}$/);
  });

  it('rejects a second exception with the same name: 409', async () => {
    const e = await createException(t, unique());
    const res = await t
      .http()
      .post('/v1/exceptions')
      .send({ ...unique(), name: e.name });
    expectProblem(res, 409);
    expect(res.body.type).toBe(PROBLEM('conflict'));
    expect(res.body.errors.map((x: any) => x.path)).toContain('name');
  });
});

describe('reading, changing and deleting over REST', () => {
  it.each([
    ['an id that does not exist', MISSING_ID],
    ['a malformed id', 'legacy-batch-latest'],
  ])('GET, PATCH and DELETE answer 404 for %s', async (_what, id) => {
    for (const res of [
      await t.http().get(`/v1/exceptions/${id}`),
      await t.http().patch(`/v1/exceptions/${id}`).send({ owner: 'x' }),
      await t.http().delete(`/v1/exceptions/${id}`),
    ]) {
      expectProblem(res, 404);
      expect(res.body.type).toBe(PROBLEM('not-found'));
    }
  });

  it('PATCH with the current ETag changes only the named fields; a stale ETag is 412', async () => {
    const e = await createException(t, unique({ match: { namespaces: ['legacy'] }, expiresAt: NEXT_YEAR }));
    const ok = await t
      .http()
      .patch(`/v1/exceptions/${e.id}`)
      .set('if-match', '"v1"')
      .send({ owner: 'team-b' })
      .expect(200);
    expect(ok.headers.etag).toBe('"v2"');
    expect(ok.body).toMatchObject({
      version: 2,
      owner: 'team-b',
      match: { namespaces: ['legacy'] },
      rules: e.rules,
      justification: e.justification,
    });

    const stale = await t.http().patch(`/v1/exceptions/${e.id}`).set('if-match', '"v1"').send({ owner: 'team-c' });
    expectProblem(stale, 412);
    expect(stale.body.type).toBe(PROBLEM('precondition-failed'));
    expect((await t.http().get(`/v1/exceptions/${e.id}`)).body).toMatchObject({ version: 2, owner: 'team-b' });
  });

  it('moving the expiry into the past makes it expired; null removes the expiry', async () => {
    const e = await createException(t, unique({ expiresAt: NEXT_YEAR }));
    const expired = await t.http().patch(`/v1/exceptions/${e.id}`).send({ expiresAt: LAST_WEEK }).expect(200);
    expect(expired.body).toMatchObject({ expired: true, version: 2 });
    const forever = await t.http().patch(`/v1/exceptions/${e.id}`).send({ expiresAt: null }).expect(200);
    expect(forever.body).toMatchObject({ expired: false, expiresAt: null, version: 3 });
  });

  it('a PATCH is validated as the whole resulting exception, naming the field', async () => {
    const e = await createException(t, unique());
    const res = await t.http().patch(`/v1/exceptions/${e.id}`).send({ rules: [], expiresAt: 'soon' });
    expectProblem(res, 400);
    expect(res.body.errors.map((x: any) => x.path).sort()).toEqual(['expiresAt', 'rules']);
    expect((await t.http().get(`/v1/exceptions/${e.id}`)).body.version).toBe(1);
  });

  it('a name is generated only on create: a PATCH that clears the name is 400, not a random new name', async () => {
    const e = await createException(t, unique());
    const res = await t.http().patch(`/v1/exceptions/${e.id}`).send({ name: null });
    expectProblem(res, 400);
    expect(res.body.errors.map((x: any) => x.path)).toEqual(['name']);
    expect((await t.http().get(`/v1/exceptions/${e.id}`).expect(200)).body).toMatchObject({ name: e.name, version: 1 });
  });

  it('renaming onto another exception’s name is 409', async () => {
    const a = await createException(t, unique());
    const b = await createException(t, unique());
    expectProblem(await t.http().patch(`/v1/exceptions/${b.id}`).send({ name: a.name }), 409);
  });

  it('DELETE with a stale ETag is 412; with the current one 204', async () => {
    const e = await createException(t, unique());
    await t.http().patch(`/v1/exceptions/${e.id}`).send({ owner: 'team-z' }).expect(200);
    expectProblem(await t.http().delete(`/v1/exceptions/${e.id}`).set('if-match', '"v1"'), 412);
    await t.http().delete(`/v1/exceptions/${e.id}`).set('if-match', '"v2"').expect(204);
    expectProblem(await t.http().get(`/v1/exceptions/${e.id}`), 404);
  });
});

describe('listing', () => {
  beforeAll(async () => {
    for (let i = 0; i < 5; i++) await createException(t, unique());
  });

  it('REST: limit=2 walks every exception exactly once, in name order, with nextCursor', async () => {
    const total = await t.db.prisma.ruleException.count();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await t
        .http()
        .get('/v1/exceptions')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      expect(Object.keys(res.body)).toEqual(expect.arrayContaining(['items', 'nextCursor']));
      seen.push(...res.body.items.map((e: any) => e.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual([...seen].sort());
  });

  it('GraphQL: exceptions(first, after) walks every exception with a correct totalCount', async () => {
    const total = await t.db.prisma.ruleException.count();
    const q = `query($after: String) { exceptions(first: 2, after: $after) { totalCount nodes { name } pageInfo { endCursor hasNextPage } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { exceptions }: any = await gqlOk(t, q, { after });
      expect(exceptions.totalCount).toBe(total);
      seen.push(...exceptions.nodes.map((n: any) => n.name));
      after = exceptions.pageInfo.hasNextPage ? exceptions.pageInfo.endCursor : null;
    } while (after);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
  });

  it.each([
    ['limit', { limit: 501 }],
    ['cursor', { cursor: '%%%' }],
  ])('a bad %s is a 400 naming it', async (param, query) => {
    const res = await t.http().get('/v1/exceptions').query(query);
    expectProblem(res, 400);
    expect(res.body.errors.map((e: any) => e.path)).toContain(param);
  });
});

describe('audit trail', () => {
  it('records who created, changed and deleted an exception, with before and after', async () => {
    const started = Date.now();
    const e = await createException(t, unique({ owner: 'team-a' }));
    await t.http().patch(`/v1/exceptions/${e.id}`).send({ owner: 'team-b' }).expect(200);
    await t.http().delete(`/v1/exceptions/${e.id}`).expect(204);

    const events = await t.db.prisma.auditEvent.findMany({ where: { entityId: e.id } });
    expect(events.map((x) => x.action).sort()).toEqual(['exception.created', 'exception.deleted', 'exception.updated']);
    for (const x of events) {
      expect(x).toMatchObject({ entityType: 'exception', entityName: e.name });
      expect(x.actor.length).toBeGreaterThan(0);
      expect(x.at.getTime()).toBeGreaterThanOrEqual(started - 1000);
    }
    const updated = events.find((x) => x.action === 'exception.updated')!;
    expect(updated).toMatchObject({ version: 2, before: { owner: 'team-a' }, after: { owner: 'team-b' } });
  });

  it('a rejected change writes no audit event', async () => {
    const e = await createException(t, unique());
    expectProblem(await t.http().patch(`/v1/exceptions/${e.id}`).set('if-match', '"v4"').send({ owner: 'x' }), 412);
    expectProblem(await t.http().patch(`/v1/exceptions/${e.id}`).send({ owner: '' }), 400);
    const events = await t.db.prisma.auditEvent.findMany({ where: { entityId: e.id } });
    expect(events.map((x) => x.action)).toEqual(['exception.created']);
  });
});

describe('GraphQL', () => {
  it('createException, updateException and deleteException, each visible over REST', async () => {
    const { createException: e } = await gqlOk(t, GQL_CREATE, {
      input: { ...unique(), expiresAt: NEXT_YEAR, match: { images: ['ghcr.io/acme/*'] } },
    });
    expect(e).toMatchObject({
      id: expect.stringMatching(UUID),
      version: 1,
      expired: false,
      match: { images: ['ghcr.io/acme/*'] },
    });
    expect((await t.http().get(`/v1/exceptions/${e.id}`).expect(200)).body).toEqual(e);

    const { updateException } = await gqlOk(t, GQL_UPDATE, { id: e.id, input: { expiresAt: LAST_WEEK }, v: 1 });
    expect(updateException).toMatchObject({ version: 2, expired: true });
    const rest = await t.http().get(`/v1/exceptions/${e.id}`).expect(200);
    expect(rest.headers.etag).toBe('"v2"');

    await gqlFails(t, 'precondition-failed', GQL_DELETE, { id: e.id, v: 1 });
    expect(await gqlOk(t, GQL_DELETE, { id: e.id, v: 2 })).toEqual({ deleteException: true });
    expectProblem(await t.http().get(`/v1/exceptions/${e.id}`), 404);
  });

  it('a REST change is visible through GraphQL', async () => {
    const e = await createException(t, unique());
    await t.http().patch(`/v1/exceptions/${e.id}`).send({ justification: 'changed over REST' }).expect(200);
    const { exception } = await gqlOk(t, GQL_ONE, { id: e.id });
    expect(exception).toMatchObject({ version: 2, justification: 'changed over REST' });
  });

  it('updateException with a stale expectedVersion fails with precondition-failed', async () => {
    const e = await createException(t, unique());
    await t.http().patch(`/v1/exceptions/${e.id}`).send({ owner: 'team-q' }).expect(200);
    await gqlFails(t, 'precondition-failed', GQL_UPDATE, { id: e.id, input: { owner: 'team-r' }, v: 1 });
    expect((await t.http().get(`/v1/exceptions/${e.id}`)).body.owner).toBe('team-q');
  });

  it('createException names the invalid fields; a taken name is a conflict', async () => {
    const err = await gqlFails(t, 'invalid-input', GQL_CREATE, {
      input: { ...unique(), rules: ['Bad Name'], expiresAt: 'soon' },
    });
    expect(gqlErrorPaths(err).sort()).toEqual(['expiresAt', 'rules[0]']);
    const e = await createException(t, unique());
    await gqlFails(t, 'conflict', GQL_CREATE, { input: { ...unique(), name: e.name } });
  });

  it('exception(id) with an unknown or malformed id is not-found', async () => {
    await gqlFails(t, 'not-found', GQL_ONE, { id: MISSING_ID });
    await gqlFails(t, 'not-found', GQL_ONE, { id: 'nope' });
    await gqlFails(t, 'not-found', GQL_DELETE, { id: MISSING_ID });
  });
});
