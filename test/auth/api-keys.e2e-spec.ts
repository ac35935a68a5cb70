// Issue 6 item 1: keys are created and revoked by admins over REST and GraphQL, the secret is shown once and
// stored only as a hash, last use is recorded, revocation and expiry take effect, and audit events name the key.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, bootTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
});
afterAll(() => t?.close());

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('API keys over REST', () => {
  it('creates a key whose secret is shown once and stored only as its SHA-256', async () => {
    const res = await t
      .http()
      .post('/v1/api-keys')
      .send({ name: 'ci-shop', scopes: ['evaluate', 'rules:read'] })
      .expect(201);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers.location).toBe(`/v1/api-keys/${res.body.key.id}`);
    expect(res.body.token).toMatch(/^pwk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(res.body.key).toMatchObject({
      name: 'ci-shop',
      scopes: ['evaluate', 'rules:read'],
      status: 'active',
      createdBy: 'admin-token',
      lastUsedAt: null,
      prefix: res.body.token.slice(0, 16),
    });
    const row = await t.db.prisma.apiKey.findUniqueOrThrow({ where: { id: res.body.key.id } });
    expect(JSON.stringify(row)).not.toContain(res.body.token.slice(17));
    expect(row.secretHash).toMatch(/^[0-9a-f]{64}$/);

    const got = await t.http().get(`/v1/api-keys/${res.body.key.id}`).expect(200);
    expect(JSON.stringify(got.body)).not.toContain(res.body.token.slice(17));
    expect(got.body).not.toHaveProperty('token');
    expect(got.body).not.toHaveProperty('secretHash');
    const list = await t.http().get('/v1/api-keys').expect(200);
    expect(JSON.stringify(list.body)).not.toMatch(/secretHash|pwk_[0-9a-f]{12}_/);
  });

  it('the new key works for its scopes, records its last use, and is named in audit events', async () => {
    const { body } = await t
      .http()
      .post('/v1/api-keys')
      .send({ name: 'writer', scopes: ['rules:write'] })
      .expect(201);
    const who = await t.anon().get('/v1/whoami').set(bearer(body.token)).expect(200);
    expect(who.body).toEqual({
      kind: 'api-key',
      actor: `key:writer (${body.key.prefix})`,
      scopes: ['rules:write'],
      keyId: body.key.id,
    });
    const rule = await t
      .anon()
      .post('/v1/rules')
      .set(bearer(body.token))
      .send({ name: 'written-by-key', kind: 'require-digest', params: {}, enforcement: 'warn' })
      .expect(201);
    expect(rule.body.createdBy).toBe(`key:writer (${body.key.prefix})`);
    const audit = await t.db.prisma.auditEvent.findFirstOrThrow({ where: { entityId: rule.body.id } });
    expect(audit.actor).toBe(`key:writer (${body.key.prefix})`);
    await expect.poll(async () => (await t.http().get(`/v1/api-keys/${body.key.id}`)).body.lastUsedAt).not.toBeNull();
  });

  it('revocation takes effect at once and is audited; revoking again is harmless', async () => {
    const { body } = await t
      .http()
      .post('/v1/api-keys')
      .send({ name: 'short-lived', scopes: ['evaluate'] });
    await t.anon().get('/v1/whoami').set(bearer(body.token)).expect(200);
    const revoked = await t.http().delete(`/v1/api-keys/${body.key.id}`).expect(200);
    expect(revoked.body).toMatchObject({ status: 'revoked', revokedAt: expect.any(String) });
    const res = await t.anon().get('/v1/whoami').set(bearer(body.token)).expect(401);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.body.detail).toMatch(/unknown, revoked or expired/);
    await t.http().delete(`/v1/api-keys/${body.key.id}`).expect(200);
    const events = await t.db.prisma.auditEvent.findMany({ where: { entityId: body.key.id }, orderBy: { at: 'asc' } });
    expect(events.map((e) => e.action)).toEqual(['create', 'revoke']);
    expect(JSON.stringify(events)).not.toContain(body.token.slice(17));
  });

  it('an expired key is refused and listed as expired', async () => {
    const { body } = await t
      .http()
      .post('/v1/api-keys')
      .send({ name: 'old', scopes: ['evaluate'] });
    await t.db.prisma.apiKey.update({ where: { id: body.key.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    // The key was never looked up, so no cached copy hides the change.
    await t.anon().get('/v1/whoami').set(bearer(body.token)).expect(401);
    expect((await t.http().get(`/v1/api-keys/${body.key.id}`)).body.status).toBe('expired');
  });

  it.each([
    [{}, 'name'],
    [{ name: 'x' }, 'scopes'],
    [{ name: 'x', scopes: [] }, 'scopes'],
    [{ name: 'x', scopes: ['root'] }, 'scopes.0'],
    [{ name: 'x', scopes: ['admin', 'admin'] }, 'scopes'],
    [{ name: '', scopes: ['admin'] }, 'name'],
    [{ name: 'tab\there', scopes: ['admin'] }, 'name'],
    [{ name: 'x', scopes: ['admin'], expiresAt: '2020-01-01T00:00:00Z' }, 'expiresAt'],
    [{ name: 'x', scopes: ['admin'], expiresAt: 'tomorrow' }, 'expiresAt'],
    [{ name: 'x', scopes: ['admin'], owner: 'me' }, '(body)'],
  ])('refuses %j naming %s', async (body, path) => {
    const res = await t.http().post('/v1/api-keys').send(body).expect(400);
    expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
  });

  it('a missing key is 404; a malformed Authorization header is 401 with WWW-Authenticate', async () => {
    await t.http().get('/v1/api-keys/00000000-0000-4000-8000-000000000000').expect(404);
    for (const header of ['Basic abc', 'Bearer', 'Bearer a b', ADMIN_TOKEN]) {
      const res = await t.anon().get('/v1/rules').set('authorization', header).expect(401);
      expect(res.headers['www-authenticate']).toBe('Bearer realm="pullwise"');
    }
  });
});

describe('API keys over GraphQL', () => {
  it('creates, lists, reads and revokes; whoami names the caller', async () => {
    const created = await t.gql<any>(
      `mutation ($input: CreateApiKeyInput!) { createApiKey(input: $input) { token key { id name scopes status } } }`,
      { input: { name: 'dashboard', scopes: ['rules:read'] } },
    );
    expect(created.body.errors).toBeUndefined();
    const { token, key } = created.body.data.createApiKey;
    expect(key).toMatchObject({ name: 'dashboard', scopes: ['rules:read'], status: 'active' });

    const who = await t
      .anon()
      .post('/graphql')
      .set(bearer(token))
      .send({ query: '{ whoami { kind actor scopes keyId } }' })
      .expect(200);
    expect(who.body.data.whoami).toMatchObject({ kind: 'api-key', scopes: ['rules:read'], keyId: key.id });

    const denied = await t.anon().post('/graphql').set(bearer(token)).send({ query: '{ apiKeys { totalCount } }' });
    expect(denied.body.errors[0].extensions.code).toBe('urn:pullwise:problem:forbidden');
    expect(denied.body.errors[0].message).toMatch(/needs the scope "admin"/);
    expect(denied.body.data).toBeNull();

    const listed = await t.gql<any>('{ apiKeys(first: 500) { nodes { id status } totalCount } }');
    expect(listed.body.data.apiKeys.nodes).toContainEqual({ id: key.id, status: 'active' });

    const revoked = await t.gql<any>('mutation ($id: ID!) { revokeApiKey(id: $id) { status } }', { id: key.id });
    expect(revoked.body.data.revokeApiKey.status).toBe('revoked');
    const after = await t.anon().post('/graphql').set(bearer(token)).send({ query: '{ whoami { kind } }' });
    expect(after.body.errors[0].extensions.code).toBe('urn:pullwise:problem:unauthorized');
  });

  it('refuses a bad create with a typed error naming the field', async () => {
    const res = await t.gql('mutation { createApiKey(input: { name: "x", scopes: ["everything"] }) { token } }');
    expect(res.body.errors![0].extensions.code).toBe('urn:pullwise:problem:invalid-input');
    expect(res.body.errors![0].extensions.errors[0].path).toBe('scopes.0');
  });
});

describe('rate limit per key', () => {
  let limited: TestApp;
  beforeAll(async () => {
    limited = await bootTestApp({ env: { PULLWISE_RATE_LIMIT: '5' } });
  });
  afterAll(() => limited?.close());

  it('answers 429 problem+json with Retry-After past the limit, per key, and never limits probes', async () => {
    const other = (
      await limited
        .http()
        .post('/v1/api-keys')
        .send({ name: 'other', scopes: ['evaluate'] })
    ).body.token;
    for (let i = 0; i < 4; i++) await limited.http().get('/v1/rules').expect(200);
    const last = await limited.http().get('/v1/rules').expect(429);
    expect(last.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(Number(last.headers['retry-after'])).toBeGreaterThan(0);
    expect(last.body.type).toBe('urn:pullwise:problem:rate-limited');
    expect(last.body.detail).toMatch(/5 requests per 60 s/);
    const gql = await limited.gql('{ rules { totalCount } }');
    expect(gql.body.errors![0].extensions.code).toBe('urn:pullwise:problem:rate-limited');
    // Another key has its own budget; a GraphQL request with several fields counts once.
    const many = await limited.anon().post('/graphql').set(bearer(other)).send({
      query:
        '{ a: whoami { kind } b: whoami { kind } c: whoami { kind } d: whoami { kind } e: whoami { kind } f: whoami { kind } }',
    });
    expect(many.body.errors, JSON.stringify(many.body.errors)).toBeUndefined();
    for (let i = 0; i < 10; i++) await limited.anon().get('/healthz').expect(200);
    // Once over, every field of a request is refused, not just the first.
    const over = await limited.gql('{ whoami { kind } health { status } rules { totalCount } }');
    expect(over.body.data).toBeNull();
    expect(new Set(over.body.errors!.map((e) => e.extensions.code))).toEqual(
      new Set(['urn:pullwise:problem:rate-limited']),
    );
  });
});
