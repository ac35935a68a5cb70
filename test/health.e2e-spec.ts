import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestApp, type TestApp } from './support/test-app.js';

describe('health and errors', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(() => t.close());

  it('GET /healthz answers 200 without touching the database', async () => {
    const res = await t.http().get('/healthz').expect(200);
    expect(res.body).toEqual({ status: 'ok' });
  });

  it('GET /readyz answers 200 when the database is reachable and migrated', async () => {
    const res = await t.http().get('/readyz').expect(200);
    expect(res.body).toMatchObject({ status: 'ready', detail: 'database reachable, migrations applied' });
  });

  it('GraphQL health mirrors /readyz', async () => {
    const res = await t.gql('{ health { status database detail } }');
    expect(res.status).toBe(200);
    expect(res.body.data).toMatchObject({ health: { status: 'ready' } });
  });

  it('an unknown route is a problem+json 404', async () => {
    const res = await t.http().get('/v1/nothing-here').expect(404);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body).toMatchObject({ type: 'urn:pullwise:problem:not-found', title: 'Not found', status: 404 });
    expect(typeof res.body.detail).toBe('string');
  });

  it('a malformed GraphQL query is a typed error, with no stack trace', async () => {
    const res = await t.gql('{ health { status ');
    expect(res.body.errors?.[0]?.extensions).toMatchObject({ code: 'urn:pullwise:problem:invalid-input' });
    expect(JSON.stringify(res.body)).not.toMatch(/stacktrace|at .*\.js:\d+/);
  });

  it('an unknown GraphQL field names the field', async () => {
    const res = await t.gql('{ nope }');
    expect(res.body.errors?.[0]?.message).toContain('nope');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('urn:pullwise:problem:invalid-input');
  });
});
