// One autocannon pass against a server, with the service's resident memory sampled meanwhile.
import autocannon from 'autocannon';
import type { Scenario } from './scenarios.js';
import { sampleRss, type Server } from './servers.js';

export interface PassOptions {
  connections: number;
  seconds?: number;
  /** Total requests instead of a duration (warm-ups). */
  amount?: number;
  /** Requests per second over all connections (autocannon overallRate); unset: as fast as possible. */
  overallRate?: number;
  /** Per-request timeout, seconds. */
  timeout?: number;
}

export interface PassResult {
  reqPerSec: number;
  requests: number;
  seconds: number;
  p50: number;
  p90: number;
  p99: number;
  mean: number;
  max: number;
  /** Socket errors and timeouts (autocannon `errors`), plus answers that were not 2xx. */
  errors: number;
  non2xx: number;
  timeouts: number;
  peakRssMiB: number | null;
}

export async function pass(
  server: Server,
  scenario: Scenario,
  o: PassOptions,
  sampleMemory: boolean,
): Promise<PassResult> {
  const sampler = sampleMemory ? sampleRss(server.pid) : null;
  const r = await autocannon({
    url: `${server.url}/v1/evaluations`,
    method: 'POST',
    headers: { ...server.headers, 'content-type': scenario.contentType ?? 'application/yaml' },
    body: scenario.body,
    connections: o.connections,
    pipelining: 1,
    timeout: o.timeout ?? 30,
    ...(o.amount !== undefined ? { amount: o.amount } : { duration: o.seconds ?? 8 }),
    ...(o.overallRate !== undefined ? { overallRate: o.overallRate } : {}),
  });
  const peak = sampler?.stop() ?? null;
  // requests.average is the mean of per-second samples: too coarse for a few requests a second.
  const seconds = r.duration;
  return {
    reqPerSec: +(r.requests.total / seconds).toFixed(r.requests.total / seconds < 100 ? 2 : 0),
    requests: r.requests.total,
    seconds: +seconds.toFixed(2),
    p50: r.latency.p50,
    p90: r.latency.p90,
    p99: r.latency.p99,
    mean: +r.latency.average.toFixed(2),
    max: r.latency.max,
    errors: r.errors + r.non2xx,
    non2xx: r.non2xx,
    timeouts: r.timeouts,
    peakRssMiB: peak === null ? null : Math.round(peak),
  };
}

/** One request, checked: the status and, for pullwise, what the service says it evaluated. */
export async function probe(
  server: Server,
  scenario: Scenario,
): Promise<{
  status: number;
  bytes: number;
  ms: number;
  verdict?: string;
  slots?: number;
  findings?: number;
  documents?: number;
}> {
  const t0 = performance.now();
  const res = await fetch(`${server.url}/v1/evaluations`, {
    method: 'POST',
    headers: { ...server.headers, 'content-type': scenario.contentType ?? 'application/yaml' },
    body: scenario.body,
  });
  const text = await res.text();
  const ms = +(performance.now() - t0).toFixed(1);
  if (res.status !== 200)
    throw new Error(`${server.name} answered ${res.status} to scenario ${scenario.id}: ${text.slice(0, 500)}`);
  const body = JSON.parse(text) as {
    verdict?: string;
    documents?: number;
    summary?: { slots: number; documents: number };
    findings?: unknown[];
  };
  return {
    status: res.status,
    bytes: Buffer.byteLength(text),
    ms,
    verdict: body.verdict,
    slots: body.summary?.slots,
    findings: body.findings?.length,
    documents: body.summary?.documents ?? body.documents,
  };
}
