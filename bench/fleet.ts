// npm run bench:fleet — issue 17's figures: a BENCH_NODES (5,000) × BENCH_IMAGES (50) node inventory, generated as
// `kubectl get nodes -o json` prints it (conditions, addresses, capacity and all), uploaded with
// PUT /v1/clusters/{id}/nodes, then evaluations naming the cluster. Reports the upload time, the time until the
// snapshot serves the inventory, evaluation latency with and without the fleet, the answer's size and the
// service's resident memory before and after. BENCH_DB=postgres|pglite (pglite) as for run.ts.
import os from 'node:os';
import { benchDatabase } from './seed.js';
import { memoryOf, startService, type Server } from './servers.js';

const NODES = Number(process.env.BENCH_NODES || 5000);
const IMAGES = Number(process.env.BENCH_IMAGES || 50);
const EVALUATIONS = Number(process.env.BENCH_EVALUATIONS || 50);
const log = (line: string) => console.error(line);
const hex = (n: number) => n.toString(16).padStart(8, '0').repeat(8);

/** One Node as kubectl prints it: ~6–10 KB, most of it fields the inventory does not keep. */
function node(i: number): Record<string, unknown> {
  const zone = ['a', 'b', 'c'][i % 3]!;
  const images = Array.from({ length: IMAGES }, (_, k) => {
    // 300 distinct images over the fleet, each node holding a different mix of them.
    const id = (i * 7 + k * 13) % 300;
    const repo = `registry.example.com/team-${id % 20}/service-${id}`;
    return {
      names: [`${repo}@sha256:${hex(id + 1)}`, `${repo}:1.${id % 9}.${k % 4}`],
      sizeBytes: 500_000_000 - k * 9_000_000,
    };
  });
  images.push({
    names: ['docker.io/library/nginx@sha256:' + hex(7), 'docker.io/library/nginx:1.27'],
    sizeBytes: 72_000_000,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: `ip-10-${(i >> 8) & 255}-${i & 255}-7.us-west-2.compute.internal`,
      uid: `${hex(i).slice(0, 8)}-0000-4000-8000-${hex(i).slice(0, 12)}`,
      resourceVersion: String(1_000_000 + i),
      creationTimestamp: '2026-11-01T00:00:00Z',
      labels: {
        'kubernetes.io/arch': i % 10 === 0 ? 'arm64' : 'amd64',
        'kubernetes.io/os': 'linux',
        'kubernetes.io/hostname': `ip-10-${(i >> 8) & 255}-${i & 255}-7`,
        'node.kubernetes.io/instance-type': i % 10 === 0 ? 'm7g.2xlarge' : 'm7i.2xlarge',
        'topology.kubernetes.io/region': 'us-west-2',
        'topology.kubernetes.io/zone': `us-west-2${zone}`,
        'eks.amazonaws.com/nodegroup': i % 20 === 0 ? 'gpu' : 'general',
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: {
      providerID: `aws:///us-west-2${zone}/i-${hex(i).slice(0, 17)}`,
      ...(i % 20 === 0 ? { taints: [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }] } : {}),
      ...(i % 97 === 0 ? { unschedulable: true } : {}),
    },
    status: {
      addresses: [
        { type: 'InternalIP', address: `10.${(i >> 8) & 255}.${i & 255}.7` },
        { type: 'Hostname', address: `ip-10-${(i >> 8) & 255}-${i & 255}-7.us-west-2.compute.internal` },
      ],
      allocatable: { cpu: '7910m', 'ephemeral-storage': '95491281146', memory: '31482420Ki', pods: '58' },
      capacity: { cpu: '8', 'ephemeral-storage': '104845292Ki', memory: '32506420Ki', pods: '58' },
      conditions: ['MemoryPressure', 'DiskPressure', 'PIDPressure', 'Ready'].map((type) => ({
        type,
        status: type === 'Ready' ? 'True' : 'False',
        lastHeartbeatTime: '2026-12-07T03:00:00Z',
        lastTransitionTime: '2026-11-01T00:00:00Z',
        reason: type === 'Ready' ? 'KubeletReady' : `KubeletHasNo${type}`,
        message: type === 'Ready' ? 'kubelet is posting ready status' : `kubelet has no ${type}`,
      })),
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      images: images.slice(0, IMAGES),
      nodeInfo: {
        architecture: i % 10 === 0 ? 'arm64' : 'amd64',
        containerRuntimeVersion: 'containerd://1.7.27',
        kernelVersion: '6.1.141-155.222.amzn2023.x86_64',
        // An upgrade in progress: a fifth of the fleet still on 1.33.
        kubeletVersion: i % 5 === 0 ? 'v1.33.5-eks-3cfe0ce' : 'v1.34.2-eks-b707fbb',
        kubeProxyVersion: 'v1.34.2-eks-b707fbb',
        operatingSystem: 'linux',
        osImage: 'Amazon Linux 2023.8.20250915',
      },
    },
  };
}

const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        nodeSelector: { 'kubernetes.io/arch': 'amd64' },
        containers: [
          { name: 'web', image: 'nginx:1.27', imagePullPolicy: 'Never' },
          { name: 'api', image: 'registry.example.com/team-3/service-3:1.3.0', imagePullPolicy: 'IfNotPresent' },
        ],
      },
    },
  },
};

const mb = (bytes: number) => Math.round(bytes / 1e6);
const rss = (s: Server) => Math.round(((memoryOf(s.pid)?.rssMiB ?? 0) * 1048576) / 1e6);

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, Math.round(performance.now() - t0)];
}

async function evaluateMs(s: Server, cluster: string, n: number): Promise<{ p50: number; p90: number; bytes: number }> {
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    const res = await fetch(`${s.url}/v1/evaluations`, {
      method: 'POST',
      headers: { ...s.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ manifests: DEPLOYMENT, cluster }),
    });
    const text = await res.text();
    times.push(performance.now() - t0);
    if (res.status !== 200) throw new Error(`evaluation answered ${res.status}: ${text.slice(0, 300)}`);
    bytes = text.length;
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => +times[Math.min(times.length - 1, Math.floor(p * times.length))]!.toFixed(1);
  return { p50: at(0.5), p90: at(0.9), bytes };
}

async function main() {
  const db = await benchDatabase('fleet');
  let service: Server | undefined;
  try {
    service = await startService('pullwise', db.env);
    const s = service;
    const post = (path: string, body: unknown) =>
      fetch(`${s.url}${path}`, {
        method: 'POST',
        headers: { ...s.headers, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as Record<string, unknown> }));
    const withNodes = await post('/v1/clusters', { name: 'fleet', kubeletVersion: '1.34' });
    const without = await post('/v1/clusters', { name: 'plain', kubeletVersion: '1.34' });
    if (withNodes.status !== 201 || without.status !== 201) throw new Error('cannot create the cluster profiles');
    const [text, genMs] = await timed(async () =>
      JSON.stringify(
        { apiVersion: 'v1', kind: 'List', items: Array.from({ length: NODES }, (_, i) => node(i)) },
        null,
        4,
      ),
    );
    const rssBefore = rss(s);
    log(
      `${NODES} nodes × ${IMAGES} images: ${mb(text.length)} MB of kubectl JSON (generated in ${genMs} ms); RSS ${rssBefore} MB`,
    );
    const [put, putMs] = await timed(() =>
      fetch(`${s.url}/v1/clusters/${withNodes.body.id as string}/nodes`, {
        method: 'PUT',
        headers: { ...s.headers, 'content-type': 'application/json' },
        body: text,
      }).then(async (r) => ({ status: r.status, body: await r.text() })),
    );
    if (put.status !== 200) throw new Error(`PUT answered ${put.status}: ${put.body.slice(0, 500)}`);
    log(`upload: ${putMs} ms → ${put.body}`);
    // The write's own replica refreshes its snapshot before answering; the first evaluation shows it.
    const plain = await evaluateMs(s, 'plain', EVALUATIONS);
    const fleet = await evaluateMs(s, 'fleet', EVALUATIONS);
    const rssAfter = rss(s);
    const result = {
      date: new Date().toISOString(),
      node: process.versions.node,
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`,
      database: db.label,
      nodes: NODES,
      imagesPerNode: IMAGES,
      kubectlJsonMB: mb(text.length),
      uploadMs: putMs,
      upload: JSON.parse(put.body) as unknown,
      evaluationWithoutFleet: plain,
      evaluationWithFleet: { ...fleet, answerMB: +(fleet.bytes / 1e6).toFixed(2) },
      rssMB: { beforeUpload: rssBefore, afterEvaluations: rssAfter },
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await service?.stop().catch(() => undefined);
    await db.drop().catch(() => undefined);
  }
}

await main();
