// npm run bench:answer — issue 16's method for target 1: a small evaluation (POST /v1/evaluations, the
// two-container Pod as a JSON body, an API key with the evaluate scope, access log at info, metrics on) against
// bare servers that send pullwise's own answer for that body (bench/answer-server.ts: node:http and Fastify).
// Each server runs pinned to CPU 0 and the load generator (autocannon, in this process) to CPU 1 when the machine
// has two or more CPUs; BENCH_ROUNDS (3) interleaved rounds of BENCH_SECONDS (8) at BENCH_CONNECTIONS (50), after
// a warm-up; medians. CPU µs per request from the server's own CPU time (/proc/<pid>/stat). Written to
// bench/results/answer.json and printed as a Markdown table. BENCH_DB=postgres|pglite (pglite) as for run.ts;
// BENCH_RULES (0) stored rules. Run it under another Node (e.g. 24) by starting this script with that node.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { repoRoot } from './corpus.js';
import { pass } from './load.js';
import type { Scenario } from './scenarios.js';
import { ruleDefinitions } from './scenarios.js';
import { benchDatabase, seedRules } from './seed.js';
import { memoryOf, startAnswerServer, startService, type Server } from './servers.js';

const num = (name: string, fallback: number) => Number(process.env[name] || fallback);
const ROUNDS = num('BENCH_ROUNDS', 3);
const SECONDS = num('BENCH_SECONDS', 8);
const CONNECTIONS = num('BENCH_CONNECTIONS', 50);
const RULES = num('BENCH_RULES', 0);
const log = (line: string) => console.error(line);

/** The two-container Pod of issue 16, as a JSON evaluation request. */
const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web', namespace: 'team-3', labels: { app: 'web', tier: 'frontend' } },
  spec: {
    containers: [
      { name: 'app', image: 'registry.example.com/team-3/web:1.4.2', imagePullPolicy: 'IfNotPresent' },
      { name: 'proxy', image: 'nginx:1.27' },
    ],
  },
};
const scenario: Scenario = {
  id: 'a',
  name: 'two-container Pod, JSON',
  body: JSON.stringify({ manifests: POD }),
  contentType: 'application/json',
  slots: 2,
  documents: 1,
};

/** utime + stime of a process, in µs (/proc/<pid>/stat fields 14 and 15, in clock ticks). */
function cpuMicros(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / 100;
}

/** Pins every thread of `pid` to `cpu` (taskset from util-linux); false when it cannot. */
function pin(pid: number, cpu: number): boolean {
  try {
    execFileSync('taskset', ['-a', '-cp', String(cpu), String(pid)], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

interface Sample {
  reqPerSec: number;
  p99: number;
  cpuMicrosPerRequest: number;
  errors: number;
  rssAfterMB: number | null;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const mb = (mib: number | null | undefined) => (mib == null ? null : Math.round((mib * 1048576) / 1e6));

async function main() {
  const pinned = os.cpus().length >= 2 && pin(process.pid, 1);
  const db = await benchDatabase('answer');
  const servers: Server[] = [];
  try {
    if (RULES > 0) await seedRules(db.location, ruleDefinitions(RULES));
    const service = await startService('pullwise', { ...db.env, PULLWISE_LOG_LEVEL: 'info' });
    servers.push(service);
    // An API key, as a CI system would hold one: the admin token is not what the guards see on the hot path.
    const created = await fetch(`${service.url}/v1/api-keys`, {
      method: 'POST',
      headers: { ...service.headers, 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'bench', scopes: ['evaluate'] }),
    });
    if (created.status !== 201) throw new Error(`POST /v1/api-keys answered ${created.status}`);
    const key = ((await created.json()) as { token: string }).token;
    service.headers = { authorization: `Bearer ${key}` };
    const answerRes = await fetch(`${service.url}/v1/evaluations`, {
      method: 'POST',
      headers: { ...service.headers, 'content-type': 'application/json' },
      body: scenario.body,
    });
    const answerText = await answerRes.text();
    if (answerRes.status !== 200) throw new Error(`pullwise answered ${answerRes.status}: ${answerText.slice(0, 300)}`);
    const answerFile = path.join(os.tmpdir(), `pullwise-answer-${process.pid}.json`);
    writeFileSync(answerFile, answerText);
    const idle = { pullwise: mb(memoryOf(service.pid)?.rssMiB) } as Record<string, number | null>;
    for (const kind of ['node', 'fastify'] as const) servers.push(await startAnswerServer(kind, answerFile));
    for (const s of servers) {
      if (pinned) pin(s.pid, 0);
      idle[s.name] ??= mb(memoryOf(s.pid)?.rssMiB);
      await pass(s, scenario, { connections: CONNECTIONS, amount: 2000 }, false);
    }
    log(
      `answer ${Buffer.byteLength(answerText)} bytes; ${RULES} rules; ${db.label}; Node ${process.versions.node}; ` +
        `${pinned ? 'servers on CPU 0, load on CPU 1' : 'not pinned'}`,
    );
    const samples = new Map<string, Sample[]>(servers.map((s) => [s.name, []]));
    for (let round = 1; round <= ROUNDS; round++) {
      for (const s of servers) {
        const cpu0 = cpuMicros(s.pid);
        const r = await pass(s, scenario, { connections: CONNECTIONS, seconds: SECONDS }, false);
        const cpu = cpuMicros(s.pid) - cpu0;
        const sample = {
          reqPerSec: r.reqPerSec,
          p99: r.p99,
          cpuMicrosPerRequest: Math.round(cpu / Math.max(1, r.requests)),
          errors: r.errors,
          rssAfterMB: mb(memoryOf(s.pid)?.rssMiB),
        };
        samples.get(s.name)!.push(sample);
        log(
          `  round ${round} ${s.name.padEnd(16)} ${r.reqPerSec} req/s, p99 ${r.p99} ms, ${sample.cpuMicrosPerRequest} µs CPU/req, errors ${r.errors}`,
        );
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    }
    const rows = servers.map((s) => {
      const xs = samples.get(s.name)!;
      return {
        server: s.name,
        reqPerSec: median(xs.map((x) => x.reqPerSec)),
        p99: median(xs.map((x) => x.p99)),
        cpuMicrosPerRequest: median(xs.map((x) => x.cpuMicrosPerRequest)),
        errors: xs.reduce((n, x) => n + x.errors, 0),
        rssIdleMB: idle[s.name] ?? null,
        rssAfterMB: Math.max(...xs.map((x) => x.rssAfterMB ?? 0)),
      };
    });
    const byName = (n: string) => rows.find((r) => r.server === n)!;
    const ours = byName('pullwise');
    const ratio = (n: string) => +(ours.reqPerSec / byName(n).reqPerSec).toFixed(2);
    const result = {
      date: new Date().toISOString(),
      commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot }).toString().trim(),
      node: process.versions.node,
      machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}`,
      database: db.label,
      rules: RULES,
      pinned,
      answerBytes: Buffer.byteLength(answerText),
      rounds: ROUNDS,
      seconds: SECONDS,
      connections: CONNECTIONS,
      rows,
      ratios: { vsFastify: ratio('bare Fastify'), vsNodeHttp: ratio('bare node:http') },
    };
    mkdirSync(path.join(repoRoot, 'bench/results'), { recursive: true });
    writeFileSync(
      path.join(repoRoot, 'bench/results', process.env.BENCH_OUT || 'answer.json'),
      JSON.stringify(result, null, 2),
    );
    console.log(
      [
        `| server answering the same POST | req/s | p99 ms | CPU µs/request | RSS idle / after MB |`,
        `| --- | --- | --- | --- | --- |`,
        ...rows.map(
          (r) =>
            `| ${r.server} | ${r.reqPerSec.toLocaleString('en-US')} | ${r.p99} | ${r.cpuMicrosPerRequest} | ${r.rssIdleMB ?? '–'} / ${r.rssAfterMB} |`,
        ),
        '',
        `pullwise / bare Fastify: ${result.ratios.vsFastify}×; pullwise / bare node:http: ${result.ratios.vsNodeHttp}× ` +
          `(${result.database}, Node ${result.node}, ${result.commit}, ${result.date.slice(0, 10)})`,
      ].join('\n'),
    );
  } finally {
    await Promise.all(servers.map((s) => s.stop().catch(() => undefined)));
    await db.drop().catch(() => undefined);
  }
}

await main();
