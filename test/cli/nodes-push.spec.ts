// `pullwise nodes push|list|forget --cluster <name>` against a stand-in fetch (as server-client.spec.ts does):
// the name is looked up in GET /v1/clusters, the inventory goes to PUT /v1/clusters/{id}/nodes byte for byte
// with the media type its first character tells, a 400 prints each error with its path and line (exit 2).
// `--from-cluster` reads the nodes from a real HTTPS server with a certificate made here (openssl), as a pod's
// ServiceAccount reaches the Kubernetes API: token and CA from files, pages of 500 followed by `continue`.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readNodeInventory } from '#k8s';
import { run } from '../../apps/cli/src/main.js';
import { runCli, type CliRun } from './cli-harness.js';

const FLEET = fileURLToPath(new URL('../../libs/k8s/src/fleet/fixtures/', import.meta.url));
const NODES_JSON = readFileSync(path.join(FLEET, 'nodes.json'), 'utf8');
const NODES_YAML = readFileSync(path.join(FLEET, 'nodes.yaml'), 'utf8');

const CLUSTER_ID = '0b9f7c1e-5d2a-4c3b-9e8f-1a2b3c4d5e6f';
const SERVER = 'https://pullwise.example.com';

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  /** The request body as sent, decoded as UTF-8. */
  body: string | null;
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(status === 204 ? null : JSON.stringify(body), { status, headers: { 'content-type': type } });

const PUSHED = { nodes: 5000, images: 241302, truncatedNodes: 12, observedAt: '2026-12-07T03:41:00Z' };

/**
 * A pullwise server standing in as a fetch: GET /v1/clusters lists two profiles over two pages, and `routes`
 * answer the rest (`METHOD /path`); anything else is a 404 problem.
 */
function fakeServer(routes: Record<string, (sent: Sent) => Response> = {}) {
  const sent: Sent[] = [];
  const fetch = (async (url: URL, init: RequestInit) => {
    const body = init.body === undefined ? null : Buffer.from(init.body as Uint8Array).toString('utf8');
    const s: Sent = { method: init.method ?? 'GET', url: String(url), headers: init.headers as any, body };
    sent.push(s);
    const u = new URL(url);
    const key = `${s.method} ${u.pathname}`;
    if (key === 'GET /v1/clusters') {
      // Two pages, as a server with many profiles answers: the wanted one is on the second.
      if (u.searchParams.get('cursor') === null)
        return json(200, { items: [{ id: '11111111-1111-4111-8111-111111111111', name: 'dev' }], nextCursor: 'c2' });
      return json(200, { items: [{ id: CLUSTER_ID, name: 'prod-eu' }], nextCursor: null, totalCount: 2 });
    }
    const route = routes[key];
    if (route) return route(s);
    return json(404, { title: 'Not found', status: 404, detail: `${key} does not exist` }, 'application/problem+json');
  }) as unknown as typeof globalThis.fetch;
  return { sent, fetch };
}

const nodesPath = `/v1/clusters/${CLUSTER_ID}/nodes`;

function push(stdin: string | undefined, fetch: typeof globalThis.fetch, ...extra: string[]): Promise<CliRun> {
  return runCli(['nodes', 'push', '--cluster', 'prod-eu', ...extra], {
    stdin,
    fetch,
    env: { PULLWISE_SERVER: SERVER, PULLWISE_TOKEN: 'secret-token' },
  });
}

describe('pullwise nodes push', () => {
  it('sends stdin JSON unchanged as application/json to the profile named, and prints one line', async () => {
    const server = fakeServer({ [`PUT ${nodesPath}`]: () => json(200, PUSHED) });
    const r = await push(NODES_JSON, server.fetch);
    expect(r).toEqual({
      code: 0,
      stdout: 'cluster prod-eu: 5000 nodes, 241302 images (12 at the 50-image cap), observed 2026-12-07T03:41:00Z\n',
      stderr: '',
    });
    expect(server.sent.map((s) => `${s.method} ${s.url}`)).toEqual([
      `GET ${SERVER}/v1/clusters?limit=500`,
      `GET ${SERVER}/v1/clusters?limit=500&cursor=c2`,
      `PUT ${SERVER}${nodesPath}`,
    ]);
    const put = server.sent[2]!;
    expect(put.body).toBe(NODES_JSON);
    expect(put.headers).toMatchObject({
      'content-type': 'application/json',
      authorization: 'Bearer secret-token',
      accept: expect.stringContaining('application/problem+json'),
      'user-agent': expect.stringMatching(/^pullwise-cli\//),
    });
    for (const s of server.sent.slice(0, 2)) expect(s.headers.authorization).toBe('Bearer secret-token');
  });

  it("--json prints the server's summary as JSON, for scripts", async () => {
    const server = fakeServer({ [`PUT ${nodesPath}`]: () => json(200, PUSHED) });
    const r = await push(NODES_YAML, server.fetch, '--json');
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(PUSHED);
  });

  it('YAML (anything not starting with "{") goes as application/yaml, unchanged; -f reads a file', async () => {
    const server = fakeServer({ [`PUT ${nodesPath}`]: () => json(200, { ...PUSHED, truncatedNodes: 0, nodes: 1 }) });
    const r = await push(NODES_YAML, server.fetch);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('cluster prod-eu: 1 node, 241302 images, observed 2026-12-07T03:41:00Z\n');
    expect(server.sent.at(-1)).toMatchObject({ body: NODES_YAML, headers: { 'content-type': 'application/yaml' } });

    const fromFile = fakeServer({ [`PUT ${nodesPath}`]: () => json(200, PUSHED) });
    const f = await runCli(
      ['nodes', 'push', '--cluster', 'prod-eu', '-f', path.join(FLEET, 'nodes.json'), '--server', SERVER],
      { fetch: fromFile.fetch },
    );
    expect(f.code, f.stderr).toBe(0);
    expect(fromFile.sent.at(-1)).toMatchObject({ body: NODES_JSON, headers: { 'content-type': 'application/json' } });
    expect(fromFile.sent.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('the media type follows the first character after white space and a byte order mark', async () => {
    for (const [text, type] of [
      ['\n\t  {"kind":"List","apiVersion":"v1","items":[]}', 'application/json'],
      ['\uFEFF{"kind":"List"}', 'application/json'],
      ['  # kubectl get nodes -o yaml\nkind: List\n', 'application/yaml'],
      ['---\n{"kind": "List"}\n', 'application/yaml'],
    ] as const) {
      const server = fakeServer({ [`PUT ${nodesPath}`]: () => json(200, PUSHED) });
      const r = await push(text, server.fetch);
      expect(r.code, r.stderr).toBe(0);
      expect(server.sent.at(-1)!.headers['content-type'], JSON.stringify(text)).toBe(type);
      expect(server.sent.at(-1)!.body).toBe(text);
    }
  });

  it('a 400: the problem, then each error as "<path> (line N): message"; exit 2, nothing on stdout', async () => {
    const server = fakeServer({
      [`PUT ${nodesPath}`]: () =>
        json(
          400,
          {
            type: 'urn:pullwise:problem:invalid-node-inventory',
            title: 'Invalid node inventory',
            status: 400,
            detail: 'The node inventory has 3 errors; nothing was stored',
            errors: [
              {
                path: 'items[3].spec.taints[0].effect',
                line: 212,
                message:
                  'items[3].spec.taints[0].effect: Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
              },
              { path: 'items[7].metadata.name', line: 420, message: 'Duplicate value: "ip-10-0-1-2"' },
              { path: null, line: 1, message: 'Unexpected token' },
            ],
          },
          'application/problem+json; charset=utf-8',
        ),
    });
    const r = await push(NODES_JSON, server.fetch);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: [
        'pullwise: Invalid node inventory: The node inventory has 3 errors; nothing was stored',
        '  items[3].spec.taints[0].effect (line 212): Unsupported value: "Sometimes": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"',
        '  items[7].metadata.name (line 420): Duplicate value: "ip-10-0-1-2"',
        '  (line 1): Unexpected token',
        '',
      ].join('\n'),
    });
  });

  it('other failures print as pullwise check prints them: a 403, a 5xx page, an unknown cluster, no answer', async () => {
    const forbidden = fakeServer({
      [`PUT ${nodesPath}`]: () =>
        json(
          403,
          { title: 'Forbidden', status: 403, detail: 'This API key lacks the scope rules:write' },
          'application/problem+json',
        ),
    });
    expect(await push(NODES_JSON, forbidden.fetch)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'pullwise: Forbidden: This API key lacks the scope rules:write\n',
    });

    const down = fakeServer({
      [`PUT ${nodesPath}`]: () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    });
    expect((await push(NODES_JSON, down.fetch)).stderr).toBe(
      'pullwise: HTTP 502 Bad Gateway: <html>bad gateway</html>\n',
    );

    const server = fakeServer();
    const unknown = await runCli(['nodes', 'push', '--cluster', 'staging', '--server', SERVER], {
      stdin: NODES_JSON,
      fetch: server.fetch,
    });
    expect(unknown).toEqual({
      code: 2,
      stdout: '',
      stderr: `pullwise: Unknown cluster: ${SERVER} has no cluster profile named "staging" (create it with POST /v1/clusters)\n`,
    });
    expect(server.sent.every((s) => s.method === 'GET')).toBe(true);

    const refused = (async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof globalThis.fetch;
    expect(await push(NODES_JSON, refused)).toEqual({
      code: 2,
      stdout: '',
      stderr: `pullwise: Cannot reach server: ${SERVER}: ECONNREFUSED\n`,
    });
  });

  it('a profile can be named by its id too', async () => {
    const server = fakeServer({ [`PUT ${nodesPath}`]: () => json(200, PUSHED) });
    const r = await runCli(['nodes', 'push', '--cluster', CLUSTER_ID, '--server', SERVER], {
      stdin: NODES_JSON,
      fetch: server.fetch,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/^cluster prod-eu: 5000 nodes/);
  });

  it('empty input is an input error (exit 2) before the server is asked anything', async () => {
    const server = fakeServer();
    const r = await push(' \n', server.fetch);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      'pullwise: Invalid input: stdin is empty: give what kubectl get nodes -o json (or -o yaml) prints\n',
    );
    expect(server.sent).toEqual([]);

    const missing = await push(undefined, server.fetch, '-f', 'no-such-nodes.json');
    expect(missing.stderr).toBe('pullwise: Cannot read input: no-such-nodes.json: no such file or directory\n');
    expect(missing.code).toBe(2);
    expect(server.sent).toEqual([]);
  });
});

describe('pullwise nodes list and forget', () => {
  const stored = [
    {
      name: 'ip-10-0-12-34.us-west-2.compute.internal',
      kubeletVersion: 'v1.34.2-eks-1234',
      labels: {},
      taints: [],
      unschedulable: false,
      images: Array.from({ length: 50 }, (_, i) => ({ names: [`img${i}`], sizeBytes: 1 })),
      imagesTruncated: true,
    },
    {
      name: 'gpu-1',
      kubeletVersion: 'v1.33.1',
      labels: {},
      taints: [
        { key: 'dedicated', value: 'gpu', effect: 'NoSchedule' },
        { key: 'node.kubernetes.io/unschedulable', value: '', effect: 'NoSchedule' },
      ],
      unschedulable: true,
      images: [{ names: ['nginx:1.27'], sizeBytes: 1 }],
      imagesTruncated: false,
    },
  ];
  const pages = {
    [`GET ${nodesPath}`]: (s: Sent) =>
      new URL(s.url).searchParams.get('cursor') === null
        ? json(200, { items: [stored[0]], nextCursor: 'n2', totalCount: 2 })
        : json(200, { items: [stored[1]], nextCursor: null, totalCount: 2 }),
  };

  it('list: every page, as a table', async () => {
    const server = fakeServer(pages);
    const r = await runCli(['nodes', 'list', '--cluster', 'prod-eu', '--server', SERVER], { fetch: server.fetch });
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe(
      [
        'NAME                                       KUBELET            IMAGES   TAINTS                                                                 CORDONED',
        'ip-10-0-12-34.us-west-2.compute.internal   v1.34.2-eks-1234   50+      <none>                                                                 no',
        'gpu-1                                      v1.33.1            1        dedicated=gpu:NoSchedule,node.kubernetes.io/unschedulable:NoSchedule   yes',
        '',
      ].join('\n'),
    );
    expect(server.sent.slice(2).map((s) => s.url)).toEqual([
      `${SERVER}${nodesPath}?limit=500`,
      `${SERVER}${nodesPath}?limit=500&cursor=n2`,
    ]);
  });

  it('list --json: the pages as one', async () => {
    const server = fakeServer(pages);
    const r = await runCli(['nodes', 'list', '--cluster', 'prod-eu', '--json', '--server', SERVER], {
      fetch: server.fetch,
    });
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ items: stored, nextCursor: null, totalCount: 2 });
  });

  it('list of a profile without an inventory: says so on stderr, exit 0', async () => {
    const server = fakeServer({
      [`GET ${nodesPath}`]: () => json(200, { items: [], nextCursor: null, totalCount: 0 }),
    });
    const r = await runCli(['nodes', 'list', '--cluster', 'prod-eu', '--server', SERVER], { fetch: server.fetch });
    expect(r).toEqual({
      code: 0,
      stdout: '',
      stderr: 'pullwise: cluster prod-eu has no node inventory (pullwise nodes push sends one)\n',
    });
  });

  it('forget: DELETE, one line', async () => {
    const server = fakeServer({ [`DELETE ${nodesPath}`]: () => json(204, null) });
    const r = await runCli(['nodes', 'forget', '--cluster', 'prod-eu', '--server', SERVER], { fetch: server.fetch });
    expect(r).toEqual({ code: 0, stdout: 'cluster prod-eu: node inventory forgotten\n', stderr: '' });
    expect(server.sent.at(-1)).toMatchObject({ method: 'DELETE', url: `${SERVER}${nodesPath}` });
  });
});

describe('pullwise nodes: usage errors exit 2', () => {
  it.each([
    [['nodes', 'push', '--server', SERVER], 'pullwise nodes push needs --cluster <name>'],
    [['nodes', 'list'], 'pullwise nodes list needs --cluster <name>'],
    [['nodes', 'push', '--cluster', ' '], '--cluster must not be empty'],
    [['nodes'], 'name what to do: pullwise nodes push|list|forget'],
    [['nodes', 'pull', '--cluster', 'c'], 'unknown action "pull" of pullwise nodes'],
    [['nodes', 'push', 'extra', '--cluster', 'c'], 'unexpected argument "extra"'],
    [['nodes', 'push', '--cluster', 'c'], 'give --server <url> (or set PULLWISE_SERVER)'],
    [['nodes', 'push', '--cluster', 'c', '--server', 'ftp://h'], '--server must be an http(s) URL'],
    [['nodes', 'push', '--cluster', 'c', '-f', 'a', '-f', 'b'], 'give -f once'],
    [['nodes', 'push', '--cluster', 'c', '-f', 'a', '--from-cluster'], '--from-cluster and -f exclude each other'],
    [['nodes', 'push', '--cluster', 'c', '--rules', 'r.yaml'], '--rules is not an option of pullwise nodes push'],
    [['nodes', 'forget', '--cluster', 'c', '--json'], '--json is not an option of pullwise nodes forget'],
    [['nodes', 'list', '--cluster', 'c', '--from-cluster'], '--from-cluster is not an option of pullwise nodes list'],
    [['nodes', 'forget', '--cluster', 'c', '--timeout', '0', '--server', SERVER], '--timeout must be a positive'],
    [['check', '-f', 'x.yaml', '--rules', 'r.yaml', '--from-cluster'], '--from-cluster is an option of pullwise nodes'],
  ])('%j', async (argv, message) => {
    const r = await runCli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pullwise: Invalid usage: .*\(see pullwise --help\)\n$/);
    expect(r.stderr).toContain(message);
  });

  it('a terminal on stdin is refused rather than waited on', async () => {
    let stderr = '';
    const code = await run(['nodes', 'push', '--cluster', 'c', '--server', SERVER], {
      stdout: { write: () => true },
      stderr: { write: (s: string) => (stderr += s) },
      stdin: Object.assign(Readable.from([]), { isTTY: true }),
      env: {},
      fetch: fakeServer().fetch,
    });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^pullwise: Invalid usage: stdin is a terminal: pipe the nodes in/);
  });
});

// --from-cluster: a Kubernetes API server over real TLS, trusted through the CA file only.
const OPENSSL = process.env.OPENSSL || 'openssl';
const opensslProbe = spawnSync(OPENSSL, ['version'], { encoding: 'utf8' });
const opensslMissing = (opensslProbe.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';

describe.skipIf(opensslMissing)(
  opensslMissing
    ? `nodes push --from-cluster (SKIPPED: "${OPENSSL}" is not installed; set OPENSSL or install openssl)`
    : 'nodes push --from-cluster',
  () => {
    let dir: string;
    let api: Server;
    let port: number;
    const requests: { url: string; authorization: string | undefined }[] = [];
    /** What the fake API server answers for `GET /api/v1/nodes?<query>`: set by each test. */
    let answer: (query: URLSearchParams) => { status: number; body: unknown } = () => ({ status: 500, body: {} });

    // The API server's NodeList pages: no kind on the items, managedFields present (kubectl strips them).
    const apiNode = (name: string) => ({
      metadata: {
        name,
        labels: { 'kubernetes.io/hostname': name },
        managedFields: [{ manager: 'kubelet', operation: 'Update', fieldsV1: { 'f:status': {} } }],
      },
      spec: { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] },
      status: {
        nodeInfo: { kubeletVersion: 'v1.34.2' },
        images: [{ names: ['registry.k8s.io/pause:3.10'], sizeBytes: 320368 }],
      },
    });
    const names = Array.from({ length: 1203 }, (_, i) => `node-${String(i).padStart(4, '0')}`);
    const paged = (query: URLSearchParams) => {
      const limit = Number(query.get('limit') ?? names.length);
      const start = Number(query.get('continue') ?? 0);
      const end = Math.min(start + limit, names.length);
      return {
        status: 200,
        body: {
          kind: 'NodeList',
          apiVersion: 'v1',
          metadata: { resourceVersion: '9876', ...(end < names.length ? { continue: String(end) } : {}) },
          items: names.slice(start, end).map(apiNode),
        },
      };
    };

    beforeAll(async () => {
      dir = mkdtempSync(path.join(tmpdir(), 'pullwise-sa-'));
      // A serving certificate for 127.0.0.1, which is also the CA the pod trusts (as a kind cluster's would be).
      const made = spawnSync(
        OPENSSL,
        [
          ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'],
          ...['-subj', '/CN=kube-apiserver', '-addext', 'subjectAltName=IP:127.0.0.1'],
          ...['-keyout', path.join(dir, 'tls.key'), '-out', path.join(dir, 'ca.crt')],
        ],
        { encoding: 'utf8' },
      );
      expect(made.status, made.stderr).toBe(0);
      writeFileSync(path.join(dir, 'token'), 'sa-token\n');
      api = createServer(
        { key: readFileSync(path.join(dir, 'tls.key')), cert: readFileSync(path.join(dir, 'ca.crt')) },
        (req, res) => {
          const url = new URL(req.url ?? '/', 'https://127.0.0.1');
          requests.push({ url: req.url ?? '', authorization: req.headers.authorization });
          const { status, body } =
            url.pathname === '/api/v1/nodes'
              ? answer(url.searchParams)
              : { status: 404, body: { kind: 'Status', message: 'the server could not find the requested resource' } };
          res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
        },
      );
      await new Promise<void>((resolve) => api.listen(0, '127.0.0.1', resolve));
      port = (api.address() as AddressInfo).port;
    });
    afterAll(async () => {
      await new Promise((resolve) => api?.close(resolve));
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    async function fromCluster(
      fetch: typeof globalThis.fetch,
      env: Record<string, string> = { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(port) },
      saDir = dir,
    ): Promise<CliRun> {
      let stdout = '';
      let stderr = '';
      requests.length = 0;
      const code = await run(['nodes', 'push', '--cluster', 'prod-eu', '--from-cluster'], {
        stdout: { write: (s: string) => (stdout += s) },
        stderr: { write: (s: string) => (stderr += s) },
        stdin: Readable.from([]),
        env: { ...env, PULLWISE_SERVER: SERVER, PULLWISE_TOKEN: 'secret-token' },
        fetch,
        cwd: dir,
        serviceAccountDir: saDir,
      });
      return { code, stdout, stderr };
    }

    it('lists every page of 500 with the ServiceAccount token, and pushes them as one kubectl-shaped List', async () => {
      answer = paged;
      const server = fakeServer({ [`PUT ${nodesPath}`]: () => json(200, PUSHED) });
      const r = await fromCluster(server.fetch);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toMatch(/^cluster prod-eu: 5000 nodes/);
      expect(requests).toEqual([
        { url: '/api/v1/nodes?limit=500', authorization: 'Bearer sa-token' },
        { url: '/api/v1/nodes?limit=500&continue=500', authorization: 'Bearer sa-token' },
        { url: '/api/v1/nodes?limit=500&continue=1000', authorization: 'Bearer sa-token' },
      ]);

      const put = server.sent.at(-1)!;
      expect(put.headers['content-type']).toBe('application/json');
      const list = JSON.parse(put.body!);
      expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List' });
      expect(list.items.map((n: any) => n.metadata.name)).toEqual(names);
      expect(list.items[0]).toEqual({
        apiVersion: 'v1',
        kind: 'Node',
        ...apiNode(names[0]!),
        metadata: { name: names[0], labels: { 'kubernetes.io/hostname': names[0] } },
      });
      // What the service's own reader makes of it.
      const read = readNodeInventory(put.body!);
      expect(read.errors).toEqual([]);
      expect(read.nodes).toHaveLength(names.length);
      expect(read.nodes[0]).toMatchObject({ name: names[0], kubeletVersion: 'v1.34.2', unschedulable: false });
    });

    it('an expired continue token: one unpaginated list instead, as client-go pages', async () => {
      answer = (q) =>
        q.get('continue') === '500'
          ? { status: 410, body: { kind: 'Status', reason: 'Expired', message: 'too old resource version' } }
          : paged(q);
      const server = fakeServer({ [`PUT ${nodesPath}`]: () => json(200, PUSHED) });
      const r = await fromCluster(server.fetch);
      expect(r.code, r.stderr).toBe(0);
      expect(requests.map((q) => q.url)).toEqual([
        '/api/v1/nodes?limit=500',
        '/api/v1/nodes?limit=500&continue=500',
        '/api/v1/nodes',
      ]);
      expect(JSON.parse(server.sent.at(-1)!.body!).items).toHaveLength(names.length);
    });

    it('a refusal of the API server: its message, a hint about RBAC, exit 2, nothing pushed', async () => {
      answer = () => ({
        status: 403,
        body: {
          kind: 'Status',
          message:
            'nodes is forbidden: User "system:serviceaccount:pullwise:pullwise-node-inventory" cannot list resource "nodes"',
        },
      });
      const server = fakeServer();
      const r = await fromCluster(server.fetch);
      expect(r.code).toBe(2);
      expect(r.stderr).toBe(
        `pullwise: Kubernetes API error: GET https://127.0.0.1:${port}/api/v1/nodes: HTTP 403 Forbidden: nodes is ` +
          'forbidden: User "system:serviceaccount:pullwise:pullwise-node-inventory" cannot list resource "nodes" ' +
          '(the ServiceAccount needs get and list on nodes: a ClusterRole and ClusterRoleBinding, deploy/README.md)\n',
      );
      expect(server.sent).toEqual([]);
    });

    it('verifies the API server against the mounted CA: another CA is refused', async () => {
      answer = paged;
      const other = mkdtempSync(path.join(tmpdir(), 'pullwise-sa-other-'));
      try {
        const made = spawnSync(
          OPENSSL,
          [
            ...['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '1'],
            ...['-subj', '/CN=someone-else', '-keyout', path.join(other, 'k'), '-out', path.join(other, 'ca.crt')],
          ],
          { encoding: 'utf8' },
        );
        expect(made.status, made.stderr).toBe(0);
        writeFileSync(path.join(other, 'token'), 'sa-token');
        const server = fakeServer();
        const r = await fromCluster(server.fetch, undefined, other);
        expect(r.code).toBe(2);
        expect(r.stderr).toMatch(
          new RegExp(`^pullwise: Cannot reach the Kubernetes API: https://127\\.0\\.0\\.1:${port}: [A-Z_]+\\n$`),
        );
        expect(requests).toEqual([]);
        expect(server.sent).toEqual([]);
      } finally {
        rmSync(other, { recursive: true, force: true });
      }
    });

    it('outside a pod: no KUBERNETES_SERVICE_HOST, or no mounted token, is an error naming what is missing', async () => {
      const server = fakeServer();
      const outside = await fromCluster(server.fetch, {});
      expect(outside.code).toBe(2);
      expect(outside.stderr).toMatch(/^pullwise: Not in a cluster: --from-cluster reads the nodes with the pod's/);

      const noToken = await fromCluster(
        server.fetch,
        { KUBERNETES_SERVICE_HOST: '127.0.0.1', KUBERNETES_SERVICE_PORT: String(port) },
        path.join(dir, 'missing'),
      );
      expect(noToken.code).toBe(2);
      expect(noToken.stderr).toMatch(/^pullwise: Cannot read input: .*missing\/(token|ca\.crt): no such file/);
      expect(server.sent).toEqual([]);
    });
  },
);
