// Node inventories of cluster profiles (issue 17, "Fleet: node inventories"):
// `PUT /v1/clusters/{id}/nodes` with what `kubectl get nodes -o json|yaml` prints replaces the inventory in one
// transaction (a malformed node replaces nothing), `GET` lists it a page at a time, `DELETE` forgets it; GraphQL
// has `ClusterProfile.nodes` and `replaceClusterNodes` / `deleteClusterNodes`. The policy snapshot holds each
// inventory prepared for per-node predictions, re-reads it only when it changed, and replicas learn of a new one
// through NOTIFY. Sized for real clusters: 5,000 nodes listing 50 images each upload in seconds.
import { request } from 'node:http';
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { readNodeInventory } from '#k8s';
import { toClusterNodeResponse } from '../apps/api/src/clusters/cluster-nodes.mapper.js';
import { RAW_TEXT_BODY_LIMIT_BYTES } from '../apps/api/src/http/body-parsers.js';
import { INVALID_NODE_LIST, invalidNodeListProblem } from '../apps/api/src/openapi/examples.js';
import { PolicySnapshotService } from '../apps/api/src/snapshot/policy-snapshot.service.js';
import { lineOf } from './support/evaluate-client.js';
import {
  MISSING_ID,
  PROBLEM,
  createCluster,
  createRule,
  expectProblem,
  gqlFails,
  gqlOk,
  listAll,
} from './support/policy-client.js';
import { ADMIN_TOKEN, bootTestApp, type TestApp } from './support/test-app.js';
import { createTestDatabase, testDbKind } from './support/test-database.js';

const FIXTURES = new URL('../libs/k8s/src/fleet/fixtures/', import.meta.url);
const NODES_JSON = readFileSync(new URL('nodes.json', FIXTURES), 'utf8');
const NODES_YAML = readFileSync(new URL('nodes.yaml', FIXTURES), 'utf8');
/** What the service stores and lists for a text: the library's reading of it. */
const expected = (text: string) => readNodeInventory(text).nodes.map(toClusterNodeResponse);
const FIXTURE_NODES = expected(NODES_JSON);

const NODE_FIELDS =
  'name kubeletVersion labels taints { key value effect } unschedulable images { names sizeBytes } imagesTruncated';
const GQL_NODES = `query($id: ID!, $first: Int, $after: String) {
  cluster(id: $id) { name nodes(first: $first, after: $after) { totalCount pageInfo { endCursor hasNextPage } nodes { ${NODE_FIELDS} } } }
}`;
const GQL_REPLACE = `mutation($id: ID!, $nodes: String!) { replaceClusterNodes(id: $id, nodes: $nodes) { nodes images truncatedNodes observedAt } }`;
const GQL_DELETE = `mutation($id: ID!) { deleteClusterNodes(id: $id) }`;

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
});
afterAll(() => t?.close());

let seq = 0;
async function newCluster(): Promise<{ id: string; name: string }> {
  return createCluster(t, { name: `nodes-${++seq}` });
}

/**
 * A NodeList as kubectl prints it (4-space indents, the fields a real Node has), of `count` nodes that list
 * `images` images each, drawn from a pool of `pool` distinct images (nodes of a fleet share most of theirs).
 */
function nodeList(count: number, images: number, o: { prefix?: string; pool?: number } = {}): string {
  const prefix = o.prefix ?? 'ip-10-0';
  const pool = Array.from({ length: o.pool ?? 2000 }, (_, i) => {
    const repo = `123456789012.dkr.ecr.eu-west-1.amazonaws.com/team-${i % 37}/service-${i}`;
    const digest = `sha256:${(i * 2654435761).toString(16).padStart(16, '0').repeat(4).slice(0, 64)}`;
    return { names: [`${repo}@${digest}`, `${repo}:1.${i % 20}.${i % 7}`], sizeBytes: 100_000_000 + i * 12_345 };
  });
  const items = Array.from({ length: count }, (_, j) => {
    const name = `${prefix}-${j >> 8}-${j & 255}.eu-west-1.compute.internal`;
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        annotations: {
          'node.alpha.kubernetes.io/ttl': '0',
          'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
        },
        creationTimestamp: '2026-11-02T17:41:55Z',
        labels: {
          'kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': name,
          'kubernetes.io/os': 'linux',
          'node.kubernetes.io/instance-type': 'm5.large',
          'topology.kubernetes.io/zone': `eu-west-1${'abc'[j % 3]}`,
        },
        name,
        resourceVersion: String(5_116_760 + j),
        uid: `7aae6630-e38e-4575-8cbf-${j.toString(16).padStart(12, '0')}`,
      },
      spec: {
        providerID: `aws:///eu-west-1a/i-0a1b2c3d4e5f${j}`,
        ...(j % 10 === 0 ? { taints: [{ effect: 'NoSchedule', key: 'dedicated', value: 'gpu' }] } : {}),
      },
      status: {
        addresses: [
          { address: `10.0.${j >> 8}.${j & 255}`, type: 'InternalIP' },
          { address: name, type: 'Hostname' },
        ],
        allocatable: { cpu: '1930m', 'ephemeral-storage': '95491281146', memory: '7220172Ki', pods: '29' },
        capacity: { cpu: '2', 'ephemeral-storage': '104845292Ki', memory: '7910348Ki', pods: '29' },
        conditions: ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => ({
          lastHeartbeatTime: '2026-11-20T08:14:02Z',
          lastTransitionTime: '2026-11-02T17:41:55Z',
          message: `kubelet reports ${type}`,
          reason: `Kubelet${type}`,
          status: type === 'Ready' ? 'True' : 'False',
          type,
        })),
        daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
        images: Array.from({ length: images }, (_, m) => pool[(j * 31 + m * 97) % pool.length]),
        nodeInfo: {
          architecture: 'amd64',
          containerRuntimeVersion: 'containerd://2.1.4',
          kernelVersion: '6.1.141-165.249.amzn2023.x86_64',
          kubeProxyVersion: 'v1.34.2-eks-b9a1f2c',
          kubeletVersion: 'v1.34.2-eks-b9a1f2c',
          operatingSystem: 'linux',
          osImage: 'Amazon Linux 2023.8.20250818',
        },
      },
    };
  });
  return JSON.stringify({ apiVersion: 'v1', items, kind: 'List', metadata: { resourceVersion: '' } }, null, 4);
}

function put(id: string, text: string, type = 'application/json') {
  return t.http().put(`/v1/clusters/${id}/nodes`).set('content-type', type).send(text);
}

async function listNodes(id: string): Promise<any[]> {
  return listAll(t, `/v1/clusters/${id}/nodes`, { limit: 500 });
}

function snapshotCluster(app: TestApp, name: string) {
  return app.app.get(PolicySnapshotService).current.clusters.get(name);
}

async function key(scopes: string[]): Promise<string> {
  const res = await t
    .http()
    .post('/v1/api-keys')
    .send({ name: `nodes-${scopes.join('-')}-${++seq}`, scopes })
    .expect(201);
  return res.body.token;
}

describe('replacing an inventory over REST', () => {
  it('stores what kubectl prints and answers what it stored', async () => {
    const { id } = await newCluster();
    const before = Date.now();
    const res = await put(id, NODES_JSON).expect(200);
    expect(res.body).toEqual({
      nodes: FIXTURE_NODES.length,
      images: FIXTURE_NODES.reduce((n, node) => n + node.images.length, 0),
      truncatedNodes: FIXTURE_NODES.filter((n) => n.imagesTruncated).length,
      observedAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
    });
    expect(res.body.truncatedNodes).toBe(1);
    expect(Date.parse(res.body.observedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(await listNodes(id)).toEqual(FIXTURE_NODES);
    // Every page of the list says what the inventory holds and when it was uploaded, as the upload answered.
    const page = await t.http().get(`/v1/clusters/${id}/nodes?limit=1`).expect(200);
    expect(page.body.inventory).toEqual(res.body);
  });

  it('pages in inventory order with limit and cursor', async () => {
    const { id } = await newCluster();
    await put(id, NODES_JSON).expect(200);
    const first = await t.http().get(`/v1/clusters/${id}/nodes?limit=4`).expect(200);
    expect(first.body).toMatchObject({ totalCount: 6, nextCursor: expect.any(String) });
    expect(first.body.items).toEqual(FIXTURE_NODES.slice(0, 4));
    const rest = await t.http().get(`/v1/clusters/${id}/nodes`).query({ limit: 4, cursor: first.body.nextCursor });
    expect(rest.status, rest.text).toBe(200);
    expect(rest.body).toEqual({
      items: FIXTURE_NODES.slice(4),
      nextCursor: null,
      totalCount: 6,
      inventory: first.body.inventory,
    });
    for (const query of [
      { limit: 0 },
      { limit: 501 },
      { cursor: 'nonsense' },
      { cursor: 'eyJrIjoiYWJjIn0' },
      { sort: 'name' },
    ])
      expectProblem(await t.http().get(`/v1/clusters/${id}/nodes`).query(query), 400);
  });

  it('takes YAML (kubectl get nodes -o yaml) and one Node alone', async () => {
    const { id } = await newCluster();
    await put(id, NODES_YAML, 'application/yaml').expect(200);
    expect(await listNodes(id)).toEqual(expected(NODES_YAML));
    expect(await listNodes(id)).toEqual(FIXTURE_NODES);

    const one = JSON.stringify(JSON.parse(NODES_JSON).items[5], null, 4);
    const res = await put(id, one).expect(200);
    expect(res.body).toMatchObject({ nodes: 1, images: 50, truncatedNodes: 1 });
    expect(await listNodes(id)).toEqual([FIXTURE_NODES[5]]);
    await put(id, stringify(JSON.parse(one)), 'application/yaml').expect(200);
    expect(await listNodes(id)).toEqual([FIXTURE_NODES[5]]);
  });

  it('an empty list is an inventory of no nodes, which is not the same as none', async () => {
    const { id, name } = await newCluster();
    const res = await put(id, '{"apiVersion":"v1","kind":"List","items":[]}').expect(200);
    expect(res.body).toMatchObject({ nodes: 0, images: 0, truncatedNodes: 0 });
    expect(snapshotCluster(t, name)?.inventory?.nodes).toEqual([]);
    expect((await t.http().get(`/v1/clusters/${id}/nodes`).expect(200)).body.inventory).toEqual(res.body);
    await t.http().delete(`/v1/clusters/${id}/nodes`).expect(204);
    expect(snapshotCluster(t, name)?.inventory).toBeNull();
    expect((await t.http().get(`/v1/clusters/${id}/nodes`).expect(200)).body.inventory).toBeNull();
  });
});

describe('a malformed inventory replaces nothing', () => {
  it('400 names items[i]… with its line, and the previous inventory stays', async () => {
    const { id, name } = await newCluster();
    await put(id, NODES_JSON).expect(200);
    const prepared = snapshotCluster(t, name)?.inventory;
    const items = JSON.parse(NODES_JSON).items;
    items[3].spec.taints = [{ key: 'dedicated', effect: 'NoPods' }];
    items[4].metadata.name = items[0].metadata.name;
    const text = JSON.stringify({ apiVersion: 'v1', kind: 'List', items }, null, 4);
    const res = await put(id, text);
    expectProblem(res, 400);
    expect(res.body.type).toBe(PROBLEM('invalid-input'));
    expect(res.body.errors).toEqual([
      {
        path: 'items[3].spec.taints[0].effect',
        line: lineOf(text, '"NoPods"'),
        message: expect.stringContaining('Unsupported value: "NoPods"'),
      },
      {
        path: 'items[4].metadata.name',
        line: lineOf(text, `"name": "${items[0].metadata.name}"`, lineOf(text, '"NoPods"')),
        message: expect.stringContaining('Duplicate value'),
      },
    ]);
    expect(res.body.detail).toMatch(/^The node inventory is not valid \(2 problems\): .*Nothing was stored\.$/);
    expect(await listNodes(id)).toEqual(FIXTURE_NODES);
    expect(snapshotCluster(t, name)?.inventory).toBe(prepared);
  });

  it('YAML errors carry their line too; not a node list at all is a 400', async () => {
    const { id } = await newCluster();
    await put(id, NODES_JSON).expect(200);
    const yaml = NODES_YAML.replace('unschedulable: true', 'unschedulable: maybe');
    expect(yaml).not.toBe(NODES_YAML);
    const res = await put(id, yaml, 'application/yaml');
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        path: expect.stringMatching(/^items\[\d\]\.spec\.unschedulable$/),
        line: lineOf(yaml, 'unschedulable: maybe'),
      }),
    ]);
    for (const [text, type] of [
      ['', 'application/json'],
      ['{"kind": "Pod", "apiVersion": "v1", "metadata": {"name": "x"}}', 'application/json'],
      ['{"kind": "List", "items": [', 'application/json'],
      ['kind: List\nitems: [{kind: Node, metadata: {name: a}}]\n---\nkind: Node\n', 'application/yaml'],
    ])
      expectProblem(await put(id, text, type), 400);
    expect(await listNodes(id)).toEqual(FIXTURE_NODES);
  });

  it('refuses NUL and unpaired surrogates, in JSON as every JSON body, in YAML escapes too', async () => {
    const { id } = await newCluster();
    await put(id, NODES_JSON).expect(200);
    const node = (name: string, extra: object = {}) => ({ kind: 'Node', metadata: { name, ...extra } });
    for (const [body, path] of [
      [{ kind: 'List', items: [node('a'), node('b\u0000')] }, 'body.items[1].metadata.name'],
      [node('a', { labels: { note: 'x\ud800' } }), 'body.metadata.labels.note'],
      [{ kind: 'List', items: [node('a')], ['x\u0000']: 1 }, 'body["x\\u0000"]'],
    ] as const) {
      const res = await put(id, JSON.stringify(body));
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([expect.objectContaining({ path })]);
    }
    for (const [yaml, path] of [
      [
        'kind: List\nitems:\n- {kind: Node, metadata: {name: a}}\n- {kind: Node, metadata: {name: "b\\0"}}\n',
        'items[1].metadata.name',
      ],
      ['kind: Node\nmetadata: {name: a, labels: {"k\\0": v}}\n', 'metadata.labels["k\\u0000"]'],
      ['kind: Node\nmetadata: {name: a}\nstatus: {images: [{names: ["x\\ud800"]}]}\n', 'status.images[0].names[0]'],
    ] as const) {
      const res = await put(id, yaml, 'application/yaml');
      expectProblem(res, 400);
      expect(res.body.errors).toEqual([expect.objectContaining({ path, line: null })]);
    }
    expect(await listNodes(id)).toEqual(FIXTURE_NODES);
    // A paired surrogate (an emoji), escaped or not, is no problem.
    await put(id, '{"kind": "Node", "metadata": {"name": "a", "labels": {"note": "\\ud83d\\ude00"}}}').expect(200);
    expect((await listNodes(id))[0].labels).toEqual({ note: '\u{1F600}' });
    await put(id, JSON.stringify(node('a', { labels: { note: '\ud83d\ude00' } }))).expect(200);
    expect((await listNodes(id))[0].labels).toEqual({ note: '\u{1F600}' });
  });

  it('the documented 400 example is what the app answers', async () => {
    const { id } = await newCluster();
    const res = await put(id, INVALID_NODE_LIST).set('x-request-id', 'ci-run-4711.step-3');
    expect(res.body).toEqual(invalidNodeListProblem(`/v1/clusters/${id}/nodes`));
  });
});

describe('addressing, media types, limits and scopes', () => {
  it('an unknown profile is a 404 on every route; the profile is addressed by id', async () => {
    const { name } = await newCluster();
    for (const id of [MISSING_ID, name, 'not-a-uuid']) {
      expectProblem(await put(id, NODES_JSON), 404);
      expectProblem(await t.http().get(`/v1/clusters/${id}/nodes`), 404);
      expectProblem(await t.http().delete(`/v1/clusters/${id}/nodes`), 404);
    }
  });

  it('takes JSON and YAML only', async () => {
    const { id } = await newCluster();
    const plain = await put(id, NODES_JSON, 'text/plain');
    expectProblem(plain, 415);
    const form = await put(id, 'kind=List', 'application/x-www-form-urlencoded');
    expectProblem(form, 415);
    expectProblem(await t.http().put(`/v1/clusters/${id}/nodes`), 400);
  });

  it('takes far more than PULLWISE_BODY_LIMIT, where every other route still stops at it', async () => {
    expect(t.config.bodyLimitBytes).toBe(5 * 1024 * 1024);
    const { id } = await newCluster();
    const text = nodeList(800, 40);
    expect(text.length).toBeGreaterThan(t.config.bodyLimitBytes);
    const res = await put(id, text);
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ nodes: 800, images: 32_000, truncatedNodes: 0 });
    // Over the route's own limit (announced by Content-Length, so refused before the body is read): its own 413.
    const over = await t.app
      .getHttpAdapter()
      .getInstance()
      .inject({
        method: 'PUT',
        url: `/v1/clusters/${id}/nodes`,
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          'content-type': 'application/json',
          'content-length': String(RAW_TEXT_BODY_LIMIT_BYTES + 1),
        },
        payload: '{}',
      });
    expect(over.statusCode, over.body).toBe(413);
    expect(JSON.parse(over.body).detail).toBe(
      'The request body is larger than 256 MiB, the most this operation reads.',
    );
    const big = await t
      .http()
      .post('/v1/rules')
      .send({ name: 'big', kind: 'require-digest', enforcement: 'deny', description: 'x'.repeat(6 * 1024 * 1024) });
    expectProblem(big, 413);
    const yaml = await t
      .http()
      .post('/v1/evaluations')
      .set('content-type', 'application/yaml')
      .send('#'.repeat(6 * 1024 * 1024));
    expectProblem(yaml, 413);
  });

  it('changing needs rules:write; reading takes rules:read', async () => {
    const { id } = await newCluster();
    await put(id, NODES_JSON).expect(200);
    const reader = await key(['rules:read']);
    const writer = await key(['rules:write']);
    const evaluator = await key(['evaluate']);
    const as = (token: string) => ({ authorization: `Bearer ${token}` });
    expectProblem(await put(id, NODES_JSON).set(as(reader)), 403);
    expectProblem(await t.http().delete(`/v1/clusters/${id}/nodes`).set(as(reader)), 403);
    const read = await t.http().get(`/v1/clusters/${id}/nodes`).set(as(reader));
    expect(read.status).toBe(200);
    expect(read.body.totalCount).toBe(6);
    expectProblem(await t.http().get(`/v1/clusters/${id}/nodes`).set(as(evaluator)), 403);
    expectProblem(await t.http().get(`/v1/clusters/${id}/nodes`).set(as(writer)), 403);
    await put(id, NODES_JSON).set(as(writer)).expect(200);
    // GraphQL alike: a writer reads the profile, not its nodes.
    const gqlAs = (token: string) =>
      t.http().post('/graphql').set(as(token)).send({ query: GQL_NODES, variables: { id } });
    expect((await gqlAs(reader)).body.data.cluster.nodes.totalCount).toBe(6);
    const denied = await gqlAs(writer);
    expect(denied.body.errors?.[0]?.extensions?.code).toBe(PROBLEM('forbidden'));
    expect(denied.body.errors?.[0]?.path).toEqual(['cluster', 'nodes']);
    const summaryAs = (token: string) =>
      t
        .http()
        .post('/graphql')
        .set(as(token))
        .send({ query: 'query($id: ID!) { cluster(id: $id) { nodeInventory { nodes } } }', variables: { id } });
    expect((await summaryAs(reader)).body.data.cluster.nodeInventory).toEqual({ nodes: 6 });
    const summaryDenied = await summaryAs(writer);
    expect(summaryDenied.body.errors?.[0]?.extensions?.code).toBe(PROBLEM('forbidden'));
    expect(summaryDenied.body.errors?.[0]?.path).toEqual(['cluster', 'nodeInventory']);
    expectProblem(await t.anon().get(`/v1/clusters/${id}/nodes`), 401);
    expectProblem(
      await t.anon().put(`/v1/clusters/${id}/nodes`).set('content-type', 'application/json').send(NODES_JSON),
      401,
    );
    const gql = await t
      .http()
      .post('/graphql')
      .set(as(reader))
      .send({ query: GQL_REPLACE, variables: { id, nodes: NODES_JSON } });
    expect(gql.body.errors?.[0]?.extensions?.code).toBe(PROBLEM('forbidden'));
    expect(await listNodes(id)).toEqual(FIXTURE_NODES);
  });
});

describe('a request without a key', () => {
  it('is refused before its body is read: a 200 MB upload announced without a key gets 401 at once', async () => {
    const { id } = await newCluster();
    const server = t.app.getHttpServer() as import('node:http').Server;
    if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as import('node:net').AddressInfo;
    const started = Date.now();
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port,
          method: 'PUT',
          path: `/v1/clusters/${id}/nodes`,
          headers: { 'content-type': 'application/json', 'content-length': String(200_000_000) },
        },
        (res) => {
          res.resume();
          resolve(res.statusCode!);
          req.destroy();
        },
      );
      req.on('error', (err) => (Date.now() - started < 5000 ? undefined : reject(err)));
      // Headers only: the body never comes, so only an answer that does not wait for it can arrive.
      req.flushHeaders();
    });
    expect(status).toBe(401);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});

describe('forgetting', () => {
  it('DELETE forgets the inventory (and is no error without one)', async () => {
    const { id, name } = await newCluster();
    await put(id, NODES_JSON).expect(200);
    await t.http().delete(`/v1/clusters/${id}/nodes`).expect(204);
    expect((await t.http().get(`/v1/clusters/${id}/nodes`).expect(200)).body).toEqual({
      items: [],
      nextCursor: null,
      totalCount: 0,
      inventory: null,
    });
    expect(snapshotCluster(t, name)?.inventory).toBeNull();
    await t.http().delete(`/v1/clusters/${id}/nodes`).expect(204);
    const events = await t.db.prisma.auditEvent.findMany({ where: { entityId: id }, orderBy: { at: 'asc' } });
    expect(events.map((e) => [e.action, e.actor, e.entityName])).toEqual([
      ['cluster.created', 'admin-token', name],
      ['cluster.nodes.replaced', 'admin-token', name],
      ['cluster.nodes.deleted', 'admin-token', name],
    ]);
    expect(events[1]!.after).toMatchObject({ nodes: 6, truncatedNodes: 1 });
  });

  it('deleting the profile deletes its inventory; the profile itself never shows its nodes', async () => {
    const { id, name } = await newCluster();
    await put(id, NODES_JSON).expect(200);
    const profile = await t.http().get(`/v1/clusters/${id}`).expect(200);
    const listed = (await listAll(t, '/v1/clusters', { limit: 500 })).find((c) => c.id === id);
    for (const body of [profile.body, listed]) {
      expect(Object.keys(body)).not.toContain('nodes');
      expect(JSON.stringify(body)).not.toContain(FIXTURE_NODES[0]!.name);
    }
    await t.http().delete(`/v1/clusters/${id}`).set('if-match', profile.headers.etag).expect(204);
    expect(await t.db.prisma.clusterNode.count({ where: { clusterId: id } })).toBe(0);
    expect(await t.db.prisma.clusterNodeInventory.count({ where: { clusterId: id } })).toBe(0);
    expect(snapshotCluster(t, name)).toBeUndefined();
  });
});

describe('GraphQL', () => {
  it('replaceClusterNodes, ClusterProfile.nodes (a connection), deleteClusterNodes', async () => {
    const { id, name } = await newCluster();
    const { replaceClusterNodes: summary } = await gqlOk(t, GQL_REPLACE, { id, nodes: NODES_YAML });
    expect(summary).toMatchObject({ nodes: 6, truncatedNodes: 1, observedAt: expect.any(String) });
    const pages: any[] = [];
    let after: string | null = null;
    do {
      const { cluster }: { cluster: any } = await gqlOk(t, GQL_NODES, { id, first: 4, after });
      expect(cluster.name).toBe(name);
      expect(cluster.nodes.totalCount).toBe(6);
      pages.push(...cluster.nodes.nodes);
      after = cluster.nodes.pageInfo.hasNextPage ? cluster.nodes.pageInfo.endCursor : null;
    } while (after);
    expect(pages).toEqual(FIXTURE_NODES);
    // The same nodes, the same spelling, as REST lists them.
    const rest = await t.http().get(`/v1/clusters/${id}/nodes?limit=4`).expect(200);
    const { cluster } = await gqlOk(t, GQL_NODES, { id, first: 4 });
    expect(cluster.nodes.nodes).toEqual(rest.body.items);
    expect(cluster.nodes.pageInfo.endCursor).toBe(rest.body.nextCursor);
    const { cluster: withSummary } = await gqlOk(
      t,
      'query($id: ID!) { cluster(id: $id) { nodeInventory { nodes images truncatedNodes observedAt } } }',
      { id },
    );
    expect(withSummary.nodeInventory).toEqual(rest.body.inventory);

    expect(await gqlOk(t, GQL_DELETE, { id })).toEqual({ deleteClusterNodes: true });
    expect(
      (await gqlOk(t, 'query($id: ID!) { cluster(id: $id) { nodeInventory { nodes } } }', { id })).cluster,
    ).toEqual({
      nodeInventory: null,
    });
    expect((await gqlOk(t, GQL_NODES, { id })).cluster.nodes).toEqual({
      totalCount: 0,
      pageInfo: { endCursor: null, hasNextPage: false },
      nodes: [],
    });
  });

  it('errors as REST: invalid-input naming items[i]…, not-found', async () => {
    const { id } = await newCluster();
    const err = await gqlFails(t, 'invalid-input', GQL_REPLACE, { id, nodes: INVALID_NODE_LIST });
    expect(err.extensions.errors).toEqual(invalidNodeListProblem('').errors);
    await gqlFails(t, 'not-found', GQL_REPLACE, { id: MISSING_ID, nodes: NODES_JSON });
    await gqlFails(t, 'not-found', GQL_DELETE, { id: MISSING_ID });
    await gqlFails(t, 'invalid-input', GQL_NODES, { id, after: 'nonsense' });
  });
});

describe('evaluations naming a cluster with an inventory', () => {
  // The fixture: EKS 1.34 and OpenShift 1.32 hold nginx:1.27, the AKS node is at the 50-image cap, and the
  // cordoned, GKE-spot and GPU nodes are ruled out for a pod without tolerations.
  const NEVER_POD = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: 'web', namespace: 'prod' },
    spec: { containers: [{ name: 'web', image: 'nginx:1.27', imagePullPolicy: 'Never' }] },
  };

  it('REST gives every slot a fleet and never-requires-preloaded names the nodes; GraphQL pages its nodes', async () => {
    const { id, name } = await newCluster();
    await put(id, NODES_JSON).expect(200);
    await t
      .http()
      .post('/v1/rules')
      .send({
        name: `never-${name}`,
        kind: 'never-requires-preloaded',
        params: {},
        enforcement: 'warn',
        match: { clusters: [name] },
      })
      .expect(201);
    const rest = await t.http().post('/v1/evaluations').send({ manifests: NEVER_POD, cluster: name }).expect(200);
    const fleet = rest.body.workloads[0].slots[0].fleet;
    expect(fleet).toMatchObject({
      eligibleNodes: 3,
      ineligibleNodes: 3,
      summary: { pull: 0, useLocal: 2, fail: 0, unknown: 1 },
    });
    expect(fleet.observedAt).toEqual(expect.any(String));
    const finding = rest.body.findings.find((f: any) => f.rule === `never-${name}`);
    expect(finding.message).toContain('1 cannot tell (status.images is capped): aks-apps-41027395-vmss000003');

    const query = `query($input: EvaluateInput!, $first: Int, $after: String) { evaluate(input: $input) {
      workloads { slots { fleet { eligibleNodes summary { useLocal unknown } nodes(first: $first, after: $after) { node image outcome { action } } } } } } }`;
    const page = async (first: number, after?: string) => {
      const res = await t.gql(query, { input: { manifests: JSON.stringify(NEVER_POD), cluster: name }, first, after });
      expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
      return res.body.data.evaluate.workloads[0].slots[0].fleet.nodes as { node: string }[];
    };
    const first = await page(2);
    const rest2 = await page(2, first[1]!.node);
    expect([...first, ...rest2].map((n) => n.node)).toEqual(fleet.nodes.map((n: any) => n.node));
    expect(rest2).toHaveLength(1);
    const bad = await t.gql(query, {
      input: { manifests: JSON.stringify(NEVER_POD), cluster: name },
      first: 1,
      after: 'no-such-node',
    });
    expect(bad.body.errors?.[0]?.extensions.code).toBe(PROBLEM('invalid-input'));
  });

  it('a cluster without an inventory gives fleet: null', async () => {
    const { name } = await newCluster();
    const rest = await t.http().post('/v1/evaluations').send({ manifests: NEVER_POD, cluster: name }).expect(200);
    expect(rest.body.workloads[0].slots[0].fleet).toBeNull();
  });
});

describe('the policy snapshot', () => {
  it('holds each inventory prepared, and keeps it while only the rules change', async () => {
    const { id, name } = await newCluster();
    await put(id, NODES_JSON).expect(200);
    const prepared = snapshotCluster(t, name)?.inventory;
    expect(prepared?.nodes.map((n) => n.node.name)).toEqual(FIXTURE_NODES.map((n) => n.name));
    expect(prepared?.nodes[5]?.images.complete).toBe(false);
    await createRule(t, { name: `snapshot-${++seq}`, kind: 'require-digest', enforcement: 'audit' });
    // Rebuilt for the rule, with the very same prepared inventory: not read nor prepared again.
    expect(snapshotCluster(t, name)?.inventory).toBe(prepared);
    await t
      .http()
      .patch(`/v1/clusters/${id}`)
      .send({ labels: { env: 'prod' } })
      .expect(200);
    expect(snapshotCluster(t, name)?.labels).toEqual({ env: 'prod' });
    expect(snapshotCluster(t, name)?.inventory).toBe(prepared);
    // The same nodes stored again are a new inventory (a new version): read again.
    await put(id, NODES_JSON).expect(200);
    const again = snapshotCluster(t, name)?.inventory;
    expect(again).not.toBe(prepared);
    expect(again?.nodes.length).toBe(6);
  });
});

describe('concurrent replaces', () => {
  it('end with one complete inventory, never a mix', async () => {
    const { id, name } = await newCluster();
    const a = nodeList(1500, 5, { prefix: 'a' });
    const b = nodeList(1000, 5, { prefix: 'b' });
    for (let round = 0; round < 3; round++) {
      const answers = await Promise.all([put(id, a), put(id, b), put(id, round % 2 ? a : b)]);
      for (const res of answers) expect(res.status, res.text).toBe(200);
      const names = (await listNodes(id)).map((n) => n.name);
      const winner = names[0]!.startsWith('a') ? expected(a) : expected(b);
      expect(names).toEqual(winner.map((n) => n.name));
      expect(snapshotCluster(t, name)?.inventory?.nodes.map((n) => n.node.name)).toEqual(names);
    }
  }, 120_000);
});

describe('a 5,000-node cluster listing 50 images per node', () => {
  it('uploads in seconds', async () => {
    const { id, name } = await newCluster();
    const text = nodeList(5000, 50);
    const started = Date.now();
    const res = await put(id, text);
    const ms = Date.now() - started;
    expect(res.status, res.text.slice(0, 500)).toBe(200);
    expect(res.body).toMatchObject({ nodes: 5000, images: 250_000, truncatedNodes: 5000 });
    console.log(
      `cluster-nodes (${testDbKind()}): PUT of 5,000 nodes × 50 images (${(text.length / 1e6).toFixed(1)} MB of kubectl JSON) answered in ${ms} ms`,
    );
    expect(ms).toBeLessThan(20_000);
    expect(snapshotCluster(t, name)?.inventory?.nodes.length).toBe(5000);
    const page = await t.http().get(`/v1/clusters/${id}/nodes?limit=2`).expect(200);
    expect(page.body.totalCount).toBe(5000);
    expect(page.body.items[1].images).toHaveLength(50);
  }, 120_000);
});

describe.runIf(testDbKind() === 'postgres')('replicas on one PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    const testDb = await createTestDatabase();
    a = await bootTestApp({ testDb });
    b = await bootTestApp({ testDb });
  }, 60_000);
  afterAll(async () => {
    await b?.close({ keepData: true });
    await a?.close();
  });

  async function waitFor(what: string, check: () => boolean, timeoutMs = 5000): Promise<number> {
    const started = Date.now();
    while (!check()) {
      if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return Date.now() - started;
  }

  it('a replica learns of a new inventory, and of its deletion, through NOTIFY', async () => {
    const { id, name } = (await a.http().post('/v1/clusters').send({ name: 'replicated' }).expect(201)).body;
    await waitFor('B has the profile', () => snapshotCluster(b, name) !== undefined);
    expect(snapshotCluster(b, name)?.inventory).toBeNull();
    await a.http().put(`/v1/clusters/${id}/nodes`).set('content-type', 'application/json').send(NODES_JSON).expect(200);
    const ms = await waitFor('B has the inventory', () => snapshotCluster(b, name)?.inventory?.nodes.length === 6);
    expect(snapshotCluster(b, name)?.inventory?.nodes.map((n) => n.node.name)).toEqual(
      FIXTURE_NODES.map((n) => n.name),
    );
    const prepared = snapshotCluster(b, name)?.inventory;
    await a
      .http()
      .post('/v1/rules')
      .send({ name: 'replicated-rule', kind: 'require-digest', enforcement: 'audit' })
      .expect(201);
    await waitFor('B has the rule', () =>
      b.app.get(PolicySnapshotService).current.rules.some((r) => r.name === 'replicated-rule'),
    );
    expect(snapshotCluster(b, name)?.inventory).toBe(prepared);
    await a.http().delete(`/v1/clusters/${id}/nodes`).expect(204);
    await waitFor('B forgot the inventory', () => snapshotCluster(b, name)?.inventory === null);
    console.log(`cluster-nodes: replica B applied the new inventory ${ms} ms after A answered`);
  });
});
