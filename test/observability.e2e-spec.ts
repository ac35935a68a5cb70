// Issue 8 parts 2 and 3: Prometheus metrics at GET /metrics (what is measured, with which labels, who may
// read it) and structured logs (one JSON access line per request carrying the request id, which the response
// echoes in X-Request-Id).
import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { EVALUATE_REQUEST, EVALUATION_RULES } from '../apps/api/src/openapi/examples.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

/** What Prometheus 2.x/3.x sends when scraping. */
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=0.0.4;q=0.2,*/*;q=0.1';

interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

/**
 * The text format 0.0.4, strictly: every line a comment or `name{label="value",…} number` (prom-client writes
 * NaN as `Nan`, which Prometheus' parser accepts: it reads special values case-insensitively).
 */
function parseMetrics(text: string): Sample[] {
  return text
    .split('\n')
    .filter((line) => line !== '' && !line.startsWith('# HELP ') && !line.startsWith('# TYPE '))
    .map((line) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/i.exec(line);
      if (!m) throw new Error(`not a sample line: ${line}`);
      const labels: Record<string, string> = {};
      for (const [, k, v] of (m[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) labels[k!] = v!;
      return { name: m[1]!, labels, value: Number(m[3]) };
    });
}

/** Sum of the samples named `name` whose labels include `labels`; undefined when there is none. */
function valueOf(samples: Sample[], name: string, labels: Record<string, string> = {}): number | undefined {
  const hits = samples.filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v));
  return hits.length ? hits.reduce((sum, s) => sum + s.value, 0) : undefined;
}

/** Collects what the application logs, one parsed JSON object per line. */
function logCapture() {
  const lines: Record<string, unknown>[] = [];
  const raw: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) {
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      done();
    },
  });
  return { stream, lines, raw };
}

describe('GET /metrics (PULLWISE_METRICS=public, the default)', () => {
  let t: TestApp;
  const logs = logCapture();
  beforeAll(async () => {
    t = await bootTestApp({ env: { PULLWISE_LOG_LEVEL: 'debug' }, logDestination: logs.stream });
    // One deny and one warn rule: the example evaluation fails with findings of both.
    for (const rule of EVALUATION_RULES) await t.http().post('/v1/rules').send(rule).expect(201);
  });
  afterAll(() => t?.close());

  async function scrape(): Promise<Sample[]> {
    const res = await t.anon().get('/metrics').set('accept', PROMETHEUS_ACCEPT);
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; version=0.0.4; charset=utf-8');
    // A scrape is not an answer computed from the policy snapshot.
    expect(res.headers['pullwise-policy-version']).toBeUndefined();
    return parseMetrics(res.text);
  }

  it('is open, and has the process metrics under the pullwise_ prefix', async () => {
    const samples = await scrape();
    expect(valueOf(samples, 'pullwise_process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(valueOf(samples, 'pullwise_nodejs_heap_size_used_bytes')).toBeGreaterThan(1_000_000);
    expect(samples.every((s) => s.name.startsWith('pullwise_'))).toBe(true);
  });

  it('times requests by route pattern, method and status; unknown URLs share one route label', async () => {
    const rule = (await t.http().get('/v1/rules').expect(200)).body.items[0];
    await t.http().get(`/v1/rules/${rule.id}`).expect(200);
    await t.http().get('/v1/rules/00000000-0000-4000-8000-000000000000').expect(404);
    expect((await t.gql('{ rules { totalCount } }')).status).toBe(200);
    for (const path of ['/nope', '/nope/a', '/v1/nothing-here?x=1', `/x/${'y'.repeat(300)}`])
      await t.anon().get(path).expect(404);
    // Refused while routing (a malformed percent-encoding), before any hook runs.
    await t.anon().get('/v1/rules/%E0%A4%A').expect(400);

    const samples = await scrape();
    const count = (labels: Record<string, string>) =>
      valueOf(samples, 'pullwise_http_request_duration_seconds_count', labels);
    expect(count({ method: 'POST', route: '/v1/rules', status: '201' })).toBe(2);
    expect(count({ method: 'GET', route: '/v1/rules/:id', status: '200' })).toBe(1);
    expect(count({ method: 'GET', route: '/v1/rules/:id', status: '404' })).toBe(1);
    expect(count({ method: 'POST', route: '/graphql', status: '200' })).toBeGreaterThanOrEqual(1);
    expect(count({ method: 'GET', route: 'unmatched', status: '404' })).toBe(4);
    expect(count({ method: 'GET', route: 'unmatched', status: '400' })).toBe(1);
    const routes = new Set(
      samples.filter((s) => s.name.startsWith('pullwise_http_request_duration')).map((s) => s.labels.route),
    );
    expect([...routes].filter((r) => !r!.startsWith('/') && r !== 'unmatched')).toEqual([]);
    expect([...routes].some((r) => r!.includes('nope') || r!.includes('yyy') || r!.includes('nothing'))).toBe(false);
    // Buckets are cumulative and end at +Inf with the count.
    const buckets = samples.filter(
      (s) =>
        s.name === 'pullwise_http_request_duration_seconds_bucket' &&
        s.labels.route === '/v1/rules' &&
        s.labels.status === '201',
    );
    expect(buckets.at(-1)).toMatchObject({ labels: { le: '+Inf' }, value: 2 });
    expect(buckets.map((b) => b.value)).toEqual([...buckets.map((b) => b.value)].sort((a, b) => a - b));
    const sum = valueOf(samples, 'pullwise_http_request_duration_seconds_sum', { route: '/v1/rules', status: '201' });
    expect(sum).toBeGreaterThan(0);
    expect(sum).toBeLessThan(30);
  });

  it('counts evaluations by source and verdict, findings by rule, enforcement and waiver', async () => {
    const before = await scrape();
    const rest = await t.http().post('/v1/evaluations').send(EVALUATE_REQUEST).expect(200);
    expect(rest.body.verdict).toBe('fail');
    const gql = await t.gql('query($m: String!) { evaluate(input: { manifests: $m }) { verdict } }', {
      m: EVALUATE_REQUEST.manifests,
    });
    expect(gql.body.data?.evaluate.verdict).toBe('fail');
    const question = await t.http().get('/v1/effective-policy?image=nginx:1.27').expect(200);

    const after = await scrape();
    const delta = (name: string, labels: Record<string, string>) =>
      (valueOf(after, name, labels) ?? 0) - (valueOf(before, name, labels) ?? 0);
    expect(delta('pullwise_evaluations_total', { source: 'rest', verdict: 'fail' })).toBe(1);
    expect(delta('pullwise_evaluations_total', { source: 'graphql', verdict: 'fail' })).toBe(1);
    // The effective-policy question is an evaluation too (of a one-container Pod).
    expect(delta('pullwise_evaluations_total', { source: 'rest' })).toBe(2);
    // Every finding of the answers, under its rule: the manifests were evaluated twice (REST, GraphQL).
    type F = { rule: string; enforcement: string; waived: boolean };
    const expected = new Map<string, number>();
    for (const f of [...rest.body.findings, ...rest.body.findings, ...question.body.findings] as F[]) {
      const key = `${f.rule}|${f.enforcement}|${f.waived}`;
      expected.set(key, (expected.get(key) ?? 0) + 1);
    }
    expect(new Set([...expected.keys()].map((k) => k.split('|')[1]))).toEqual(new Set(['deny', 'warn']));
    for (const [key, n] of expected) {
      const [rule, enforcement, waived] = key.split('|') as [string, string, string];
      expect(delta('pullwise_findings_total', { rule, enforcement, waived }), key).toBe(n);
    }
    const labels = after.filter((s) => s.name === 'pullwise_findings_total').map((s) => s.labels.rule);
    expect(new Set(labels)).toEqual(new Set(EVALUATION_RULES.map((r) => r.name)));
  });

  it('counts an admission review under source admission', async () => {
    const review = JSON.parse(readFileSync('test/fixtures/admission/pod-create.json', 'utf8')) as unknown;
    const before = await scrape();
    await t
      .anon()
      .post('/admission/validate')
      .send(review as object)
      .expect(200);
    const after = await scrape();
    const delta = (labels: Record<string, string>) =>
      (valueOf(after, 'pullwise_evaluations_total', labels) ?? 0) -
      (valueOf(before, 'pullwise_evaluations_total', labels) ?? 0);
    expect(delta({ source: 'admission' })).toBe(1);
    expect(delta({ source: 'rest' })).toBe(0);
  });

  it('reports the policy snapshot: version, age, staleness and rebuilds', async () => {
    const answer = await t.http().post('/v1/evaluations').send({ manifests: EVALUATE_REQUEST.manifests });
    const version = Number(answer.headers['pullwise-policy-version']);
    const samples = await scrape();
    expect(valueOf(samples, 'pullwise_policy_version')).toBe(version);
    expect(valueOf(samples, 'pullwise_policy_snapshot_age_seconds')).toBeGreaterThanOrEqual(0);
    expect(valueOf(samples, 'pullwise_policy_snapshot_age_seconds')).toBeLessThan(120);
    expect(valueOf(samples, 'pullwise_policy_snapshot_stale')).toBe(0);
    // The start-up load and one reload per rule created above.
    expect(valueOf(samples, 'pullwise_policy_snapshot_rebuilds_total', { outcome: 'success' })).toBeGreaterThanOrEqual(
      1 + EVALUATION_RULES.length,
    );
    expect(valueOf(samples, 'pullwise_policy_snapshot_rebuilds_total', { outcome: 'failure' })).toBe(0);
  });

  it('reports the database', async () => {
    const samples = await scrape();
    expect(valueOf(samples, 'pullwise_database_up')).toBe(1);
    expect(valueOf(samples, 'pullwise_database_errors_total', { origin: 'request' })).toBe(0);
    if (t.db.target.kind === 'postgres') {
      expect(valueOf(samples, 'pullwise_database_pool_connections', { state: 'total' })).toBeGreaterThanOrEqual(1);
      expect(valueOf(samples, 'pullwise_database_pool_max')).toBeGreaterThanOrEqual(1);
    } else {
      expect(valueOf(samples, 'pullwise_database_pool_connections')).toBeUndefined();
    }
  });

  it('counts requests refused for want of the database, REST and GraphQL alike', async () => {
    const errors = async () => valueOf(await scrape(), 'pullwise_database_errors_total', { origin: 'request' })!;
    const before = await errors();
    // An unknown key has to be looked up, and the lookup meets a database that refuses connections.
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const lookup = vi.spyOn(t.db.prisma.apiKey, 'findUnique').mockRejectedValue(down);
    const key = `pwk_abcdefabcdef_${'B'.repeat(43)}`;
    try {
      const rest = await t.anon().get('/v1/rules').set('authorization', `Bearer ${key}`);
      expect(rest.status).toBe(503);
      const gql = await t
        .anon()
        .post('/graphql')
        .set('authorization', `Bearer ${key}`)
        .send({ query: '{ a: rules { totalCount } b: clusters { totalCount } }' });
      expect(gql.body.errors.map((e: any) => e.extensions.code)).toContain('urn:pullwise:problem:unavailable');
    } finally {
      lookup.mockRestore();
    }
    // Once per request, however many fields failed.
    expect((await errors()) - before).toBe(2);
    await t.http().get('/v1/rules').expect(200);
    expect((await errors()) - before).toBe(2);
  });

  describe('logs', () => {
    it('echo a sane X-Request-Id and replace anything else with a UUID', async () => {
      const kept = await t.anon().get('/healthz').set('x-request-id', 'ci-run_42.7');
      expect(kept.headers['x-request-id']).toBe('ci-run_42.7');
      for (const bad of ['has space', 'x'.repeat(129), 'semi;colon', '']) {
        const res = await t.anon().get('/healthz').set('x-request-id', bad);
        expect(res.headers['x-request-id'], bad).toMatch(
          /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
        );
      }
      const a = (await t.anon().get('/healthz')).headers['x-request-id'];
      const b = (await t.anon().get('/healthz')).headers['x-request-id'];
      expect(a).not.toBe(b);
      // Error answers carry it too, even those refused while routing.
      // ... and in their problem+json body (GraphQL: extensions.requestId), to quote in a support request.
      for (const path of ['/v1/rules', '/v1/rules/%E0%A4%A', '/nope']) {
        const res = await t.anon().get(path).set('x-request-id', 'refused-1');
        expect(res.headers['x-request-id'], path).toBe('refused-1');
        expect(res.headers['content-type'], path).toMatch(/^application\/problem\+json/);
        expect(res.body.requestId, path).toBe('refused-1');
      }
      const gql = await t
        .http()
        .post('/graphql')
        .set('x-request-id', 'gql-1')
        .send({ query: '{ rule(id: "00000000-0000-4000-8000-000000000000") { name } }' });
      expect(gql.body.errors[0].extensions.requestId).toBe('gql-1');
    });

    it('write one JSON access line per request with the request id; probes and scrapes only at debug', async () => {
      await t.http().get('/v1/rules?limit=1').set('x-request-id', 'access-line-1').expect(200);
      await t.anon().get('/healthz').set('x-request-id', 'probe-1').expect(200);
      await t.anon().get('/no/such/route').set('x-request-id', 'unmatched-1').expect(404);
      await new Promise((r) => setImmediate(r));
      const line = logs.lines.filter((l) => l.reqId === 'access-line-1');
      expect(line).toEqual([
        {
          level: 'info',
          time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
          pid: process.pid,
          hostname: expect.any(String),
          reqId: 'access-line-1',
          method: 'GET',
          route: '/v1/rules',
          url: '/v1/rules',
          status: 200,
          durationMs: expect.any(Number),
          msg: 'request completed',
        },
      ]);
      expect(logs.lines.filter((l) => l.reqId === 'probe-1')).toMatchObject([{ level: 'debug', route: '/healthz' }]);
      expect(logs.lines.filter((l) => l.reqId === 'unmatched-1')).toMatchObject([
        { level: 'info', route: 'unmatched', url: '/no/such/route', status: 404 },
      ]);
    });

    it('give lines that Nest services write during a request the same request id', async () => {
      await t
        .http()
        .post('/v1/rules')
        .set('x-request-id', 'rule-write-1')
        .send({ name: 'pin-everything', kind: 'require-digest', enforcement: 'audit' })
        .expect(201);
      await new Promise((r) => setImmediate(r));
      // The write reloads the policy snapshot, which logs the rebuild (debug) from inside the request.
      const rebuilt = logs.lines.filter((l) => l.context === 'PolicySnapshot' && /^rebuilt at/.test(String(l.msg)));
      expect(rebuilt.at(-1)).toMatchObject({ level: 'debug', reqId: 'rule-write-1' });
    });

    it('never contain credentials', async () => {
      const key = `pwk_0123456789ab_${'S'.repeat(43)}`;
      await t.anon().get(`/leak/${key}`).set('authorization', `Bearer ${key}`).expect(404);
      await t.http().get('/v1/whoami').expect(200);
      await new Promise((r) => setImmediate(r));
      const text = logs.raw.join('\n');
      expect(text).toContain('/leak/pwk_0123456789ab_[REDACTED]');
      expect(text).not.toContain('S'.repeat(43));
      expect(text).not.toContain(t.config.adminToken!);
    });
  });
});

describe('PULLWISE_METRICS=authenticated', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp({ env: { PULLWISE_METRICS: 'authenticated' } });
  });
  afterAll(() => t?.close());

  it('answers 401 without a key, 403 to a key without admin, 200 to admin keys and the admin token', async () => {
    const none = await t.anon().get('/metrics').expect(401);
    expect(none.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(none.headers['www-authenticate']).toBe('Bearer realm="pullwise"');
    await t
      .anon()
      .get('/metrics')
      .set('authorization', `Bearer pwk_0123456789ab_${'A'.repeat(43)}`)
      .expect(401);
    const token = async (scopes: string[]) =>
      (
        await t
          .http()
          .post('/v1/api-keys')
          .send({ name: `m-${scopes.join('-')}`, scopes })
          .expect(201)
      ).body.token;
    const reader = await token(['rules:read', 'evaluate']);
    await t.anon().get('/metrics').set('authorization', `Bearer ${reader}`).expect(403);
    const admin = await token(['admin']);
    const ok = await t.anon().get('/metrics').set('authorization', `Bearer ${admin}`).expect(200);
    expect(parseMetrics(ok.text).length).toBeGreaterThan(10);
    await t.http().get('/metrics').expect(200);
  });
});

describe('PULLWISE_METRICS=off', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp({ env: { PULLWISE_METRICS: 'off' } });
  });
  afterAll(() => t?.close());

  it('does not serve the route, to anyone', async () => {
    const res = await t.http().get('/metrics').expect(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    await t.anon().get('/metrics').expect(404);
  });
});
