// /v1/rules as a client sees it, with RulesService swapped: status codes, ETag / If-Match / If-None-Match, and
// the problem+json each AppError of the service becomes. Storage and validation are the e2e suites' business.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { bootTransportApp, type TransportApp } from '../../../../test/support/transport-app.js';
import { AppError } from '../common/errors/app-error.js';
import { staleVersion } from '../common/persistence/versioning.js';
import { RulesService } from './rules.service.js';

const ID = '0b9c3f0e-6f7e-4a53-9a49-2c1f1d5e8a10';
const RULE = {
  id: ID,
  name: 'no-latest',
  kind: 'disallowed-tags',
  params: { tags: ['latest'] },
  enforcement: 'deny',
  severity: 'high',
  enabled: true,
  version: 3,
};

const service = {
  create: vi.fn(),
  get: vi.fn(),
  update: vi.fn(),
  remove: vi.fn(),
  list: vi.fn(),
};

let t: TransportApp;
beforeAll(async () => {
  t = await bootTransportApp([[RulesService, service]]);
});
afterAll(() => t?.close());
beforeEach(() => {
  for (const fn of Object.values(service)) fn.mockReset();
  service.get.mockResolvedValue(RULE);
  service.update.mockResolvedValue({ ...RULE, version: 4 });
});

describe('success answers', () => {
  it('POST -> 201 with Location and the ETag of version 1; the service gets the body and the actor', async () => {
    service.create.mockResolvedValue({ ...RULE, version: 1 });
    const body = { name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'deny' };
    const res = await t.http().post('/v1/rules').send(body);
    expect(res.status, res.text).toBe(201);
    expect(res.headers.location).toBe(`/v1/rules/${ID}`);
    expect(res.headers.etag).toBe('"v1"');
    expect(res.body).toEqual({ ...RULE, version: 1 });
    expect(service.create).toHaveBeenCalledWith(body, 'admin-token');
  });

  it('DELETE -> 204 without a body', async () => {
    service.remove.mockResolvedValue(undefined);
    const res = await t.http().delete(`/v1/rules/${ID}`).set('if-match', '"v3"');
    expect(res.status, res.text).toBe(204);
    expect(res.text).toBe('');
    expect(service.remove).toHaveBeenCalledWith(ID, 3, 'admin-token');
  });
});

describe('conditional requests', () => {
  it('GET carries the ETag; If-None-Match with it (weak or in a list) -> 304 without a body', async () => {
    const plain = await t.http().get(`/v1/rules/${ID}`);
    expect(plain.status).toBe(200);
    expect(plain.headers.etag).toBe('"v3"');
    for (const tag of ['"v3"', 'W/"v3"', '"v1", "v3"', '*']) {
      const res = await t.http().get(`/v1/rules/${ID}`).set('if-none-match', tag);
      expect(res.status, tag).toBe(304);
      expect(res.text ?? '', tag).toBe('');
      expect(res.headers['content-type'], tag).toBeUndefined();
    }
  });

  it('If-None-Match naming another version -> 200 with the rule', async () => {
    const res = await t.http().get(`/v1/rules/${ID}`).set('if-none-match', '"v2"');
    expect(res.status).toBe(200);
    expect(res.body).toEqual(RULE);
  });

  it.each([
    ['"v3"', 3],
    ['W/"v3"', 3],
    ['*', undefined],
  ])('PATCH with If-Match %s asks for version %s and answers the new ETag', async (ifMatch, version) => {
    const res = await t.http().patch(`/v1/rules/${ID}`).set('if-match', ifMatch).send({ enabled: false });
    expect(res.status, res.text).toBe(200);
    expect(res.headers.etag).toBe('"v4"');
    expect(service.update).toHaveBeenCalledWith(ID, { enabled: false }, version, 'admin-token');
  });

  it('an If-Match that is not one of our ETags is a 400 naming If-Match; the service is not asked', async () => {
    const res = await t.http().patch(`/v1/rules/${ID}`).set('if-match', 'v3').send({ enabled: false });
    expectProblem(res, 400, 'invalid-input');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'If-Match' })]);
    expect(service.update).not.toHaveBeenCalled();
  });
});

describe("the service's AppError becomes the problem", () => {
  it('not-found -> 404 with the detail and the path as instance', async () => {
    service.get.mockRejectedValue(new AppError('not-found', `rule ${ID} does not exist`));
    const res = await t.http().get(`/v1/rules/${ID}`);
    expectProblem(res, 404, 'not-found');
    expect(res.body.detail).toBe(`rule ${ID} does not exist`);
    expect(res.body.instance).toBe(`/v1/rules/${ID}`);
  });

  it('conflict -> 409 naming the field', async () => {
    const errors = [{ path: 'name', message: 'a rule with that name already exists' }];
    service.create.mockRejectedValue(new AppError('conflict', 'a rule with that name already exists', errors));
    const res = await t.http().post('/v1/rules').send({ name: 'no-latest' });
    expectProblem(res, 409, 'conflict');
    expect(res.body.errors).toEqual(errors);
    expect(res.headers.location).toBeUndefined();
  });

  it('a stale version -> 412 and no ETag', async () => {
    service.update.mockRejectedValue(staleVersion(4, 3));
    const res = await t.http().patch(`/v1/rules/${ID}`).set('if-match', '"v3"').send({ enabled: false });
    expectProblem(res, 412, 'precondition-failed');
    expect(res.body.detail).toContain('the current version is 4');
    expect(res.headers.etag).toBeUndefined();
  });

  it('a body that is not JSON is a 415 before the service is asked', async () => {
    const res = await t.http().post('/v1/rules').set('content-type', 'text/plain').send('name: x');
    expectProblem(res, 415, 'unsupported-media-type');
    expect(service.create).not.toHaveBeenCalled();
  });
});

function expectProblem(
  res: { status: number; headers: Record<string, string>; body: any; text: string },
  status: number,
  type: string,
) {
  expect(res.status, res.text).toBe(status);
  expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  expect(res.body).toMatchObject({ type: `urn:pullwise:problem:${type}`, status });
  expect(res.body.detail).toEqual(expect.any(String));
}
