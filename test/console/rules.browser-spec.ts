// The Rules pages of the web console (issue 20): the list with filters, forms generated from the rule kinds'
// schemas with the API's validation on each field, the impact preview before saving, ETag conflicts with a
// reload, version history with a diff and restore, and what a rules:read key is (not) offered.
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { apiKey } from '../support/policy-bundle-client.js';
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
// Each test answers for the page errors of its own pages only.
beforeEach(() => void pageErrors());

const pageErrors = takePageErrors;

/** Opens `url` and waits until `ready` shows. */
async function load(page: Page, url: string, ready: Locator): Promise<void> {
  await page.goto(url);
  await ready.waitFor();
}

/** Signs in at a deep link, through the form. */
async function open(page: Page, at: string, token?: string): Promise<void> {
  await signIn(page, token, at);
}

/** Rules made by these tests apply in a namespace no recorded evaluation uses, so they flip nothing. */
const QUIET_MATCH = { namespaces: ['console-tests'] };
const UUID_PATH = /\/ui\/rules\/([0-9a-f-]{36})(\?|$)/;

/**
 * Chromium reports a 4xx answer as a console error ("Failed to load resource"); the tests that provoke one
 * (validation, a conflict, a deleted rule) expect exactly those, and nothing else.
 */
function pageErrorsBesides(statuses: number[]): string[] {
  return pageErrors().filter(
    (e) => !statuses.some((s) => e.includes(`Failed to load resource: the server responded with a status of ${s}`)),
  );
}

async function rulesByName(): Promise<Map<string, any>> {
  const res = await h.t.http().get('/v1/rules').query({ limit: 500 });
  expect(res.status, res.text).toBe(200);
  return new Map(res.body.items.map((r: any) => [r.name, r]));
}

async function createViaApi(body: Record<string, unknown>): Promise<any> {
  const res = await h.t
    .http()
    .post('/v1/rules')
    .send({ match: QUIET_MATCH, ...body });
  expect(res.status, res.text).toBe(201);
  return res.body;
}

const field = (page: Page, role: 'textbox' | 'combobox' | 'checkbox', name: string) =>
  page.getByRole(role, { name, exact: true });
const group = (scope: Page | Locator, name: string) => scope.getByRole('group', { name, exact: true });

/** The Match group starts folded while unset (it applies everywhere): unfold it. */
async function match(page: Page): Promise<Locator> {
  await page.locator('summary', { hasText: 'Match' }).click();
  return group(page, 'Match');
}

/** Presses Save rule; when the save stops to show evaluations it would flip, presses it again. */
async function saveRule(page: Page): Promise<string> {
  await page.getByRole('button', { name: 'Save rule' }).click();
  const saved = page.waitForURL(UUID_PATH);
  const stopped = page.getByText('Not saved yet.').waitFor();
  if ((await Promise.race([saved.then(() => 'saved'), stopped.then(() => 'stopped')])) === 'stopped') {
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.waitForURL(UUID_PATH);
  }
  await page
    .getByRole('status')
    .filter({ hasText: /Rule (created|saved)\./ })
    .waitFor();
  return UUID_PATH.exec(new URL(page.url()).pathname)![1];
}

async function describedText(page: Page, control: Locator): Promise<string> {
  const ids = (await control.getAttribute('aria-describedby')) ?? '';
  const texts = await Promise.all(
    ids
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => page.locator(`[id="${id}"]`).innerText()),
  );
  return texts.join(' ');
}

describe('creating rules from the kinds’ schemas', () => {
  it('offers every RuleKind, swaps the parameters with the kind, and creates four kinds as entered', async () => {
    const doc = (await h.t.anon().get('/openapi.json')).body;
    const kinds: string[] = doc.components.schemas.RuleKind.enum;
    const page = await h.page();
    await open(page, '/ui/rules/new');
    await page.getByRole('heading', { name: 'New rule', level: 1 }).waitFor();
    const kind = field(page, 'combobox', 'Kind');
    const offered = (
      await kind.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value))
    ).filter(Boolean);
    expect(offered).toEqual(kinds);

    // The kind's own title and description are the help; its params schema gives the fields.
    for (const k of kinds) {
      await kind.selectOption(k);
      const variant = Object.values<any>(doc.components.schemas).find((s) => s.properties?.kind?.const === k);
      expect(await describedText(page, kind)).toContain(variant.title);
      const params = doc.components.schemas[variant.properties.params.$ref.split('/').pop()];
      const legend = group(page, 'Parameters');
      if (Object.keys(params.properties).length === 0) expect(await legend.innerText()).toContain('Nothing to set');
      else
        for (const p of Object.keys(params.properties))
          expect(await legend.innerText()).toMatch(new RegExp(p.replace(/([a-z])([A-Z])/g, '$1 $2'), 'i'));
    }

    // disallowed-tags: a list of strings, one per line, and a match on namespaces.
    await field(page, 'textbox', 'Name').fill('form-no-snapshots');
    await kind.selectOption('disallowed-tags');
    await field(page, 'textbox', 'Tags').fill('latest\n*-SNAPSHOT\n');
    await field(page, 'combobox', 'Enforcement').selectOption('deny');
    await field(page, 'combobox', 'Severity').selectOption('high');
    await field(page, 'textbox', 'Description').fill('Snapshots are not releases.');
    await (await match(page)).getByRole('textbox', { name: 'Namespaces' }).fill('console-tests');
    const firstId = await saveRule(page);
    await page.getByRole('heading', { name: 'form-no-snapshots', level: 1 }).waitFor();

    // allowed-registries: a list and rows of objects (rewrites), added with a button.
    await load(page, '/ui/rules/new', page.getByRole('heading', { name: 'New rule', level: 1 }));
    await field(page, 'textbox', 'Name').fill('form-own-registries');
    await field(page, 'combobox', 'Kind').selectOption('allowed-registries');
    await field(page, 'textbox', 'Registries').fill('ghcr.io/acme/*\nregistry.acme.internal/*');
    await page.getByRole('button', { name: 'Add rewrite' }).click();
    const row = group(page, 'Rewrite 1');
    await row.getByRole('textbox', { name: 'From' }).fill('docker.io/library');
    await row.getByRole('textbox', { name: 'To' }).fill('registry.acme.internal/mirror');
    await field(page, 'combobox', 'Enforcement').selectOption('warn');
    await (await match(page)).getByRole('textbox', { name: 'Namespaces' }).fill('console-tests');
    await saveRule(page);

    // pull-policy: an array of enums as checkboxes, and an optional boolean that may stay unset.
    await load(page, '/ui/rules/new', page.getByRole('heading', { name: 'New rule', level: 1 }));
    await field(page, 'textbox', 'Name').fill('form-prod-pulls');
    await field(page, 'combobox', 'Kind').selectOption('pull-policy');
    const allowed = group(page, 'Allowed');
    await allowed.getByRole('checkbox', { name: 'Always' }).check();
    await allowed.getByRole('checkbox', { name: 'IfNotPresent' }).check();
    await group(page, 'When').getByRole('combobox', { name: 'Digest' }).selectOption('true');
    await field(page, 'combobox', 'Enforcement').selectOption('audit');
    await field(page, 'checkbox', 'Enabled').uncheck();
    const scope = await match(page);
    await scope.getByRole('textbox', { name: 'Namespaces' }).fill('console-tests');
    await group(scope, 'Slots').getByRole('checkbox', { name: 'initContainer' }).check();
    await scope.getByRole('textbox', { name: 'Match labels' }).fill('team=payments');
    await saveRule(page);

    // set-pull-policy: an enum parameter.
    await load(page, '/ui/rules/new', page.getByRole('heading', { name: 'New rule', level: 1 }));
    await field(page, 'textbox', 'Name').fill('form-always-pull');
    await field(page, 'combobox', 'Kind').selectOption('set-pull-policy');
    await field(page, 'combobox', 'Policy').selectOption('Always');
    await field(page, 'combobox', 'Enforcement').selectOption('warn');
    await (await match(page)).getByRole('textbox', { name: 'Namespaces' }).fill('console-tests');
    await saveRule(page);

    const rules = await rulesByName();
    expect(rules.get('form-no-snapshots')).toMatchObject({
      id: firstId,
      kind: 'disallowed-tags',
      params: { tags: ['latest', '*-SNAPSHOT'] },
      enforcement: 'deny',
      severity: 'high',
      description: 'Snapshots are not releases.',
      match: QUIET_MATCH,
      exclude: null,
      enabled: true,
    });
    expect(rules.get('form-own-registries')).toMatchObject({
      kind: 'allowed-registries',
      params: {
        registries: ['ghcr.io/acme/*', 'registry.acme.internal/*'],
        rewrites: [{ from: 'docker.io/library', to: 'registry.acme.internal/mirror' }],
      },
      enforcement: 'warn',
      severity: 'medium',
    });
    expect(rules.get('form-prod-pulls')).toMatchObject({
      kind: 'pull-policy',
      params: { allowed: ['Always', 'IfNotPresent'], when: { digest: true } },
      enforcement: 'audit',
      enabled: false,
      match: { namespaces: ['console-tests'], slots: ['initContainer'], labels: { matchLabels: { team: 'payments' } } },
    });
    expect(rules.get('form-always-pull')).toMatchObject({ kind: 'set-pull-policy', params: { policy: 'Always' } });
    expect(pageErrors()).toEqual([]);
  });

  it('shows the API’s validation on each field, focuses the first, and creates nothing', async () => {
    const before = (await rulesByName()).size;
    const page = await h.page();
    await open(page, '/ui/rules/new');
    await field(page, 'textbox', 'Name').fill('Bad Name');
    await field(page, 'combobox', 'Kind').selectOption('disallowed-tags');
    await field(page, 'combobox', 'Enforcement').selectOption('deny');
    await page.getByRole('button', { name: 'Save rule' }).click();

    // The messages are the API's own, for the same body.
    const api = await h.t
      .http()
      .post('/v1/rules')
      .send({ name: 'Bad Name', kind: 'disallowed-tags', params: {}, match: null, exclude: null, enforcement: 'deny' });
    expect(api.status).toBe(400);
    const message = (path: string) => api.body.errors.find((e: any) => e.path === path).message as string;

    const name = field(page, 'textbox', 'Name');
    const tags = field(page, 'textbox', 'Tags');
    await expect.poll(() => name.getAttribute('aria-invalid')).toBe('true');
    expect(await tags.getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(page, name)).toContain(message('name'));
    expect(await describedText(page, tags)).toContain(message('params.tags'));
    const summary = page.getByRole('alert').filter({ hasText: 'The rule was not saved' });
    expect(await summary.innerText()).toContain(message('name'));
    expect(await summary.innerText()).toContain(message('params.tags'));
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('rule-name');
    await expectAccessible(page);
    await screenshot(page, 'rules-form-errors');

    // A problem inside a list names its line: the second tag is an image reference, not a tag, and
    // match.namespaces[0] is not a namespace name.
    await name.fill('good-name-at-last');
    await tags.fill('latest\nnginx:latest');
    const namespaces = (await match(page)).getByRole('textbox', { name: 'Namespaces' });
    await namespaces.fill('Prod_Team');
    await page.getByRole('button', { name: 'Save rule' }).click();
    await expect.poll(async () => describedText(page, tags)).toMatch(/line 2: /);
    expect(await namespaces.getAttribute('aria-invalid')).toBe('true');
    expect(await describedText(page, namespaces)).toMatch(/line 1: /);
    expect(await name.getAttribute('aria-invalid')).toBeNull();
    expect(await page.getByRole('alert').filter({ hasText: 'match.namespaces[0]' }).count()).toBe(1);
    expect((await rulesByName()).size).toBe(before);

    // Fixed, it saves.
    await tags.fill('latest');
    await namespaces.fill('console-tests');
    await saveRule(page);
    expect((await rulesByName()).get('good-name-at-last')).toMatchObject({ params: { tags: ['latest'] } });
    expect(pageErrorsBesides([400])).toEqual([]);
  });
});

describe('impact preview', () => {
  it('shows "flips N of the last M" with the flipped evaluations before saving, and saves only when seen', async () => {
    const pod = (name: string, image: string) =>
      `apiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: prod}\nspec:\n  containers: [{name: c, image: "${image}"}]\n`;
    const seeded: string[] = [];
    for (const [name, image] of [
      ['tagged-a', 'nginx:1.27'],
      ['latest', 'nginx:latest'],
      ['tagged-b', 'redis:7.2'],
      ['digest', 'nginx@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'],
    ]) {
      const res = await h.t
        .http()
        .post('/v1/evaluations')
        .send({ manifests: pod(name, image), record: true, source: { repository: 'acme/shop', pipeline: 'deploy' } });
      expect(res.status, res.text).toBe(200);
      seeded.push(res.body.id);
    }
    const proposal = { name: 'tags-pull-always', kind: 'mutable-tag-requires-always', params: {}, enforcement: 'deny' };
    const expected = (await h.t.http().post('/v1/rules/impact').send({ rule: proposal })).body;
    expect(expected.flipped).toBeGreaterThan(0);

    const page = await h.page();
    await open(page, '/ui/rules/new');
    await field(page, 'textbox', 'Name').fill(proposal.name);
    await field(page, 'combobox', 'Kind').selectOption(proposal.kind);
    await field(page, 'combobox', 'Enforcement').selectOption('deny');
    await page.getByRole('button', { name: 'Preview impact' }).click();
    const summary = `This change flips ${expected.flipped} of the last ${expected.evaluated} evaluations`;
    await page.getByText(summary).waitFor();
    const table = page.getByRole('table', { name: 'Evaluations this change alters' });
    const links = await table.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(links.sort()).toEqual(expected.evaluations.map((e: any) => `/ui/evaluations/${e.id}`).sort());
    await expectAccessible(page);
    await screenshot(page, 'rules-impact');

    // A change after the preview makes it stale; Save previews again and stops, since evaluations flip.
    await field(page, 'combobox', 'Severity').selectOption('high');
    await page.getByText('The form has changed since this preview').waitFor();
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.getByText('Not saved yet.').waitFor();
    expect((await rulesByName()).has(proposal.name)).toBe(false);
    await page.getByRole('button', { name: 'Save rule' }).click();
    await page.waitForURL(UUID_PATH);
    expect((await rulesByName()).get(proposal.name)).toMatchObject({ enforcement: 'deny', severity: 'high' });
    expect(pageErrors()).toEqual([]);
  });
});

describe('editing', () => {
  it('a conflicting change shows "changed by someone else"; Reload loads it; saving again works', async () => {
    const rule = await createViaApi({
      name: 'conflicted',
      kind: 'disallowed-tags',
      params: { tags: ['latest'] },
      enforcement: 'warn',
    });
    const other = await apiKey(h.t, ['rules:write']);
    const page = await h.page();
    await open(page, `/ui/rules/${rule.id}/edit`);
    await page.getByRole('heading', { name: 'Edit rule conflicted', level: 1 }).waitFor();
    await field(page, 'combobox', 'Severity').selectOption('high');

    // Meanwhile, someone else changes the same rule.
    const theirs = await h.t
      .http()
      .patch(`/v1/rules/${rule.id}`)
      .set('authorization', `Bearer ${other.token}`)
      .set('if-match', '"v1"')
      .send({ enforcement: 'deny' });
    expect(theirs.status, theirs.text).toBe(200);

    await page.getByRole('button', { name: 'Save rule' }).click();
    const alert = page.getByRole('alert').filter({ hasText: 'changed by someone else' });
    await alert.waitFor();
    await expect.poll(() => alert.innerText()).toContain(`version 2 was saved by ${other.actor}`);
    expect(await page.evaluate(() => document.activeElement?.classList.contains('conflict'))).toBe(true);
    await expectAccessible(page);
    await screenshot(page, 'rules-conflict');

    await alert.getByRole('button', { name: 'Reload' }).click();
    await expect.poll(() => field(page, 'combobox', 'Enforcement').inputValue()).toBe('deny');
    expect(await field(page, 'combobox', 'Severity').inputValue()).toBe('medium');
    const setAside = page.getByRole('region', { name: 'Your edits were set aside' });
    expect(await setAside.innerText()).toContain('severity');
    await setAside.getByRole('button', { name: 'Apply my changes again' }).click();
    expect(await field(page, 'combobox', 'Severity').inputValue()).toBe('high');
    expect(await field(page, 'combobox', 'Enforcement').inputValue()).toBe('deny');

    await saveRule(page);
    const stored = (await h.t.http().get(`/v1/rules/${rule.id}`)).body;
    expect(stored).toMatchObject({ version: 3, enforcement: 'deny', severity: 'high' });
    expect(pageErrorsBesides([412])).toEqual([]);
  });

  it('history lists every version, diffs any two, and Restore brings old params back', async () => {
    const rule = await createViaApi({
      name: 'history-in-console',
      kind: 'disallowed-tags',
      params: { tags: ['latest'] },
      enforcement: 'warn',
    });
    const page = await h.page();
    await open(page, `/ui/rules/${rule.id}/edit`);
    await field(page, 'textbox', 'Tags').fill('latest\n*-SNAPSHOT');
    await saveRule(page);
    await page.getByRole('link', { name: 'Edit rule' }).click();
    await field(page, 'combobox', 'Enforcement').selectOption('deny');
    await saveRule(page);

    const versions = page.getByRole('table', { name: 'Versions of this rule, newest first' }).getByRole('row');
    await expect.poll(() => versions.count()).toBe(4);
    expect(await versions.nth(1).innerText()).toMatch(/v3.*\(current\)\s+updated/s);

    // By default the newest change: v2 → v3 changed the enforcement.
    const diff = (from: number, to: number) =>
      page.getByRole('table', { name: `Changes from version ${from} to version ${to}` });
    const rows = async (from: number, to: number, change: string) =>
      (await diff(from, to).getByRole('row').filter({ hasText: change }).allInnerTexts()).map((t) =>
        t.replace(/\s+/g, ' ').trim(),
      );
    expect(await rows(2, 3, 'Removed')).toEqual([expect.stringContaining('enforcement: warn')]);
    expect(await rows(2, 3, 'Added')).toEqual([expect.stringContaining('enforcement: deny')]);
    await field(page, 'combobox', 'From version').selectOption('1');
    expect(await rows(1, 3, 'Added')).toEqual([
      expect.stringContaining('enforcement: deny'),
      expect.stringContaining('- "*-SNAPSHOT"'),
    ]);
    await expectAccessible(page);
    await screenshot(page, 'rules-history');

    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 1 restored as version 4.' }).waitFor();
    const stored = (await h.t.http().get(`/v1/rules/${rule.id}`)).body;
    expect(stored).toMatchObject({ version: 4, params: { tags: ['latest'] }, enforcement: 'warn' });
    await expect.poll(() => versions.count()).toBe(5);
    expect(await rows(3, 4, 'Removed')).toEqual(
      expect.arrayContaining([expect.stringContaining('enforcement: deny'), expect.stringContaining('*-SNAPSHOT')]),
    );
    expect(pageErrors()).toEqual([]);
  });

  it('disables and deletes with confirmation; the deleted rule’s history restores it', async () => {
    const rule = await createViaApi({ name: 'short-lived', kind: 'require-digest', params: {}, enforcement: 'warn' });
    const page = await h.page({ colorScheme: 'dark' });
    await open(page, `/ui/rules/${rule.id}`);
    await page.getByRole('button', { name: 'Disable rule' }).click();
    await page.getByRole('status').filter({ hasText: 'Rule disabled: version 2.' }).waitFor();
    expect((await h.t.http().get(`/v1/rules/${rule.id}`)).body.enabled).toBe(false);

    await page.getByRole('button', { name: 'Delete rule' }).click();
    const confirm = page.getByRole('group', { name: /Delete the rule short-lived\?/ });
    await confirm.getByRole('button', { name: 'Yes, delete it' }).click();
    await page.getByRole('heading', { name: 'short-lived (deleted)', level: 1 }).waitFor();
    expect((await h.t.http().get(`/v1/rules/${rule.id}`)).status).toBe(404);
    await expectAccessible(page);
    await screenshot(page, 'rules-deleted-dark');

    await page.getByRole('button', { name: 'Restore version 1' }).click();
    await page.getByRole('status').filter({ hasText: 'Version 1 restored as version 4.' }).waitFor();
    expect((await h.t.http().get(`/v1/rules/${rule.id}`)).body).toMatchObject({ version: 4, enabled: true });
    expect(pageErrorsBesides([404])).toEqual([]);
  });
});

describe('the list and what each key is offered', () => {
  it('lists every rule with the API’s filters and a name filter, at 1280, narrow and dark', async () => {
    const page = await h.page();
    await open(page, '/ui/rules');
    const table = page.getByRole('table', { name: 'Rules, by name' });
    await table.waitFor();
    const names = async () => (await table.getByRole('row').allInnerTexts()).slice(1).map((r) => r.split(/\s/)[0]);
    // In the API's order (by name), which the table keeps.
    const all = [...(await rulesByName()).keys()];
    expect(await names()).toEqual(all);
    // Each name links to its rule.
    const link = table.getByRole('link', { name: 'form-no-snapshots' });
    expect(await link.getAttribute('href')).toMatch(UUID_PATH);
    await expectAccessible(page);
    await screenshot(page, 'rules-list');

    await field(page, 'combobox', 'Kind').selectOption('disallowed-tags');
    const viaApi = (await h.t.http().get('/v1/rules').query({ kind: 'disallowed-tags' })).body.items.map(
      (r: any) => r.name,
    );
    await expect.poll(names).toEqual(viaApi);
    await field(page, 'combobox', 'Enforcement').selectOption('deny');
    const denied = (
      await h.t.http().get('/v1/rules').query({ kind: 'disallowed-tags', enforcement: 'deny' })
    ).body.items.map((r: any) => r.name);
    await expect.poll(names).toEqual(denied);
    expect(new URL(page.url()).search).toBe('?kind=disallowed-tags&enforcement=deny');
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await field(page, 'combobox', 'Enabled').selectOption('false');
    await expect.poll(names).toEqual(['form-prod-pulls']);
    await page.getByRole('button', { name: 'Clear filters' }).click();
    await page.getByRole('searchbox', { name: 'Name' }).fill('form-');
    await expect.poll(names).toEqual(all.filter((n) => n.includes('form-')));
    // The filters live in the address: a reload keeps them.
    await load(page, page.url(), table);
    await expect.poll(names).toEqual(all.filter((n) => n.includes('form-')));

    const narrow = await h.page({ viewport: { width: 390, height: 844 } });
    await open(narrow, '/ui/rules');
    await narrow.getByRole('table', { name: 'Rules, by name' }).waitFor();
    await expectAccessible(narrow);
    await screenshot(narrow, 'rules-list-narrow');
    await load(narrow, '/ui/rules/new', narrow.getByRole('heading', { name: 'New rule', level: 1 }));
    await field(narrow, 'combobox', 'Kind').selectOption('allowed-registries');
    await screenshot(narrow, 'rules-form-narrow');

    const dark = await h.page({ colorScheme: 'dark' });
    await open(dark, '/ui/rules');
    await dark.getByRole('table', { name: 'Rules, by name' }).waitFor();
    await expectAccessible(dark);
    await screenshot(dark, 'rules-list-dark');
    expect(pageErrors()).toEqual([]);
  });

  it('a rules:read key sees the list, detail, history and impact preview, with no controls that change rules', async () => {
    const { token } = await apiKey(h.t, ['rules:read']);
    const rule = (await rulesByName()).get('history-in-console');
    const page = await h.page();
    await open(page, '/ui/rules', token);
    await page.getByRole('table', { name: 'Rules, by name' }).waitFor();
    expect(await page.getByRole('link', { name: 'New rule' }).count()).toBe(0);
    await screenshot(page, 'rules-list-read-only');

    await page.getByRole('link', { name: 'history-in-console' }).click();
    await page.getByRole('heading', { name: 'Version history' }).waitFor();
    for (const name of ['Edit rule', 'Delete rule', 'Disable rule', 'Enable rule'])
      expect(await page.getByRole('button', { name }).or(page.getByRole('link', { name })).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Restore/ }).count()).toBe(0);
    expect(await page.getByRole('table', { name: /Changes from version/ }).count()).toBe(1);
    await expectAccessible(page);

    // The preview is a read: the key may try a change and see its impact, but not save it.
    await page.getByRole('link', { name: 'Preview a change' }).click();
    await page.getByRole('heading', { name: `Preview a change to ${rule.name}`, level: 1 }).waitFor();
    expect(await page.getByRole('button', { name: 'Save rule' }).count()).toBe(0);
    await field(page, 'combobox', 'Enforcement').selectOption('deny');
    await page.getByRole('button', { name: 'Preview impact' }).click();
    await page.getByText(/This change flips \d+ of the last \d+ evaluations/).waitFor();
    expect((await h.t.http().get(`/v1/rules/${rule.id}`)).body.enforcement).toBe(rule.enforcement);
    expect(pageErrors()).toEqual([]);
  });

  it('pages through many rules with Load more, and a name filter searches every page', async () => {
    const before = (await rulesByName()).size;
    // Named to sort last, so they fill the second page (the console asks for 200 rules a page).
    for (let i = 0; i < 200; i += 10)
      await Promise.all(
        Array.from({ length: 10 }, (_, j) =>
          createViaApi({
            name: `zz-bulk-${String(i + j).padStart(3, '0')}`,
            kind: 'require-digest',
            params: {},
            enforcement: 'audit',
          }),
        ),
      );
    const total = before + 200;
    const page = await h.page();
    await open(page, '/ui/rules');
    await page.getByText(`Showing 200 of ${total} rules.`).waitFor();
    await page.getByRole('button', { name: 'Load more' }).click();
    await page.getByText(`Showing ${total} of ${total} rules.`).waitFor();
    expect(await page.getByRole('button', { name: 'Load more' }).count()).toBe(0);

    // A name on the last page is found without loading it by hand.
    const table = page.getByRole('table', { name: 'Rules, by name' });
    await load(page, '/ui/rules?name=zz-bulk-199', table);
    await expect
      .poll(async () => (await table.getByRole('row').allInnerTexts()).slice(1).map((r) => r.split(/\s/)[0]))
      .toEqual(['zz-bulk-199']);
    expect(pageErrors()).toEqual([]);
  });
});
