// Dashboards (issue "Dashboards", item 4) and retention: aggregates over recorded evaluations via GraphQL
// — violations over time (zero-filled day series), top offending images and workloads, pass rate and
// waived counts — with exact numbers for a known history recorded through the real API and spread over
// days; bad ranges and limits as typed errors; retention removing old evaluations with their findings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  DIGEST,
  createCluster,
  createException,
  createRule,
  deployment,
  gqlErrorPaths,
  gqlFails,
  gqlOk,
  pod,
} from './support/policy-client.js';
import {
  PASS_RATE,
  RUN_RETENTION,
  TOP_IMAGES,
  TOP_WORKLOADS,
  VIOLATIONS,
  WAIVED,
  daysAgo,
  insertBacklog,
  record,
} from './support/trends-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

// The history: four manifests recorded on chosen UTC days (one evaluation before the range).
//   web   shop/Deployment web, nginx:latest, Always, cluster prod → no-latest (deny, high) + require-digest (warn, medium): fail
//   api   shop/Deployment api, ghcr.io/acme/api:1.0, no policy  → require-digest (warn, medium) + explicit-pull-policy (audit, low): warn
//   batch legacy/Pod batch, ghcr.io/acme/batch:2.1, IfNotPresent → require-digest waived by legacy-batch: pass
//   clean shop/Pod clean, pinned by digest, Always                 → nothing: pass
const WEB = deployment({ name: 'web', namespace: 'shop', image: 'nginx:latest', policy: 'Always' });
const API = deployment({ name: 'api', namespace: 'shop', image: 'ghcr.io/acme/api:1.0' });
const BATCH = pod({ name: 'batch', namespace: 'legacy', image: 'ghcr.io/acme/batch:2.1', policy: 'IfNotPresent' });
const CLEAN = pod({ name: 'clean', namespace: 'shop', image: `ghcr.io/acme/api@${DIGEST}`, policy: 'Always' });

const D1 = '2026-03-01T10:00:00.000Z';
const D2 = '2026-03-02T10:00:00.000Z';
const D4 = '2026-03-04T23:30:00.000Z';
const BEFORE = '2026-02-20T12:00:00.000Z';
const RANGE = { from: '2026-03-01', to: '2026-03-05' };
const DAYS = ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'];

const points = (...counts: number[]) => counts.map((count, i) => ({ day: DAYS[i], count }));
const series = (key: string, ...counts: number[]) => ({
  key,
  total: counts.reduce((a, b) => a + b, 0),
  points: points(...counts),
});

describe('dashboard aggregates', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp({ env: { PULLWISE_RETENTION_DAYS: '0' } });
    await createCluster(t, { name: 'prod' });
    const rule = { params: {} };
    await createRule(t, {
      ...rule,
      name: 'no-latest',
      kind: 'disallowed-tags',
      params: { tags: ['latest'] },
      enforcement: 'deny',
      severity: 'high',
    });
    await createRule(t, { ...rule, name: 'require-digest', kind: 'require-digest', enforcement: 'warn' });
    await createRule(t, {
      ...rule,
      name: 'explicit-pull-policy',
      kind: 'explicit-pull-policy',
      enforcement: 'audit',
      severity: 'low',
    });
    await createException(t, {
      name: 'legacy-batch',
      rules: ['require-digest'],
      match: { namespaces: ['legacy'] },
      justification: 'batch images are rebuilt nightly; OPS-1',
      owner: 'team-batch',
    });

    await record(t, [WEB], { cluster: 'prod', at: BEFORE });
    await record(t, [WEB], { cluster: 'prod', at: D1 });
    await record(t, [API], { at: D1 });
    await record(t, [WEB], { cluster: 'prod', at: D2 });
    await record(t, [BATCH], { at: D2 });
    await record(t, [API], { at: D4 });
    await record(t, [BATCH], { at: D4 });
    await record(t, [CLEAN], { at: D4 });
  });
  afterAll(() => t?.close());

  it('the seeded evaluations have the verdicts the history assumes', async () => {
    const rows = await t.db.prisma.evaluation.findMany({ orderBy: { createdAt: 'asc' }, select: { verdict: true } });
    expect(rows.map((r) => r.verdict)).toEqual(['fail', 'fail', 'warn', 'fail', 'pass', 'warn', 'pass', 'pass']);
    expect(await t.db.prisma.finding.count()).toBe(12);
  });

  describe('violationsOverTime', () => {
    it.each<[string, Record<string, unknown>, number, ReturnType<typeof series>[]]>([
      [
        'by rule, largest first, ties by name',
        { groupBy: 'RULE' },
        8,
        [
          series('require-digest', 2, 1, 0, 1),
          series('explicit-pull-policy', 1, 0, 0, 1),
          series('no-latest', 1, 1, 0, 0),
        ],
      ],
      [
        'by rule with waived findings',
        { groupBy: 'RULE', includeWaived: true },
        10,
        [
          series('require-digest', 2, 2, 0, 2),
          series('explicit-pull-policy', 1, 0, 0, 1),
          series('no-latest', 1, 1, 0, 0),
        ],
      ],
      ['by namespace', { groupBy: 'NAMESPACE' }, 8, [series('shop', 4, 2, 0, 2)]],
      [
        'by namespace with waived findings',
        { groupBy: 'NAMESPACE', includeWaived: true },
        10,
        [series('shop', 4, 2, 0, 2), series('legacy', 0, 1, 0, 1)],
      ],
      [
        'by severity, most severe first',
        { groupBy: 'SEVERITY' },
        8,
        [series('high', 1, 1, 0, 0), series('medium', 2, 1, 0, 1), series('low', 1, 0, 0, 1)],
      ],
      [
        'by enforcement, deny first',
        { groupBy: 'ENFORCEMENT' },
        8,
        [series('deny', 1, 1, 0, 0), series('warn', 2, 1, 0, 1), series('audit', 1, 0, 0, 1)],
      ],
      [
        'in one cluster',
        { groupBy: 'RULE', cluster: 'prod' },
        4,
        [series('no-latest', 1, 1, 0, 0), series('require-digest', 1, 1, 0, 0)],
      ],
      [
        'in one namespace, waived included',
        { groupBy: 'RULE', namespace: 'legacy', includeWaived: true },
        2,
        [series('require-digest', 0, 1, 0, 1)],
      ],
      ['in a namespace with nothing but waivers', { groupBy: 'RULE', namespace: 'legacy' }, 0, []],
    ])('%s', async (_what, args, total, expected) => {
      const data = await gqlOk(t, VIOLATIONS, { ...RANGE, ...args });
      expect(data.violationsOverTime).toEqual({
        from: '2026-03-01T00:00:00.000Z',
        to: '2026-03-05T00:00:00.000Z',
        groupBy: args.groupBy,
        days: DAYS,
        total,
        series: expected,
      });
    });

    it('buckets by UTC day whatever zone the range is given in, and ends the range exclusively', async () => {
      const data = await gqlOk(t, VIOLATIONS, {
        from: '2026-03-01T11:00:00+01:00', // 10:00Z: the 10:00Z evaluations are in
        to: '2026-03-04T23:30:00Z', // the 23:30Z ones are not
        groupBy: 'NAMESPACE',
      });
      expect(data.violationsOverTime.days).toEqual(DAYS);
      expect(data.violationsOverTime.series).toEqual([series('shop', 4, 2, 0, 0)]);
    });

    it('a range with nothing recorded has every day and no series', async () => {
      const data = await gqlOk(t, VIOLATIONS, { from: '2025-01-01', to: '2025-01-03', groupBy: 'RULE' });
      expect(data.violationsOverTime).toMatchObject({ days: ['2025-01-01', '2025-01-02'], total: 0, series: [] });
    });
  });

  describe('top offenders', () => {
    const API_IMAGE = {
      findings: 4,
      ruleCount: 2,
      rules: ['explicit-pull-policy', 'require-digest'],
      worstSeverity: 'medium',
      lastSeen: D4,
    };
    const WEB_IMAGE = {
      findings: 4,
      ruleCount: 2,
      rules: ['no-latest', 'require-digest'],
      worstSeverity: 'high',
      lastSeen: D2,
    };

    it('topOffendingImages counts unwaived findings in the range, with distinct rules and last seen', async () => {
      const data = await gqlOk(t, TOP_IMAGES, RANGE);
      expect(data.topOffendingImages).toEqual([
        { image: 'ghcr.io/acme/api:1.0', registry: 'ghcr.io', ...API_IMAGE },
        { image: 'nginx:latest', registry: 'docker.io', ...WEB_IMAGE },
      ]);
    });

    it('topOffendingImages honours limit and counts the whole range', async () => {
      const one = await gqlOk(t, TOP_IMAGES, { ...RANGE, limit: 1 });
      expect(one.topOffendingImages.map((i: any) => i.image)).toEqual(['ghcr.io/acme/api:1.0']);
      const all = await gqlOk(t, TOP_IMAGES, { from: '2026-02-01', to: '2026-03-05', limit: 100 });
      expect(all.topOffendingImages.map((i: any) => [i.image, i.findings, i.lastSeen])).toEqual([
        ['nginx:latest', 6, D2],
        ['ghcr.io/acme/api:1.0', 4, D4],
      ]);
    });

    it('topOffendingWorkloads counts unwaived findings per namespace/kind/name', async () => {
      const data = await gqlOk(t, TOP_WORKLOADS, RANGE);
      expect(data.topOffendingWorkloads).toEqual([
        { namespace: 'shop', kind: 'Deployment', name: 'api', ...API_IMAGE },
        { namespace: 'shop', kind: 'Deployment', name: 'web', ...WEB_IMAGE },
      ]);
      const one = await gqlOk(t, TOP_WORKLOADS, { ...RANGE, limit: 1 });
      expect(one.topOffendingWorkloads.map((w: any) => w.name)).toEqual(['api']);
    });
  });

  describe('passRate', () => {
    const day = (d: string, total: number, pass: number, warn: number, fail: number) => ({
      day: d,
      total,
      pass,
      warn,
      fail,
      error: 0,
      rate: total ? pass / total : null,
    });

    it('counts evaluations by verdict in total and per day, zero-filled', async () => {
      const data = await gqlOk(t, PASS_RATE, RANGE);
      expect(data.passRate).toEqual({
        from: '2026-03-01T00:00:00.000Z',
        to: '2026-03-05T00:00:00.000Z',
        total: 7,
        pass: 3,
        warn: 2,
        fail: 2,
        error: 0,
        rate: 3 / 7,
        days: [
          day(DAYS[0]!, 2, 0, 1, 1),
          day(DAYS[1]!, 2, 1, 0, 1),
          day(DAYS[2]!, 0, 0, 0, 0),
          day(DAYS[3]!, 3, 2, 1, 0),
        ],
      });
    });

    it.each<[string, Record<string, string>, number[]]>([
      ['one cluster', { cluster: 'prod' }, [2, 0, 0, 2]],
      ['evaluations that covered one namespace', { namespace: 'legacy' }, [2, 2, 0, 0]],
      ['evaluations that covered shop', { namespace: 'shop' }, [5, 1, 2, 2]],
      ['a cluster with nothing recorded', { cluster: 'staging' }, [0, 0, 0, 0]],
    ])('filters by %s', async (_what, filter, [total, pass, warn, fail]) => {
      const data = await gqlOk(t, PASS_RATE, { ...RANGE, ...filter });
      expect(data.passRate).toMatchObject({ total, pass, warn, fail, error: 0, rate: total ? pass! / total : null });
    });
  });

  it('waivedCounts gives waived findings by exception and by rule', async () => {
    const data = await gqlOk(t, WAIVED, RANGE);
    expect(data.waivedCounts).toEqual({
      from: '2026-03-01T00:00:00.000Z',
      to: '2026-03-05T00:00:00.000Z',
      total: 2,
      byException: [{ key: 'legacy-batch', count: 2, lastSeen: D4 }],
      byRule: [{ key: 'require-digest', count: 2, lastSeen: D4 }],
    });
    const none = await gqlOk(t, WAIVED, { from: '2026-03-01', to: '2026-03-02' });
    expect(none.waivedCounts).toMatchObject({ total: 0, byException: [], byRule: [] });
  });

  describe('bad arguments are typed invalid-input errors naming the argument', () => {
    const ALL = [
      ['violationsOverTime', VIOLATIONS, { groupBy: 'RULE' }],
      ['topOffendingImages', TOP_IMAGES, {}],
      ['topOffendingWorkloads', TOP_WORKLOADS, {}],
      ['passRate', PASS_RATE, {}],
      ['waivedCounts', WAIVED, {}],
    ] as const;

    it.each<[string, Record<string, string>, string[]]>([
      ['from is not a date', { from: 'yesterday', to: '2026-03-05' }, ['from']],
      ['to is a day that does not exist', { from: '2026-02-01', to: '2026-02-30' }, ['to']],
      ['a time without a zone', { from: '2026-02-01T00:00:00', to: '2026-03-01' }, ['from']],
      ['both are not dates', { from: '', to: 'soon' }, ['from', 'to']],
      ['from after to', { from: '2026-03-05', to: '2026-03-01' }, ['to']],
      ['from equal to to', { from: '2026-03-01', to: '2026-03-01T00:00:00Z' }, ['to']],
      ['a range longer than 366 days', { from: '2025-01-01', to: '2026-01-03' }, ['to']],
    ])('%s', async (_what, range, paths) => {
      for (const [name, query, extra] of ALL) {
        const err = await gqlFails(t, 'invalid-input', query, { ...range, ...extra });
        expect(err.path, name).toEqual([name]);
        expect(gqlErrorPaths(err), name).toEqual(paths);
      }
    });

    it('accepts exactly 366 days', async () => {
      await gqlOk(t, PASS_RATE, { from: '2025-03-05', to: '2026-03-06' });
    });

    it.each([0, -1, 101])('limit %i', async (limit) => {
      for (const query of [TOP_IMAGES, TOP_WORKLOADS]) {
        const err = await gqlFails(t, 'invalid-input', query, { ...RANGE, limit });
        expect(gqlErrorPaths(err)).toEqual(['limit']);
      }
    });

    it('an unknown groupBy', async () => {
      const err = await gqlFails(t, 'invalid-input', VIOLATIONS, { ...RANGE, groupBy: 'COLOUR' });
      expect(err.message).toMatch(/TrendGroupBy/);
    });

    it('a namespace longer than a Kubernetes name', async () => {
      const err = await gqlFails(t, 'invalid-input', PASS_RATE, { ...RANGE, namespace: 'x'.repeat(254) });
      expect(gqlErrorPaths(err)).toEqual(['namespace']);
    });
  });

  it('runRetention removes nothing when retention is off (PULLWISE_RETENTION_DAYS=0)', async () => {
    expect((await gqlOk(t, RUN_RETENTION)).runRetention).toBe(0);
    expect(await t.db.prisma.evaluation.count()).toBe(8);
  });
});

// Issue 13 §1: a recorded evaluation whose input could not be judged in full (verdict error) is its own
// outcome in the dashboards: never a pass, and not a fail either, even when its readable part has a deny
// finding. History: 2 pass, 1 error (an unparsable image next to nginx:latest), 1 fail, over two days.
describe('dashboards with error verdicts', () => {
  let t: TestApp;
  const E1 = '2026-04-01T08:00:00.000Z';
  const E2 = '2026-04-02T08:00:00.000Z';
  const E_RANGE = { from: '2026-04-01', to: '2026-04-04' };
  const E_DAYS = ['2026-04-01', '2026-04-02', '2026-04-03'];
  let error: { id: string; result: any };
  beforeAll(async () => {
    t = await bootTestApp();
    await createCluster(t, { name: 'prod' });
    await createRule(t, {
      name: 'no-latest',
      kind: 'disallowed-tags',
      params: { tags: ['latest'] },
      enforcement: 'deny',
      severity: 'high',
    });
    const ok = (name: string) => pod({ name, namespace: 'shop', image: 'nginx:1.27' });
    const latest = (name: string) => pod({ name, namespace: 'shop', image: 'nginx:latest' });
    await record(t, [ok('ok-1')], { cluster: 'prod', at: E1 });
    error = await record(t, [latest('mixed'), pod({ name: 'bad', namespace: 'shop', image: 'MyOrg/App:1.0' })], {
      cluster: 'prod',
      at: E1,
    });
    await record(t, [ok('ok-2')], { at: E2 });
    await record(t, [latest('web')], { cluster: 'prod', at: E2 });
  });
  afterAll(() => t?.close());

  it('the error evaluation is recorded as error, with its input error and the deny finding of its readable part', async () => {
    expect(error.result.verdict).toBe('error');
    expect(error.result.errors).toEqual([
      expect.objectContaining({ document: 1, path: 'spec.containers[0].image', message: expect.any(String) }),
    ]);
    expect(error.result.errors[0].message).toContain('InvalidImageName');
    expect(error.result.summary.findings).toMatchObject({ deny: 1 });
    const rows = await t.db.prisma.evaluation.findMany({ orderBy: { createdAt: 'asc' }, select: { verdict: true } });
    expect(rows.map((r) => r.verdict)).toEqual(['pass', 'error', 'pass', 'fail']);
  });

  it('passRate counts error as its own outcome, against the rate, in total and per day', async () => {
    const data = await gqlOk(t, PASS_RATE, E_RANGE);
    expect(data.passRate).toEqual({
      from: '2026-04-01T00:00:00.000Z',
      to: '2026-04-04T00:00:00.000Z',
      total: 4,
      pass: 2,
      warn: 0,
      fail: 1,
      error: 1,
      rate: 2 / 4,
      days: [
        { day: E_DAYS[0], total: 2, pass: 1, warn: 0, fail: 0, error: 1, rate: 1 / 2 },
        { day: E_DAYS[1], total: 2, pass: 1, warn: 0, fail: 1, error: 0, rate: 1 / 2 },
        { day: E_DAYS[2], total: 0, pass: 0, warn: 0, fail: 0, error: 0, rate: null },
      ],
    });
    // The outcomes add up: nothing is counted twice or dropped.
    const p = data.passRate;
    expect(p.pass + p.warn + p.fail + p.error).toBe(p.total);
  });

  it('passRate filtered by cluster keeps the error evaluation as error', async () => {
    const data = await gqlOk(t, PASS_RATE, { ...E_RANGE, cluster: 'prod' });
    expect(data.passRate).toMatchObject({ total: 3, pass: 1, warn: 0, fail: 1, error: 1, rate: 1 / 3 });
    expect(data.passRate.days[0]).toMatchObject({ total: 2, pass: 1, error: 1, rate: 1 / 2 });
  });

  it('violationsOverTime still counts the findings of what could be read in an error evaluation', async () => {
    const data = await gqlOk(t, VIOLATIONS, { ...E_RANGE, groupBy: 'ENFORCEMENT' });
    expect(data.violationsOverTime).toMatchObject({
      days: E_DAYS,
      total: 2,
      series: [{ key: 'deny', total: 2, points: E_DAYS.map((day, i) => ({ day, count: i < 2 ? 1 : 0 })) }],
    });
  });
});

describe('retention (PULLWISE_RETENTION_DAYS=30)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp({ env: { PULLWISE_RETENTION_DAYS: '30' } });
    await createRule(t, { name: 'require-digest', kind: 'require-digest', params: {}, enforcement: 'warn' });
  });
  afterAll(() => t?.close());

  it('removes evaluations older than 30 days with their findings and keeps the recent ones', async () => {
    const old = await record(t, [WEB], { at: daysAgo(45) });
    const justOld = await record(t, [API], { at: daysAgo(30.01) });
    const recent = await record(t, [API], { at: daysAgo(29.9) });
    const today = await record(t, [WEB]);
    const findingsOf = (id: string) => t.db.prisma.finding.count({ where: { evaluationId: id } });
    expect(await findingsOf(old.id)).toBe(1);

    expect((await gqlOk(t, RUN_RETENTION)).runRetention).toBe(2);

    const left = await t.db.prisma.evaluation.findMany({ select: { id: true } });
    expect(left.map((r) => r.id).sort()).toEqual([recent.id, today.id].sort());
    expect(await findingsOf(old.id)).toBe(0);
    expect(await findingsOf(justOld.id)).toBe(0);
    expect(await findingsOf(recent.id)).toBe(1);
    expect(await findingsOf(today.id)).toBe(1);
    await t.http().get(`/v1/evaluations/${old.id}`).expect(404);
    await t.http().get(`/v1/evaluations/${recent.id}`).expect(200);

    expect((await gqlOk(t, RUN_RETENTION)).runRetention).toBe(0);
  });

  it('removes a backlog larger than one batch, all of it', async () => {
    await insertBacklog(t, 2_345, daysAgo(60));
    const before = await t.db.prisma.evaluation.count();
    expect((await gqlOk(t, RUN_RETENTION)).runRetention).toBe(2_345);
    expect(await t.db.prisma.evaluation.count()).toBe(before - 2_345);
  });

  it('runs at start-up', async () => {
    const kept = await t.db.prisma.evaluation.count();
    const old = await record(t, [WEB], { at: daysAgo(31) });
    await t.close({ keepData: true });

    t = await bootTestApp({ testDb: t.testDb, env: { PULLWISE_RETENTION_DAYS: '30' } });
    await expect
      .poll(() => t.db.prisma.evaluation.count({ where: { id: old.id } }), { timeout: 10_000, interval: 100 })
      .toBe(0);
    expect(await t.db.prisma.evaluation.count()).toBe(kept);
    expect(await t.db.prisma.finding.count({ where: { evaluationId: old.id } })).toBe(0);
  });
});
