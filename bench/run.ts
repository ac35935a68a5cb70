// npm run bench — every HTTP scenario against pullwise (NestJS + Fastify) and, in the same run, against the floor:
// a bare Fastify server (bench/floor-server.ts) that only reads and YAML-parses the same body. Scenarios:
//   (a) one small Pod, (b) a 50-slot bundle (Deployments, StatefulSets, CronJobs; containers and init containers),
//   (c) a generated 1,000-document stream (Deployments, Services, ConfigMaps; bench/corpus.ts),
// each with 100 and with 10,000 stored rules (bench/scenarios.ts ruleDefinitions: every kind, varied scopes), one
// service process per rule count. Passes per scenario: a warm-up (a fixed number of requests), then as fast as
// possible (floor and services), then for (a) and (b) a fixed rate of 50% of that service's maximum (bench/paced.ts:
// evenly spaced requests, latency from the instant each was due), for (c) one connection (floor and services: time per request against parsing alone). (a) and (b) are
// timed passes; (c) is counted in requests (one takes a large fraction of a second). After a timed pass the runner
// waits until the server has worked off the requests it had already received, so they do not land on the next pass.
// Peak resident memory of each service is sampled from /proc while it is under load; process.memoryUsage() inside
// the service (bench/memory-probe.mjs) splits it into JS heap and external (WebAssembly: PGlite) memory.
// Prints a table, the ratios and PASS/MISS per target (n/a when a pass answered too few requests), and writes
// bench/results/latest.json.
//
// Environment:
//   BENCH_SECONDS (8)            seconds per timed pass
//   BENCH_CONNECTIONS            connections for (a) and (b) (default 50 for (a), 10 for (b))
//   BENCH_STREAM_CONNECTIONS (4) connections of the (c) max pass; BENCH_STREAM_REQUESTS (8) requests at 1 connection
//   BENCH_SCENARIOS (a,b,c), BENCH_RULES (100,10000)
//   BENCH_API_RULES              rules created through POST /v1/rules per rule count; default all up to 100, else
//                                the last 8: the rest are validated and written into the database before the service
//                                starts, because every create reloads and recompiles the whole rule set (hours for 10,000)
//   BENCH_DB (pglite)            pglite: a temporary data directory; postgres: a fresh database on BENCH_ADMIN_URL
//   BENCH_SERVICE (auto)         dist | source | path of main.js (see servers.ts serviceLaunch)
//   BENCH_OUT (latest.json)      file name under bench/results/
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './corpus.js';
import { pass, probe, type PassOptions, type PassResult } from './load.js';
import { pacedPass } from './paced.js';
import { withTailCauses, type TailCauses } from './tail-causes.js';
import { ruleDefinitions, scenarios, type Scenario } from './scenarios.js';
import { benchDatabase, seedRules, type BenchDatabase } from './seed.js';
import {
  createRules,
  memoryOf,
  serviceLaunch,
  startFloor,
  startService,
  type MemoryReport,
  type Server,
  type SetupResult,
  waitIdle,
} from './servers.js';

const env = process.env;
function num(name: string, fallback: number): number {
  const v = env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a number, got "${v}"`);
  return n;
}
const SECONDS = num('BENCH_SECONDS', 8);
/** Connections of the passes as fast as possible (and of the fixed-rate passes). */
const CONNECTIONS = {
  a: num('BENCH_CONNECTIONS', 50),
  b: num('BENCH_CONNECTIONS', 10),
  c: num('BENCH_STREAM_CONNECTIONS', 4),
};
/** (c) is measured by request count, not time: requests at 1 connection (the max pass: half as many per connection). */
const STREAM_REQUESTS = Math.max(1, num('BENCH_STREAM_REQUESTS', 8));
/** Fewer answered requests than this make a figure too thin to judge a target on. */
const MIN_REQUESTS = { a: 20, b: 10, c: 3 };
const RULE_COUNTS = [...new Set((env.BENCH_RULES ?? '100,10000').split(',').map((s) => Number(s.trim())))];
if (RULE_COUNTS.some((n) => !Number.isInteger(n) || n < 0)) throw new Error('BENCH_RULES: comma-separated rule counts');
const SCENARIOS = scenarios().filter((s) =>
  (env.BENCH_SCENARIOS ?? 'a,b,c')
    .split(',')
    .map((x) => x.trim())
    .includes(s.id),
);
if (SCENARIOS.length === 0) throw new Error('BENCH_SCENARIOS: a comma-separated subset of a,b,c');
const MB = 1_000_000;
const RSS_LIMIT_MB = 300;

const log = (msg: string) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const version = (pkg: string) =>
  (JSON.parse(readFileSync(path.join(repoRoot, 'node_modules', pkg, 'package.json'), 'utf8')) as { version: string })
    .version;
const mib2mb = (mib: number | null) => (mib === null ? null : Math.round((mib * 1024 * 1024) / MB));

interface ServiceRun {
  rules: number;
  server: Server;
  db: BenchDatabase;
  setup: {
    database: string;
    seededDirectly: number;
    seedMs: number;
    startMs: number;
    api: SetupResult;
    totalMs: number;
    rssAfterSetupMB: number | null;
  };
}

interface Row extends PassResult {
  /** How long the server kept working after a timed pass ended (requests it had already received). */
  drainMs: number;
  /** Inside the service right after the pass (bench/memory-probe.mjs), MB. */
  memoryAfter: { rss: number; heapUsed: number; heapTotal: number; external: number; arrayBuffers: number } | null;
  scenario: Scenario['id'];
  server: string;
  rules: number | null;
  load: 'max' | '50% rate' | '1 connection';
  connections: number;
  rate: number | null;
  /** Paced passes of the service: GC time and event-loop delay over the pass (bench/tail-causes.ts). */
  tail: TailCauses | null;
}

const servers: Server[] = [];
const databases: BenchDatabase[] = [];
let cleaning: Promise<void> | undefined;
function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    await Promise.all(databases.map((d) => d.drop().catch(() => undefined)));
  })();
  return cleaning;
}
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.once(signal, () => {
    log(`${signal}: stopping the servers`);
    void cleanup().finally(() => process.exit(130));
  });
process.once('exit', () => servers.forEach((s) => s.child.kill('SIGKILL')));

async function setUpService(rules: number): Promise<ServiceRun> {
  const defs = ruleDefinitions(rules);
  const apiCount = Math.min(rules, env.BENCH_API_RULES ? num('BENCH_API_RULES', 0) : rules <= 100 ? rules : 8);
  const t0 = performance.now();
  const db = await benchDatabase(`r${rules}`);
  databases.push(db);
  const direct = defs.slice(0, rules - apiCount);
  log(`${rules} rules: ${direct.length} written directly into ${db.label}, ${apiCount} through POST /v1/rules`);
  // The database is created and migrated here even without rules to write: a service that creates its own PGlite
  // database keeps the WebAssembly memory initdb grew (about 400 MB more resident) for its whole life, which is
  // the first start only, not how a service runs afterwards.
  const seedMs = await seedRules(db.location, direct);
  const t1 = performance.now();
  const server = await startService(`pullwise, ${rules} rules`, db.env);
  servers.push(server);
  const startMs = Math.round(performance.now() - t1);
  const api = await createRules(server, defs.slice(rules - apiCount), 8, (n) => log(`  ${n} created`));
  if (api.failed > 0) log(`  ${api.failed} rule creations FAILED; first: ${api.firstFailure}`);
  if (api.storedCount !== rules) log(`  WARNING: the service lists ${api.storedCount} rules, expected ${rules}`);
  const setup = {
    database: db.label,
    seededDirectly: direct.length,
    seedMs,
    startMs,
    api,
    totalMs: Math.round(performance.now() - t0),
    rssAfterSetupMB: mib2mb(memoryOf(server.pid)?.rssMiB ?? null),
  };
  log(
    `  ready: seed ${seedMs} ms, start ${startMs} ms, ${apiCount} API creates ${api.ms} ms ` +
      `(${apiCount ? (api.ms / apiCount).toFixed(0) : '-'} ms a rule at concurrency 8), RSS ${setup.rssAfterSetupMB} MB`,
  );
  return { rules, server, db, setup };
}

async function main() {
  const startedAt = new Date();
  const loadStart = os.loadavg();
  const launch = serviceLaunch();
  log(`service: ${launch.label}`);
  log(
    `scenarios ${SCENARIOS.map((s) => s.id).join(',')}; rules ${RULE_COUNTS.join(',')}; ${SECONDS} s a timed pass; ` +
      `connections a ${CONNECTIONS.a}, b ${CONNECTIONS.b}, c ${CONNECTIONS.c}; (c) ${STREAM_REQUESTS} requests at 1 connection; ` +
      `load average ${loadStart.map((l) => l.toFixed(1)).join(' ')}`,
  );
  const floor = await startFloor();
  servers.push(floor);
  const runs: ServiceRun[] = [];
  for (const n of RULE_COUNTS) runs.push(await setUpService(n));

  const rows: Row[] = [];
  const probes: Record<string, unknown>[] = [];
  const runOf = (server: Server) => runs.find((r) => r.server === server);
  /** One measured pass; a timed pass is followed by waiting until the server has drained what it received. */
  const measure = async (s: Scenario, server: Server, load: Row['load'], o: PassOptions): Promise<Row> => {
    let tail: TailCauses | null = null;
    let r: PassResult;
    if (o.overallRate !== undefined) {
      const paced = () =>
        pacedPass(
          server,
          s,
          {
            rate: o.overallRate!,
            seconds: o.seconds ?? SECONDS,
            connections: o.connections,
            timeoutSeconds: o.timeout ?? 60,
          },
          server !== floor,
        );
      // The tail's causes (issue 16): the service's GC time and event-loop delay over the paced pass.
      if (server === floor) r = await paced();
      else [r, tail] = await withTailCauses(server, paced);
    } else r = await pass(server, s, o, server !== floor);
    const drainMs = o.amount === undefined ? await waitIdle(server) : 0;
    const m: MemoryReport | null = server === floor ? null : await server.memoryUsage();
    const row: Row = {
      scenario: s.id,
      server: server === floor ? 'floor' : 'pullwise',
      rules: runOf(server)?.rules ?? null,
      load,
      connections: o.connections,
      rate: o.overallRate ?? null,
      ...r,
      tail,
      drainMs,
      memoryAfter: m
        ? {
            rss: Math.round(m.usage.rss / MB),
            heapUsed: Math.round(m.usage.heapUsed / MB),
            heapTotal: Math.round(m.usage.heapTotal / MB),
            external: Math.round(m.usage.external / MB),
            arrayBuffers: Math.round(m.usage.arrayBuffers / MB),
          }
        : null,
    };
    rows.push(row);
    log(
      `  ${s.id} ${server.name.padEnd(22)} ${load.padEnd(12)} ${String(r.reqPerSec).padStart(7)} req/s ` +
        `p50 ${r.p50} ms p99 ${r.p99} ms, ${r.requests} requests, errors ${r.errors}` +
        `${r.peakRssMiB !== null ? `, RSS ${mib2mb(r.peakRssMiB)} MB` : ''}${drainMs > 1000 ? `, drained ${drainMs} ms` : ''}` +
        (tail ? `, GC ${tail.gcMs} ms, event-loop delay p99 ${tail.loopP99Ms} ms max ${tail.loopMaxMs} ms` : ''),
    );
    return row;
  };

  for (const s of SCENARIOS) {
    const stream = s.id === 'c';
    const connections = CONNECTIONS[s.id];
    const timeout = stream ? 180 : 60;
    log(
      `scenario (${s.id}) ${s.name}: ${Math.round(Buffer.byteLength(s.body) / 1024)} KiB, ${s.documents} documents, ${s.slots} slots`,
    );
    const all = [floor, ...runs.map((r) => r.server)];
    for (const server of all) {
      await waitIdle(server);
      const p = await probe(server, s);
      if (server !== floor && p.slots !== s.slots)
        throw new Error(`${server.name}: ${p.slots} slots evaluated, expected ${s.slots}`);
      probes.push({
        scenario: s.id,
        server: server === floor ? 'floor' : 'pullwise',
        rules: runOf(server)?.rules ?? null,
        ...p,
      });
      // Warm-up (JIT, the compiled rule set's memo, sockets): a fixed number of requests, all answered before it ends.
      await pass(
        server,
        s,
        { connections: stream ? 1 : connections, amount: stream ? 2 : connections * 4, timeout },
        false,
      );
    }
    const max = new Map<Server, Row>();
    for (const server of all) {
      const o: PassOptions = stream
        ? { connections, amount: connections * Math.ceil(STREAM_REQUESTS / 2), timeout }
        : { connections, seconds: SECONDS, timeout };
      max.set(server, await measure(s, server, 'max', o));
    }
    if (!stream) {
      for (const run of runs) {
        const rate = Math.max(1, Math.round(max.get(run.server)!.reqPerSec / 2));
        await measure(s, run.server, '50% rate', { connections, seconds: SECONDS, overallRate: rate, timeout });
      }
    } else {
      for (const server of all)
        await measure(s, server, '1 connection', { connections: 1, amount: STREAM_REQUESTS, timeout });
    }
  }
  const hwm = runs.map((r) => ({ rules: r.rules, vmHwmMB: mib2mb(memoryOf(r.server.pid)?.hwmMiB ?? null) }));

  // --- targets ---
  type Verdict = { target: string; measured: string; limit: string; pass: boolean | null };
  const targets: Verdict[] = [];
  const find = (scenario: string, load: Row['load'], rules: number | null) =>
    rows.find((r) => r.scenario === scenario && r.load === load && r.rules === rules);
  const enough = (...rs: Row[]) => rs.every((r) => r.requests >= MIN_REQUESTS[r.scenario]);
  const judge = (ok: boolean, ...rs: Row[]) => (enough(...rs) ? ok : null);
  const fx = (x: number, d = 2) => x.toFixed(d);
  for (const run of runs) {
    const n = run.rules.toLocaleString('en-US');
    const f = find('a', 'max', null);
    const a = find('a', 'max', run.rules);
    if (f && a) {
      const ratio = a.reqPerSec / f.reqPerSec;
      targets.push({
        target: `(a) req/s vs floor, 0 errors — ${n} rules`,
        measured: `${fx(ratio)}× (${a.reqPerSec} / ${f.reqPerSec}), ${a.errors} errors`,
        limit: '≥ 0.50×, 0 errors',
        pass: judge(ratio >= 0.5 && a.errors === 0, a, f),
      });
    }
    const h = find('a', '50% rate', run.rules);
    if (h)
      targets.push({
        target: `(a) p99 at 50% of max (${h.rate} req/s) — ${n} rules`,
        measured:
          `${h.p99} ms (${h.reqPerSec} req/s achieved, ${h.errors} errors)` +
          (h.tail
            ? `; over the pass: GC ${h.tail.gcMs} ms (${Object.entries(h.tail.gcMsByKind)
                .filter(([, v]) => v > 0)
                .map(([k, v]) => `${k} ${v}`)
                .join(', ')}), event-loop delay p99 ${h.tail.loopP99Ms} ms, max ${h.tail.loopMaxMs} ms`
            : ''),
        limit: '≤ 10 ms',
        pass: judge(h.p99 <= 10 && h.errors === 0, h),
      });
    const fc = find('c', '1 connection', null);
    const c = find('c', '1 connection', run.rules);
    if (fc && c) {
      const ratio = c.p50 / fc.p50;
      targets.push({
        target: `(c) time per request vs parsing alone, 1 connection — ${n} rules`,
        measured: `${fx(ratio)}× (p50 ${c.p50} / ${fc.p50} ms; mean ${c.mean} / ${fc.mean} ms)`,
        limit: '≤ 1.30×',
        pass: judge(ratio <= 1.3, c, fc),
      });
    }
  }
  if (runs.length >= 2) {
    const lo = runs.reduce((x, y) => (y.rules < x.rules ? y : x));
    const hi = runs.reduce((x, y) => (y.rules > x.rules ? y : x));
    for (const s of SCENARIOS) {
      const a = find(s.id, 'max', lo.rules);
      const b = find(s.id, 'max', hi.rules);
      if (!a || !b) continue;
      const ratio = a.reqPerSec / b.reqPerSec;
      targets.push({
        target: `(${s.id}) cost of ${hi.rules.toLocaleString('en-US')} vs ${lo.rules.toLocaleString('en-US')} rules (req/s at max)`,
        measured: `${fx(ratio)}× (${a.reqPerSec} / ${b.reqPerSec} req/s)`,
        limit: '≤ 2.00×',
        pass: judge(ratio <= 2, a, b),
      });
    }
  }
  for (const run of runs) {
    const peaks = rows.filter((r) => r.rules === run.rules && r.peakRssMiB !== null).map((r) => r.peakRssMiB!);
    if (peaks.length === 0) continue;
    const peak = mib2mb(Math.max(...peaks))!;
    targets.push({
      target: `peak RSS under load — ${run.rules.toLocaleString('en-US')} rules`,
      measured: `${peak} MB (after setup ${run.setup.rssAfterSetupMB} MB)`,
      limit: `≤ ${RSS_LIMIT_MB} MB`,
      pass: peak <= RSS_LIMIT_MB,
    });
  }
  const errorsTotal = rows.reduce((sum, r) => sum + r.errors, 0);

  // --- output ---
  const floorRow = (r: Row) => find(r.scenario, r.load === '50% rate' ? 'max' : r.load, null);
  const vsFloor = (r: Row) => {
    const f = floorRow(r);
    if (!f || r.rules === null || r.load === '50% rate') return '';
    return r.load === '1 connection' ? `${fx(r.p50 / f.p50)}× time` : `${fx(r.reqPerSec / f.reqPerSec)}× req/s`;
  };
  const scenarioName = (id: string) => `(${id}) ${SCENARIOS.find((s) => s.id === id)!.name}`;
  const md: string[] = [
    `| scenario | server | rules | load | req/s | p50 ms | p99 ms | errors | peak RSS MB | vs floor |`,
    `| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | --- |`,
    ...rows.map(
      (r) =>
        `| ${scenarioName(r.scenario)} | ${r.server} | ${r.rules === null ? '–' : r.rules.toLocaleString('en-US')} | ` +
        `${r.load === 'max' ? `max, ${r.connections} conn.` : r.load === '50% rate' ? `${r.rate} req/s fixed, ${r.connections} conn.` : '1 conn.'} | ` +
        `${r.reqPerSec.toLocaleString('en-US')} | ${r.p50} | ${r.p99} | ${r.errors} | ${mib2mb(r.peakRssMiB) ?? '–'} | ${vsFloor(r)} |`,
    ),
    '',
    `| target | measured | limit | result |`,
    `| --- | --- | --- | --- |`,
    ...targets.map(
      (t) =>
        `| ${t.target} | ${t.measured} | ${t.limit} | ${t.pass === null ? 'n/a (too few requests)' : t.pass ? 'PASS' : 'MISS'} |`,
    ),
  ];
  const setupLines = runs.map(
    (r) =>
      `- ${r.rules.toLocaleString('en-US')} rules (${r.setup.database}): ${r.setup.seededDirectly} written directly in ${r.setup.seedMs} ms, ` +
      `service start ${r.setup.startMs} ms, ${r.setup.api.rules} through POST /v1/rules in ${r.setup.api.ms} ms ` +
      `(${r.setup.api.rulesPerSec} rules/s, ${r.setup.api.failed} failed); service lists ${r.setup.api.storedCount}`,
  );
  const loadEnd = os.loadavg();
  const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.versions.node}, fastify ${version('fastify')}, yaml ${version('yaml')}, autocannon ${version('autocannon')}; load average ${loadStart.map((l) => l.toFixed(1)).join(' ')} → ${loadEnd.map((l) => l.toFixed(1)).join(' ')}`;

  console.log(`\n## HTTP benchmark ${startedAt.toISOString()}\n`);
  console.log(`${machine}; ${SECONDS} s a pass; service run from ${launch.label}.\n`);
  console.log(setupLines.join('\n'));
  console.log('');
  console.log(
    'Response sizes: ' +
      probes
        .filter((p) => p.server === 'pullwise')
        .map(
          (p) =>
            `(${p.scenario}) ${Number(p.rules).toLocaleString('en-US')} rules ${Math.round(Number(p.bytes) / 1024)} KiB, ${p.findings} findings, ${p.verdict}`,
        )
        .join('; '),
  );
  console.log('');
  console.log(md.join('\n'));
  const met = targets.filter((t) => t.pass === true).length;
  const unjudged = targets.filter((t) => t.pass === null).length;
  console.log(
    `\n${met} of ${targets.length} targets met${unjudged ? `, ${unjudged} not judged (too few requests)` : ''}; errors in all passes: ${errorsTotal}.`,
  );
  const mem = runs.map((run) => {
    const last = rows.filter((r) => r.rules === run.rules && r.memoryAfter).at(-1)?.memoryAfter;
    return last
      ? `${run.rules} rules: rss ${last.rss}, heap ${last.heapUsed}/${last.heapTotal}, external ${last.external} (array buffers ${last.arrayBuffers})`
      : '';
  });
  console.log(`Inside the service after its last pass (process.memoryUsage, MB): ${mem.join('; ')}`);
  console.log(
    `VmHWM (whole life of each service, setup included): ${hwm.map((h) => `${h.rules} rules ${h.vmHwmMB} MB`).join(', ')}`,
  );

  const out = path.join(repoRoot, 'bench/results', env.BENCH_OUT || 'latest.json');
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(
    out,
    JSON.stringify(
      {
        startedAt: startedAt.toISOString(),
        finishedAt: new Date().toISOString(),
        machine,
        service: launch.label,
        config: {
          seconds: SECONDS,
          connections: CONNECTIONS,
          streamRequests: STREAM_REQUESTS,
          scenarios: SCENARIOS.map((s) => ({
            id: s.id,
            name: s.name,
            bytes: Buffer.byteLength(s.body),
            documents: s.documents,
            slots: s.slots,
          })),
          rules: RULE_COUNTS,
        },
        setup: runs.map((r) => ({ rules: r.rules, ...r.setup })),
        probes,
        passes: rows.map((r) => ({ ...r, peakRssMB: mib2mb(r.peakRssMiB) })),
        vmHwm: hwm,
        targets,
        errorsTotal,
        markdown: md.join('\n'),
      },
      null,
      2,
    ),
  );
  console.log(`\nwritten to ${path.relative(process.cwd(), out)}`);
}

try {
  await main();
} finally {
  await cleanup();
}
