// npm run bench:http — POST /v1/evaluations on pullwise (Nest + Fastify, no rules) vs the bare Fastify floor
// that only parses the YAML body, each measured with autocannon in the same run, server processes pinned
// to the same Node flags. Prints requests/s, p50/p99 latency and the ratio.
import { fork, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import autocannon from 'autocannon';
import { repoRoot } from './corpus.js';

const SMALL_POD = `apiVersion: v1
kind: Pod
metadata: {name: web, namespace: prod}
spec:
  containers:
  - {name: app, image: "nginx:1.27", imagePullPolicy: IfNotPresent}
`;

const duration = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 50);

async function start(script: string, env: Record<string, string>): Promise<{ url: string; child: ChildProcess }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = fork(path.join(repoRoot, script), [], {
    execArgv: ['--conditions=source', '--import', '@swc-node/register/esm-register'],
    env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    const up = await fetch(`${url}/v1/evaluations`, {
      method: 'POST',
      headers: { 'content-type': 'application/yaml' },
      body: SMALL_POD,
    }).then(
      (r) => r.ok,
      () => false,
    );
    if (up) return { url, child };
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill();
  throw new Error(`${script} did not start`);
}

function load(url: string, body: string) {
  return autocannon({
    url: `${url}/v1/evaluations`,
    method: 'POST',
    headers: { 'content-type': 'application/yaml' },
    body,
    connections,
    duration,
  });
}

const floor = await start('bench/floor-server.ts', {});
const service = await start('apps/api/src/main.ts', { DATABASE_URL: 'memory:' });
try {
  await load(floor.url, SMALL_POD); // warm both before measuring
  await load(service.url, SMALL_POD);
  const f = await load(floor.url, SMALL_POD);
  const s = await load(service.url, SMALL_POD);
  const row = (name: string, r: autocannon.Result) => ({
    server: name,
    'req/s': Math.round(r.requests.average),
    'p50 ms': r.latency.p50,
    'p99 ms': r.latency.p99,
    errors: r.errors + r.non2xx,
  });
  console.table([row('floor: bare Fastify + YAML parse', f), row('pullwise POST /v1/evaluations', s)]);
  console.log(
    `pullwise / floor throughput: ${(s.requests.average / f.requests.average).toFixed(2)} (one small Pod, ${connections} connections, ${duration} s)`,
  );
} finally {
  floor.child.kill();
  service.child.kill();
}
