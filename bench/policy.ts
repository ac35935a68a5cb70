// npm run bench:policy — issue 18's figures: a bundle of BENCH_RULES (1,000) rules, BENCH_EXCEPTIONS (200)
// exceptions and BENCH_CLUSTERS (20) cluster profiles applied to an empty store, then planned and applied again
// unchanged, then with a tenth of the rules changed, then pruned to half. Reports each call's time and the export
// size; the floor is the plan of the unchanged bundle (reading and comparing, no write). BENCH_DB=postgres|pglite
// (pglite) as for run.ts.
import os from 'node:os';
import { benchDatabase } from './seed.js';
import { startService, type Server } from './servers.js';

const RULES = Number(process.env.BENCH_RULES || 1000);
const EXCEPTIONS = Number(process.env.BENCH_EXCEPTIONS || 200);
const CLUSTERS = Number(process.env.BENCH_CLUSTERS || 20);
const log = (line: string) => console.error(line);

function bundle(changedEvery: number, keep = 1) {
  const rules = Array.from({ length: Math.ceil(RULES * keep) }, (_, i) => ({
    name: `rule-${String(i).padStart(5, '0')}`,
    description: `Tags of team ${i % 40} are pinned`,
    kind: 'disallowed-tags',
    params: { tags: ['latest', `edge-${i}`, ...(changedEvery > 0 && i % changedEvery === 0 ? ['nightly-*'] : [])] },
    match: { namespaces: [`team-${i % 40}-*`] },
    enforcement: i % 3 === 0 ? 'deny' : 'warn',
  }));
  const exceptions = Array.from({ length: Math.ceil(EXCEPTIONS * keep) }, (_, i) => ({
    name: `waiver-${String(i).padStart(4, '0')}`,
    rules: [rules[(i * 5) % rules.length]!.name],
    match: { namespaces: [`team-${i % 40}-legacy`] },
    justification: 'migrating',
    owner: `team-${i % 40}`,
  }));
  const clusters = Array.from({ length: CLUSTERS }, (_, i) => ({
    name: `cluster-${i}`,
    admissionPlugins: i % 2 === 0 ? ['AlwaysPullImages'] : [],
    kubeletVersion: '1.34',
  }));
  return { apiVersion: 'pullwise.io/v1', kind: 'PolicyBundle', rules, exceptions, clusters };
}

async function call(s: Server, method: string, path: string, body?: unknown) {
  const t0 = performance.now();
  const res = await fetch(`${s.url}${path}`, {
    method,
    headers: { ...s.headers, ...(body ? { 'content-type': 'application/json' } : {}) },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  const ms = Math.round(performance.now() - t0);
  if (res.status !== 200) throw new Error(`${method} ${path} answered ${res.status}: ${text.slice(0, 300)}`);
  return { ms, text, json: () => JSON.parse(text) as { summary?: unknown; policyVersion?: number } };
}

async function main() {
  const db = await benchDatabase('policy');
  let service: Server | undefined;
  try {
    service = await startService('pullwise', db.env);
    const s = service;
    const steps: Record<string, { ms: number; summary?: unknown; policyVersion?: number }> = {};
    const step = async (name: string, method: string, path: string, body?: unknown) => {
      const r = await call(s, method, path, body);
      const { summary, policyVersion } = r.json();
      steps[name] = { ms: r.ms, summary, policyVersion };
      log(`${name}: ${r.ms} ms ${JSON.stringify(summary ?? '')}`);
      return r;
    };
    const full = bundle(0);
    await step('plan into an empty store', 'POST', '/v1/policy/plan', full);
    await step('apply into an empty store', 'POST', '/v1/policy/apply', full);
    await step('plan, unchanged (floor)', 'POST', '/v1/policy/plan', full);
    await step('apply, unchanged', 'POST', '/v1/policy/apply', full);
    const exported = await step('export (JSON)', 'GET', '/v1/policy');
    await step('apply, a tenth of the rules changed', 'POST', '/v1/policy/apply', bundle(10));
    await step('apply with prune, half kept', 'POST', '/v1/policy/apply?prune=true', bundle(10, 0.5));
    const floor = steps['plan, unchanged (floor)']!.ms;
    const result = {
      date: new Date().toISOString(),
      node: process.versions.node,
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`,
      database: db.label,
      bundle: {
        rules: RULES,
        exceptions: EXCEPTIONS,
        clusters: CLUSTERS,
        exportKB: Math.round(exported.text.length / 1e3),
      },
      steps: Object.fromEntries(
        Object.entries(steps).map(([k, v]) => [k, { ...v, ratioToFloor: +(v.ms / Math.max(1, floor)).toFixed(1) }]),
      ),
    };
    console.log(JSON.stringify(result, null, 2));
  } finally {
    await service?.stop().catch(() => undefined);
    await db.drop().catch(() => undefined);
  }
}

await main();
