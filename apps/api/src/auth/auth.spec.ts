import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config/app-config.js';
import { bearerToken, hashToken, newToken, sameDigest, secretDigest, tokenPrefix } from './api-key-token.js';
import { withDevAdminToken } from './dev-admin-token.js';
import { grants } from './scopes.js';

describe('key tokens', () => {
  it('are pwk_<12 hex>_<43 base64url>, unique, and found again by their prefix', () => {
    const a = newToken();
    const b = newToken();
    expect(a.token).toMatch(/^pwk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(a.token).not.toBe(b.token);
    expect(tokenPrefix(a.token)).toBe(a.prefix);
    expect(a.hash).toBe(hashToken(a.token));
    expect(sameDigest(Buffer.from(a.hash, 'hex'), secretDigest(a.token))).toBe(true);
    expect(sameDigest(Buffer.from(a.hash, 'hex'), secretDigest(b.token))).toBe(false);
    expect(sameDigest(Buffer.from('abcd', 'hex'), secretDigest(a.token))).toBe(false); // a malformed stored hash
  });

  it.each([
    ['Bearer abc', 'abc'],
    ['bearer   abc ', 'abc'],
    ['Basic abc', null],
    ['Bearer', null],
    ['Bearer a b', null],
    [undefined, null],
  ])('Authorization %j carries %j', (header, token) => {
    expect(bearerToken(header)).toBe(token);
  });

  it.each([
    ['pwk_0123456789ab_' + 'a'.repeat(43), '0123456789ab'],
    ['pwk_0123456789AB_' + 'a'.repeat(43), null],
    ['pwk_0123456789ab_' + 'a'.repeat(42), null],
    ['some-admin-token', null],
  ])('prefix of %s is %s', (token, prefix) => {
    expect(tokenPrefix(token)).toBe(prefix);
  });
});

describe('scopes', () => {
  it.each([
    [['admin'], 'rules:write', true],
    [['rules:read'], 'rules:write', false],
    [['rules:write'], 'rules:read', false],
    [['evaluate'], 'evaluate', true],
    [[], 'authenticated', true],
    [[], 'public', true],
  ] as const)('%j grants %s: %s', (held, access, ok) => {
    expect(grants(held, access)).toBe(ok);
  });
});

describe('development admin token', () => {
  it.each([
    ['the embedded database', {}],
    ['a PostgreSQL server', { DATABASE_URL: 'postgresql://u@h/db' }],
  ])('with %s: made once in <dir>/admin-token (0600), shown only then, reused', (_db, env) => {
    const dir = path.join(mkdtempSync(path.join(tmpdir(), 'pw-dev-')), 'state');
    const config = loadConfig({ PULLWISE_DATA_DIR: dir, ...env });
    const file = path.join(dir, 'admin-token');
    const first = withDevAdminToken(config, dir);
    expect(first.config.adminToken).toMatch(/^pwa_[A-Za-z0-9_-]{43}$/);
    expect(first.notice).toContain(first.config.adminToken!);
    expect(first.notice).toContain(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.config.adminToken);
    const again = withDevAdminToken(config, dir);
    expect(again.config.adminToken).toBe(first.config.adminToken);
    expect(again.notice).toBeNull();
    expect(again.kept).toBe(file);
  });

  it('is never invented in production, nor when one is configured', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'pw-dev-'));
    expect(withDevAdminToken(loadConfig({ NODE_ENV: 'production' }), dir)).toMatchObject({
      config: { adminToken: null },
      notice: null,
    });
    expect(withDevAdminToken(loadConfig({ PULLWISE_ADMIN_TOKEN: 'mine' }), dir).config.adminToken).toBe('mine');
  });
});
