import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './app-config.js';

describe('loadConfig', () => {
  it('defaults to the embedded database under .pullwise/ on port 3000', () => {
    const c = loadConfig({});
    expect(c.port).toBe(3000);
    expect(c.database).toMatchObject({ kind: 'pglite' });
    expect(c.database.kind === 'pglite' && c.database.dataDir.endsWith('.pullwise')).toBe(true);
    expect(c.adminToken).toBeNull();
    expect(c.bodyLimitBytes).toBe(5 * 1024 * 1024);
  });

  it('keeps a cluster profile routed to or named in the last 7 days from deletion; 0 turns that off', () => {
    expect(loadConfig({}).clusterInUseDays).toBe(7);
    expect(loadConfig({ PULLWISE_CLUSTER_IN_USE_DAYS: '0' }).clusterInUseDays).toBe(0);
  });

  it.each([
    [{ DATABASE_URL: 'memory:' }, { kind: 'pglite-memory' }],
    [{ DATABASE_URL: 'postgresql://u@h:5432/db' }, { kind: 'postgres', url: 'postgresql://u@h:5432/db' }],
    [{ DATABASE_URL: 'postgres://u@h/db' }, { kind: 'postgres' }],
    [{ DATABASE_URL: '' }, { kind: 'pglite' }],
  ])('DATABASE_URL %j selects %j', (env, expected) => {
    expect(loadConfig(env).database).toMatchObject(expected);
  });

  it.each([
    [{ PULLWISE_BODY_LIMIT: '512kb' }, 512_000],
    [{ PULLWISE_BODY_LIMIT: '1MiB' }, 1_048_576],
    [{ PULLWISE_BODY_LIMIT: '2048' }, 2048],
  ])('body limit %j is %d bytes', (env, bytes) => {
    expect(loadConfig(env).bodyLimitBytes).toBe(bytes);
  });

  it.each([
    [{ PORT: 'abc' }, /^PORT must be a number \(got "abc"\)$/],
    [{ PORT: '70000' }, /^PORT must be 1–65535/],
    [{ PORT: '3.5' }, /^PORT must be an integer/],
    [{ DATABASE_URL: 'mysql://x' }, /^DATABASE_URL must be a postgresql:\/\/ URL or "memory:"$/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ PULLWISE_BODY_LIMIT: 'lots' }, /^PULLWISE_BODY_LIMIT must be a size/],
    [{ PULLWISE_ADMIN_TOKEN: 'has space' }, /^PULLWISE_ADMIN_TOKEN must not contain whitespace$/],
    [{ PULLWISE_CLUSTER_IN_USE_DAYS: '-1' }, /^PULLWISE_CLUSTER_IN_USE_DAYS must be 0–3650/],
  ])('%j is refused with one line naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  it('never echoes secrets in its message', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://user:hunter2@h/db' })).toThrow(/^(?!.*hunter2)/);
  });
});

describe('limits and hardening settings', () => {
  it('have defaults that fit a large CI bundle', () => {
    const c = loadConfig({});
    expect(c.limits).toMatchObject({ maxDocuments: 10_000, maxSlots: 50_000, rateLimitPerMinute: 6000 });
    expect(c.corsOrigins).toEqual([]);
    expect(c.graphqlIntrospection).toBe(true);
    expect(loadConfig({ NODE_ENV: 'production' }).graphqlIntrospection).toBe(false);
  });

  it('read every variable', () => {
    const c = loadConfig({
      PULLWISE_MAX_DOCUMENTS: '5',
      PULLWISE_RATE_LIMIT: '0',
      PULLWISE_CORS_ORIGINS: 'https://a.example, https://b.example:8443',
      PULLWISE_GRAPHQL_INTROSPECTION: 'false',
    });
    expect(c.limits.maxDocuments).toBe(5);
    expect(c.limits.rateLimitPerMinute).toBe(0);
    expect(c.corsOrigins).toEqual(['https://a.example', 'https://b.example:8443']);
    expect(c.graphqlIntrospection).toBe(false);
  });

  it.each([
    [{ PULLWISE_MAX_DOCUMENTS: '0' }, /^PULLWISE_MAX_DOCUMENTS must be 1–1000000/],
    [{ PULLWISE_CORS_ORIGINS: 'evil' }, /^PULLWISE_CORS_ORIGINS must be \* or a comma-separated list/],
    [{ PULLWISE_GRAPHQL_INTROSPECTION: 'yes' }, /^PULLWISE_GRAPHQL_INTROSPECTION must be true or false/],
    [{ PULLWISE_ADMISSION_CLUSTER: 'Prod EU' }, /^PULLWISE_ADMISSION_CLUSTER must be a cluster profile name/],
    [{ PULLWISE_ADMISSION_TOKEN: 'short' }, /^PULLWISE_ADMISSION_TOKEN must be at least 16 characters$/],
  ])('%j is refused', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('logging and metrics settings', () => {
  it('default to info-level JSON lines and public metrics', () => {
    const c = loadConfig({}, { stdoutIsTTY: true });
    expect(c).toMatchObject({ logLevel: 'info', logFormat: 'json', metrics: 'public' });
  });

  it.each([
    [{ NODE_ENV: 'development' }, true, 'pretty'],
    [{ NODE_ENV: 'development' }, false, 'json'],
    [{ NODE_ENV: 'production' }, true, 'json'],
    [{ NODE_ENV: 'development', PULLWISE_LOG_FORMAT: 'json' }, true, 'json'],
    [{ NODE_ENV: 'production', PULLWISE_LOG_FORMAT: 'pretty' }, false, 'pretty'],
  ])('%j with a terminal=%s logs %s', (env, stdoutIsTTY, format) => {
    expect(loadConfig(env, { stdoutIsTTY }).logFormat).toBe(format);
  });

  it('read PULLWISE_LOG_LEVEL, and the older LOG_LEVEL when it is unset', () => {
    expect(loadConfig({ PULLWISE_LOG_LEVEL: 'debug' }).logLevel).toBe('debug');
    expect(loadConfig({ LOG_LEVEL: 'warn' }).logLevel).toBe('warn');
    expect(loadConfig({ PULLWISE_LOG_LEVEL: 'silent', LOG_LEVEL: 'trace' }).logLevel).toBe('silent');
  });

  it.each(['public', 'authenticated', 'off'] as const)('PULLWISE_METRICS=%s', (mode) => {
    expect(loadConfig({ PULLWISE_METRICS: mode }).metrics).toBe(mode);
  });

  it.each([
    [
      { PULLWISE_LOG_LEVEL: 'verbose' },
      /^PULLWISE_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent/,
    ],
    [{ PULLWISE_LOG_FORMAT: 'text' }, /^PULLWISE_LOG_FORMAT must be json or pretty \(got "text"\)$/],
    [{ PULLWISE_METRICS: 'private' }, /^PULLWISE_METRICS must be public, authenticated or off \(got "private"\)$/],
  ])('%j is refused', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});

describe('admission webhook settings', () => {
  it('are off by default, and read when set', () => {
    expect(loadConfig({})).toMatchObject({ admissionCluster: null, admissionToken: null });
    const token = 'admission-token-0123456789';
    expect(loadConfig({ PULLWISE_ADMISSION_CLUSTER: 'prod-eu', PULLWISE_ADMISSION_TOKEN: token })).toMatchObject({
      admissionCluster: 'prod-eu',
      admissionToken: token,
    });
  });
});
