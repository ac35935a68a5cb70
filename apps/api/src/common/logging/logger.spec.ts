import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../config/app-config.js';
import { createLogger, NestLogger, nestPinoParams, redactAlso } from './logger.js';

const ADMIN = 'admin-token-for-the-logger-spec';

async function capture(env: Record<string, string> = {}) {
  const lines: string[] = [];
  const config = loadConfig(
    { PULLWISE_ADMIN_TOKEN: ADMIN, DATABASE_URL: 'postgresql://app:s3cret-db-pass@db:5432/pw', ...env },
    { stdoutIsTTY: false },
  );
  const logger = await createLogger(config, { write: (line: string) => void lines.push(line) });
  const parsed = () => lines.map((l) => JSON.parse(l) as Record<string, unknown>);
  return { logger, config, lines, parsed };
}

describe('createLogger', () => {
  it('writes one JSON object per line: level name, ISO time, msg, bindings', async () => {
    const { logger, lines, parsed } = await capture();
    logger.child({ reqId: 'r-1' }).info({ route: '/v1/rules' }, 'request completed');
    expect(lines).toHaveLength(1);
    expect(lines[0]!.endsWith('\n')).toBe(true);
    expect(parsed()[0]).toMatchObject({
      level: 'info',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      reqId: 'r-1',
      route: '/v1/rules',
      msg: 'request completed',
    });
  });

  it('honours the level', async () => {
    const { logger, lines } = await capture({ PULLWISE_LOG_LEVEL: 'warn' });
    logger.info('hidden');
    logger.warn('shown');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['shown']);
  });

  it('redacts credentials in messages, fields and error stacks, including the configured secrets', async () => {
    const { logger, lines } = await capture();
    const key = `pwk_0123456789ab_${'K'.repeat(43)}`;
    logger.warn(`lookup of ${key} failed`);
    logger.info({ headers: { authorization: 'Basic dXNlcjpwYXNz', cookie: 'sid=abc' } }, 'headers');
    logger.error({ err: new Error(`connect to postgresql://app:s3cret-db-pass@db:5432/pw refused (${ADMIN})`) });
    const text = lines.join('');
    for (const secret of ['K'.repeat(43), 'dXNlcjpwYXNz', 'sid=abc', 's3cret-db-pass', ADMIN])
      expect(text).not.toContain(secret);
    expect(text).toContain('pwk_0123456789ab_[REDACTED]');
    expect(text).toContain('"authorization":"[REDACTED]"');
  });

  it('learns secrets made after it (the development admin token)', async () => {
    const { logger, config, lines } = await capture();
    logger.info('token pwa_made-later-0123456789');
    redactAlso(logger, { ...config, adminToken: 'pwa_made-later-0123456789' });
    logger.info('token pwa_made-later-0123456789');
    expect(lines.map((l) => JSON.parse(l).msg)).toEqual(['token pwa_made-later-0123456789', 'token [REDACTED]']);
  });
});

describe('NestLogger', () => {
  it("writes Nest's lines with their context, start-up chatter at debug", async () => {
    const { logger, parsed } = await capture({ PULLWISE_LOG_LEVEL: 'debug' });
    const nest = new NestLogger(nestPinoParams(logger));
    nest.log('Mapped {/v1/rules, GET} route', 'RouterExplorer');
    nest.log('available again after 1.0 s', 'Database');
    nest.error('boom', 'Error: boom\n    at x (y.js:1:1)', 'Errors');
    expect(parsed()).toMatchObject([
      { level: 'debug', context: 'RouterExplorer', msg: 'Mapped {/v1/rules, GET} route' },
      { level: 'info', context: 'Database', msg: 'available again after 1.0 s' },
      { level: 'error', context: 'Errors' },
    ]);
  });
});
