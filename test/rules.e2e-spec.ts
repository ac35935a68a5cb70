// Rules as a platform team manages them (docs/design.md "Rules, exceptions, cluster profiles", issue #4
// items 7–9): CRUD over REST and GraphQL, validation per kind naming the field, optimistic concurrency with
// ETag / If-Match (GraphQL: expectedVersion), the version history with restore, and the audit trail.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MISSING_ID,
  PROBLEM,
  RULE_FIELDS,
  RULE_VERSION_FIELDS,
  UUID,
  createRule,
  expectProblem,
  gqlErrorPaths,
  gqlFails,
  gqlOk,
  listAll,
} from './support/policy-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
});
afterAll(() => t.close());

const RULE = {
  name: 'prod-pull-always',
  description: 'Production pulls on every start',
  kind: 'pull-policy',
  params: { allowed: ['Always'] },
  match: { namespaces: ['prod-*'] },
  enforcement: 'deny',
  severity: 'high',
};

/** A fresh rule with a unique name, for tests that change it. */
let seq = 0;
function unique(prefix: string, overrides: Record<string, unknown> = {}) {
  return { name: `${prefix}-${++seq}`, kind: 'require-digest', params: {}, enforcement: 'warn', ...overrides };
}

const GQL_CREATE = `mutation($input: CreateRuleInput!) { createRule(input: $input) { ${RULE_FIELDS} } }`;
const GQL_UPDATE = `mutation($id: ID!, $input: UpdateRuleInput!, $v: Int) { updateRule(id: $id, input: $input, expectedVersion: $v) { ${RULE_FIELDS} } }`;
const GQL_DELETE = `mutation($id: ID!, $v: Int) { deleteRule(id: $id, expectedVersion: $v) }`;
const GQL_RULE = `query($id: ID!) { rule(id: $id) { ${RULE_FIELDS} } }`;
const GQL_VERSIONS = `query($id: ID!) { ruleVersions(id: $id) { ${RULE_VERSION_FIELDS} } }`;
const GQL_RESTORE = `mutation($id: ID!, $version: Int!, $v: Int) { restoreRuleVersion(id: $id, version: $version, expectedVersion: $v) { ${RULE_FIELDS} } }`;

describe('creating a rule over REST', () => {
  it('answers 201 with the stored rule, its id, version 1, an ETag and a Location', async () => {
    const res = await t.http().post('/v1/rules').send(RULE).expect(201);
    expect(res.body).toMatchObject({
      ...RULE,
      id: expect.stringMatching(UUID),
      version: 1,
      enabled: true,
      exclude: null,
    });
    expect(res.headers.etag).toBe('"v1"');
    expect(res.headers.location).toBe(`/v1/rules/${res.body.id}`);

    const read = await t.http().get(`/v1/rules/${res.body.id}`).expect(200);
    expect(read.headers.etag).toBe('"v1"');
    expect(read.body).toEqual(res.body);
  });

  it('defaults severity to medium and enabled to true', async () => {
    const rule = await createRule(t, {
      name: 'defaults',
      kind: 'explicit-pull-policy',
      params: {},
      enforcement: 'audit',
    });
    expect(rule).toMatchObject({ severity: 'medium', enabled: true, match: null, exclude: null, description: null });
  });

  it.each([
    ['pull-policy', { allowed: ['Always', 'IfNotPresent'] }],
    ['explicit-pull-policy', {}],
    ['mutable-tag-requires-always', {}],
    ['mutable-tag-requires-always', { immutableTags: ['v*.*.*', 'release-*'] }],
    ['require-digest', {}],
    ['disallowed-tags', { tags: ['latest', '*-SNAPSHOT'] }],
    ['allowed-registries', { registries: ['registry.example.com/*', 'ghcr.io/acme/*'] }],
    ['denied-registries', { registries: ['docker.io/*'] }],
    ['never-requires-preloaded', {}],
    ['pull-secrets-for-registries', { registries: ['registry.example.com/*'] }],
    ['set-pull-policy', {}],
    ['set-pull-policy', { policy: 'IfNotPresent', when: { digest: true } }],
  ])('accepts a %s rule with params %j', async (kind, params) => {
    const rule = await createRule(t, { name: `kind-${kind}-${++seq}`, kind, params, enforcement: 'warn' });
    expect(rule).toMatchObject({ kind, params, version: 1 });
  });

  it('accepts a full match and exclude scope and returns it as sent', async () => {
    const match = {
      clusters: ['prod-*'],
      namespaces: ['shop', 'prod-*'],
      kinds: ['Deployment', 'CronJob'],
      labels: {
        matchLabels: { team: 'payments' },
        matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['batch'] }],
      },
      images: ['ghcr.io/acme/*'],
      slots: ['container', 'initContainer'],
    };
    const exclude = { namespaces: ['kube-system'] };
    const rule = await createRule(t, unique('scoped', { match, exclude }));
    expect(rule).toMatchObject({ match, exclude });
  });

  // [what is wrong, the field path the 400 must name, the body's fields that differ from a valid rule]
  it.each<[string, string, Record<string, unknown>]>([
    [
      'a pull policy that does not exist',
      'params.allowed[1]',
      { kind: 'pull-policy', params: { allowed: ['Always', 'Sometimes'] } },
    ],
    ['pull-policy without allowed', 'params.allowed', { kind: 'pull-policy', params: {} }],
    ['pull-policy with an empty allowed list', 'params.allowed', { kind: 'pull-policy', params: { allowed: [] } }],
    ['disallowed-tags without tags', 'params.tags', { kind: 'disallowed-tags', params: {} }],
    [
      'a tag pattern that names an image',
      'params.tags[1]',
      { kind: 'disallowed-tags', params: { tags: ['latest', 'nginx:latest'] } },
    ],
    ['registries as a string', 'params.registries', { kind: 'allowed-registries', params: { registries: 'ghcr.io' } }],
    ['a parameter the kind does not take', 'params.strict', { kind: 'require-digest', params: { strict: true } }],
    ['an unknown kind', 'kind', { kind: 'no-latest' }],
    ['no kind', 'kind', { kind: undefined }],
    ['an unknown enforcement', 'enforcement', { enforcement: 'block' }],
    ['no enforcement', 'enforcement', { enforcement: undefined }],
    ['an unknown severity', 'severity', { severity: 'urgent' }],
    ['a name with spaces and capitals', 'name', { name: 'Require Digest' }],
    ['no name', 'name', { name: undefined }],
    ['enabled as a string', 'enabled', { enabled: 'yes' }],
    ['an unknown top-level field', 'priority', { priority: 1 }],
    ['an unknown slot type in match', 'match.slots[0]', { match: { slots: ['sidecar'] } }],
    ['an empty namespace list in match', 'match.namespaces', { match: { namespaces: [] } }],
    [
      'an unknown selector operator',
      'match.labels.matchExpressions[0].operator',
      { match: { labels: { matchExpressions: [{ key: 'tier', operator: 'Maybe', values: ['a'] }] } } },
    ],
    [
      'NotIn without values',
      'match.labels.matchExpressions[0].values',
      { match: { labels: { matchExpressions: [{ key: 'tier', operator: 'NotIn' }] } } },
    ],
    ['an unknown field in exclude', 'exclude.namespace', { exclude: { namespace: ['kube-system'] } }],
  ])('rejects %s with a 400 naming %s', async (_what, path, change) => {
    const body = { ...unique('invalid'), ...change };
    const res = await t.http().post('/v1/rules').send(body);
    expectProblem(res, 400);
    expect(res.body.type).toBe(PROBLEM('invalid-input'));
    expect(res.body.errors.map((e: any) => e.path)).toContain(path);
    expect(res.body.detail).toContain(path);
    // Nothing was stored.
    const names = (await listAll(t, '/v1/rules')).map((r) => r.name);
    expect(names).not.toContain(body.name);
  });

  it('names every problem of a rule at once', async () => {
    const res = await t
      .http()
      .post('/v1/rules')
      .send({ name: 'two-problems', kind: 'pull-policy', params: { allowed: ['Sometimes'] }, enforcement: 'block' });
    expectProblem(res, 400);
    expect(res.body.errors.map((e: any) => e.path).sort()).toEqual(['enforcement', 'params.allowed[0]']);
  });

  it.each([
    ['an array', [RULE]],
    ['a string', '"rule"'],
  ])('rejects a body that is %s', async (_what, body) => {
    const res = await t.http().post('/v1/rules').set('content-type', 'application/json').send(JSON.stringify(body));
    expectProblem(res, 400);
  });

  it('rejects a second rule with the same name: 409 conflict naming name', async () => {
    const first = await createRule(t, unique('duplicate'));
    const res = await t
      .http()
      .post('/v1/rules')
      .send({ ...unique('other'), name: first.name });
    expectProblem(res, 409);
    expect(res.body.type).toBe(PROBLEM('conflict'));
    expect(res.body.errors.map((e: any) => e.path)).toContain('name');
    expect(res.body.detail).toContain(first.name);
  });
});

describe('reading rules over REST', () => {
  it.each([
    ['an id that does not exist', MISSING_ID],
    ['a malformed id', 'not-a-uuid'],
    ['an id with SQL in it', "1' OR '1'='1"],
  ])('GET, PATCH, DELETE, versions and restore answer 404 for %s', async (_what, id) => {
    const path = `/v1/rules/${encodeURIComponent(id)}`;
    const responses = [
      await t.http().get(path),
      await t.http().patch(path).send({ enabled: false }),
      await t.http().delete(path),
      await t.http().get(`${path}/versions`),
      await t.http().post(`${path}/versions/1/restore`),
    ];
    for (const res of responses) {
      expectProblem(res, 404);
      expect(res.body.type).toBe(PROBLEM('not-found'));
    }
  });

  it('lists { items, nextCursor } filtered by kind, enforcement and enabled', async () => {
    const a = await createRule(
      t,
      unique('filter', { kind: 'denied-registries', params: { registries: ['quay.io/*'] }, enforcement: 'audit' }),
    );
    const b = await createRule(
      t,
      unique('filter', {
        kind: 'denied-registries',
        params: { registries: ['gcr.io/*'] },
        enforcement: 'deny',
        enabled: false,
      }),
    );

    const all = await t.http().get('/v1/rules').expect(200);
    expect(Object.keys(all.body)).toEqual(expect.arrayContaining(['items', 'nextCursor']));
    expect(Array.isArray(all.body.items)).toBe(true);

    const byKind = await listAll(t, '/v1/rules', { kind: 'denied-registries' });
    expect(byKind.map((r) => r.id)).toEqual(expect.arrayContaining([a.id, b.id]));
    expect(byKind.every((r) => r.kind === 'denied-registries')).toBe(true);
    expect(
      (await listAll(t, '/v1/rules', { kind: 'denied-registries', enforcement: 'audit' })).map((r) => r.id),
    ).toEqual([a.id]);
    expect((await listAll(t, '/v1/rules', { kind: 'denied-registries', enabled: 'false' })).map((r) => r.id)).toEqual([
      b.id,
    ]);
    expect((await listAll(t, '/v1/rules', { enabled: 'false' })).every((r) => r.enabled === false)).toBe(true);
  });

  it.each([
    ['kind', { kind: 'no-latest' }],
    ['enforcement', { enforcement: 'block' }],
    ['enabled', { enabled: 'maybe' }],
    ['limit', { limit: 0 }],
    ['limit', { limit: 'ten' }],
    ['cursor', { cursor: 'not-a-cursor' }],
  ])('a bad list parameter is a 400 naming %s', async (param, query) => {
    const res = await t.http().get('/v1/rules').query(query);
    expectProblem(res, 400);
    expect(res.body.errors.map((e: any) => e.path)).toContain(param);
  });
});

describe('pagination', () => {
  // Only this block creates never-requires-preloaded rules with enforcement audit.
  const KIND = 'never-requires-preloaded';
  const FILTER = { kind: KIND, enforcement: 'audit' };
  let names: string[];
  beforeAll(async () => {
    names = [];
    for (let i = 0; i < 7; i++)
      names.push((await createRule(t, { name: `page-${i}`, kind: KIND, params: {}, enforcement: 'audit' })).name);
  });

  it('REST: limit=3 walks every rule exactly once, in name order', async () => {
    const seen: string[] = [];
    const pages: number[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await t
        .http()
        .get('/v1/rules')
        .query({ ...FILTER, limit: 3, ...(cursor ? { cursor } : {}) })
        .expect(200);
      pages.push(res.body.items.length);
      seen.push(...res.body.items.map((r: any) => r.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(pages).toEqual([3, 3, 1]);
    expect(seen).toEqual(names);
  });

  it('REST: the last full page has nextCursor null', async () => {
    const res = await t
      .http()
      .get('/v1/rules')
      .query({ ...FILTER, limit: 7 })
      .expect(200);
    expect(res.body.items).toHaveLength(7);
    expect(res.body.nextCursor).toBeNull();
  });

  it('GraphQL: first/after walks every rule with totalCount and pageInfo', async () => {
    const q = `query($after: String) { rules(first: 2, after: $after, kind: "${KIND}", enforcement: "audit") { totalCount nodes { name } pageInfo { endCursor hasNextPage } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const { rules }: any = await gqlOk(t, q, { after });
      pages++;
      expect(rules.totalCount).toBe(7);
      seen.push(...rules.nodes.map((n: any) => n.name));
      if (!rules.pageInfo.hasNextPage) {
        expect(rules.pageInfo.endCursor).toBeNull();
        break;
      }
      after = rules.pageInfo.endCursor;
    }
    expect(pages).toBe(4);
    expect(seen).toEqual(names);
  });

  it('GraphQL: totalCount counts every rule, not the page', async () => {
    const { rules } = await gqlOk(t, '{ rules(first: 1) { totalCount nodes { id } } }');
    expect(rules.nodes).toHaveLength(1);
    expect(rules.totalCount).toBe((await listAll(t, '/v1/rules')).length);
  });
});

describe('optimistic concurrency over REST', () => {
  it('PATCH with the current ETag bumps the version; a stale ETag is 412 and changes nothing', async () => {
    const rule = await createRule(t, unique('occ'));
    const read = await t.http().get(`/v1/rules/${rule.id}`).expect(200);
    expect(read.headers.etag).toBe('"v1"');

    const ok = await t
      .http()
      .patch(`/v1/rules/${rule.id}`)
      .set('if-match', read.headers.etag)
      .send({ enforcement: 'deny' })
      .expect(200);
    expect(ok.headers.etag).toBe('"v2"');
    expect(ok.body).toMatchObject({ version: 2, enforcement: 'deny', kind: 'require-digest', name: rule.name });

    const stale = await t.http().patch(`/v1/rules/${rule.id}`).set('if-match', '"v1"').send({ enforcement: 'audit' });
    expectProblem(stale, 412);
    expect(stale.body.type).toBe(PROBLEM('precondition-failed'));
    const after = await t.http().get(`/v1/rules/${rule.id}`).expect(200);
    expect(after.body).toMatchObject({ version: 2, enforcement: 'deny' });
  });

  it('If-Match is optional: a PATCH without it applies to the current version', async () => {
    const rule = await createRule(t, unique('no-if-match'));
    const res = await t.http().patch(`/v1/rules/${rule.id}`).send({ severity: 'critical' }).expect(200);
    expect(res.body).toMatchObject({ version: 2, severity: 'critical' });
  });

  it('a PATCH changes only the fields it names; null clears match', async () => {
    const rule = await createRule(t, unique('partial', { match: { namespaces: ['prod-*'] }, description: 'kept' }));
    const off = await t.http().patch(`/v1/rules/${rule.id}`).send({ enabled: false }).expect(200);
    expect(off.body).toMatchObject({
      enabled: false,
      match: { namespaces: ['prod-*'] },
      description: 'kept',
      enforcement: 'warn',
    });
    const cleared = await t.http().patch(`/v1/rules/${rule.id}`).send({ match: null }).expect(200);
    expect(cleared.body).toMatchObject({ version: 3, match: null, enabled: false });
  });

  it('a PATCH is validated like a create, naming the field', async () => {
    const rule = await createRule(t, unique('patch-invalid', { kind: 'pull-policy', params: { allowed: ['Always'] } }));
    const res = await t
      .http()
      .patch(`/v1/rules/${rule.id}`)
      .send({ params: { allowed: ['Sometimes'] } });
    expectProblem(res, 400);
    expect(res.body.errors.map((e: any) => e.path)).toContain('params.allowed[0]');
    const kind = await t.http().patch(`/v1/rules/${rule.id}`).send({ kind: 'disallowed-tags' });
    expectProblem(kind, 400);
    expect(kind.body.errors.map((e: any) => e.path).join(' ')).toMatch(/params/);
    expect((await t.http().get(`/v1/rules/${rule.id}`)).body.version).toBe(1);
  });

  it('a PATCH may change the kind when it brings params for the new kind', async () => {
    const rule = await createRule(t, unique('change-kind'));
    const res = await t
      .http()
      .patch(`/v1/rules/${rule.id}`)
      .set('if-match', '"v1"')
      .send({ kind: 'disallowed-tags', params: { tags: ['latest'] } })
      .expect(200);
    expect(res.body).toMatchObject({ version: 2, kind: 'disallowed-tags', params: { tags: ['latest'] } });
  });

  it('renaming a rule onto another rule’s name is 409', async () => {
    const a = await createRule(t, unique('rename'));
    const b = await createRule(t, unique('rename'));
    const res = await t.http().patch(`/v1/rules/${b.id}`).send({ name: a.name });
    expectProblem(res, 409);
    expect(res.body.type).toBe(PROBLEM('conflict'));
  });

  it('DELETE with a stale ETag is 412; with the current one 204, and the rule is gone', async () => {
    const rule = await createRule(t, unique('delete'));
    await t.http().patch(`/v1/rules/${rule.id}`).send({ enforcement: 'deny' }).expect(200);
    const stale = await t.http().delete(`/v1/rules/${rule.id}`).set('if-match', '"v1"');
    expectProblem(stale, 412);
    await t.http().get(`/v1/rules/${rule.id}`).expect(200);

    await t.http().delete(`/v1/rules/${rule.id}`).set('if-match', '"v2"').expect(204);
    expectProblem(await t.http().get(`/v1/rules/${rule.id}`), 404);
    expectProblem(await t.http().delete(`/v1/rules/${rule.id}`), 404);
  });

  it.each(['v1', '"1"', 'garbage'])(
    'an If-Match that is not an ETag of ours (%s) is a 400 naming If-Match',
    async (header) => {
      const rule = await createRule(t, unique('bad-if-match'));
      const res = await t.http().patch(`/v1/rules/${rule.id}`).set('if-match', header).send({ enabled: false });
      expectProblem(res, 400);
      expect(res.body.errors.map((e: any) => e.path)).toContain('If-Match');
    },
  );

  it('of two writers holding the same ETag, exactly one wins', async () => {
    const rule = await createRule(t, unique('race'));
    const [a, b] = await Promise.all([
      t.http().patch(`/v1/rules/${rule.id}`).set('if-match', '"v1"').send({ severity: 'low' }),
      t.http().patch(`/v1/rules/${rule.id}`).set('if-match', '"v1"').send({ severity: 'critical' }),
    ]);
    expect([a.status, b.status].sort()).toEqual([200, 412]);
    const winner = a.status === 200 ? a : b;
    expect((await t.http().get(`/v1/rules/${rule.id}`)).body).toMatchObject({
      version: 2,
      severity: winner.body.severity,
    });
  });
});

describe('version history and restore', () => {
  it('keeps every version, newest first, and restores an old one as a new version', async () => {
    const rule = await createRule(t, {
      name: 'history',
      kind: 'disallowed-tags',
      params: { tags: ['latest'] },
      enforcement: 'warn',
    });
    await t
      .http()
      .patch(`/v1/rules/${rule.id}`)
      .set('if-match', '"v1"')
      .send({ params: { tags: ['latest', '*-SNAPSHOT'] } })
      .expect(200);
    await t.http().patch(`/v1/rules/${rule.id}`).set('if-match', '"v2"').send({ enforcement: 'deny' }).expect(200);

    const history = await t.http().get(`/v1/rules/${rule.id}/versions`).expect(200);
    expect(history.body.items.map((v: any) => [v.version, v.change, v.enforcement, v.params.tags])).toEqual([
      [3, 'updated', 'deny', ['latest', '*-SNAPSHOT']],
      [2, 'updated', 'warn', ['latest', '*-SNAPSHOT']],
      [1, 'created', 'warn', ['latest']],
    ]);
    for (const v of history.body.items) {
      expect(v).toMatchObject({ id: rule.id, name: 'history', kind: 'disallowed-tags' });
      expect(new Date(v.changedAt).getTime()).not.toBeNaN();
    }

    const restored = await t.http().post(`/v1/rules/${rule.id}/versions/1/restore`).set('if-match', '"v3"');
    expect(restored.status, restored.text).toBeLessThan(300);
    expect(restored.headers.etag).toBe('"v4"');
    expect(restored.body).toMatchObject({ id: rule.id, version: 4, params: { tags: ['latest'] }, enforcement: 'warn' });
    expect((await t.http().get(`/v1/rules/${rule.id}`)).body).toMatchObject({
      version: 4,
      params: { tags: ['latest'] },
    });

    const after = await t.http().get(`/v1/rules/${rule.id}/versions`).expect(200);
    expect(after.body.items.map((v: any) => [v.version, v.change])).toEqual([
      [4, 'restored'],
      [3, 'updated'],
      [2, 'updated'],
      [1, 'created'],
    ]);
  });

  it('restore answers 200 with the rule: it changes an existing rule and creates no new resource', async () => {
    // 201 Created would announce a new resource at a Location (RFC 9110 §15.3.2); a restore is a change of
    // /v1/rules/{id}, like PATCH, and answers 200 with the rule and its new ETag.
    const rule = await createRule(t, unique('restore-status'));
    await t.http().patch(`/v1/rules/${rule.id}`).send({ enforcement: 'deny' }).expect(200);
    const res = await t.http().post(`/v1/rules/${rule.id}/versions/1/restore`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.etag).toBe('"v3"');
    expect(res.body).toMatchObject({ id: rule.id, version: 3, enforcement: 'warn' });
  });

  it('restore honours If-Match, and an unknown or malformed version is 404 / 400', async () => {
    const rule = await createRule(t, unique('restore-checks'));
    await t.http().patch(`/v1/rules/${rule.id}`).send({ enforcement: 'deny' }).expect(200);
    expectProblem(await t.http().post(`/v1/rules/${rule.id}/versions/1/restore`).set('if-match', '"v1"'), 412);
    expectProblem(await t.http().post(`/v1/rules/${rule.id}/versions/9/restore`), 404);
    const bad = await t.http().post(`/v1/rules/${rule.id}/versions/first/restore`);
    expectProblem(bad, 400);
    expect(bad.body.errors.map((e: any) => e.path)).toContain('version');
    expect((await t.http().get(`/v1/rules/${rule.id}`)).body.version).toBe(2);
  });

  it('the history outlives a deleted rule', async () => {
    const rule = await createRule(t, unique('deleted-history'));
    await t.http().delete(`/v1/rules/${rule.id}`).expect(204);
    const history = await t.http().get(`/v1/rules/${rule.id}/versions`).expect(200);
    expect(history.body.items.map((v: any) => v.change)).toEqual(['deleted', 'created']);
    const { ruleVersions } = await gqlOk(t, GQL_VERSIONS, { id: rule.id });
    expect(ruleVersions.map((v: any) => v.change)).toEqual(['deleted', 'created']);
  });

  it('restoring a version whose name another rule has taken since is 409', async () => {
    const rule = await createRule(t, unique('renamed'));
    const oldName = rule.name;
    await t
      .http()
      .patch(`/v1/rules/${rule.id}`)
      .send({ name: `${oldName}-new` })
      .expect(200);
    await createRule(t, unique('squatter', { name: oldName }));
    const res = await t.http().post(`/v1/rules/${rule.id}/versions/1/restore`);
    expectProblem(res, 409);
    expect((await t.http().get(`/v1/rules/${rule.id}`)).body).toMatchObject({ version: 2, name: `${oldName}-new` });
  });

  it('the name of a deleted rule can be used again, and the new rule starts its own history', async () => {
    const old = await createRule(t, unique('reused'));
    await t.http().delete(`/v1/rules/${old.id}`).expect(204);
    const again = await createRule(t, unique('reused', { name: old.name }));
    expect(again.id).not.toBe(old.id);
    expect(again.version).toBe(1);
    const history = await t.http().get(`/v1/rules/${again.id}/versions`).expect(200);
    expect(history.body.items.map((v: any) => v.change)).toEqual(['created']);
  });

  it('a rejected change (400, 409, 412) adds no version', async () => {
    const rule = await createRule(t, unique('rejected'));
    const other = await createRule(t, unique('rejected'));
    expectProblem(await t.http().patch(`/v1/rules/${rule.id}`).send({ enforcement: 'block' }), 400);
    expectProblem(await t.http().patch(`/v1/rules/${rule.id}`).send({ name: other.name }), 409);
    expectProblem(await t.http().patch(`/v1/rules/${rule.id}`).set('if-match', '"v7"').send({ enabled: false }), 412);
    const history = await t.http().get(`/v1/rules/${rule.id}/versions`).expect(200);
    expect(history.body.items.map((v: any) => v.version)).toEqual([1]);
  });
});

describe('audit trail', () => {
  const eventsFor = (id: string) =>
    t.db.prisma.auditEvent.findMany({ where: { entityId: id }, orderBy: { at: 'asc' } });

  it('records who changed what and when, for create, update, restore and delete', async () => {
    const started = Date.now();
    const rule = await createRule(t, { name: 'audited', kind: 'require-digest', params: {}, enforcement: 'warn' });
    await t.http().patch(`/v1/rules/${rule.id}`).send({ enforcement: 'deny' }).expect(200);
    expect((await t.http().post(`/v1/rules/${rule.id}/versions/1/restore`)).status).toBeLessThan(300);
    await t.http().delete(`/v1/rules/${rule.id}`).expect(204);

    const events = await eventsFor(rule.id);
    expect(events.map((e) => e.action).sort()).toEqual([
      'rule.created',
      'rule.deleted',
      'rule.restored',
      'rule.updated',
    ]);
    for (const e of events) {
      expect(e).toMatchObject({ entityType: 'rule', entityId: rule.id, entityName: 'audited' });
      expect(typeof e.actor).toBe('string');
      expect(e.actor.length).toBeGreaterThan(0);
      expect(e.at.getTime()).toBeGreaterThanOrEqual(started - 1000);
      expect(e.at.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
    }
    const byAction = Object.fromEntries(events.map((e) => [e.action, e]));
    expect(byAction['rule.created']).toMatchObject({ version: 1, after: { enforcement: 'warn' } });
    expect(byAction['rule.updated']).toMatchObject({
      version: 2,
      before: { enforcement: 'warn', version: 1 },
      after: { enforcement: 'deny', version: 2 },
    });
    expect(byAction['rule.restored']).toMatchObject({
      version: 3,
      before: { enforcement: 'deny' },
      after: { enforcement: 'warn', version: 3 },
    });
    expect(byAction['rule.deleted']).toMatchObject({ before: { id: rule.id, version: 3 } });
  });

  it('GraphQL changes are audited too', async () => {
    const { createRule: rule } = await gqlOk(t, GQL_CREATE, { input: unique('gql-audited') });
    await gqlOk(t, GQL_UPDATE, { id: rule.id, input: { severity: 'low' }, v: 1 });
    await gqlOk(t, GQL_DELETE, { id: rule.id, v: 2 });
    expect((await eventsFor(rule.id)).map((e) => e.action).sort()).toEqual([
      'rule.created',
      'rule.deleted',
      'rule.updated',
    ]);
  });

  it('a rejected change writes no audit event', async () => {
    const rule = await createRule(t, unique('not-audited'));
    expectProblem(await t.http().patch(`/v1/rules/${rule.id}`).set('if-match', '"v9"').send({ enabled: false }), 412);
    expectProblem(await t.http().patch(`/v1/rules/${rule.id}`).send({ severity: 'urgent' }), 400);
    expectProblem(await t.http().delete(`/v1/rules/${rule.id}`).set('if-match', '"v9"'), 412);
    expect((await eventsFor(rule.id)).map((e) => e.action)).toEqual(['rule.created']);
  });
});

describe('GraphQL', () => {
  it('createRule, then REST sees it; updateRule with expectedVersion, then REST sees the new ETag', async () => {
    const { createRule: rule } = await gqlOk(t, GQL_CREATE, {
      input: {
        name: 'from-graphql',
        kind: 'pull-policy',
        params: { allowed: ['Always'] },
        match: { kinds: ['Deployment'] },
        enforcement: 'deny',
      },
    });
    expect(rule).toMatchObject({
      id: expect.stringMatching(UUID),
      version: 1,
      severity: 'medium',
      enabled: true,
      params: { allowed: ['Always'] },
    });

    const rest = await t.http().get(`/v1/rules/${rule.id}`).expect(200);
    expect(rest.body).toEqual(rule);

    const { updateRule } = await gqlOk(t, GQL_UPDATE, { id: rule.id, input: { enforcement: 'warn' }, v: 1 });
    expect(updateRule).toMatchObject({
      version: 2,
      enforcement: 'warn',
      params: { allowed: ['Always'] },
      match: { kinds: ['Deployment'] },
    });
    const after = await t.http().get(`/v1/rules/${rule.id}`).expect(200);
    expect(after.headers.etag).toBe('"v2"');
    expect(after.body.enforcement).toBe('warn');
  });

  it('a REST change is visible through GraphQL, and a REST delete too', async () => {
    const rule = await createRule(t, unique('from-rest'));
    await t
      .http()
      .patch(`/v1/rules/${rule.id}`)
      .set('if-match', '"v1"')
      .send({ description: 'changed over REST' })
      .expect(200);
    const { rule: seen } = await gqlOk(t, GQL_RULE, { id: rule.id });
    expect(seen).toMatchObject({ version: 2, description: 'changed over REST' });
    await t.http().delete(`/v1/rules/${rule.id}`).expect(204);
    await gqlFails(t, 'not-found', GQL_RULE, { id: rule.id });
  });

  it('updateRule and deleteRule with a stale expectedVersion fail with precondition-failed', async () => {
    const rule = await createRule(t, unique('gql-occ'));
    await t.http().patch(`/v1/rules/${rule.id}`).send({ enforcement: 'deny' }).expect(200);
    await gqlFails(t, 'precondition-failed', GQL_UPDATE, { id: rule.id, input: { enforcement: 'audit' }, v: 1 });
    await gqlFails(t, 'precondition-failed', GQL_DELETE, { id: rule.id, v: 1 });
    expect((await t.http().get(`/v1/rules/${rule.id}`)).body).toMatchObject({ version: 2, enforcement: 'deny' });
    expect(await gqlOk(t, GQL_DELETE, { id: rule.id, v: 2 })).toEqual({ deleteRule: true });
    expectProblem(await t.http().get(`/v1/rules/${rule.id}`), 404);
  });

  it('ruleVersions and restoreRuleVersion', async () => {
    const rule = await createRule(t, unique('gql-history'));
    await t.http().patch(`/v1/rules/${rule.id}`).send({ enforcement: 'deny' }).expect(200);
    const { ruleVersions } = await gqlOk(t, GQL_VERSIONS, { id: rule.id });
    expect(ruleVersions.map((v: any) => [v.version, v.change, v.enforcement])).toEqual([
      [2, 'updated', 'deny'],
      [1, 'created', 'warn'],
    ]);
    await gqlFails(t, 'precondition-failed', GQL_RESTORE, { id: rule.id, version: 1, v: 1 });
    await gqlFails(t, 'not-found', GQL_RESTORE, { id: rule.id, version: 5, v: 2 });
    const { restoreRuleVersion } = await gqlOk(t, GQL_RESTORE, { id: rule.id, version: 1, v: 2 });
    expect(restoreRuleVersion).toMatchObject({ version: 3, enforcement: 'warn' });
  });

  it('createRule names the invalid field in extensions, like REST', async () => {
    const err = await gqlFails(t, 'invalid-input', GQL_CREATE, {
      input: { name: 'gql-invalid', kind: 'pull-policy', params: { allowed: ['Sometimes'] }, enforcement: 'deny' },
    });
    expect(gqlErrorPaths(err)).toContain('params.allowed[0]');
    expect(err.message).toContain('params.allowed[0]');
    const kind = await gqlFails(t, 'invalid-input', GQL_CREATE, {
      input: { name: 'gql-invalid', kind: 'nope', params: {}, enforcement: 'deny' },
    });
    expect(gqlErrorPaths(kind)).toContain('kind');
  });

  it('createRule with a taken name is a conflict', async () => {
    const rule = await createRule(t, unique('gql-dup'));
    await gqlFails(t, 'conflict', GQL_CREATE, { input: { ...unique('x'), name: rule.name } });
  });

  it.each([
    ['rule', GQL_RULE],
    ['ruleVersions', GQL_VERSIONS],
    ['updateRule', GQL_UPDATE.replace('$input: UpdateRuleInput!', '$input: UpdateRuleInput = {}')],
    ['deleteRule', GQL_DELETE],
  ])('%s with an unknown or malformed id is not-found', async (_op, query) => {
    await gqlFails(t, 'not-found', query, { id: MISSING_ID });
    await gqlFails(t, 'not-found', query, { id: 'not-a-uuid' });
  });

  it('rules(kind, enforcement, enabled) filters like REST, and a bad filter is invalid-input', async () => {
    const r = await createRule(
      t,
      unique('gql-filter', {
        kind: 'pull-secrets-for-registries',
        params: { registries: ['ghcr.io/*'] },
        enforcement: 'audit',
        enabled: false,
      }),
    );
    const q = `{ rules(kind: "pull-secrets-for-registries", enforcement: "audit", enabled: false) { totalCount nodes { id } } }`;
    expect((await gqlOk(t, q)).rules).toEqual({ totalCount: 1, nodes: [{ id: r.id }] });
    const err = await gqlFails(t, 'invalid-input', '{ rules(kind: "nope") { totalCount } }');
    expect(gqlErrorPaths(err)).toContain('kind');
  });
});
