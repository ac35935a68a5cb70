// The Evaluations pages (issue 20): the recorded history with filters kept in the address, and one recorded
// evaluation with its source and the detail view.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey } from '../support/policy-bundle-client.js';
import {
  expectAccessible,
  screenshot,
  signIn,
  startConsole,
  takePageErrors,
  type ConsoleHarness,
} from './support/console-harness.js';

const pod = (name: string, namespace: string, image: string) => `apiVersion: v1
kind: Pod
metadata:
  name: ${name}
  namespace: ${namespace}
spec:
  containers:
    - name: app
      image: "${image}"
`;

// Recorded in this order (so newest first is e, d, c, b, a). With the rule no-latest (deny) and
// explicit-pull-policy (warn):
//   a  prod  nginx          acme/shop  deploy-prod  fail (no-latest, explicit)
//   b  prod  nginx:1.27     acme/shop  ci           warn (explicit)
//   c  dev   nginx:latest   acme/blog  ci           fail (no-latest, explicit)
//   d  dev   redis:7        acme/blog  a run URL    warn (explicit)
//   e  qa    MyOrg/App:1.0  acme/lab   ci           error (the kubelet cannot parse the image)
const SEED: [string, string, string, string, string][] = [
  ['a', 'prod', 'nginx', 'acme/shop', 'deploy-prod'],
  ['b', 'prod', 'nginx:1.27', 'acme/shop', 'ci'],
  ['c', 'dev', 'nginx:latest', 'acme/blog', 'ci'],
  ['d', 'dev', 'redis:7', 'acme/blog', 'https://ci.example.com/acme/blog/runs/42'],
  ['e', 'qa', 'MyOrg/App:1.0', 'acme/lab', 'ci'],
];

let h: ConsoleHarness;
let readKey: string;
const ids: Record<string, string> = {};

beforeAll(async () => {
  h = await startConsole();
  for (const rule of [
    { name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'deny' },
    { name: 'explicit-pull-policy', kind: 'explicit-pull-policy', params: {}, enforcement: 'warn' },
  ]) {
    const res = await h.t.http().post('/v1/rules').send(rule);
    expect(res.status, res.text).toBe(201);
  }
  for (const [name, namespace, image, repository, pipeline] of SEED) {
    const res = await h.t
      .http()
      .post('/v1/evaluations')
      .send({
        manifests: pod(name, namespace, image),
        record: true,
        source: { repository, pipeline, commit: `sha-${name}` },
      });
    expect(res.status, res.text).toBe(200);
    ids[name] = res.body.id;
  }
  // Reading the history needs rules:read and nothing more.
  readKey = (await apiKey(h.t, ['rules:read'])).token;
});
afterAll(async () => h?.close());

/** The seeds shown, by their commit (`sha-a` → `a`), in table order. */
async function shown(page: Page): Promise<string[]> {
  const cells = page.getByRole('table', { name: /Recorded evaluations/ }).locator('tbody tr td:nth-child(5)');
  return (await cells.allInnerTexts()).map((t) => t.replace('sha-', '').trim());
}

async function applyFilter(page: Page, label: string, value: string): Promise<void> {
  const field = page.getByLabel(label, { exact: true });
  if ((await field.evaluate((e) => e.tagName)) === 'SELECT') await field.selectOption(value);
  else await field.fill(value);
  await page.getByRole('button', { name: 'Apply filters' }).click();
}

describe('evaluations', () => {
  it('lists the recorded history newest first and filters it by repository, pipeline, verdict, namespace and rule', async () => {
    const page = await h.page();
    await signIn(page, readKey, '/ui/evaluations');
    await page.getByRole('heading', { name: 'Evaluations', level: 1 }).waitFor();
    await expect.poll(() => shown(page)).toEqual(['e', 'd', 'c', 'b', 'a']);
    expect(await page.getByText(/^Showing \d+ of \d+ recorded/).innerText()).toBe(
      'Showing 5 of 5 recorded evaluations.',
    );
    await expectAccessible(page);
    await screenshot(page, 'evaluations-list');

    const cases: [string, string, string[]][] = [
      ['Repository', 'acme/shop', ['b', 'a']],
      ['Pipeline', 'ci', ['e', 'c', 'b']],
      ['Verdict', 'fail', ['c', 'a']],
      ['Namespace', 'dev', ['d', 'c']],
      ['Rule', 'no-latest', ['c', 'a']],
    ];
    for (const [label, value, expected] of cases) {
      const clear = page
        .getByRole('form', { name: 'Filter evaluations' })
        .getByRole('button', { name: 'Clear filters' });
      if (await clear.isEnabled()) await clear.click();
      await expect.poll(() => shown(page)).toHaveLength(5);
      await applyFilter(page, label, value);
      await expect.poll(() => shown(page), { message: `${label} = ${value}` }).toEqual(expected);
      expect(new URL(page.url()).searchParams.get(label.toLowerCase())).toBe(value);
      // The filter is named above the table, with a way to remove just it.
      expect(await page.getByRole('list', { name: 'Active filters' }).innerText()).toContain(`${label}: ${value}`);
    }

    // Filters combine; a combination matching nothing says so and offers the way back.
    await applyFilter(page, 'Repository', 'acme/shop');
    await expect.poll(() => shown(page)).toEqual(['a']);
    await applyFilter(page, 'Namespace', 'qa');
    await page.getByText('No recorded evaluation matches these filters.').waitFor();
    await page.getByRole('button', { name: 'Remove filter Namespace: qa' }).click();
    await expect.poll(() => shown(page)).toEqual(['a']);

    // The time range: days in the browser's time zone, both ends included.
    const day = (offset: number) =>
      page.evaluate((o) => {
        const d = new Date();
        d.setDate(d.getDate() + o);
        return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
      }, offset);
    await page.getByRole('form', { name: 'Filter evaluations' }).getByRole('button', { name: 'Clear filters' }).click();
    await applyFilter(page, 'From', await day(0));
    await applyFilter(page, 'To', await day(0));
    await expect.poll(() => shown(page)).toHaveLength(5);
    await applyFilter(page, 'From', await day(1));
    await page.getByText('No recorded evaluation matches these filters.').waitFor();
    expect(takePageErrors()).toEqual([]);
  });

  it('a filtered view is a link: it survives a reload and opens the same in another session (narrow window)', async () => {
    const at = '/ui/evaluations?repository=acme%2Fblog&verdict=warn';
    const page = await h.page({ viewport: { width: 390, height: 844 } });
    await signIn(page, readKey, at);
    await expect.poll(() => shown(page)).toEqual(['d']);
    await page.reload();
    await expect.poll(() => shown(page)).toEqual(['d']);
    expect(await page.getByLabel('Repository', { exact: true }).inputValue()).toBe('acme/blog');
    expect(await page.getByLabel('Verdict', { exact: true }).inputValue()).toBe('warn');
    // The pipeline of d is a CI run URL: a link to that run.
    expect(await page.getByRole('link', { name: /ci\.example\.com\/acme\/blog\/runs\/42/ }).getAttribute('href')).toBe(
      'https://ci.example.com/acme/blog/runs/42',
    );
    await expectAccessible(page);
    await screenshot(page, 'evaluations-filtered-narrow');

    const other = await h.page();
    await signIn(other, readKey, at);
    await expect.poll(() => shown(other)).toEqual(['d']);
    expect(takePageErrors()).toEqual([]);
  });

  it('a recorded evaluation shows its source, its slots and its findings with the fix as a patch', async () => {
    const page = await h.page({ colorScheme: 'dark' });
    await signIn(page, readKey, '/ui/evaluations?namespace=prod');
    await expect.poll(() => shown(page)).toEqual(['b', 'a']);
    const row = page
      .getByRole('table', { name: /Recorded evaluations/ })
      .locator('tbody tr')
      .nth(1);
    await row.getByRole('link').click();
    await page.getByRole('heading', { name: 'Evaluation of acme/shop', level: 1 }).waitFor();
    expect(new URL(page.url()).pathname).toBe(`/ui/evaluations/${ids.a}`);

    const source = await page.getByRole('region', { name: 'Source' }).innerText();
    expect(source).toMatch(/Repository\s+acme\/shop/);
    expect(source).toMatch(/Pipeline\s+deploy-prod/);
    expect(source).toMatch(/Commit\s+sha-a/);
    expect(source).toMatch(/Namespaces\s+prod/);
    expect(source).toMatch(/Rules enabled\s+.*explicit-pull-policy v1/);
    expect(await page.getByRole('heading', { name: /^Verdict/ }).innerText()).toContain('Fail');

    const slots = page.getByRole('table', { name: /Image slots/ });
    expect(await slots.locator('tbody tr').innerText()).toMatch(/Pod\/a[\s\S]*app[\s\S]*nginx[\s\S]*Fail[\s\S]*Always/);
    const slot = page.locator('details', { has: page.locator('summary', { hasText: 'nginx' }) }).first();
    expect(await slot.innerText()).toMatch(/Effective\s+Always/);

    const findings = page.locator('details.ev-finding');
    expect(await findings.count()).toBe(2);
    const explicit = findings.filter({ hasText: 'explicit-pull-policy' });
    const patch = JSON.parse(
      await explicit
        .getByRole('figure', { name: /JSON patch/ })
        .locator('pre')
        .innerText(),
    );
    expect(patch).toEqual([{ op: 'add', path: '/spec/containers/0/imagePullPolicy', value: 'Always' }]);
    // The recorded workload document, as submitted, with the fix applied (GET /v1/evaluations/{id} `documents`).
    const yaml = await explicit
      .getByRole('figure', { name: /Patched YAML of document 1/ })
      .locator('pre')
      .innerText();
    expect(yaml.trimEnd()).toBe(
      pod('a', 'prod', 'nginx').replace('image: "nginx"', 'image: "nginx"\n      imagePullPolicy: Always').trimEnd(),
    );
    expect(await explicit.locator('mark').allInnerTexts()).toEqual(['      imagePullPolicy: Always']);
    await expectAccessible(page);
    await screenshot(page, 'evaluation-detail-dark');

    // The way back keeps the list's filters.
    await page.getByRole('link', { name: '← Recorded evaluations' }).click();
    await page.getByRole('heading', { name: 'Evaluations', level: 1 }).waitFor();
    expect(new URL(page.url()).search).toBe('?namespace=prod');
    await expect.poll(() => shown(page)).toEqual(['b', 'a']);
    expect(takePageErrors()).toEqual([]);
  });

  it('an evaluation that could not be judged in full lists its input errors; an unknown one says so', async () => {
    const page = await h.page();
    await signIn(page, readKey, `/ui/evaluations/${ids.e}`);
    await page.getByRole('heading', { name: 'Evaluation of acme/lab', level: 1 }).waitFor();
    const errors = await page.getByRole('region', { name: /Input errors/ }).innerText();
    expect(errors).toMatch(/Document 1, line \d+/);
    expect(errors).toContain('MyOrg/App:1.0');
    await expectAccessible(page);
    await screenshot(page, 'evaluation-detail-error');

    await page.goto('/ui/evaluations/00000000-0000-4000-8000-000000000000');
    expect(await page.getByRole('alert').innerText()).toContain('There is no such evaluation.');
    // Chromium logs the 404 answer as a console error; it is the answer this step asks for.
    expect(takePageErrors().filter((e) => !e.includes('status of 404'))).toEqual([]);
  });

  it('pages through a long history with the cursor', async () => {
    for (let i = 0; i < 52; i++) {
      const res = await h.t
        .http()
        .post('/v1/evaluations')
        .send({ manifests: pod(`bulk-${i}`, 'batch', 'redis:7'), record: true, source: { repository: 'acme/bulk' } });
      expect(res.status).toBe(200);
    }
    const page = await h.page();
    await signIn(page, readKey, '/ui/evaluations?repository=acme%2Fbulk');
    const rows = page.getByRole('table', { name: /Recorded evaluations/ }).locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(50);
    expect(await page.getByText(/^Showing \d+ of \d+ recorded/).innerText()).toBe(
      'Showing 50 of 52 recorded evaluations matching the filters.',
    );
    await page.getByRole('button', { name: 'Show 2 more' }).click();
    await expect.poll(() => rows.count()).toBe(52);
    expect(await page.getByRole('button', { name: /^Show \d+ more/ }).count()).toBe(0);
    expect(takePageErrors()).toEqual([]);
  });
});
