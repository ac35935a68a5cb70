// How the service serves the console at /ui (issue 20): one page for every path under /ui so deep links survive a
// reload, content-hashed assets cached for good and compressed ahead of time, and a CSP that allows nothing inline.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CONSOLE_CSP } from '../../apps/api/src/console/serve-console.js';
import { bootTestApp, type TestApp } from '../support/test-app.js';

let t: TestApp;
let index: string;
let script: string;
let style: string;
beforeAll(async () => {
  t = await bootTestApp();
  index = (await t.anon().get('/ui')).text;
  script = /<script type="module" crossorigin src="(\/ui\/assets\/[^"]+\.js)"/.exec(index)?.[1] ?? '';
  style = /<link rel="stylesheet" crossorigin href="(\/ui\/assets\/[^"]+\.css)"/.exec(index)?.[1] ?? '';
});
afterAll(() => t?.close());

describe('the page', () => {
  it.each([
    '/ui',
    '/ui/',
    '/ui/rules',
    '/ui/rules/6b7c0a9e-0000-4000-8000-000000000000/history',
    '/ui/evaluations?verdict=fail',
  ])('%s answers the console, revalidated on every load, without a key', async (path) => {
    const res = await t.anon().get(path);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toBe(CONSOLE_CSP);
    expect(res.text).toBe(index);
  });

  it('names its script and styles under /ui/assets/ and has nothing inline the CSP would block', () => {
    expect(script).toMatch(/^\/ui\/assets\/index-[\w-]+\.js$/);
    expect(style).toMatch(/^\/ui\/assets\/index-[\w-]+\.css$/);
    expect(index).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(index).not.toMatch(/<style|style="/);
    expect(CONSOLE_CSP).toMatch(/script-src 'self'(;|$)/);
    expect(CONSOLE_CSP).not.toMatch(/unsafe-inline|unsafe-eval|\*/);
  });

  it('HEAD answers the headers GET would', async () => {
    const res = await t.anon().head('/ui/clusters');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
  });
});

describe('assets', () => {
  it('are cached for a year as immutable: their names change with their content', async () => {
    for (const path of [script, style]) {
      const res = await t.anon().get(path);
      expect(res.status, path).toBe(200);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
    expect((await t.anon().get(script)).headers['content-type']).toMatch(/javascript/);
    expect((await t.anon().get(style)).headers['content-type']).toMatch(/^text\/css/);
  });

  it.each([
    ['br', 'br'],
    ['gzip', 'gzip'],
    ['br, gzip', 'br'],
    ['identity', undefined],
  ])('Accept-Encoding %s is answered with %s, precompressed at build time', async (accept, encoding) => {
    const res = await t
      .anon()
      .get(script)
      .set('accept-encoding', accept)
      .buffer(true)
      .parse((r, done) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => done(null, Buffer.concat(chunks)));
      });
    expect(res.status).toBe(200);
    expect(res.headers['content-encoding']).toBe(encoding);
    expect(res.headers.vary ?? '').toMatch(/accept-encoding/i);
  });

  it('a missing asset is a 404 problem, not the page (a stale tab must not run HTML as a script)', async () => {
    const res = await t.anon().get('/ui/assets/index-00000000.js');
    expect(res.status).toBe(404);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it.each([
    '/ui/assets/../../../package.json',
    '/ui/assets/%2e%2e/%2e%2e/%2e%2e/package.json',
    '/ui/assets/..%2f..%2fpackage.json',
  ])('never serves a file outside the build: %s', async (path) => {
    const res = await t.anon().get(path);
    expect(res.text).not.toContain('"name": "pullwise"');
    expect([200, 400, 403, 404]).toContain(res.status);
  });
});
