// Impact preview: a proposed rule (new or changed) replayed over recorded evaluations before it is
// enforced — "this change flips N of the last M evaluations".
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestApp, type TestApp } from './support/test-app.js';

const pod = (name: string, image: string, policy?: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: prod}
spec:
  containers:
  - name: c
    image: "${image}"${policy ? `\n    imagePullPolicy: ${policy}` : ''}
`;

describe('rule impact preview', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await bootTestApp();
    await t
      .http()
      .post('/v1/rules')
      .send({ name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'warn' })
      .expect(201);
    // Seeded history: two latest (warn), one pinned tag without policy, one with Always, one digest.
    const history: [string, string, string?][] = [
      ['latest-1', 'nginx'],
      ['latest-2', 'redis:latest'],
      ['tagged', 'nginx:1.27'],
      ['always', 'nginx:1.27', 'Always'],
      ['digest', 'nginx@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ];
    for (const [name, image, policy] of history) {
      const res = await t
        .http()
        .post('/v1/evaluations')
        .send({ manifests: pod(name, image, policy), record: true })
        .expect(200);
      ids[name] = res.body.id;
    }
  });
  afterAll(() => t.close());

  it('a new deny rule: counts the flips and lists them', async () => {
    const res = await t
      .http()
      .post('/v1/rules/impact')
      .send({ rule: { name: 'mutable-always', kind: 'mutable-tag-requires-always', params: {}, enforcement: 'deny' } })
      .expect(200);
    // Tagged without Always fails; latest images default to Always (pass that rule) but already warn.
    expect(res.body).toMatchObject({
      rule: 'mutable-always',
      replaces: null,
      evaluated: 5,
      flipped: 1,
      summary: 'this change flips 1 of the last 5 evaluations',
    });
    expect(res.body.byTransition).toEqual({ 'pass->fail': 1 });
    expect(res.body.evaluations.map((e: any) => [e.id, e.before, e.after])).toEqual([[ids.tagged, 'pass', 'fail']]);
  });

  it('a changed rule (same name): warn -> deny flips the latest evaluations', async () => {
    const res = await t
      .http()
      .post('/v1/rules/impact')
      .send({
        rule: { name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'deny' },
        last: 3,
      })
      .expect(200);
    expect(res.body.replaces).toMatchObject({ name: 'no-latest', version: 1 });
    expect(res.body.evaluated).toBe(3);
    // The last 3 are digest, always, tagged (newest first): none uses latest.
    expect(res.body.flipped).toBe(0);
    const all = await t
      .http()
      .post('/v1/rules/impact')
      .send({ rule: { name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'deny' } })
      .expect(200);
    expect(all.body.flipped).toBe(2);
    expect(all.body.byTransition).toEqual({ 'warn->fail': 2 });
    expect(all.body.evaluations.map((e: any) => e.id).sort()).toEqual([ids['latest-1'], ids['latest-2']].sort());
  });

  it('the store is untouched by a preview', async () => {
    const rules = await t.http().get('/v1/rules').expect(200);
    expect(rules.body.items.map((r: any) => [r.name, r.enforcement, r.version])).toEqual([['no-latest', 'warn', 1]]);
  });

  it('GraphQL ruleImpact answers the same', async () => {
    const res = await t.gql(
      'query($r: JSON!) { ruleImpact(input: { rule: $r }) { evaluated flipped summary evaluations { id before after } } }',
      {
        r: { name: 'mutable-always', kind: 'mutable-tag-requires-always', params: {}, enforcement: 'deny' },
      },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.ruleImpact).toMatchObject({
      evaluated: 5,
      flipped: 1,
      evaluations: [{ id: ids.tagged, before: 'pass', after: 'fail' }],
    });
  });

  it.each([
    [{ rule: { name: 'x', kind: 'nope', params: {}, enforcement: 'deny' } }, 'rule.kind'],
    [
      { rule: { name: 'x', kind: 'pull-policy', params: { allowed: ['always'] }, enforcement: 'deny' } },
      'rule.params.allowed[0]',
    ],
    [{ rule: { name: 'x', kind: 'require-digest', params: {}, enforcement: 'deny' }, last: 0 }, 'last'],
    [{}, 'rule'],
  ])('a bad proposal %j is a 400 naming %s', async (body, path) => {
    const res = await t.http().post('/v1/rules/impact').send(body).expect(400);
    expect(res.body.errors.map((e: any) => e.path)).toContain(path);
  });
});

// Issue 13 §1: a recorded evaluation whose input could not be judged in full stays `error` under any
// rules. A replay reports it as error before and after and never counts it as flipped, whether the
// proposal adds a finding to it, makes its finding a deny, or removes the rule behind its only finding.
describe('rule impact preview over evaluations that could not be judged', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  const NO_LATEST = { name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] } };
  const MUTABLE_ALWAYS = { name: 'mutable-always', kind: 'mutable-tag-requires-always', params: {} };
  beforeAll(async () => {
    t = await bootTestApp();
    await t
      .http()
      .post('/v1/rules')
      .send({ ...NO_LATEST, enforcement: 'warn' })
      .expect(201);
    // tagged         nginx:1.27 without a policy                                       → pass
    // broken         the same Pod next to an image the kubelet cannot parse            → error
    // broken-latest  nginx:latest (a warn finding) next to a kind apps/v1 does not serve → error
    const history: [string, string, string][] = [
      ['tagged', pod('tagged', 'nginx:1.27'), 'pass'],
      ['broken', `${pod('broken', 'nginx:1.27')}---\n${pod('unparsable', 'MyOrg/App:1.0')}`, 'error'],
      [
        'broken-latest',
        `${pod('broken-latest', 'nginx:latest')}---
apiVersion: apps/v1
kind: Deploymnet
metadata: {name: web, namespace: prod}
spec:
  template:
    spec:
      containers: [{name: c, image: "nginx:1.27"}]
`,
        'error',
      ],
    ];
    for (const [name, manifests, verdict] of history) {
      const res = await t.http().post('/v1/evaluations').send({ manifests, record: true }).expect(200);
      expect(res.body.verdict, name).toBe(verdict);
      ids[name] = res.body.id;
    }
    const latest = await t.http().get(`/v1/evaluations/${ids['broken-latest']}`).expect(200);
    expect(latest.body.summary.findings).toMatchObject({ warn: 1 });
  });
  afterAll(() => t?.close());

  it('a new deny rule adds a finding to an error evaluation, which stays error and is not flipped', async () => {
    const res = await t
      .http()
      .post('/v1/rules/impact')
      .send({ rule: { ...MUTABLE_ALWAYS, enforcement: 'deny' } })
      .expect(200);
    expect(res.body).toMatchObject({
      evaluated: 3,
      flipped: 1,
      summary: 'this change flips 1 of the last 3 evaluations',
      skipped: [],
    });
    expect(res.body.byTransition).toEqual({ 'pass->fail': 1 });
    expect(res.body.evaluations.map((e: any) => [e.id, e.before, e.after, e.addedFindings])).toEqual([
      [ids.broken, 'error', 'error', 1],
      [ids.tagged, 'pass', 'fail', 1],
    ]);
  });

  it('warn -> deny on the rule behind an error evaluation’s finding flips nothing', async () => {
    const res = await t
      .http()
      .post('/v1/rules/impact')
      .send({ rule: { ...NO_LATEST, enforcement: 'deny' } })
      .expect(200);
    expect(res.body).toMatchObject({ evaluated: 3, flipped: 0, byTransition: {} });
    expect(res.body.evaluations.filter((e: any) => e.before !== e.after)).toEqual([]);
  });

  it('disabling the rule behind an error evaluation’s only finding does not make it pass', async () => {
    const res = await t
      .http()
      .post('/v1/rules/impact')
      .send({ rule: { ...NO_LATEST, enforcement: 'warn', enabled: false } })
      .expect(200);
    expect(res.body).toMatchObject({ evaluated: 3, flipped: 0, byTransition: {} });
    expect(res.body.evaluations.map((e: any) => [e.id, e.before, e.after, e.removedFindings])).toEqual([
      [ids['broken-latest'], 'error', 'error', 1],
    ]);
  });

  it('GraphQL ruleImpact answers the same', async () => {
    const res = await t.gql(
      'query($r: JSON!) { ruleImpact(input: { rule: $r }) { evaluated flipped byTransition evaluations { id before after } } }',
      { r: { ...MUTABLE_ALWAYS, enforcement: 'deny' } },
    );
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.ruleImpact).toEqual({
      evaluated: 3,
      flipped: 1,
      byTransition: { 'pass->fail': 1 },
      evaluations: [
        { id: ids.broken, before: 'error', after: 'error' },
        { id: ids.tagged, before: 'pass', after: 'fail' },
      ],
    });
  });
});
