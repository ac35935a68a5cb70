// Exceptions cannot be a bypass (issue 13 §2): they name rules that exist, follow a rule through renames and
// restores (held by id), keep the rule from being deleted under them, and a waiver of every rule expires within
// PULLWISE_MAX_WILDCARD_EXCEPTION_DAYS. REST and GraphQL alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EXCEPTION_FIELDS,
  PROBLEM,
  createException,
  createRule,
  evaluate,
  expectProblem,
  gqlErrorPaths,
  gqlFails,
  gqlOk,
  pod,
} from './support/policy-client.js';
import { PARITY_CASES, RULE_NAMES } from './fixtures/policy/exception-parity-cases.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp({ env: { PULLWISE_MAX_WILDCARD_EXCEPTION_DAYS: '30' } });
});
afterAll(() => t.close());

const DAY = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY).toISOString();
const GQL_CREATE = `mutation($input: CreateExceptionInput!) { createException(input: $input) { ${EXCEPTION_FIELDS} } }`;
const GQL_DELETE_RULE = `mutation($id: ID!) { deleteRule(id: $id) }`;

let seq = 0;
async function rule(name = `rule-${++seq}`) {
  return createRule(t, { name, kind: 'require-digest', enforcement: 'deny' });
}
function waiver(rules: string[], extra: Record<string, unknown> = {}) {
  return { name: `waiver-${++seq}`, rules, justification: 'why', owner: 'team-a', ...extra };
}

describe('an exception names rules that exist', () => {
  it('REST: 400 naming the entry, with the closest rule name; nothing is stored', async () => {
    await rule('pin-digests');
    const res = await t
      .http()
      .post('/v1/exceptions')
      .send(waiver(['pin-digests', 'pin-digest']));
    expectProblem(res, 400);
    expect(res.body.type).toBe(PROBLEM('invalid-input'));
    expect(res.body.errors).toEqual([
      {
        path: 'rules[1]',
        message: expect.stringContaining('"pin-digest" is not an existing rule; did you mean "pin-digests"?'),
      },
    ]);
    const list = await t.http().get('/v1/exceptions').expect(200);
    expect(list.body.items.map((e: any) => e.rules)).not.toContainEqual(['pin-digests', 'pin-digest']);
  });

  it('GraphQL: the same typed error and path', async () => {
    const err = await gqlFails(t, 'invalid-input', GQL_CREATE, { input: waiver(['no-such-rule']) });
    expect(gqlErrorPaths(err)).toEqual(['rules[0]']);
  });

  it('PATCH to an unknown rule is refused too', async () => {
    const r = await rule();
    const e = await createException(t, waiver([r.name]));
    const res = await t
      .http()
      .patch(`/v1/exceptions/${e.id}`)
      .send({ rules: ['gone'] });
    expectProblem(res, 400);
    expect(res.body.errors[0].path).toBe('rules[0]');
  });

  it('an exception without a name is accepted, over REST and GraphQL', async () => {
    const r = await rule();
    const { name: _n, ...nameless } = waiver([r.name]);
    const rest = await createException(t, nameless);
    expect(rest.name).toMatch(/^exception-[0-9a-f]{8}$/);
    const gql = await gqlOk(t, GQL_CREATE, { input: nameless });
    expect(gql.createException.name).toMatch(/^exception-[0-9a-f]{8}$/);
  });
});

describe('exceptions follow their rule by id', () => {
  it('a renamed rule keeps its exceptions, which show the new name and still waive; a restore renames back', async () => {
    const r = await rule('old-name');
    const e = await createException(t, waiver(['old-name']));
    await t.http().patch(`/v1/rules/${r.id}`).send({ name: 'new-name' }).expect(200);

    expect((await t.http().get(`/v1/exceptions/${e.id}`).expect(200)).body.rules).toEqual(['new-name']);
    const gql = await gqlOk(t, `query($id: ID!) { exception(id: $id) { rules } }`, { id: e.id });
    expect(gql.exception.rules).toEqual(['new-name']);
    const result = await evaluate(t, [pod({ name: 'p', image: 'nginx:1.27' })]);
    const finding = result.findings.find((f: any) => f.rule === 'new-name');
    expect(finding).toMatchObject({ waived: true, waivedBy: e.name });

    await t.http().post(`/v1/rules/${r.id}/versions/1/restore`).expect(200);
    expect((await t.http().get(`/v1/exceptions/${e.id}`).expect(200)).body.rules).toEqual(['old-name']);
    const again = await evaluate(t, [pod({ name: 'p', image: 'nginx:1.27' })]);
    expect(again.findings.find((f: any) => f.rule === 'old-name')).toMatchObject({ waived: true, waivedBy: e.name });
  });

  it('a new rule that takes a deleted rule’s name is not waived by an old exception', async () => {
    const r = await rule('short-lived');
    const e = await createException(t, waiver(['short-lived']));
    await t.http().delete(`/v1/exceptions/${e.id}`).expect(204);
    await t.http().delete(`/v1/rules/${r.id}`).expect(204);
    await rule('short-lived');
    const result = await evaluate(t, [pod({ name: 'p', image: 'nginx:1.27' })]);
    expect(result.findings.find((f: any) => f.rule === 'short-lived')).toMatchObject({ waived: false });
  });
});

describe('deleting a rule that exceptions name', () => {
  it('REST: 409 naming each exception; the rule stays', async () => {
    const r = await rule();
    const a = await createException(t, waiver([r.name]));
    const res = await t.http().delete(`/v1/rules/${r.id}`);
    expectProblem(res, 409);
    expect(res.body.type).toBe(PROBLEM('conflict'));
    expect(res.body.detail).toContain(`"${a.name}"`);
    expect(res.body.errors).toEqual([{ path: `exceptions[${a.name}].rules`, message: expect.stringContaining(a.id) }]);
    await t.http().get(`/v1/rules/${r.id}`).expect(200);
  });

  it('GraphQL: the same conflict; after the exception lets go, the delete succeeds', async () => {
    const r = await rule();
    const other = await rule();
    const a = await createException(t, waiver([r.name, other.name]));
    const err = await gqlFails(t, 'conflict', GQL_DELETE_RULE, { id: r.id });
    expect(err.message).toContain(a.name);
    await t
      .http()
      .patch(`/v1/exceptions/${a.id}`)
      .send({ rules: [other.name] })
      .expect(200);
    await gqlOk(t, GQL_DELETE_RULE, { id: r.id });
  });
});

describe('an exception of every rule expires within the configured maximum (30 days here)', () => {
  it.each([
    ['without expiresAt', {}, 'required when rules is "*"'],
    ['31 days ahead', { expiresAt: inDays(31) }, 'may last at most 30 days'],
  ])('REST refuses one %s', async (_name, extra, fragment) => {
    const res = await t
      .http()
      .post('/v1/exceptions')
      .send(waiver(['*'], extra));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ path: 'expiresAt', message: expect.stringContaining(fragment) }]);
  });

  it('GraphQL refuses it too, and accepts one within the maximum', async () => {
    const err = await gqlFails(t, 'invalid-input', GQL_CREATE, { input: waiver(['*']) });
    expect(gqlErrorPaths(err)).toEqual(['expiresAt']);
    const ok = await gqlOk(t, GQL_CREATE, { input: waiver(['*'], { expiresAt: inDays(29) }) });
    expect(ok.createException.rules).toEqual(['*']);
  });

  it('PATCH cannot take the expiry away', async () => {
    const e = await createException(t, waiver(['*'], { expiresAt: inDays(10) }));
    const res = await t.http().patch(`/v1/exceptions/${e.id}`).send({ expiresAt: null });
    expectProblem(res, 400);
    expect(res.body.errors[0].path).toBe('expiresAt');
  });
});

describe('the same exceptions the offline rules file accepts and refuses (test/cli/exception-parity.spec.ts)', () => {
  let app: TestApp;
  beforeAll(async () => {
    app = await bootTestApp();
    for (const name of RULE_NAMES) await createRule(app, { name, kind: 'require-digest', enforcement: 'deny' });
  });
  afterAll(() => app.close());

  it.each(PARITY_CASES.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const res = await app.http().post('/v1/exceptions').send(c.exception());
    if (c.problems.length === 0) expect(res.status, res.text).toBe(201);
    else {
      expectProblem(res, 400);
      expect(res.body.errors.map((e: any) => e.path)).toEqual(c.problems);
    }
  });
});
