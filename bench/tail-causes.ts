// What the service's own process metrics (prom-client's default collectors at GET /metrics) say about a pass:
// time spent in garbage collection, by kind, and the event loop's delay. Read before and after the pass: the GC
// sums are counters (the difference is the pass), and prom-client resets its event-loop delay histogram at each
// scrape, so the second scrape's percentiles cover the pass alone. Names: pullwise_nodejs_gc_duration_seconds,
// pullwise_nodejs_eventloop_lag_{p99,max}_seconds.
import type { Server } from './servers.js';

export interface TailCauses {
  /** Milliseconds of GC during the pass, all kinds, and by kind (minor, major, incremental, weakcb). */
  gcMs: number;
  gcMsByKind: Record<string, number>;
  /** Event-loop delay over the pass (monitorEventLoopDelay), ms. */
  loopP99Ms: number;
  loopMaxMs: number;
}

async function scrape(server: Server): Promise<string> {
  const res = await fetch(`${server.url}/metrics`, { headers: server.headers });
  if (!res.ok) throw new Error(`GET /metrics answered ${res.status}`);
  return res.text();
}

function gcSums(text: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const m of text.matchAll(/^pullwise_nodejs_gc_duration_seconds_sum\{kind="(\w+)"\} ([\d.e+-]+)$/gm))
    out[m[1]!] = Number(m[2]);
  return out;
}

function gauge(text: string, name: string): number {
  const m = new RegExp(`^${name} ([\\d.e+-]+)$`, 'm').exec(text);
  return m ? Number(m[1]) : NaN;
}

const ms = (seconds: number) => Math.round(seconds * 10_000) / 10;

/** Runs `pass` between two scrapes and returns its result with what the process metrics saw meanwhile. */
export async function withTailCauses<T>(server: Server, pass: () => Promise<T>): Promise<[T, TailCauses]> {
  const before = gcSums(await scrape(server));
  const result = await pass();
  const after = await scrape(server);
  const sums = gcSums(after);
  const gcMsByKind = Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, ms(v - (before[k] ?? 0))]));
  return [
    result,
    {
      gcMs: ms(Object.entries(sums).reduce((t, [k, v]) => t + v - (before[k] ?? 0), 0)),
      gcMsByKind,
      loopP99Ms: ms(gauge(after, 'pullwise_nodejs_eventloop_lag_p99_seconds')),
      loopMaxMs: ms(gauge(after, 'pullwise_nodejs_eventloop_lag_max_seconds')),
    },
  ];
}
