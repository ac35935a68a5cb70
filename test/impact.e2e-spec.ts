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
