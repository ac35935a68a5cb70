// HTTP conventions clients rely on without reading our docs: HEAD as GET without a body (RFC 9110 §9.3.2),
// a JSON Content-Type on a request without a body, conditional requests (RFC 9110 §13.1.1–13.1.2), JSON
// Merge Patch (RFC 7396) for PATCH, and one rule for unknown query parameters on every list.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
});
afterAll(() => t.close());

let seq = 0;
async function newRule(): Promise<{ id: string; etag: string }> {
  const res = await t
    .http()
    .post('/v1/rules')
    .send({ name: `http-conv-${++seq}`, kind: 'require-digest', params: {}, enforcement: 'warn' })
    .expect(201);
  return { id: res.body.id, etag: res.headers.etag };
}

describe('HEAD answers as GET, without a body', () => {
  it.each(['/healthz', '/readyz', '/v1/rules', '/v1/clusters', '/v1/whoami', '/v1/evaluations'])(
    'HEAD %s',
    async (path) => {
      const get = await t.http().get(path);
      const head = await t.http().head(path);
      expect(head.status, head.text).toBe(get.status);
      expect(head.status).toBe(200);
      expect(head.text ?? '').toBe('');
      expect(head.headers['content-type']).toBe(get.headers['content-type']);
    },
  );

  it('HEAD of one rule carries its ETag', async () => {
    const { id, etag } = await newRule();
    const head = await t.http().head(`/v1/rules/${id}`).expect(200);
    expect(head.headers.etag).toBe(etag);
  });

  it('HEAD gets the access decision of GET: no key is a 401, not a 403', async () => {
    expect((await t.anon().get('/v1/rules')).status).toBe(401);
    const head = await t.anon().head('/v1/rules');
    expect(head.status).toBe(401);
    expect(head.headers['www-authenticate']).toContain('Bearer');
    expect((await t.anon().head('/healthz')).status).toBe(200);
  });

  it('HEAD where only POST exists is a 405 naming the methods', async () => {
    const res = await t.http().head('/v1/rules/00000000-0000-4000-8000-000000000000/versions/1/restore');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toContain('POST');
  });
});

describe('Content-Type: application/json without a body', () => {
  it('is accepted where the operation has no request body', async () => {
    const json = { 'content-type': 'application/json' };
    const { id } = await newRule();
    await t.http().get('/v1/rules').set(json).expect(200);
    await t.http().get(`/v1/rules/${id}`).set(json).expect(200);
    await t.http().patch(`/v1/rules/${id}`).send({ description: 'changed' }).expect(200);
    const restored = await t.http().post(`/v1/rules/${id}/versions/1/restore`).set(json);
    expect(restored.status, restored.text).toBe(200);
    const removed = await t.http().delete(`/v1/rules/${id}`).set(json);
    expect(removed.status, removed.text).toBe(204);
  });

  it('is still a 400 where the operation needs a body', async () => {
    const res = await t.http().post('/v1/rules').set('content-type', 'application/json');
    expect(res.status).toBe(400);
    expect(res.body.detail).toMatch(/empty/);
  });
});

describe('conditional requests', () => {
  it('If-None-Match with the current ETag is a 304 without a body; another one a 200', async () => {
    const { id, etag } = await newRule();
    const same = await t.http().get(`/v1/rules/${id}`).set('if-none-match', etag);
    expect(same.status).toBe(304);
    expect(same.text ?? '').toBe('');
    expect(same.headers.etag).toBe(etag);
    // Weak comparison (RFC 9110 §13.1.2): W/ does not matter, and a list matches when one member does.
    expect((await t.http().get(`/v1/rules/${id}`).set('if-none-match', `W/${etag}`)).status).toBe(304);
    expect((await t.http().get(`/v1/rules/${id}`).set('if-none-match', `"v99", ${etag}`)).status).toBe(304);
    expect((await t.http().get(`/v1/rules/${id}`).set('if-none-match', '*')).status).toBe(304);
    expect((await t.http().get(`/v1/rules/${id}`).set('if-none-match', '"v99"')).status).toBe(200);
    const clusters = await t
      .http()
      .post('/v1/clusters')
      .send({ name: `conditional-${++seq}` })
      .expect(201);
    const cluster = `/v1/clusters/${clusters.body.id}`;
    expect((await t.http().get(cluster).set('if-none-match', clusters.headers.etag)).status).toBe(304);
  });

  it.each([['"v1"'], ['W/"v1"'], [' W/"v1" ']])('If-Match %s names version 1', async (ifMatch) => {
    const { id } = await newRule();
    const res = await t.http().patch(`/v1/rules/${id}`).set('if-match', ifMatch).send({ description: 'x' });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.etag).toBe('"v2"');
    const stale = await t.http().patch(`/v1/rules/${id}`).set('if-match', ifMatch).send({ description: 'y' });
    expect(stale.status).toBe(412);
  });

  it.each(['v1', '"1"', 'W/"1"', '1', 'latest'])('If-Match %s is a 400 saying which form it takes', async (ifMatch) => {
    const { id } = await newRule();
    const res = await t.http().patch(`/v1/rules/${id}`).set('if-match', ifMatch).send({ description: 'x' });
    expect(res.status).toBe(400);
    expect(res.body.detail).toBe(
      `If-Match must be the ETag of the version the change is based on, exactly as the ETag header gave it: "v3", double quotes included (W/"v3" is read the same); got ${JSON.stringify(ifMatch)}`,
    );
  });

  it('PATCH takes application/merge-patch+json (RFC 7396) like application/json', async () => {
    const { id } = await newRule();
    const res = await t
      .http()
      .patch(`/v1/rules/${id}`)
      .set('content-type', 'application/merge-patch+json')
      .send(JSON.stringify({ description: 'merged' }));
    expect(res.status, res.text).toBe(200);
    expect(res.body.description).toBe('merged');
    const other = await t
      .http()
      .post('/v1/rules')
      .set('content-type', 'application/merge-patch+json')
      .send(JSON.stringify({ name: 'x' }));
    expect(other.status).toBe(415);
  });
});

describe('unknown query parameters on lists', () => {
  it.each(['/v1/rules', '/v1/exceptions', '/v1/clusters', '/v1/api-keys', '/v1/evaluations'])(
    '%s refuses them with a 400 naming each',
    async (path) => {
      const res = await t.http().get(`${path}?limit=5&colour=red&sort=name`);
      expect(res.status, res.text).toBe(400);
      expect(res.body.detail).toContain('colour');
      expect(res.body.detail).toContain('sort');
      expect(res.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['colour', 'sort']));
      expect((await t.http().get(`${path}?limit=5`)).status).toBe(200);
    },
  );
});
