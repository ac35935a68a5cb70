// The Overview page (issue 20): pass rate, violations over time (chart with a table alternative, by rule, namespace,
// severity and enforcement), top offending images and workloads, and waivers about to lapse, all from the real
// dashboard queries over evaluations recorded on chosen days; and what a fresh install without evaluations says.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey } from '../support/policy-bundle-client.js';
import { createException, createRule, deployment, gqlOk, pod } from '../support/policy-client.js';
import { PASS_RATE, TOP_IMAGES, TOP_WORKLOADS, VIOLATIONS, daysAgo, record } from '../support/trends-client.js';
import {
  expectAccessible,
  screenshot,
  signIn,
  startConsole,
  takePageErrors,
  type ConsoleHarness,
} from './support/console-harness.js';

let h: ConsoleHarness;
beforeAll(async () => {
  h = await startConsole();
});
afterAll(async () => h?.close());

const DAY_MS = 86_400_000;
/** The period the page shows by default, as it computes it: the last 30 UTC days, today included. */
function last(days: number) {
  const today = Math.floor(Date.now() / DAY_MS) * DAY_MS;
  const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);
  return { from: day(today - (days - 1) * DAY_MS), to: day(today + DAY_MS) };
}
const inDays = (n: number) => new Date(Date.now() + n * DAY_MS).toISOString();
const percent = new Intl.NumberFormat('en-US', { style: 'percent', maximumFractionDigits: 1 });

async function openOverview(options: Parameters<ConsoleHarness['page']>[0] = {}): Promise<Page> {
  const page = await h.page({ locale: 'en-US', ...options });
  await signIn(page);
  await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  return page;
}

/** A table as text: header cells, then each body row's cells. */
async function tableText(table: Locator): Promise<{ head: string[]; rows: string[][] }> {
  await table.waitFor();
  return table.evaluate((t: HTMLTableElement) => ({
    head: [...t.tHead!.rows[0]!.cells].map((c) => c.textContent!.trim()),
    rows: [...t.tBodies[0]!.rows].map((r) => [...r.cells].map((c) => c.textContent!.trim())),
  }));
}

describe('a fresh install', () => {
  it('says there are no evaluations yet and how to record them from CI', async () => {
    const page = await openOverview();
    const empty = page.getByRole('region', { name: /No evaluations recorded in the last 30 days/ });
    await empty.waitFor();
    expect(await empty.innerText()).toMatch(/pullwise check .*--record/);
    expect(await empty.innerText()).toMatch(/"record": true/);
    // No chart without data; the waiver list still answers.
    expect(await page.getByRole('img').count()).toBe(0);
    await page
      .getByRole('region', { name: 'Waivers expiring soon' })
      .getByText(/There are no exceptions/)
      .waitFor();
    await expectAccessible(page);
    await screenshot(page, 'overview-empty');
    expect(takePageErrors()).toEqual([]);
  });
});

describe('with recorded history', () => {
  beforeAll(async () => {
    const t = h.t;
    await createRule(t, {
      name: 'no-latest',
      kind: 'disallowed-tags',
      params: { tags: ['latest'] },
      enforcement: 'deny',
      severity: 'high',
    });
    await createRule(t, { name: 'require-digest', kind: 'require-digest', params: {}, enforcement: 'warn' });
    await createRule(t, {
      name: 'explicit-pull-policy',
      kind: 'explicit-pull-policy',
      params: {},
      enforcement: 'audit',
      severity: 'low',
    });
    await createException(t, {
      name: 'legacy-batch',
      rules: ['require-digest'],
      match: { namespaces: ['legacy'] },
      justification: 'batch images are rebuilt nightly',
      owner: 'team-batch',
      expiresAt: inDays(3),
    });
    await createException(t, {
      name: 'sandbox-latest',
      rules: ['no-latest'],
      match: { namespaces: ['sandbox'] },
      justification: 'experiments',
      owner: 'team-lab',
      expiresAt: inDays(-2),
    });
    await createException(t, {
      name: 'vendor-images',
      rules: ['require-digest'],
      match: { images: ['registry.vendor.example/*'] },
      justification: 'vendor publishes tags only',
      owner: 'team-platform',
      expiresAt: inDays(200),
    });

    const web = deployment({ name: 'web', namespace: 'shop', image: 'nginx:latest', policy: 'Always' });
    const api = deployment({ name: 'api', namespace: 'shop', image: 'ghcr.io/acme/api:1.0' });
    const batch = pod({ name: 'batch', namespace: 'legacy', image: 'ghcr.io/acme/batch:2.1', policy: 'IfNotPresent' });
    const pay = deployment({ name: 'checkout', namespace: 'payments', image: 'redis:latest' });
    const clean = pod({
      name: 'clean',
      namespace: 'shop',
      image: 'ghcr.io/acme/api@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
      policy: 'Always',
    });
    await record(t, [web], { at: daysAgo(6) });
    await record(t, [api], { at: daysAgo(6) });
    await record(t, [web], { at: daysAgo(4) });
    await record(t, [batch], { at: daysAgo(4) });
    await record(t, [pay], { at: daysAgo(3) });
    await record(t, [api], { at: daysAgo(1) });
    await record(t, [clean], { at: daysAgo(1) });
    await record(t, [clean], { at: daysAgo(0.01) });
    // Outside the 30-day period: counted with 90 days only.
    await record(t, [web], { at: daysAgo(45) });
  });

  it('shows the pass rate and verdict counts the API computes', async () => {
    const { passRate } = await gqlOk(h.t, PASS_RATE, last(30));
    expect(passRate.total).toBe(8);
    const page = await openOverview();
    const region = page.getByRole('region', { name: 'Pass rate' });
    await region.waitFor();
    expect(await region.locator('.stat').first().innerText()).toBe(percent.format(passRate.rate));
    expect(await region.innerText()).toContain(`of ${passRate.total} recorded evaluations passed`);
    for (const verdict of ['pass', 'warn', 'fail', 'error'])
      await region.getByRole('link', { name: `${passRate[verdict]} ${verdict} evaluations` }).waitFor();
    // The per-day table holds the API's days.
    await region.getByText('Show pass rate per day as a table').click();
    const days = await tableText(region.getByRole('table', { name: 'Evaluations per UTC day by verdict' }));
    expect(days.rows).toHaveLength(passRate.days.length);
    expect(days.rows.map((r) => Number(r[1]))).toEqual(passRate.days.map((d: any) => d.total));
    await expectAccessible(page);
    await screenshot(page, 'overview');
    expect(takePageErrors()).toEqual([]);
  });

  it('draws violations over time and gives the same numbers as a table, for every grouping', async () => {
    const page = await openOverview();
    const region = page.getByRole('region', { name: 'Violations over time' });
    await region.getByRole('img').waitFor();
    await region.getByText('Show as table', { exact: true }).click();
    for (const [label, groupBy] of [
      ['Namespace', 'NAMESPACE'],
      ['Severity', 'SEVERITY'],
      ['Enforcement', 'ENFORCEMENT'],
      ['Rule', 'RULE'],
    ] as const) {
      await region.getByRole('radio', { name: label }).check();
      const { violationsOverTime: trend } = await gqlOk(h.t, VIOLATIONS, { ...last(30), groupBy });
      expect(trend.total).toBeGreaterThan(0);
      const keys = trend.series.map((s: any) => s.key);
      const table = region.getByRole('table', { name: new RegExp(`per UTC day by ${label.toLowerCase()}$`) });
      await expect.poll(async () => (await tableText(table)).head).toEqual(['Day', ...keys, 'All']);
      const { rows } = await tableText(table);
      expect(rows).toHaveLength(trend.days.length);
      expect(rows.map((r) => r.slice(1, -1).map(Number))).toEqual(
        trend.days.map((_: string, i: number) => trend.series.map((s: any) => s.points[i].count)),
      );
      // The canvas has a name that summarises it, and the legend names every line.
      const chart = region.getByRole('img');
      expect(await chart.getAttribute('aria-label')).toContain(`${trend.total} in total`);
      expect(await region.locator('canvas').count()).toBe(1);
      for (const key of keys)
        await region.getByRole('list', { name: 'Legend' }).getByText(key, { exact: true }).waitFor();
    }
    // The grouping is in the address: a reload keeps it.
    await region.getByRole('radio', { name: 'Namespace' }).check();
    await expect.poll(() => new URL(page.url()).search).toBe('?by=namespace');
    await page.reload();
    expect(await page.getByRole('radio', { name: 'Namespace' }).isChecked()).toBe(true);
    await expectAccessible(page);
    expect(takePageErrors()).toEqual([]);
  });

  it('waived findings count in the chart only when asked', async () => {
    const page = await openOverview();
    const region = page.getByRole('region', { name: 'Violations over time' });
    await region.getByRole('img').waitFor();
    const { violationsOverTime: waived } = await gqlOk(h.t, VIOLATIONS, {
      ...last(30),
      groupBy: 'RULE',
      includeWaived: true,
    });
    await region.getByRole('checkbox', { name: 'Include waived findings' }).check();
    await expect.poll(() => region.getByRole('img').getAttribute('aria-label')).toContain(`${waived.total} in total`);
  });

  it('lists the top offending images and workloads as the API ranks them', async () => {
    const [{ topOffendingImages: images }, { topOffendingWorkloads: workloads }] = await Promise.all([
      gqlOk(h.t, TOP_IMAGES, { ...last(30), limit: 10 }),
      gqlOk(h.t, TOP_WORKLOADS, { ...last(30), limit: 10 }),
    ]);
    const page = await openOverview();
    const imageTable = await tableText(page.getByRole('table', { name: 'Top offending images' }));
    expect(imageTable.rows.map((r) => [r[0], Number(r[1]), r[2]])).toEqual(
      images.map((i: any) => [i.image, i.findings, i.worstSeverity]),
    );
    const workloadTable = await tableText(page.getByRole('table', { name: 'Top offending workloads' }));
    expect(workloadTable.rows.map((r) => [r[0], r[1], Number(r[2])])).toEqual(
      workloads.map((w: any) => [`${w.kind}/${w.name}`, w.namespace, w.findings]),
    );
    // A namespace opens the evaluations filtered to it.
    const link = page.getByRole('table', { name: 'Top offending workloads' }).getByRole('link', { name: 'payments' });
    expect(await link.getAttribute('href')).toBe('/ui/evaluations?namespace=payments');
  });

  it('the period changes every number: 90 days include the older evaluation', async () => {
    const { passRate } = await gqlOk(h.t, PASS_RATE, last(90));
    expect(passRate.total).toBe(9);
    const page = await openOverview();
    await page.getByRole('radio', { name: 'Last 90 days' }).check();
    await page.getByText(`of ${passRate.total} recorded evaluations passed`).waitFor();
    expect(await page.getByRole('region', { name: 'Pass rate' }).locator('.stat').first().innerText()).toBe(
      percent.format(passRate.rate),
    );
    expect(new URL(page.url()).search).toBe('?days=90');
  });

  it('lists the waivers expiring soon and the recently expired one, not the one due in months', async () => {
    const page = await openOverview();
    const region = page.getByRole('region', { name: 'Waivers expiring soon' });
    const table = await tableText(region.getByRole('table'));
    expect(table.rows.map((r) => r[0])).toEqual(['sandbox-latest', 'legacy-batch']);
    expect(table.rows[0]![3]).toMatch(/^Expired 2 days ago/);
    expect(table.rows[1]![3]).toMatch(/^Expires soon in 3 days/);
    expect(await region.getByRole('row', { name: /sandbox-latest/ }).getAttribute('class')).toBe('highlight');
    expect(await region.getByRole('link', { name: 'legacy-batch' }).getAttribute('href')).toBe(
      '/ui/exceptions?q=legacy-batch',
    );
  });

  it('works on a narrow window and in the dark', async () => {
    const narrow = await openOverview({ viewport: { width: 390, height: 844 } });
    await narrow.getByRole('region', { name: 'Violations over time' }).getByRole('img').waitFor();
    // The chart follows its container: no wider than the window.
    const width = await narrow
      .locator('.line-chart canvas')
      .first()
      .evaluate((c) => c.getBoundingClientRect().width);
    expect(width).toBeLessThanOrEqual(390);
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(narrow);
    await screenshot(narrow, 'overview-narrow');

    const dark = await openOverview({ colorScheme: 'dark' });
    await dark.getByRole('region', { name: 'Violations over time' }).getByRole('img').waitFor();
    await dark.getByText('Show as table', { exact: true }).click();
    await expectAccessible(dark);
    await screenshot(dark, 'overview-dark');
    expect(takePageErrors()).toEqual([]);
  });

  it('redraws the chart in the new colours when the system switches to dark', async () => {
    const page = await openOverview();
    const region = page.getByRole('region', { name: 'Violations over time' });
    await region.getByRole('img').waitFor();
    // The legend shows the colour the canvas was drawn with, read from the CSS variables at draw time.
    const line = region.locator('.chart-legend line').first();
    // Drawn once the chart has measured its width: until then the legend has no colour of its own.
    await expect.poll(() => line.getAttribute('stroke')).toBe('#0b5cad');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect.poll(() => line.getAttribute('stroke')).toBe('#7db8f5');
    expect(await region.locator('canvas').count()).toBe(1);
    expect(takePageErrors()).toEqual([]);
  });

  it('a rules:read key sees the overview', async () => {
    const { token } = await apiKey(h.t, ['rules:read']);
    const page = await h.page({ locale: 'en-US' });
    await signIn(page, token);
    await page.getByRole('region', { name: 'Pass rate' }).waitFor();
    expect(takePageErrors()).toEqual([]);
  });
});
