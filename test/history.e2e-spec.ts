// Recording and history: record: true stores the evaluation with its provenance, rule versions and
// findings; GET /v1/evaluations and GraphQL `evaluations` list, filter and paginate it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestApp, type TestApp } from './support/test-app.js';

const pod = (name: string, namespace: string, image: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  containers: [{name: c, image: "${image}"}]
`;

// Two evaluations that could not be judged in full (issue 13 §1): their verdict is error, never pass, and
// not fail either, although the second one's readable part has a deny finding.
//   e  qa/Pod e, an image the kubelet cannot parse                       → error, no findings
//   f  qa/Pod f with nginx:latest, then a kind apps/v1 does not serve    → error, 1 deny finding
const ERROR_MANIFESTS: Record<'e' | 'f', string> = {
  e: pod('e', 'qa', 'MyOrg/App:1.0'),
  f: `${pod('f', 'qa', 'nginx:latest')}---
apiVersion: apps/v1
kind: Deploymnet
metadata: {name: f, namespace: qa}
spec:
  template:
    spec:
      containers: [{name: c, image: "nginx:1.27"}]
`,
};

describe('recorded evaluations', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await bootTestApp();
    await t
      .http()
      .post('/v1/rules')
      .send({ name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'deny' })
      .expect(201);
    const cases: [string, string, string, string][] = [
      ['a', 'prod', 'nginx', 'acme/shop'],
      ['b', 'prod', 'nginx:1.27', 'acme/shop'],
      ['c', 'dev', 'nginx:latest', 'acme/blog'],
      ['d', 'dev', 'redis:7', 'acme/blog'],
    ];
    for (const [name, ns, image, repository] of cases) {
      const res = await t
        .http()
        .post('/v1/evaluations')
        .send({
          manifests: pod(name, ns, image),
          record: true,
          source: { repository, commit: `sha-${name}`, pipeline: 'ci' },
        })
        .expect(200);
      ids[name] = res.body.id;
    }
    for (const name of ['e', 'f'] as const) {
      const res = await t
        .http()
        .post('/v1/evaluations')
        .send({
          manifests: ERROR_MANIFESTS[name],
          record: true,
          source: { repository: 'acme/lab', commit: `sha-${name}`, pipeline: 'ci' },
        })
        .expect(200);
      expect(res.body.verdict).toBe('error');
      ids[name] = res.body.id;
    }
  });
  afterAll(() => t.close());

  it('returns an id only when asked to record', async () => {
    const res = await t
      .http()
      .post('/v1/evaluations')
      .send({ manifests: pod('x', 'prod', 'nginx') })
      .expect(200);
    expect(res.body.id).toBeNull();
    expect(ids.a).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GET /v1/evaluations/{id} returns provenance, rule versions and the full result', async () => {
    const res = await t.http().get(`/v1/evaluations/${ids.a}`).expect(200);
    expect(res.body).toMatchObject({
      id: ids.a,
      verdict: 'fail',
      namespaces: ['prod'],
      source: { repository: 'acme/shop', commit: 'sha-a', pipeline: 'ci' },
      summary: { slots: 1, findings: { deny: 1, warn: 0, audit: 0, waived: 0 } },
      ruleVersions: [{ name: 'no-latest', version: 1 }],
    });
    expect(res.body.result.findings[0]).toMatchObject({ rule: 'no-latest', workload: 'Pod/a' });
  });

  it.each([
    [{ verdict: 'fail' }, ['c', 'a']],
    [{ verdict: 'pass' }, ['d', 'b']],
    [{ verdict: 'error' }, ['f', 'e']],
    [{ verdict: 'error', namespace: 'qa' }, ['f', 'e']],
    [{ verdict: 'error', repository: 'acme/shop' }, []],
    [{ namespace: 'dev' }, ['d', 'c']],
    [{ rule: 'no-latest' }, ['f', 'c', 'a']],
    [{ repository: 'acme/shop' }, ['b', 'a']],
    [{ repository: 'acme/shop', verdict: 'fail' }, ['a']],
  ])('filters %j, newest first', async (query, expected) => {
    const res = await t.http().get('/v1/evaluations').query(query).expect(200);
    expect(res.body.items.map((e: any) => e.id)).toEqual(expected.map((n) => ids[n]));
    expect(res.body.totalCount).toBe(expected.length);
  });

  it('filters by time range', async () => {
    const future = new Date(Date.now() + 3600_000).toISOString();
    const res = await t.http().get('/v1/evaluations').query({ since: future }).expect(200);
    expect(res.body.items).toEqual([]);
  });

  it('paginates with a cursor until the end', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await t
        .http()
        .get('/v1/evaluations')
        .query({ limit: 1, ...(cursor ? { cursor } : {}) })
        .expect(200);
      seen.push(...res.body.items.map((e: any) => e.id));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['f', 'e', 'd', 'c', 'b', 'a'].map((n) => ids[n]));
  });

  it.each([
    [{ verdict: 'maybe' }, 'verdict'],
    [{ since: 'yesterday' }, 'since'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
    [{ limit: '0' }, 'limit'],
    [{ colour: 'red' }, 'colour'],
  ])('bad query %j is a 400 naming %s', async (query, path) => {
    const res = await t.http().get('/v1/evaluations').query(query).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: any) => e.path)).toContain(path);
  });

  it('an unknown id is a 404 problem', async () => {
    await t.http().get('/v1/evaluations/00000000-0000-4000-8000-000000000000').expect(404);
    await t.http().get('/v1/evaluations/nope').expect(404);
  });

  it('GraphQL evaluations mirrors the REST list, with the result on demand', async () => {
    const res = await t.gql(
      `{ evaluations(first: 2, namespace: "dev") { totalCount pageInfo { hasNextPage endCursor } nodes { id verdict source { repository } result { verdict findings { rule } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const c = res.body.data.evaluations;
    expect(c.totalCount).toBe(2);
    expect(c.nodes.map((n: any) => n.id)).toEqual([ids.d, ids.c]);
    expect(c.nodes[1].result.findings).toEqual([{ rule: 'no-latest' }]);
  });

  describe('evaluations that could not be judged (verdict error)', () => {
    it('the list shows them as error, with their counts, never as pass or fail', async () => {
      const res = await t.http().get('/v1/evaluations').query({ verdict: 'error' }).expect(200);
      expect(res.body.items.map((e: any) => [e.id, e.verdict])).toEqual([
        [ids.f, 'error'],
        [ids.e, 'error'],
      ]);
      expect(res.body.items[0]).toMatchObject({
        namespaces: ['qa'],
        source: { repository: 'acme/lab', commit: 'sha-f', pipeline: 'ci' },
        summary: { findings: { deny: 1, warn: 0, audit: 0, waived: 0 } },
      });
      expect(res.body.items[1].summary.findings).toEqual({ deny: 0, warn: 0, audit: 0, waived: 0 });
    });

    it('GET /v1/evaluations/{id} returns verdict error with the input errors, as the API server and kubelet say them', async () => {
      const e = await t.http().get(`/v1/evaluations/${ids.e}`).expect(200);
      expect(e.body).toMatchObject({ id: ids.e, verdict: 'error', result: { verdict: 'error', findings: [] } });
      expect(e.body.result.errors).toEqual([
        {
          code: 'invalid-image',
          document: 0,
          path: 'spec.containers[0].image',
          line: 5,
          message: expect.stringContaining('InvalidImageName'),
        },
      ]);
      expect(e.body.result.errors[0].message).toContain('repository name (App) must be lowercase');

      const f = await t.http().get(`/v1/evaluations/${ids.f}`).expect(200);
      expect(f.body).toMatchObject({ verdict: 'error', result: { verdict: 'error' } });
      expect(f.body.result.findings).toEqual([expect.objectContaining({ rule: 'no-latest', workload: 'Pod/f' })]);
      expect(f.body.result.errors).toEqual([
        expect.objectContaining({ document: 1, message: expect.stringContaining('Deploymnet') }),
      ]);
    });

    it('GraphQL evaluations(verdict: "error") returns exactly the error ones, with verdict and errors', async () => {
      const res = await t.gql(
        `query($v: String) { evaluations(verdict: $v) { totalCount nodes { id verdict result { verdict errors { document path line message } findings { rule } } } } }`,
        { v: 'error' },
      );
      expect(res.body.errors).toBeUndefined();
      const c = res.body.data.evaluations;
      expect(c.totalCount).toBe(2);
      expect(c.nodes.map((n: any) => [n.id, n.verdict, n.result.verdict])).toEqual([
        [ids.f, 'error', 'error'],
        [ids.e, 'error', 'error'],
      ]);
      expect(c.nodes[1].result.errors).toEqual([
        {
          document: 0,
          path: 'spec.containers[0].image',
          line: 5,
          message: expect.stringContaining('InvalidImageName'),
        },
      ]);
      expect(c.nodes[0].result.findings).toEqual([{ rule: 'no-latest' }]);

      for (const [verdict, expected] of [
        ['pass', ['d', 'b']],
        ['fail', ['c', 'a']],
      ] as const) {
        const other = await t.gql(`query($v: String) { evaluations(verdict: $v) { nodes { id verdict } } }`, {
          v: verdict,
        });
        expect(other.body.errors).toBeUndefined();
        expect(other.body.data.evaluations.nodes).toEqual(expected.map((n) => ({ id: ids[n], verdict })));
      }
    });

    it('a bad verdict names error among the accepted values', async () => {
      const res = await t.http().get('/v1/evaluations').query({ verdict: 'maybe' }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('error') })]);
    });

    it('an input of which nothing can be read is a 422 and is not recorded', async () => {
      const before = (await t.http().get('/v1/evaluations').expect(200)).body.totalCount;
      const res = await t
        .http()
        .post('/v1/evaluations')
        .send({ manifests: 'this is : not : yaml: [', record: true })
        .expect(422);
      expect(res.body.type).toBe('urn:pullwise:problem:unreadable-manifests');
      expect((await t.http().get('/v1/evaluations').expect(200)).body.totalCount).toBe(before);
    });
  });
});
