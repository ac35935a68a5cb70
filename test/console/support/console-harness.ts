import { mkdirSync } from 'node:fs';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { AxeBuilder } from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { expect } from 'vitest';
import { ADMIN_TOKEN, bootTestApp, type TestApp } from '../../support/test-app.js';

/** Debian's Chromium (`apt-get install -y chromium`; .ci/run installs it when missing). */
const CHROMIUM = process.env.PULLWISE_CHROMIUM ?? '/usr/bin/chromium';
/** The flags this machine's closed network needs (no background requests, no sandbox as root). */
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
/** Screenshots every test takes, to be looked at by a person: .cache/console-screenshots/<name>.png. */
export const SCREENSHOTS = path.resolve('.cache/console-screenshots');

export interface ConsoleHarness {
  t: TestApp;
  baseUrl: string;
  browser: Browser;
  /** A fresh browser context (its own sessionStorage) at 1280×800 unless told otherwise. */
  page: (options?: BrowserContextOptions) => Promise<Page>;
  close: () => Promise<void>;
}

/** The real service on a fresh embedded database, listening on a free port, and a headless Chromium. */
export async function startConsole(env: Record<string, string> = {}): Promise<ConsoleHarness> {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is not at ${CHROMIUM}: apt-get install -y chromium, or set PULLWISE_CHROMIUM.`);
  const t = await bootTestApp({ env });
  await t.app.listen(0, '127.0.0.1');
  const address = t.app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('the service is not listening on a TCP port');
  const baseUrl = `http://127.0.0.1:${address.port}`;
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
  const contexts: { close: () => Promise<void> }[] = [];
  return {
    t,
    baseUrl,
    browser,
    page: async (options = {}) => {
      const context = await browser.newContext({
        baseURL: baseUrl,
        viewport: { width: 1280, height: 800 },
        ...options,
      });
      contexts.push(context);
      const page = await context.newPage();
      // A console that logs an error or fails a request it should not is a bug even when the page looks right.
      page.on('pageerror', (e) => errors.push(`${page.url()}: ${e.message}`));
      page.on('console', (m) => m.type() === 'error' && errors.push(`${page.url()}: ${m.text()}`));
      return page;
    },
    close: async () => {
      for (const c of contexts) await c.close().catch(() => undefined);
      await browser.close();
      await t.close();
    },
  };
}

/** Errors the pages reported (uncaught exceptions, console errors, CSP violations): a test expects none. */
const errors: string[] = [];

/** The page errors seen since the last call, emptied. */
export function takePageErrors(): string[] {
  return errors.splice(0);
}

/** Signs in through the form, as a person would, and waits for the console's navigation. */
export async function signIn(page: Page, token = ADMIN_TOKEN, at = '/ui'): Promise<void> {
  await page.goto(at);
  await page.getByRole('textbox', { name: 'API key' }).fill(token);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('navigation', { name: 'Console' }).waitFor();
}

/** A full-page screenshot under .cache/console-screenshots/. */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

/** axe-core on the page as it is now: no serious or critical violation (WCAG 2.1 A and AA rules). */
export async function expectAccessible(page: Page): Promise<void> {
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(serious).toEqual([]);
}
