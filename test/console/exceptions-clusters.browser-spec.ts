// The Exceptions and Clusters pages (issue 20). Exceptions: every waiver with owner, justification, expiry and what
// it waives, expired ones highlighted and labelled, status and text filters in the address, creating one in the
// form (the API's validation shown beside each field) and deleting one, as the key's scopes allow. Clusters:
// profiles with their facts, and node inventories uploaded as kubectl prints them: kubelet versions, image counts,
// truncated image lists; a profile without an inventory says how to upload one.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiKey } from '../support/policy-bundle-client.js';
import { createCluster, createException, createRule, listAll } from '../support/policy-client.js';
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
  await createRule(h.t, { name: 'require-digest', kind: 'require-digest', params: {}, enforcement: 'warn' });
  await createRule(h.t, {
    name: 'no-latest',
    kind: 'disallowed-tags',
    params: { tags: ['latest'] },
    enforcement: 'deny',
    severity: 'high',
  });
});
afterAll(async () => h?.close());

const DAY_MS = 86_400_000;
const inDays = (n: number) => new Date(Date.now() + n * DAY_MS).toISOString();

async function open(path: string, options: Parameters<ConsoleHarness['page']>[0] = {}, token?: string): Promise<Page> {
  const page = await h.page({ locale: 'en-US', ...options });
  await signIn(page, token, path);
  return page;
}

/** The names in the first column of each body row. */
function rowNames(table: Locator): Promise<string[]> {
  return table.evaluate((t: HTMLTableElement) =>
    [...t.tBodies[0]!.rows].map((r) => r.cells[0]!.querySelector('.name')?.textContent ?? ''),
  );
}

describe('exceptions', () => {
  beforeAll(async () => {
    await createException(h.t, {
      name: 'legacy-batch',
      rules: ['require-digest'],
      match: {
        namespaces: ['legacy', 'batch-*'],
        kinds: ['CronJob'],
        labels: {
          matchLabels: { team: 'batch' },
          matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }],
        },
      },
      justification: 'Batch images are rebuilt nightly from a pinned base.',
      owner: 'team-batch',
      ticket: 'OPS-1234',
      expiresAt: inDays(5),
    });
    await createException(h.t, {
      name: 'old-sandbox',
      rules: ['no-latest'],
      match: { namespaces: ['sandbox'] },
      justification: 'Experiments during the hackathon.',
      owner: 'team-lab',
      expiresAt: inDays(-3),
    });
    await createException(h.t, {
      name: 'vendor-images',
      rules: ['require-digest', 'no-latest'],
      match: { images: ['registry.vendor.example/*'] },
      justification: 'The vendor publishes tags only.',
      owner: 'team-platform',
      expiresAt: inDays(120),
    });
    await createException(h.t, {
      name: 'freeze-week',
      rules: ['*'],
      justification: 'Release freeze: nothing blocks the hotfix pipeline.',
      owner: 'release-managers',
      expiresAt: inDays(10),
    });
  });

  it('lists every exception with what it waives; the expired one is highlighted and says so', async () => {
    const page = await open('/ui/exceptions');
    const table = page.getByRole('table', { name: /^Exceptions/ });
    await table.waitFor();
    // Expired first (it already waives nothing), then by expiry, soonest first.
    expect(await rowNames(table)).toEqual(['old-sandbox', 'legacy-batch', 'freeze-week', 'vendor-images']);

    const expired = table.getByRole('row', { name: /old-sandbox/ });
    expect(await expired.getAttribute('class')).toBe('highlight');
    expect(await expired.innerText()).toMatch(/Expired 3 days ago/);

    const batch = table.getByRole('row', { name: /legacy-batch/ });
    expect(await batch.getAttribute('class')).toBeNull();
    const text = await batch.innerText();
    for (const part of [
      /Ticket: OPS-1234/,
      /require-digest/,
      /Namespaces: legacy, batch-\*/,
      /Kinds: CronJob/,
      /Labels: team=batch, tier in \(a,b\)/,
      /team-batch/,
      /Batch images are rebuilt nightly/,
      /Expires soon in 5 days/,
    ])
      expect(text).toMatch(part);
    expect(await table.getByRole('row', { name: /freeze-week/ }).innerText()).toContain('Every rule');
    expect(await table.getByRole('row', { name: /vendor-images/ }).innerText()).toMatch(/in 4 months/);
    await expectAccessible(page);
    await screenshot(page, 'exceptions');
    expect(takePageErrors()).toEqual([]);
  });

  it('filters by status and by text, and keeps the filters in the address', async () => {
    const page = await open('/ui/exceptions');
    const table = page.getByRole('table', { name: /^Exceptions/ });
    await table.waitFor();
    await page.getByRole('radio', { name: /^Expired/ }).check();
    await expect.poll(() => rowNames(table)).toEqual(['old-sandbox']);
    expect(new URL(page.url()).search).toBe('?status=expired');

    await page.getByRole('radio', { name: /^Active/ }).check();
    await expect.poll(() => rowNames(table)).toEqual(['legacy-batch', 'freeze-week', 'vendor-images']);
    await page.getByRole('searchbox', { name: 'Filter' }).fill('vendor.example');
    await expect.poll(() => rowNames(table)).toEqual(['vendor-images']);

    // A shared address opens the same view.
    await page.reload();
    await expect.poll(() => rowNames(page.getByRole('table', { name: /^Exceptions/ }))).toEqual(['vendor-images']);
    expect(await page.getByRole('searchbox', { name: 'Filter' }).inputValue()).toBe('vendor.example');

    await page.getByRole('searchbox', { name: 'Filter' }).fill('nothing-matches-this');
    await page.getByText('No exceptions match these filters.').waitFor();
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await expect.poll(() => rowNames(page.getByRole('table', { name: /^Exceptions/ }))).toHaveLength(4);
  });

  it('creates an exception in the form: API problems beside their fields, then stored as entered', async () => {
    const page = await open('/ui/exceptions');
    await page.getByRole('button', { name: 'New exception' }).click();
    const form = page.getByRole('region', { name: 'New exception' });
    await form.getByRole('checkbox', { name: /no-latest/ }).check();
    await form.getByRole('textbox', { name: 'Justification (required)' }).fill('Canary images are retagged hourly.');
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('Canary Latest');
    await form.getByRole('textbox', { name: 'Namespaces' }).fill('canary, canary-*');
    await form.getByRole('textbox', { name: 'Workload labels' }).fill('track=canary, !stable');
    await form.getByRole('button', { name: 'Create exception' }).click();

    // The API refused: no owner, a name it does not take. Each problem is beside its field, which is invalid.
    const owner = form.getByRole('textbox', { name: 'Owner (required)' });
    await expect.poll(() => owner.getAttribute('aria-invalid')).toBe('true');
    expect(await form.locator('#owner-error').innerText()).not.toBe('');
    expect(await form.getByRole('textbox', { name: 'Name', exact: true }).getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByRole('alert').innerText()).toMatch(/not saved: 2 problems are marked below/);
    // The focus went to the first field with a problem.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('owner');
    await expectAccessible(page);
    await screenshot(page, 'exceptions-form-errors');

    await owner.fill('team-canary');
    await form.getByRole('textbox', { name: 'Name', exact: true }).fill('canary-latest');
    await form.getByLabel('Expires on').fill('2031-01-15');
    await form.getByRole('button', { name: 'Create exception' }).click();
    await page.getByRole('status').getByText('Created exception canary-latest.').waitFor();
    await page
      .getByRole('table', { name: /^Exceptions/ })
      .getByRole('row', { name: /canary-latest/ })
      .waitFor();

    const stored = (await listAll(h.t, '/v1/exceptions')).find((e) => e.name === 'canary-latest');
    expect(stored).toMatchObject({
      rules: ['no-latest'],
      owner: 'team-canary',
      justification: 'Canary images are retagged hourly.',
      expiresAt: '2031-01-15T23:59:59.000Z',
      match: {
        namespaces: ['canary', 'canary-*'],
        labels: {
          matchLabels: { track: 'canary' },
          matchExpressions: [{ key: 'stable', operator: 'DoesNotExist' }],
        },
      },
      createdBy: 'admin-token',
    });
    // The refused create is the one failed request Chromium reports.
    expect(takePageErrors()).toEqual([expect.stringMatching(/status of 400/)]);
  });

  it('deletes an exception after confirming, and the API no longer has it', async () => {
    const page = await open('/ui/exceptions');
    await page.getByRole('button', { name: 'Delete canary-latest' }).click();
    const dialog = page.getByRole('dialog', { name: 'Delete exception canary-latest?' });
    await dialog.waitFor();
    // Cancel is the safe default.
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    await expectAccessible(page);
    await dialog.getByRole('button', { name: 'Delete exception' }).click();
    await page.getByRole('status').getByText('Deleted exception canary-latest.').waitFor();
    expect((await listAll(h.t, '/v1/exceptions')).map((e) => e.name)).not.toContain('canary-latest');
    expect(takePageErrors()).toEqual([]);
  });

  it('edits an expired exception: the form opens filled in, PATCH sends only the change with If-Match', async () => {
    const created = await createException(h.t, {
      name: 'canary-renewal',
      rules: ['no-latest'],
      match: { namespaces: ['canary'], labels: { matchLabels: { track: 'canary' } } },
      justification: 'Canary images until the registry migration.',
      owner: 'team-canary',
      expiresAt: inDays(-2),
    });
    const page = await open('/ui/exceptions');
    const row = page.getByRole('table', { name: /^Exceptions/ }).getByRole('row', { name: /canary-renewal/ });
    await row.waitFor();
    expect(await row.innerText()).toMatch(/Expired 2 days ago/);
    expect(await row.getAttribute('class')).toBe('highlight');

    await page.getByRole('button', { name: 'Edit canary-renewal' }).click();
    const form = page.getByRole('region', { name: 'Edit exception canary-renewal' });
    await form.waitFor();
    // The focus moved into the form, which shows the exception as stored.
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('exception-form-title');
    expect(await form.getByRole('textbox', { name: 'Owner (required)' }).inputValue()).toBe('team-canary');
    expect(await form.getByRole('textbox', { name: 'Justification (required)' }).inputValue()).toBe(
      'Canary images until the registry migration.',
    );
    expect(await form.getByRole('textbox', { name: 'Name', exact: true }).inputValue()).toBe('canary-renewal');
    expect(await form.getByRole('checkbox', { name: /no-latest/ }).isChecked()).toBe(true);
    expect(await form.getByRole('checkbox', { name: /require-digest/ }).isChecked()).toBe(false);
    expect(await form.getByRole('textbox', { name: 'Namespaces' }).inputValue()).toBe('canary');
    expect(await form.getByRole('textbox', { name: 'Workload labels' }).inputValue()).toBe('track=canary');
    expect(await form.getByLabel('Expires on').inputValue()).toBe(created.expiresAt.slice(0, 10));

    await form.getByLabel('Expires on').fill('2031-03-31');
    await form.getByRole('textbox', { name: 'Ticket' }).fill('OPS-4242');
    await expectAccessible(page);
    await screenshot(page, 'exceptions-edit');
    const patch = page.waitForRequest((r) => r.method() === 'PATCH');
    await form.getByRole('button', { name: 'Save changes' }).click();
    const sent = await patch;
    expect(sent.url()).toMatch(new RegExp(`/v1/exceptions/${created.id}$`));
    expect(sent.headers()['if-match']).toBe('"v1"');
    expect(sent.postDataJSON()).toEqual({ expiresAt: '2031-03-31T23:59:59Z', ticket: 'OPS-4242' });
    await page.getByRole('status').getByText('Saved exception canary-renewal.').waitFor();
    expect(await form.count()).toBe(0);

    const stored = await h.t.http().get(`/v1/exceptions/${created.id}`).expect(200);
    expect(stored.headers.etag).toBe('"v2"');
    expect(stored.body).toMatchObject({
      version: 2,
      expiresAt: '2031-03-31T23:59:59.000Z',
      expired: false,
      ticket: 'OPS-4242',
      owner: 'team-canary',
      rules: ['no-latest'],
      match: { namespaces: ['canary'], labels: { matchLabels: { track: 'canary' } } },
      updatedBy: 'admin-token',
    });
    // The list shows the new version: no longer expired, nor highlighted.
    await expect.poll(() => row.innerText()).toMatch(/Ticket: OPS-4242/);
    expect(await row.innerText()).not.toMatch(/Expired/);
    expect(await row.getAttribute('class')).toBeNull();
    expect(await row.innerText()).toMatch(/v2, updated by admin-token/);
    expect(takePageErrors()).toEqual([]);
  });

  it('a change saved elsewhere meanwhile is not overwritten: the form says so and Reload loads it', async () => {
    const e = await createException(h.t, {
      name: 'shared-waiver',
      rules: ['require-digest'],
      justification: 'Edited by two people at once.',
      owner: 'team-a',
      expiresAt: inDays(40),
    });
    const page = await open('/ui/exceptions');
    await page.getByRole('button', { name: 'Edit shared-waiver' }).click();
    const form = page.getByRole('region', { name: 'Edit exception shared-waiver' });
    const owner = form.getByRole('textbox', { name: 'Owner (required)' });
    await owner.fill('team-b');

    // Someone else changes it through the API after the form was opened.
    await h.t
      .http()
      .patch(`/v1/exceptions/${e.id}`)
      .set('if-match', '"v1"')
      .send({ owner: 'team-c', justification: 'Changed over the API.' })
      .expect(200);
    await form.getByRole('button', { name: 'Save changes' }).click();
    const alert = form.getByRole('alert');
    await alert.getByText(/someone else changed this exception since you opened it/).waitFor();
    expect(await page.evaluate(() => !!document.activeElement?.closest('[role="alert"]'))).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'exceptions-edit-conflict');
    // Nothing was overwritten.
    expect((await h.t.http().get(`/v1/exceptions/${e.id}`).expect(200)).body).toMatchObject({
      owner: 'team-c',
      version: 2,
    });

    await alert.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => owner.inputValue()).toBe('team-c');
    expect(await form.getByRole('textbox', { name: 'Justification (required)' }).inputValue()).toBe(
      'Changed over the API.',
    );
    expect(await form.getByRole('alert').count()).toBe(0);
    expect(await form.innerText()).toMatch(/Version 2, last changed by admin-token/);
    await page
      .getByRole('status')
      .getByText(/Loaded the current version 2/)
      .waitFor();

    // Saved again on top of version 2, it goes through.
    await owner.fill('team-b');
    await form.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').getByText('Saved exception shared-waiver.').waitFor();
    const stored = await h.t.http().get(`/v1/exceptions/${e.id}`).expect(200);
    expect(stored.body).toMatchObject({ owner: 'team-b', justification: 'Changed over the API.', version: 3 });
    expect(takePageErrors()).toEqual([expect.stringMatching(/status of 412/)]);
  });

  it('extends an expiring exception by 30 days in one click', async () => {
    // Expiring in 3 days, at the end of that day.
    const day = inDays(3).slice(0, 10);
    const e = await createException(h.t, {
      name: 'renew-me',
      rules: ['require-digest'],
      justification: 'Renewed monthly after review.',
      owner: 'team-ops',
      expiresAt: `${day}T23:59:59Z`,
    });
    const page = await open('/ui/exceptions');
    const row = page.getByRole('table', { name: /^Exceptions/ }).getByRole('row', { name: /renew-me/ });
    expect(await row.innerText()).toMatch(/Expires soon/);
    await page.getByRole('button', { name: 'Extend 30 days renew-me' }).click();
    await page
      .getByRole('status')
      .getByText(/Extended exception renew-me/)
      .waitFor();
    const expected = new Date(Date.parse(`${day}T00:00:00Z`) + 30 * DAY_MS).toISOString().slice(0, 10);
    const stored = await h.t.http().get(`/v1/exceptions/${e.id}`).expect(200);
    expect(stored.body).toMatchObject({ expiresAt: `${expected}T23:59:59.000Z`, version: 2, expired: false });
    await expect.poll(() => row.innerText()).not.toMatch(/Expires soon/);
    expect(await page.getByRole('button', { name: 'Extend 30 days renew-me' }).count()).toBe(0);
    expect(takePageErrors()).toEqual([]);
  });

  it('a rules:read key reads the list but is offered neither create, edit, extend nor delete', async () => {
    const { token } = await apiKey(h.t, ['rules:read']);
    const page = await open('/ui/exceptions', {}, token);
    await page.getByRole('table', { name: /^Exceptions/ }).waitFor();
    expect(await page.getByRole('button', { name: 'New exception' }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Delete/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^(Edit|Extend)/ }).count()).toBe(0);
  });

  it('reads well on a narrow window and in the dark', async () => {
    const narrow = await open('/ui/exceptions', { viewport: { width: 390, height: 844 } });
    await narrow.getByRole('table', { name: /^Exceptions/ }).waitFor();
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(narrow);
    await screenshot(narrow, 'exceptions-narrow');
    const dark = await open('/ui/exceptions', { colorScheme: 'dark' });
    await dark.getByRole('table', { name: /^Exceptions/ }).waitFor();
    await dark.getByRole('button', { name: 'New exception' }).click();
    await expectAccessible(dark);
    await screenshot(dark, 'exceptions-dark');
    expect(takePageErrors()).toEqual([]);
  });
});

/** A Node as `kubectl get nodes -o json` prints it (the fields pullwise reads, and a few it ignores). */
function node(name: string, kubelet: string, images: number, o: { cordoned?: boolean; taint?: boolean } = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name,
      labels: { 'kubernetes.io/hostname': name, 'topology.kubernetes.io/zone': 'eu-west-1a' },
      uid: `uid-${name}`,
    },
    spec: {
      ...(o.cordoned ? { unschedulable: true } : {}),
      ...(o.taint ? { taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }] } : {}),
    },
    status: {
      nodeInfo: { kubeletVersion: kubelet, containerRuntimeVersion: 'containerd://2.1.4' },
      images: Array.from({ length: images }, (_, i) => ({
        names: [
          `registry.example/team/app-${i}@sha256:${String(i).padStart(64, '0')}`,
          `registry.example/team/app-${i}:1.${i}`,
        ],
        sizeBytes: 50_000_000 + i,
      })),
    },
  };
}

describe('clusters', () => {
  beforeAll(async () => {
    const prod = await createCluster(h.t, {
      name: 'prod-eu',
      kubeletVersion: '1.34',
      admissionPlugins: ['AlwaysPullImages'],
      preloadedImages: ['registry.k8s.io/pause:3.10'],
      labels: { env: 'prod' },
    });
    await createCluster(h.t, { name: 'staging' });
    const nodes = {
      apiVersion: 'v1',
      kind: 'List',
      items: [
        node('ip-10-0-1-1.eu-west-1.compute.internal', 'v1.34.2-eks-b9a1f2c', 12),
        node('ip-10-0-1-2.eu-west-1.compute.internal', 'v1.34.2-eks-b9a1f2c', 50),
        node('ip-10-0-1-3.eu-west-1.compute.internal', 'v1.33.5-eks-1234567', 3, { cordoned: true, taint: true }),
      ],
    };
    const res = await h.t
      .http()
      .put(`/v1/clusters/${prod.id}/nodes`)
      .set('content-type', 'application/json')
      .send(JSON.stringify(nodes));
    expect(res.status, res.text).toBe(200);
    expect(res.body).toMatchObject({ nodes: 3, images: 65, truncatedNodes: 1 });
  });

  it('shows each profile, its kubelet versions, image counts and the truncated node', async () => {
    const page = await open('/ui/clusters');
    const prod = page.getByRole('region', { name: 'prod-eu' });
    await prod.waitFor();
    expect(await prod.innerText()).toMatch(/Admission plugins\s+AlwaysPullImages/);

    const versions = prod.getByRole('table', { name: 'Kubelet versions in prod-eu' });
    await versions.waitFor();
    const rows = await versions.evaluate((t: HTMLTableElement) =>
      [...t.tBodies[0]!.rows].map((r) => [...r.cells].map((c) => c.textContent!.trim())),
    );
    expect(rows).toEqual([
      ['v1.34.2-eks-b9a1f2c', '2', '66.7%'],
      ['v1.33.5-eks-1234567', '1', '33.3%'],
    ]);
    const inventory = prod.getByRole('region', { name: 'Node inventory' });
    expect(await inventory.innerText()).toMatch(/Nodes\s+3 \(1 cordoned\)/);
    expect(await inventory.innerText()).toMatch(/Images listed\s+65 \(3–50 per node/);
    // When it was uploaded, as the API answers it (GET /v1/clusters/{id}/nodes `inventory.observedAt`).
    const uploadedAt = await inventory.locator('time').getAttribute('datetime');
    const prodId = (await h.t.http().get('/v1/clusters').expect(200)).body.items.find(
      (c: any) => c.name === 'prod-eu',
    ).id;
    const listed = await h.t.http().get(`/v1/clusters/${prodId}/nodes?limit=1`).expect(200);
    expect(uploadedAt).toBe(listed.body.inventory.observedAt);
    expect(await inventory.innerText()).toMatch(/Uploaded (now|\d+ seconds? ago|\d+ minutes? ago)\./);
    const truncated = inventory.locator('.truncated');
    expect(await truncated.innerText()).toContain('an image missing from this list may still be on the node');
    expect(await truncated.innerText()).toContain('ip-10-0-1-2.eu-west-1.compute.internal');

    // Every node with its image count, on request.
    await inventory.getByText('All 3 nodes with their images').click();
    const table = inventory.getByRole('table', { name: /^Nodes of prod-eu/ });
    await table.waitFor();
    const truncatedRow = table.getByRole('row', { name: /ip-10-0-1-2/ });
    expect(await truncatedRow.innerText()).toMatch(/50 images\s+Truncated/);
    expect(await table.getByRole('row', { name: /ip-10-0-1-1/ }).innerText()).toContain('12 images');
    const cordoned = await table.getByRole('row', { name: /ip-10-0-1-3/ }).innerText();
    expect(cordoned).toContain('Cordoned');
    expect(cordoned).toContain('dedicated=gpu:NoSchedule');
    const staging = page.getByRole('region', { name: 'staging' });
    expect(await staging.innerText()).toContain('No node inventory uploaded');
    expect(await staging.innerText()).toContain('kubectl get nodes -o json | pullwise nodes push --cluster staging');
    await expectAccessible(page);
    await screenshot(page, 'clusters');

    // A node's image list, as its kubelet reported it.
    await truncatedRow.getByText('Show images').click();
    await truncatedRow.getByText('registry.example/team/app-49:1.49').waitFor();
    await expectAccessible(page);
    await truncatedRow.scrollIntoViewIfNeeded();
    await screenshot(page, 'clusters-node-images');
    expect(takePageErrors()).toEqual([]);
  });

  it('reads well on a narrow window and in the dark', async () => {
    const narrow = await open('/ui/clusters', { viewport: { width: 390, height: 844 } });
    await narrow.getByRole('table', { name: 'Kubelet versions in prod-eu' }).waitFor();
    expect(await narrow.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await expectAccessible(narrow);
    await screenshot(narrow, 'clusters-narrow');
    const dark = await open('/ui/clusters', { colorScheme: 'dark' });
    await dark.getByRole('table', { name: 'Kubelet versions in prod-eu' }).waitFor();
    await dark.getByText('All 3 nodes with their images').click();
    await dark.getByRole('table', { name: /^Nodes of prod-eu/ }).waitFor();
    await expectAccessible(dark);
    await screenshot(dark, 'clusters-dark');
    expect(takePageErrors()).toEqual([]);
  });
});

describe('clusters on a fresh install', () => {
  it('says how to create a profile when there is none', async () => {
    // A rules:read key on a store whose profiles are gone: the empty state, not an error.
    for (const c of await listAll(h.t, '/v1/clusters'))
      expect((await h.t.http().delete(`/v1/clusters/${c.id}`).query({ force: 'true' })).status).toBe(204);
    const { token } = await apiKey(h.t, ['rules:read']);
    const page = await open('/ui/clusters', {}, token);
    await page.getByRole('heading', { name: 'No cluster profiles yet' }).waitFor();
    expect(await page.getByText(/POST "\$PULLWISE_SERVER\/v1\/clusters"/).count()).toBe(1);
    await expectAccessible(page);
    expect(takePageErrors()).toEqual([]);
  });
});
