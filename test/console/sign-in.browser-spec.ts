// Signing in with an API key, what each key is offered, deep links and the way out (issue 20).
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

const ALL_PAGES = ['Overview', 'Rules', 'Exceptions', 'Clusters', 'Evaluations', 'Playground'];

let h: ConsoleHarness;
beforeAll(async () => {
  h = await startConsole();
});
afterAll(async () => h?.close());

async function navLinks(page: Page): Promise<string[]> {
  return page.getByRole('navigation', { name: 'Console' }).getByRole('link').allInnerTexts();
}

describe('sign-in', () => {
  it('an admin key is offered every page, and the sign-in form itself is accessible', async () => {
    const page = await h.page();
    await page.goto('/ui');
    await page.getByRole('textbox', { name: 'API key' }).waitFor();
    await expectAccessible(page);
    await screenshot(page, 'sign-in');
    await signIn(page);
    expect(await navLinks(page)).toEqual(ALL_PAGES);
    expect(takePageErrors()).toEqual([]);
  });

  it('loads each page when it is first shown, and says so when a page cannot be loaded', async () => {
    const page = await h.page();
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    await page.goto('/ui');
    await page.getByRole('textbox', { name: 'API key' }).waitFor();
    // Sign-in needs none of the pages' code (the YAML library, uPlot).
    expect(fetched.filter((p) => /-page-|-routes-/.test(p))).toEqual([]);
    // A page whose chunk is gone (an update replaced it) or cannot be fetched: an alert with a way out.
    await page.route('**/ui/assets/clusters-page-*.js', (route) => route.abort());
    await signIn(page);
    await page.getByRole('link', { name: 'Clusters' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/This page could not be loaded[\s\S]*reloading loads the new version/);
    await expect(alert.getByRole('button', { name: 'Reload' }).isVisible()).resolves.toBe(true);
    takePageErrors();
  });

  it('a wrong key gets an alert in words and no console', async () => {
    const page = await h.page();
    await page.goto('/ui');
    await page.getByRole('textbox', { name: 'API key' }).fill('pwk_not-a-real-key');
    await page.getByRole('button', { name: 'Sign in' }).click();
    const alert = page.getByRole('alert');
    await alert.waitFor();
    expect(await alert.innerText()).toMatch(/not accepted/);
    expect(await page.getByRole('navigation', { name: 'Console' }).count()).toBe(0);
    await screenshot(page, 'sign-in-wrong-key');
  });

  it('an evaluate key sees the playground only, and lands on it', async () => {
    const { token } = await apiKey(h.t, ['evaluate']);
    const page = await h.page();
    await signIn(page, token);
    expect(await navLinks(page)).toEqual(['Playground']);
    await expect.poll(() => new URL(page.url()).pathname).toBe('/ui/playground');
    // A page its scopes do not allow, reached by its address, says so instead of failing calls.
    await page.goto('/ui/rules');
    expect(await page.getByRole('alert').innerText()).toMatch(/do not allow the Rules page/);
  });

  it('a rules:read key is not offered the playground', async () => {
    const { token } = await apiKey(h.t, ['rules:read']);
    const page = await h.page();
    await signIn(page, token);
    expect(await navLinks(page)).toEqual(ALL_PAGES.filter((p) => p !== 'Playground'));
  });

  it('a deep link works on reload, and the key lasts for the browser session only', async () => {
    const page = await h.page();
    await signIn(page, undefined, '/ui/exceptions');
    await page.reload();
    await page.getByRole('heading', { name: 'Exceptions', level: 1 }).waitFor();
    expect(await page.getByRole('link', { name: 'Exceptions' }).getAttribute('aria-current')).toBe('page');
    // sessionStorage, not localStorage or a cookie: a new browser session starts signed out.
    const stored = await page.evaluate(() => ({ local: localStorage.length, cookies: document.cookie }));
    expect(stored).toEqual({ local: 0, cookies: '' });
    const other = await h.page();
    await other.goto('/ui/exceptions');
    await other.getByRole('textbox', { name: 'API key' }).waitFor();
  });

  it('signing out forgets the key', async () => {
    const page = await h.page();
    await signIn(page);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('textbox', { name: 'API key' }).waitFor();
    await page.reload();
    await page.getByRole('textbox', { name: 'API key' }).waitFor();
  });

  it('a key revoked while the console is open sends the user back to sign in', async () => {
    const { token } = await apiKey(h.t, ['rules:read']);
    const page = await h.page();
    await signIn(page, token);
    // The landing page has loaded what it shows (its page is a chunk of its own), so the next call is the first
    // one the revoked key makes.
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await expect.poll(() => page.getByRole('status').count()).toBe(0);
    const keys = await h.t.http().get('/v1/api-keys');
    const id = keys.body.items.find(
      (k: { id: string; prefix?: string }) => k.prefix !== undefined && token.startsWith(k.prefix),
    )?.id;
    expect(id).toBeTruthy();
    expect((await h.t.http().delete(`/v1/api-keys/${id}`)).status).toBe(200);
    await page.getByRole('link', { name: 'Clusters' }).click();
    await page.getByRole('textbox', { name: 'API key' }).waitFor();
  });
});
