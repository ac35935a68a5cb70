// The playground (issue 20): paste manifests, choose the cluster context, press Evaluate, read the detail view;
// nothing is recorded.
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

const NEVER_POD = `apiVersion: v1
kind: Pod
metadata:
  name: cache-warmer
  namespace: batch
spec:
  containers:
    - name: warmer
      image: registry.example.com/tools/warmer:1.4
      imagePullPolicy: Never
`;

/** The "Deployment with nginx:latest" example with the fix of explicit-pull-policy applied: comments survive. */
const DEPLOYMENT_PATCHED = `# No imagePullPolicy and the tag latest: the API server defaults the policy to Always.
apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
        - name: nginx
          image: nginx:latest
          imagePullPolicy: Always
        - name: log-shipper
          image: busybox:1.36 # a mutable tag kept with IfNotPresent
          imagePullPolicy: IfNotPresent
`;

let h: ConsoleHarness;
let evaluateKey: string;
let recordedBefore: number;

async function recordedCount(): Promise<number> {
  const res = await h.t.http().get('/v1/evaluations').query({ limit: 1 });
  expect(res.status).toBe(200);
  return res.body.totalCount;
}

beforeAll(async () => {
  h = await startConsole();
  evaluateKey = (await apiKey(h.t, ['evaluate'])).token;
  // One recorded evaluation already there, so "nothing recorded" is a count that stays, not an empty history.
  await h.t
    .http()
    .post('/v1/evaluations')
    .send({ manifests: NEVER_POD, record: true, source: { repository: 'acme/seed' } })
    .expect(200);
  recordedBefore = await recordedCount();
});
afterAll(async () => h?.close());

async function evaluate(page: Page, manifests?: string): Promise<void> {
  if (manifests !== undefined) await page.getByRole('textbox', { name: 'Manifests' }).fill(manifests);
  const answered = page.waitForResponse(
    (r) => r.request().method() === 'POST' && new URL(r.url()).pathname === '/v1/evaluations',
  );
  await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
  expect((await answered).status()).toBe(200);
  await page.getByRole('heading', { name: /^Verdict/, level: 2 }).waitFor();
}

/** The text of one node-state card of the slot's details ("Image absent from the node", …). */
function outcome(page: Page, state: string) {
  return page.locator('section.ev-outcome', { has: page.getByRole('heading', { name: state, exact: true }) });
}

describe('playground', () => {
  it('an evaluate-only key: a Never pod fails with ErrImageNeverPull when the image is absent, in the kubelet’s words', async () => {
    const page = await h.page();
    await signIn(page, evaluateKey, '/ui/playground');
    await page.getByRole('textbox', { name: 'Manifests' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Console' }).getByRole('link').allInnerTexts()).toEqual([
      'Playground',
    ]);
    // This key cannot list cluster profiles: the cluster is a name to type, not a list to pick from.
    expect(await page.getByRole('textbox', { name: 'Cluster profile' }).count()).toBe(1);
    expect(await page.getByRole('combobox', { name: 'Cluster profile' }).count()).toBe(0);

    const sent: unknown[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && new URL(r.url()).pathname === '/v1/evaluations') sent.push(r.postDataJSON());
    });
    await evaluate(page, NEVER_POD);

    const absent = outcome(page, 'Image absent from the node');
    const absentText = await absent.innerText();
    expect(absentText).toContain('fails');
    expect(absentText).toContain('does not contact the registry');
    expect(absentText).toMatch(/Pod status reason:\s*ErrImageNeverPull/);
    expect(absentText).toContain(
      'Container image "registry.example.com/tools/warmer:1.4" is not present with pull policy of Never',
    );
    const present = await outcome(page, 'Image present on the node').innerText();
    expect(present).toContain('uses cached copy');
    expect(present).toContain('already present on machine');
    // The summary table says the same in one row.
    const row = page.getByRole('table', { name: /Image slots/ }).locator('tbody tr');
    expect(await row.innerText()).toMatch(/warmer[\s\S]*Never[\s\S]*fails\s+ErrImageNeverPull[\s\S]*uses cached copy/);

    // The request never asks to record, and the playground never offers to.
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toHaveProperty('record');
    await expectAccessible(page);
    await screenshot(page, 'playground-never');
    expect(takePageErrors()).toEqual([]);
  });

  it('a latest image without policy is effective Always with the reason; a rule’s finding comes with its patch and the patched YAML', async () => {
    const rule = await h.t
      .http()
      .post('/v1/rules')
      .send({ name: 'explicit-pull-policy', kind: 'explicit-pull-policy', params: {}, enforcement: 'warn' });
    expect(rule.status, rule.text).toBe(201);

    const page = await h.page({ colorScheme: 'dark' });
    await signIn(page, evaluateKey, '/ui/playground');
    await page.getByRole('button', { name: 'Deployment with nginx:latest' }).click();
    await evaluate(page);

    const nginx = page.locator('details', { has: page.locator('summary', { hasText: 'nginx:latest' }) });
    const policy = await nginx.innerText();
    expect(policy).toMatch(/Declared\s+not set/);
    expect(policy).toMatch(/Effective\s+Always/);
    expect(policy).toMatch(/defaults? .*Always.*latest|latest.*Always/);

    const finding = page.locator('details.ev-finding');
    expect(await finding.count()).toBe(1);
    const text = await finding.innerText();
    expect(text).toContain('explicit-pull-policy');
    expect(text).toContain('nginx:latest does not set imagePullPolicy');
    const patch = JSON.parse(
      await finding
        .getByRole('figure', { name: /JSON patch/ })
        .locator('pre')
        .innerText(),
    );
    expect(patch).toEqual([{ op: 'add', path: '/spec/template/spec/containers/0/imagePullPolicy', value: 'Always' }]);
    const yaml = await finding
      .getByRole('figure', { name: /Patched YAML of document 1/ })
      .locator('pre')
      .innerText();
    expect(yaml.trimEnd()).toBe(DEPLOYMENT_PATCHED.trimEnd());
    expect(await finding.locator('mark').allInnerTexts()).toEqual(['          imagePullPolicy: Always']);

    // AlwaysPullImages admission: the declared IfNotPresent of the other container becomes Always.
    await page.getByRole('combobox', { name: 'AlwaysPullImages admission plugin' }).selectOption('on');
    await evaluate(page);
    const shipper = page.locator('details', { has: page.locator('summary', { hasText: 'busybox:1.36' }) });
    await expect.poll(() => shipper.innerText()).toMatch(/Effective\s+Always\s+set by AlwaysPullImages/);

    await expectAccessible(page);
    await screenshot(page, 'playground-fix-dark');
    expect(takePageErrors()).toEqual([]);
  });

  it('bad YAML is an alert naming the line, the caret goes there, and the input survives a reload (narrow window)', async () => {
    const page = await h.page({ viewport: { width: 390, height: 844 } });
    await signIn(page, evaluateKey, '/ui/playground');
    const manifests = page.getByRole('textbox', { name: 'Manifests' });
    await manifests.fill('apiVersion: v1\nkind: Pod\nmetadata: {name: x\nspec: [\n');
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/document 1, line 4/);
    await alert.getByRole('button', { name: 'Go to line 4' }).first().click();
    const caret = await manifests.evaluate((t: HTMLTextAreaElement) => t.value.slice(0, t.selectionStart));
    expect(caret.split('\n')).toHaveLength(4);
    expect(await manifests.getAttribute('aria-invalid')).toBe('true');
    await expectAccessible(page);
    await screenshot(page, 'playground-bad-yaml-narrow');

    // The input is kept for the tab: a reload brings it back, and a good document evaluates at this width too.
    await manifests.fill(NEVER_POD);
    await page.waitForFunction(() => sessionStorage.getItem('pullwise.console.playground')?.includes('cache-warmer'));
    await page.reload();
    expect(await page.getByRole('textbox', { name: 'Manifests' }).inputValue()).toBe(NEVER_POD);
    await evaluate(page);
    expect(await outcome(page, 'Image absent from the node').innerText()).toContain('ErrImageNeverPull');
    await expectAccessible(page);
    await screenshot(page, 'playground-result-narrow');
    // Chromium logs every 4xx answer as a console error; the 422 for the bad YAML is the answer this test wants.
    expect(takePageErrors().filter((e) => !e.includes('status of 422'))).toEqual([]);
  });

  it('a key that may read cluster profiles picks one from a list, and its kubelet and admission plugins apply', async () => {
    const profile = await h.t
      .http()
      .post('/v1/clusters')
      .send({ name: 'legacy-eu', kubeletVersion: '1.30', admissionPlugins: ['AlwaysPullImages'] });
    expect(profile.status, profile.text).toBe(201);
    const { token } = await apiKey(h.t, ['evaluate', 'rules:read']);
    const page = await h.page();
    await signIn(page, token, '/ui/playground');
    const cluster = page.getByRole('combobox', { name: 'Cluster profile' });
    await cluster.selectOption('legacy-eu');
    expect(await page.getByText('kubelet 1.30 · AlwaysPullImages').count()).toBe(1);
    await evaluate(page, NEVER_POD);
    expect(await page.getByText(/Assumed: kubelet 1\.30/).count()).toBe(1);
    const slot = page.locator('details', { has: page.locator('summary', { hasText: 'warmer:1.4' }) });
    expect(await slot.innerText()).toMatch(/Effective\s+Always\s+set by AlwaysPullImages/);
    expect(takePageErrors()).toEqual([]);
  });

  it('every example evaluates without an input error', async () => {
    const page = await h.page();
    await signIn(page, evaluateKey, '/ui/playground');
    const examples = page.getByRole('group', { name: 'Start from an example:' }).getByRole('button');
    const labels = await examples.allInnerTexts();
    expect(labels.length).toBeGreaterThanOrEqual(3);
    for (const label of labels) {
      await page.getByRole('button', { name: label, exact: true }).click();
      await evaluate(page);
      expect(await page.getByRole('region', { name: /Input errors/ }).count(), label).toBe(0);
      expect(
        await page
          .getByRole('table', { name: /Image slots/ })
          .locator('tbody tr')
          .count(),
      ).toBeGreaterThan(0);
    }
    // Editing after an evaluation says the result is for the earlier text.
    await page.getByRole('textbox', { name: 'Manifests' }).press('End');
    await page.getByRole('textbox', { name: 'Manifests' }).pressSequentially('# edited');
    await page.getByText('The manifests changed after this evaluation').waitFor();
    expect(takePageErrors()).toEqual([]);
  });

  it('a context the service refuses is named at its field', async () => {
    const page = await h.page();
    await signIn(page, evaluateKey, '/ui/playground');
    await page.getByRole('textbox', { name: 'Manifests' }).fill(NEVER_POD);
    await page.getByRole('textbox', { name: 'Cluster profile' }).fill('no-such-cluster');
    await page.getByRole('textbox', { name: 'Kubelet version' }).fill('1.12');
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    const fields = page.locator('.field', {
      has: page.getByRole('textbox', { name: /Cluster profile|Kubelet version/ }),
    });
    await expect.poll(() => fields.locator('.field-error').allInnerTexts()).toHaveLength(1);
    expect(await alert.innerText()).toMatch(/no-such-cluster|1\.12/);
    expect(await page.locator('[aria-invalid="true"]').count()).toBeGreaterThan(0);
    await page.getByRole('textbox', { name: 'Cluster profile' }).fill('');
    await page.getByRole('button', { name: 'Evaluate', exact: true }).click();
    await expect.poll(() => alert.innerText()).toMatch(/1\.12/);
    expect(await page.getByRole('textbox', { name: 'Kubelet version' }).getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, 'playground-context-error');
    expect(takePageErrors().filter((e) => !e.includes('status of 400'))).toEqual([]);
  });

  it('nothing the playground evaluated was recorded', async () => {
    expect(await recordedCount()).toBe(recordedBefore);
  });
});
