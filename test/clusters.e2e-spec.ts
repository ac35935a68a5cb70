// Cluster profiles as an operator records them (docs/design.md "Domain words" and "Rules, exceptions,
// cluster profiles", issue #4 items 7–9): the facts about a target cluster that evaluations name with
// `"cluster": "<name>"`; CRUD over REST and GraphQL, validation naming the field, ETag / If-Match
// (GraphQL: expectedVersion) and the audit trail. Their effect on evaluations is in policy-evaluation.e2e-spec.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLUSTER_FIELDS,
  MISSING_ID,
  PROBLEM,
  UUID,
  createCluster,
  expectProblem,
  gqlErrorPaths,
  gqlFails,
  gqlOk,
} from './support/policy-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
});
afterAll(() => t.close());

const PROD_EU = {
  name: 'prod-eu-1',
  labels: { env: 'prod', region: 'eu-west-1' },
  admissionPlugins: ['NodeRestriction', 'AlwaysPullImages'],
  kubeletVersion: '1.33',
  credentialVerificationPolicy: 'NeverVerifyAllowlistedImages',
  verificationAllowlist: ['registry.k8s.io/*', 'docker.io/library/busybox'],
  preloadedImages: ['registry.k8s.io/pause:3.9'],
};

let seq = 0;
const unique = (overrides: Record<string, unknown> = {}) => ({ name: `cluster-${++seq}`, ...overrides });

const GQL_CREATE = `mutation($input: CreateClusterProfileInput!) { createClusterProfile(input: $input) { ${CLUSTER_FIELDS} } }`;
const GQL_UPDATE = `mutation($id: ID!, $input: UpdateClusterProfileInput!, $v: Int) { updateClusterProfile(id: $id, input: $input, expectedVersion: $v) { ${CLUSTER_FIELDS} } }`;
const GQL_DELETE = `mutation($id: ID!, $v: Int) { deleteClusterProfile(id: $id, expectedVersion: $v) }`;
const GQL_ONE = `query($id: ID!) { cluster(id: $id) { ${CLUSTER_FIELDS} } }`;

describe('creating a cluster profile over REST', () => {
  it('answers 201 with the stored profile, version 1, an ETag and a Location', async () => {
    const res = await t.http().post('/v1/clusters').send(PROD_EU).expect(201);
    expect(res.body).toMatchObject({ ...PROD_EU, id: expect.stringMatching(UUID), version: 1 });
    expect(res.headers.etag).toBe('"v1"');
    expect(res.headers.location).toBe(`/v1/clusters/${res.body.id}`);
    const read = await t.http().get(`/v1/clusters/${res.body.id}`).expect(200);
    expect(read.headers.etag).toBe('"v1"');
    expect(read.body).toEqual(res.body);
  });

  it('a name alone is a profile of stock Kubernetes', async () => {
    const p = await createCluster(t, { name: 'stock' });
    expect(p).toMatchObject({
      labels: {},
      admissionPlugins: [],
      kubeletVersion: null,
      credentialVerificationPolicy: null,
      verificationAllowlist: [],
      preloadedImages: [],
    });
  });

  it.each<[string, string, Record<string, unknown>]>([
    ['a name with capitals and spaces', 'name', { name: 'Prod EU' }],
    ['no name', 'name', { name: undefined }],
    ['a kubelet version that is not one', 'kubeletVersion', { kubeletVersion: 'banana' }],
    ['a kubelet version outside the modelled range', 'kubeletVersion', { kubeletVersion: '1.12' }],
    [
      'an unknown credential verification policy',
      'credentialVerificationPolicy',
      { credentialVerificationPolicy: 'Sometimes' },
    ],
    ['admission plugins as a string', 'admissionPlugins', { admissionPlugins: 'AlwaysPullImages' }],
    ['a preloaded image that does not parse', 'preloadedImages[1]', { preloadedImages: ['nginx:1.27', 'Nginx'] }],
    [
      'an allowlist entry with a tag',
      'verificationAllowlist[0]',
      { verificationAllowlist: ['docker.io/library/nginx:1.27'] },
    ],
    ['a label value that is not a string', 'labels.env', { labels: { env: 5 } }],
    ['an unknown field', 'region', { region: 'eu' }],
  ])('rejects %s with a 400 naming %s', async (_what, path, change) => {
    const res = await t
      .http()
      .post('/v1/clusters')
      .send({ ...unique(), ...change });
    expectProblem(res, 400);
    expect(res.body.type).toBe(PROBLEM('invalid-input'));
    expect(res.body.errors.map((e: any) => e.path)).toContain(path);
  });

  it('rejects a second profile with the same name: 409', async () => {
    const p = await createCluster(t, unique());
    const res = await t.http().post('/v1/clusters').send({ name: p.name });
    expectProblem(res, 409);
    expect(res.body.type).toBe(PROBLEM('conflict'));
    expect(res.body.errors.map((e: any) => e.path)).toContain('name');
  });
});

describe('reading, changing and deleting over REST', () => {
  it.each([
    ['an id that does not exist', MISSING_ID],
    ['a malformed id (a profile name is not its id)', 'prod-eu-1'],
  ])('GET, PATCH and DELETE answer 404 for %s', async (_what, id) => {
    for (const res of [
      await t.http().get(`/v1/clusters/${id}`),
      await t.http().patch(`/v1/clusters/${id}`).send({ kubeletVersion: '1.35' }),
      await t.http().delete(`/v1/clusters/${id}`),
    ]) {
      expectProblem(res, 404);
      expect(res.body.type).toBe(PROBLEM('not-found'));
    }
  });

  it('PATCH with the current ETag changes only the named fields; a stale ETag is 412', async () => {
    const p = await createCluster(t, unique({ admissionPlugins: ['AlwaysPullImages'], kubeletVersion: '1.34' }));
    const ok = await t
      .http()
      .patch(`/v1/clusters/${p.id}`)
      .set('if-match', '"v1"')
      .send({ kubeletVersion: '1.35' })
      .expect(200);
    expect(ok.headers.etag).toBe('"v2"');
    expect(ok.body).toMatchObject({ version: 2, kubeletVersion: '1.35', admissionPlugins: ['AlwaysPullImages'] });

    const stale = await t.http().patch(`/v1/clusters/${p.id}`).set('if-match', '"v1"').send({ admissionPlugins: [] });
    expectProblem(stale, 412);
    expect(stale.body.type).toBe(PROBLEM('precondition-failed'));
    expect((await t.http().get(`/v1/clusters/${p.id}`)).body).toMatchObject({
      version: 2,
      admissionPlugins: ['AlwaysPullImages'],
    });
  });

  it('null clears a field back to stock Kubernetes', async () => {
    const p = await createCluster(t, unique({ kubeletVersion: '1.34', credentialVerificationPolicy: 'AlwaysVerify' }));
    const res = await t
      .http()
      .patch(`/v1/clusters/${p.id}`)
      .send({ kubeletVersion: null, credentialVerificationPolicy: null })
      .expect(200);
    expect(res.body).toMatchObject({ kubeletVersion: null, credentialVerificationPolicy: null, version: 2 });
  });

  it('a PATCH is validated, naming the field, and changes nothing when invalid', async () => {
    const p = await createCluster(t, unique());
    const res = await t
      .http()
      .patch(`/v1/clusters/${p.id}`)
      .send({ kubeletVersion: '2.0', preloadedImages: ['ok:1', ''] });
    expectProblem(res, 400);
    expect(res.body.errors.map((e: any) => e.path).sort()).toEqual(['kubeletVersion', 'preloadedImages[1]']);
    expect((await t.http().get(`/v1/clusters/${p.id}`)).body.version).toBe(1);
  });

  it('renaming onto another profile’s name is 409', async () => {
    const a = await createCluster(t, unique());
    const b = await createCluster(t, unique());
    expectProblem(await t.http().patch(`/v1/clusters/${b.id}`).send({ name: a.name }), 409);
  });

  it('DELETE with a stale ETag is 412; with the current one 204', async () => {
    const p = await createCluster(t, unique());
    await t
      .http()
      .patch(`/v1/clusters/${p.id}`)
      .send({ labels: { env: 'dev' } })
      .expect(200);
    expectProblem(await t.http().delete(`/v1/clusters/${p.id}`).set('if-match', '"v1"'), 412);
    await t.http().delete(`/v1/clusters/${p.id}`).set('if-match', '"v2"').expect(204);
    expectProblem(await t.http().get(`/v1/clusters/${p.id}`), 404);
  });
});

describe('listing', () => {
  beforeAll(async () => {
    for (let i = 0; i < 4; i++) await createCluster(t, unique());
  });

  it('REST: limit=2 walks every profile exactly once, in name order', async () => {
    const total = await t.db.prisma.clusterProfile.count();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: any = await t
        .http()
        .get('/v1/clusters')
        .query({ limit: 2, ...(cursor ? { cursor } : {}) })
        .expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((c: any) => c.name));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(seen).toEqual([...seen].sort());
  });

  it('GraphQL: clusters(first, after) walks every profile with a correct totalCount', async () => {
    const total = await t.db.prisma.clusterProfile.count();
    const q = `query($after: String) { clusters(first: 3, after: $after) { totalCount nodes { name } pageInfo { endCursor hasNextPage } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const { clusters }: any = await gqlOk(t, q, { after });
      expect(clusters.totalCount).toBe(total);
      seen.push(...clusters.nodes.map((n: any) => n.name));
      after = clusters.pageInfo.hasNextPage ? clusters.pageInfo.endCursor : null;
    } while (after);
    expect(new Set(seen).size).toBe(total);
  });

  it('GraphQL: the query is named `clusters`, as the API contract in docs/design.md fixes it', async () => {
    // "GraphQL mirrors these: queries `rules`, `exceptions`, `clusters`, `evaluations` return connections
    // { nodes, pageInfo { endCursor, hasNextPage }, totalCount }" (docs/design.md, field names are fixed).
    const { clusters } = await gqlOk(
      t,
      '{ clusters(first: 2) { totalCount nodes { id name } pageInfo { endCursor hasNextPage } } }',
    );
    expect(clusters.totalCount).toBe(await t.db.prisma.clusterProfile.count());
    expect(clusters.nodes).toHaveLength(2);
  });
});

describe('audit trail', () => {
  it('records who created, changed and deleted a profile, with before and after', async () => {
    const p = await createCluster(t, unique({ admissionPlugins: [] }));
    await t
      .http()
      .patch(`/v1/clusters/${p.id}`)
      .send({ admissionPlugins: ['AlwaysPullImages'] })
      .expect(200);
    await t.http().delete(`/v1/clusters/${p.id}`).expect(204);
    const events = await t.db.prisma.auditEvent.findMany({ where: { entityId: p.id } });
    expect(events.map((e) => e.action).sort()).toEqual(['cluster.created', 'cluster.deleted', 'cluster.updated']);
    for (const e of events) {
      expect(e).toMatchObject({ entityType: 'cluster', entityName: p.name });
      expect(e.actor.length).toBeGreaterThan(0);
      expect(e.at).toBeInstanceOf(Date);
    }
    expect(events.find((e) => e.action === 'cluster.updated')).toMatchObject({
      version: 2,
      before: { admissionPlugins: [] },
      after: { admissionPlugins: ['AlwaysPullImages'] },
    });
  });
});

describe('GraphQL', () => {
  it('createClusterProfile, updateClusterProfile and deleteClusterProfile, each visible over REST', async () => {
    const { createClusterProfile: p } = await gqlOk(t, GQL_CREATE, {
      input: { name: 'gql-cluster', admissionPlugins: ['AlwaysPullImages'], labels: { env: 'prod' } },
    });
    expect(p).toMatchObject({ id: expect.stringMatching(UUID), version: 1, labels: { env: 'prod' } });
    expect((await t.http().get(`/v1/clusters/${p.id}`).expect(200)).body).toEqual(p);

    const { updateClusterProfile } = await gqlOk(t, GQL_UPDATE, { id: p.id, input: { kubeletVersion: '1.34' }, v: 1 });
    expect(updateClusterProfile).toMatchObject({
      version: 2,
      kubeletVersion: '1.34',
      admissionPlugins: ['AlwaysPullImages'],
    });
    expect((await t.http().get(`/v1/clusters/${p.id}`)).headers.etag).toBe('"v2"');

    await gqlFails(t, 'precondition-failed', GQL_UPDATE, { id: p.id, input: { kubeletVersion: '1.35' }, v: 1 });
    await gqlFails(t, 'precondition-failed', GQL_DELETE, { id: p.id, v: 1 });
    expect(await gqlOk(t, GQL_DELETE, { id: p.id, v: 2 })).toEqual({ deleteClusterProfile: true });
    expectProblem(await t.http().get(`/v1/clusters/${p.id}`), 404);
  });

  it('a REST change is visible through GraphQL', async () => {
    const p = await createCluster(t, unique());
    await t
      .http()
      .patch(`/v1/clusters/${p.id}`)
      .send({ preloadedImages: ['registry.k8s.io/pause:3.9'] })
      .expect(200);
    const { cluster: clusterProfile } = await gqlOk(t, GQL_ONE, { id: p.id });
    expect(clusterProfile).toMatchObject({ version: 2, preloadedImages: ['registry.k8s.io/pause:3.9'] });
  });

  it('createClusterProfile names the invalid field; a taken name is a conflict', async () => {
    const err = await gqlFails(t, 'invalid-input', GQL_CREATE, {
      input: { name: 'gql-bad', kubeletVersion: 'banana' },
    });
    expect(gqlErrorPaths(err)).toContain('kubeletVersion');
    const p = await createCluster(t, unique());
    await gqlFails(t, 'conflict', GQL_CREATE, { input: { name: p.name } });
  });

  it('cluster(id) with an unknown or malformed id is not-found', async () => {
    await gqlFails(t, 'not-found', GQL_ONE, { id: MISSING_ID });
    await gqlFails(t, 'not-found', GQL_ONE, { id: 'prod-eu-1' });
  });
});
