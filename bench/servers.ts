// Starting the service and the floor for HTTP benchmarks, creating rules through the API, sampling memory.
import { fork, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { createServer } from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { repoRoot } from './corpus.js';

export const TS_EXEC_ARGV = ['--conditions=source', '--import', '@swc-node/register/esm-register'];

export interface Server {
  name: string;
  url: string;
  child: ChildProcess;
  pid: number;
  /** Headers every request needs (the bearer token for pullwise; nothing for the floor). */
  headers: Record<string, string>;
  stop(): Promise<void>;
  /** process.memoryUsage() inside the server (services only: bench/memory-probe.mjs), or null. */
  memoryUsage(timeoutMs?: number): Promise<MemoryReport | null>;
}

export interface MemoryReport {
  usage: NodeJS.MemoryUsage;
  heap: { totalHeapSize: number; usedHeapSize: number; mallocedMemory: number; externalMemory: number };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

interface StartOptions {
  name: string;
  script: string;
  env?: Record<string, string>;
  /** Node flags; default: run TypeScript from source (TS_EXEC_ARGV). */
  baseExecArgv?: string[];
  execArgv?: string[];
  /** Path answering 200 once the server is ready. */
  readyPath: string;
  headers?: Record<string, string>;
  timeoutMs?: number;
}

async function start(o: StartOptions): Promise<Server> {
  const port = await freePort();
  const child = fork(path.resolve(repoRoot, o.script), [], {
    cwd: repoRoot,
    execArgv: [...(o.baseExecArgv ?? TS_EXEC_ARGV), ...(o.execArgv ?? [])],
    env: { ...process.env, PULLWISE_LOG_LEVEL: 'error', ...o.env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  let exited: number | string | null = null;
  const exitPromise = new Promise<void>((resolve) =>
    child.once('exit', (code, signal) => {
      exited = code ?? signal ?? 'exit';
      resolve();
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (o.timeoutMs ?? 120_000);
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`${o.name} exited (${exited}) before it was ready`);
    const ok = await fetch(`${url}${o.readyPath}`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      return {
        name: o.name,
        url,
        child,
        pid: child.pid!,
        headers: o.headers ?? {},
        memoryUsage: (timeoutMs = 5000) => askMemory(child, timeoutMs),
        async stop() {
          if (exited !== null) return;
          child.kill('SIGTERM');
          const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
          await exitPromise;
          clearTimeout(timer);
        },
      };
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  child.kill('SIGKILL');
  throw new Error(`${o.name} did not become ready`);
}

let memoryRequest = 0;
function askMemory(child: ChildProcess, timeoutMs: number): Promise<MemoryReport | null> {
  if (!child.connected) return Promise.resolve(null);
  const id = ++memoryRequest;
  return new Promise((resolve) => {
    const done = (value: MemoryReport | null) => {
      clearTimeout(timer);
      child.off('message', onMessage);
      resolve(value);
    };
    const onMessage = (msg: unknown) => {
      const m = msg as { type?: string; id?: number } & MemoryReport;
      if (m?.type === 'memory' && m.id === id) done({ usage: m.usage, heap: m.heap });
    };
    const timer = setTimeout(() => done(null), timeoutMs);
    child.on('message', onMessage);
    child.send({ type: 'memory', id }, (err) => err && done(null));
  });
}

/** A bare server sending `answerFile`'s object to every evaluation (bench/answer-server.ts). */
export function startAnswerServer(kind: 'node' | 'fastify', answerFile: string): Promise<Server> {
  return start({
    name: kind === 'node' ? 'bare node:http' : 'bare Fastify',
    script: 'bench/answer-server.ts',
    readyPath: '/healthz',
    env: { ANSWER_SERVER: kind, ANSWER_FILE: answerFile },
  });
}

/** The bare Fastify floor (bench/floor-server.ts). */
export function startFloor(): Promise<Server> {
  return start({ name: 'floor', script: 'bench/floor-server.ts', readyPath: '/healthz' });
}

const DIST_MAIN = 'dist/apps/api/src/main.js';
const BUILD_INFO = 'dist/tsconfig.build.tsbuildinfo';

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'generated') newest = Math.max(newest, newestSource(p));
    } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.spec.ts'))
      newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/**
 * How the service runs. BENCH_SERVICE=dist: the build (`node dist/apps/api/src/main.js`, what `npm start` runs;
 * run `npm run build` first); source: apps/api/src/main.ts through @swc-node/register (adds about 125 MB of
 * resident memory and transpiles at start); a path: that JavaScript entry point. Default (auto): dist when it
 * exists and its build is newer than every source file of apps/ and libs/ (specs aside), else source.
 */
export function serviceLaunch(): { label: string; script: string; baseExecArgv: string[] } {
  const choice = process.env.BENCH_SERVICE || 'auto';
  const dist = { label: `build (${DIST_MAIN})`, script: DIST_MAIN, baseExecArgv: [] };
  const source = {
    label: 'source (apps/api/src/main.ts via @swc-node/register)',
    script: 'apps/api/src/main.ts',
    baseExecArgv: TS_EXEC_ARGV,
  };
  if (choice === 'source') return source;
  if (choice === 'dist') {
    if (!existsSync(path.join(repoRoot, DIST_MAIN)))
      throw new Error(`BENCH_SERVICE=dist: ${DIST_MAIN} is missing; run npm run build`);
    return dist;
  }
  if (choice !== 'auto') return { label: choice, script: path.resolve(choice), baseExecArgv: [] };
  const main = path.join(repoRoot, DIST_MAIN);
  if (!existsSync(main)) return { ...source, label: `${source.label}; no build found` };
  // tsc -b leaves an output file untouched when its text is unchanged; the build info is written by every build
  // that read a changed source, so its time is when the build last caught up with the sources.
  const info = path.join(repoRoot, BUILD_INFO);
  const built = Math.max(statSync(main).mtimeMs, existsSync(info) ? statSync(info).mtimeMs : 0);
  const stale = ['apps', 'libs'].some((d) => newestSource(path.join(repoRoot, d)) > built);
  return stale ? { ...source, label: `${source.label}; the build is older than the sources` } : dist;
}

/**
 * pullwise (see serviceLaunch), with an admin token made up for this run, rate limiting off and an in-memory
 * PGlite unless `env` says otherwise.
 */
export function startService(name: string, env: Record<string, string> = {}, execArgv: string[] = []): Promise<Server> {
  const token = randomBytes(24).toString('base64url');
  const launch = serviceLaunch();
  return start({
    name,
    script: launch.script,
    baseExecArgv: launch.baseExecArgv,
    readyPath: '/readyz',
    execArgv: ['--import', pathToFileURL(path.join(repoRoot, 'bench/memory-probe.mjs')).href, ...execArgv],
    env: { DATABASE_URL: 'memory:', PULLWISE_RATE_LIMIT: '0', ...env, PULLWISE_ADMIN_TOKEN: token },
    headers: { authorization: `Bearer ${token}` },
  });
}

export interface SetupResult {
  rules: number;
  ms: number;
  rulesPerSec: number;
  failed: number;
  firstFailure: string | null;
  storedCount: number | null;
}

/** Creates the rules through POST /v1/rules, `concurrency` at a time; returns how long it took. */
export async function createRules(
  server: Server,
  rules: Record<string, unknown>[],
  concurrency = 8,
  onProgress?: (done: number) => void,
): Promise<SetupResult> {
  const t0 = performance.now();
  let next = 0;
  let done = 0;
  let failed = 0;
  let firstFailure: string | null = null;
  const worker = async () => {
    while (next < rules.length) {
      const rule = rules[next++]!;
      const res = await fetch(`${server.url}/v1/rules`, {
        method: 'POST',
        headers: { ...server.headers, 'content-type': 'application/json' },
        body: JSON.stringify(rule),
      }).catch((e: unknown) => e as Error);
      if (res instanceof Error || res.status !== 201) {
        failed++;
        firstFailure ??=
          res instanceof Error
            ? res.message
            : `${res.status} ${(await res.text()).slice(0, 300)} for ${JSON.stringify(rule)}`;
      } else {
        await res.arrayBuffer();
      }
      if (++done % 500 === 0) onProgress?.(done);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, rules.length) }, worker));
  const ms = performance.now() - t0;
  const list = await fetch(`${server.url}/v1/rules?limit=1`, { headers: server.headers }).then(
    (r) => (r.ok ? (r.json() as Promise<{ totalCount: number }>) : null),
    () => null,
  );
  return {
    rules: rules.length,
    ms: Math.round(ms),
    rulesPerSec: +(rules.length / (ms / 1000)).toFixed(1),
    failed,
    firstFailure,
    storedCount: list?.totalCount ?? null,
  };
}

/** Resident memory of a process from /proc (Linux): current and high-water mark, in MiB. */
export function memoryOf(pid: number): { rssMiB: number; hwmMiB: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rssMiB: kib('VmRSS') / 1024, hwmMiB: kib('VmHWM') / 1024 };
  } catch {
    return null;
  }
}

/** Samples VmRSS of `pid` every `everyMs` while running; `stop()` returns the peak seen (MiB). */
export function sampleRss(pid: number, everyMs = 100): { stop(): number } {
  let peak = memoryOf(pid)?.rssMiB ?? 0;
  const timer = setInterval(() => {
    const m = memoryOf(pid);
    if (m && m.rssMiB > peak) peak = m.rssMiB;
  }, everyMs);
  return {
    stop() {
      clearInterval(timer);
      const m = memoryOf(pid);
      if (m && m.rssMiB > peak) peak = m.rssMiB;
      return peak;
    },
  };
}

/** CPU time (user + system) the process has used, in clock ticks (/proc/<pid>/stat), or null. */
function cpuTicks(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]); // utime, stime (fields 14 and 15 of stat)
  } catch {
    return null;
  }
}

/**
 * Waits until the server has finished what a pass left behind: autocannon stops at the end of its duration, but
 * the server still works through the requests it has already received (for large bodies, seconds of CPU), which
 * would land on the next measurement. Idle: at most 2 clock ticks (20 ms) of CPU in 250 ms, twice in a row.
 * Returns how long it waited (ms).
 */
export async function waitIdle(server: Server, timeoutMs = 180_000): Promise<number> {
  const t0 = performance.now();
  let last = cpuTicks(server.pid);
  let quiet = 0;
  while (last !== null && performance.now() - t0 < timeoutMs) {
    await new Promise((r) => setTimeout(r, 250));
    const now = cpuTicks(server.pid);
    if (now === null) break;
    quiet = now - last <= 2 ? quiet + 1 : 0;
    last = now;
    if (quiet >= 2) break;
  }
  return Math.round(performance.now() - t0);
}
