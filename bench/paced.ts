// An open-loop pass at a fixed rate: requests are sent at evenly spaced instants whatever the answers do, and each
// latency is measured from the instant the request was due, not from when a free connection sent it (so a stall
// shows in the figures instead of silently lowering the rate: no coordinated omission).
// Why not autocannon's overallRate: it gives every connection a per-second quota that it sends back to back at the
// start of each second and then pauses, so "half the maximum rate" arrives as one burst of all connections a second
// and its latencies are those of a saturated server.
import http from 'node:http';
import type { PassResult } from './load.js';
import type { Scenario } from './scenarios.js';
import { sampleRss, type Server } from './servers.js';

export interface PacedOptions {
  rate: number;
  seconds: number;
  /** Most requests in flight at once (sockets kept alive); a due request waits for one. */
  connections: number;
  timeoutSeconds: number;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function pacedPass(
  server: Server,
  scenario: Scenario,
  o: PacedOptions,
  sampleMemory: boolean,
): Promise<PassResult> {
  const sampler = sampleMemory ? sampleRss(server.pid) : null;
  const agent = new http.Agent({ keepAlive: true, maxSockets: o.connections });
  const url = new URL(`${server.url}/v1/evaluations`);
  const body = Buffer.from(scenario.body);
  const headers = {
    ...server.headers,
    'content-type': scenario.contentType ?? 'application/yaml',
    'content-length': String(body.length),
  };
  const total = Math.max(1, Math.round(o.rate * o.seconds));
  const interval = 1000 / o.rate;
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  let timeouts = 0;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const req = http.request(
        { agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST', headers },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - due);
            if (res.statusCode! < 200 || res.statusCode! >= 300) non2xx++;
            resolve();
          });
        },
      );
      let timedOut = false;
      req.setTimeout(o.timeoutSeconds * 1000, () => {
        timedOut = true;
        timeouts++;
        req.destroy(new Error('timeout'));
      });
      req.on('error', () => {
        if (!timedOut) errors++;
        resolve();
      });
      req.end(body);
    });

  const start = performance.now();
  const inflight: Promise<void>[] = [];
  let sent = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = performance.now();
      while (sent < total && start + sent * interval <= now) {
        inflight.push(send(start + sent * interval));
        sent++;
      }
      if (sent < total) setTimeout(tick, Math.max(0, start + sent * interval - performance.now()));
      else done();
    };
    tick();
  });
  await Promise.all(inflight);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  const peak = sampler?.stop() ?? null;
  const sorted = latencies.sort((a, b) => a - b);
  const round = (v: number) => +v.toFixed(1);
  return {
    reqPerSec: +(latencies.length / seconds).toFixed(latencies.length / seconds < 100 ? 2 : 0),
    requests: latencies.length,
    seconds: +seconds.toFixed(2),
    p50: round(percentile(sorted, 50)),
    p90: round(percentile(sorted, 90)),
    p99: round(percentile(sorted, 99)),
    mean: round(sorted.reduce((a, b) => a + b, 0) / Math.max(1, sorted.length)),
    max: round(sorted[sorted.length - 1] ?? 0),
    errors: errors + non2xx + timeouts,
    non2xx,
    timeouts,
    peakRssMiB: peak === null ? null : Math.round(peak),
  };
}
