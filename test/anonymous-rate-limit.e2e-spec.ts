// Callers without a key are limited per client address (README "Rate limit"), whatever they call: a public
// route, or one that answers 401 (otherwise a key could be guessed at full speed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp({ env: { PULLWISE_RATE_LIMIT: '5' } });
});
afterAll(() => t?.close());

const query = (q: string) => t.anon().post('/graphql').set('content-type', 'application/json').send({ query: q });

describe('without a key', () => {
  it('GraphQL queries past the limit are refused as rate-limited, then REST too (one budget per address)', async () => {
    const codes: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await query('{ rules { totalCount } }');
      codes.push(res.body.errors?.[0]?.extensions?.code ?? `data ${res.status}`);
    }
    expect(codes).toEqual([
      ...Array(5).fill('urn:pullwise:problem:unauthorized'),
      ...Array(3).fill('urn:pullwise:problem:rate-limited'),
    ]);
    const rest = await t.anon().get('/v1/rules');
    expect(rest.status).toBe(429);
    expect(Number(rest.headers['retry-after'])).toBeGreaterThan(0);
    // A wrong key is no way around it, and probes are never limited.
    expect((await t.anon().get('/v1/rules').set('authorization', 'Bearer pwk_guess')).status).toBe(429);
    await t.anon().get('/healthz').expect(200);
    // Whoever has a key keeps their own budget.
    await t.http().get('/v1/rules').expect(200);
  });
});
