// npm run bench:profile — where the service spends its CPU under load: starts pullwise with `node --cpu-prof`
// on a database holding BENCH_PROFILE_RULES (10,000) rules (written directly, validated as the API does), drives
// each of BENCH_PROFILE_SCENARIOS (b,c) as fast as possible for BENCH_SECONDS (8), stops the service (the profile
// is written on exit) and prints, per scenario, the functions with the most self time among the samples taken
// during that scenario's load window (start-up, rule loading and warm-up are left out).
// Profiles: bench/results/profile/service.cpuprofile (open in Chrome DevTools or speedscope); summary in
// bench/results/profile/summary.json.
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from './corpus.js';
import { pass } from './load.js';
import { ruleDefinitions, scenarios } from './scenarios.js';
import { benchDatabase, seedRules } from './seed.js';
import { serviceLaunch, startService, waitIdle } from './servers.js';

const SECONDS = Number(process.env.BENCH_SECONDS || 8);
// As bench/run.ts: (b) timed with 10 connections, (c) counted in requests with 4 connections.
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS || 10);
const STREAM_CONNECTIONS = Number(process.env.BENCH_STREAM_CONNECTIONS || 4);
const STREAM_REQUESTS = Number(process.env.BENCH_STREAM_REQUESTS || 8);
const RULES = Number(process.env.BENCH_PROFILE_RULES || 10_000);
const TOP = Number(process.env.BENCH_PROFILE_TOP || 5);
const wanted = (process.env.BENCH_PROFILE_SCENARIOS || 'b,c').split(',').map((s) => s.trim());
const SCENARIOS = scenarios().filter((s) => wanted.includes(s.id));
const log = (msg: string) => process.stderr.write(`[profile ${new Date().toISOString().slice(11, 19)}] ${msg}\n`);
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number } }[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** Self time per function over the samples taken in [fromUs, toUs] (monotonic clock, as process.hrtime). */
function selfTimes(profile: CpuProfile, fromUs: number, toUs: number) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n.callFrame]));
  const totals = new Map<string, { fn: string; where: string; us: number }>();
  const areas = new Map<string, number>();
  let t = profile.startTime;
  let windowUs = 0;
  let idleUs = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i] ?? 0;
    if (t < fromUs || t > toUs) continue;
    const dt = profile.timeDeltas[i + 1] ?? 0; // a sample stands for the time until the next one
    const frame = byId.get(profile.samples[i]!)!;
    windowUs += dt;
    if (frame.functionName === '(idle)') {
      idleUs += dt;
      continue;
    }
    const file = frame.url.replace(/^file:\/\//, '');
    const rel = file.startsWith(repoRoot) ? path.relative(repoRoot, file) : file;
    const where = rel ? `${rel}:${frame.lineNumber + 1}` : '';
    const area = !rel
      ? frame.functionName // (garbage collector), (program)
      : rel.startsWith('node_modules/')
        ? rel
            .split('/')
            .slice(0, rel.split('/')[1]!.startsWith('@') ? 3 : 2)
            .join('/')
        : rel.startsWith('node:')
          ? 'node internals'
          : rel.split('/').slice(0, 2).join('/');
    areas.set(area, (areas.get(area) ?? 0) + dt);
    const key = `${frame.functionName}\u0000${where}`;
    const entry = totals.get(key) ?? { fn: frame.functionName || '(anonymous)', where, us: 0 };
    entry.us += dt;
    totals.set(key, entry);
  }
  const busyUs = windowUs - idleUs;
  const top = [...totals.values()]
    .sort((a, b) => b.us - a.us)
    .slice(0, TOP)
    .map((e) => ({
      function: e.fn,
      where: e.where,
      selfMs: Math.round(e.us / 1000),
      percentOfBusy: +((100 * e.us) / busyUs).toFixed(1),
    }));
  const byArea = [...areas.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([area, us]) => ({ area, selfMs: Math.round(us / 1000), percentOfBusy: +((100 * us) / busyUs).toFixed(1) }));
  return {
    windowMs: Math.round(windowUs / 1000),
    busyMs: Math.round(busyUs / 1000),
    idleMs: Math.round(idleUs / 1000),
    top,
    byArea,
  };
}

const outDir = path.join(repoRoot, 'bench/results/profile');
const profileFile = path.join(outDir, 'service.cpuprofile');
const rawDir = path.join(outDir, 'raw');
rmSync(rawDir, { recursive: true, force: true });
rmSync(profileFile, { force: true });
mkdirSync(rawDir, { recursive: true });

const db = await benchDatabase('profile');
try {
  log(`writing ${RULES} rules into ${db.label}`);
  const seedMs = await seedRules(db.location, ruleDefinitions(RULES));
  log(`  ${seedMs} ms; starting the service with --cpu-prof (${serviceLaunch().label})`);
  // Every thread writes its own profile (CPU.<date>.<time>.<pid>.<thread id>.<seq>.cpuprofile); from source, the
  // module loader hooks of @swc-node/register run on a thread of their own. The main thread has id 0.
  const server = await startService(`pullwise, ${RULES} rules`, db.env, ['--cpu-prof', '--cpu-prof-dir', rawDir]);
  const windows: {
    id: string;
    name: string;
    fromUs: number;
    toUs: number;
    reqPerSec: number;
    p50: number;
    errors: number;
  }[] = [];
  try {
    for (const s of SCENARIOS) {
      const stream = s.id === 'c';
      const connections = stream ? STREAM_CONNECTIONS : CONNECTIONS;
      const timeout = stream ? 120 : 30;
      await pass(
        server,
        s,
        { connections: stream ? 1 : connections, amount: stream ? 2 : connections * 4, timeout },
        false,
      );
      await waitIdle(server);
      const fromUs = nowUs();
      const r = await pass(
        server,
        s,
        stream
          ? { connections, amount: connections * Math.ceil(STREAM_REQUESTS / 2), timeout }
          : { connections, seconds: SECONDS, timeout },
        false,
      );
      await waitIdle(server); // the requests still in the server belong to this window
      const toUs = nowUs();
      windows.push({ id: s.id, name: s.name, fromUs, toUs, reqPerSec: r.reqPerSec, p50: r.p50, errors: r.errors });
      log(`  (${s.id}) ${s.name}: ${r.reqPerSec} req/s, p50 ${r.p50} ms, ${r.errors} errors (profiled, so slower)`);
    }
  } finally {
    await server.stop();
  }
  const mainThread = new RegExp(`^CPU\\.\\d+\\.\\d+\\.${server.pid}\\.0\\.\\d+\\.cpuprofile$`);
  const written = readdirSync(rawDir);
  const main = written.find((f) => mainThread.test(f));
  if (!main) throw new Error(`no main-thread profile of ${server.pid} in ${rawDir}: ${written.join(', ')}`);
  renameSync(path.join(rawDir, main), profileFile);
  rmSync(rawDir, { recursive: true, force: true });
  const profile = JSON.parse(readFileSync(profileFile, 'utf8')) as CpuProfile;
  const summary = windows.map((w) => {
    let times = selfTimes(profile, w.fromUs, w.toUs);
    let note = '';
    if (times.windowMs === 0) {
      // The profile's clock did not line up with process.hrtime: fall back to the whole profile.
      times = selfTimes(profile, -Infinity, Infinity);
      note = 'whole profile (load window not found on the profile clock)';
    }
    return {
      scenario: w.id,
      name: w.name,
      rules: RULES,
      reqPerSec: w.reqPerSec,
      p50: w.p50,
      errors: w.errors,
      note,
      // Monotonic microseconds, the clock of the profile's startTime: to slice service.cpuprofile again.
      windowUs: [w.fromUs, w.toUs],
      ...times,
    };
  });
  for (const s of summary) {
    console.log(
      `\n(${s.scenario}) ${s.name}, ${RULES.toLocaleString('en-US')} rules: ${s.busyMs} ms busy of ${s.windowMs} ms sampled` +
        `${s.note ? ` — ${s.note}` : ''}; top ${TOP} by self time:`,
    );
    console.table(s.top);
    console.log('self time by area:');
    console.table(s.byArea);
  }
  if (serviceLaunch().baseExecArgv.length > 0)
    console.log('\n(line numbers are those of the code @swc-node/register generated, not of the .ts sources)');
  writeFileSync(
    path.join(outDir, 'summary.json'),
    JSON.stringify({ rules: RULES, seconds: SECONDS, summary }, null, 2),
  );
  console.log(`\nprofile: ${path.relative(process.cwd(), profileFile)}`);
} finally {
  await db.drop();
}
