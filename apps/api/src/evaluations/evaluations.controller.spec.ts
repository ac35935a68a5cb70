// POST /v1/evaluations as a client sees it, with EvaluationService swapped: body parsing (JSON and YAML), the
// YAML query parameters, content negotiation, and the problem each refusal becomes. No database, no engine
// behind the controller: what the engine decides is covered by libs/ and the e2e suites.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EvaluationError } from '#k8s';
import { bootTransportApp, type TransportApp } from '../../../../test/support/transport-app.js';
import { mixedResult } from '../../../../libs/reports/fixtures/results.js';
import { AppError } from '../common/errors/app-error.js';
import { evaluateRequestSchema, type EvaluateRequest } from './dto/evaluate-request.js';
import { refusalFor } from './engine-errors.js';
import { EvaluationService } from './evaluations.service.js';

const RESULT = { id: null, ...mixedResult() };
const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers:\n  - {name: app, image: nginx}\n';

/** What the service was asked, whichever of its entry points the transport used. */
const asked: { request: EvaluateRequest; actor: string }[] = [];
let outcome: () => unknown = () => RESULT;
const service = {
  evaluate: vi.fn(async (raw: unknown, actor: string) => {
    asked.push({ request: evaluateRequestSchema.parse(raw), actor });
    return outcome();
  }),
  evaluateRequest: vi.fn(async (request: EvaluateRequest, actor: string) => {
    asked.push({ request, actor });
    return outcome();
  }),
};

let t: TransportApp;
beforeAll(async () => {
  t = await bootTransportApp([[EvaluationService, service]]);
});
afterAll(() => t?.close());
beforeEach(() => {
  asked.length = 0;
  outcome = () => RESULT;
});

describe('request bodies', () => {
  it('a JSON body and the same request as YAML with query parameters reach the service as one input', async () => {
    const json = await t
      .http()
      .post('/v1/evaluations')
      .send({
        manifests: POD,
        cluster: 'prod',
        context: { namespace: 'payments', admissionPlugins: ['AlwaysPullImages', 'PodNodeSelector'] },
        record: true,
        source: { repository: 'org/app', commit: 'abc123' },
      });
    const yaml = await t
      .http()
      .post('/v1/evaluations')
      .query({
        cluster: 'prod',
        namespace: 'payments',
        admissionPlugins: 'AlwaysPullImages,PodNodeSelector',
        record: 'true',
        repository: 'org/app',
        commit: 'abc123',
      })
      .set('content-type', 'application/yaml')
      .send(POD);
    expect(json.status, json.text).toBe(200);
    expect(yaml.status, yaml.text).toBe(200);
    expect(asked).toHaveLength(2);
    expect(asked[1]).toEqual(asked[0]);
    expect(asked[0]!.actor).toBe('admin-token');
    expect(yaml.body).toEqual(json.body);
    expect(json.body).toEqual(JSON.parse(JSON.stringify(RESULT)));
  });

  it.each(['application/x-yaml', 'text/yaml', 'text/x-yaml'])('%s is read as YAML too', async (type) => {
    const res = await t.http().post('/v1/evaluations').set('content-type', type).send(POD);
    expect(res.status, res.text).toBe(200);
    expect(asked.map((a) => a.request)).toEqual([{ manifests: POD, context: {} }]);
  });

  it('an unknown YAML query parameter is a 400 naming it, before the service is asked', async () => {
    const res = await t
      .http()
      .post('/v1/evaluations')
      .query({ namespaces: 'payments' })
      .set('content-type', 'application/yaml')
      .send(POD);
    expectProblem(res, 400, 'invalid-input');
    expect(JSON.stringify(res.body)).toContain('namespaces');
    expect(asked).toEqual([]);
  });

  it('a blank YAML body is a 400 and text/plain a 415, neither reaching the service', async () => {
    const blank = await t.http().post('/v1/evaluations').set('content-type', 'application/yaml').send('  \n');
    expectProblem(blank, 400, 'invalid-input');
    const text = await t.http().post('/v1/evaluations').set('content-type', 'text/plain').send(POD);
    expectProblem(text, 415, 'unsupported-media-type');
    expect(asked).toEqual([]);
  });
});

describe('content negotiation', () => {
  it.each([
    ['application/sarif+json', /^application\/sarif\+json/, (body: string) => JSON.parse(body).version === '2.1.0'],
    ['application/junit+xml', /^application\/(junit\+)?xml/, (body: string) => body.includes('<testsuites')],
    ['text/markdown', /^text\/markdown/, (body: string) => body.startsWith('#')],
    ['text/html;q=0.9, application/json', /^application\/json/, (body: string) => JSON.parse(body).verdict === 'error'],
  ])('Accept: %s picks the renderer', async (accept, type, looksRight) => {
    const res = await t.http().post('/v1/evaluations').set('accept', accept).send({ manifests: POD }).buffer(true);
    const body = res.text;
    expect(res.status, body).toBe(200);
    expect(res.headers['content-type']).toMatch(type);
    expect(looksRight(body), body.slice(0, 200)).toBe(true);
  });

  it('?format= wins over Accept', async () => {
    const res = await t
      .http()
      .post('/v1/evaluations')
      .query({ format: 'markdown' })
      .set('accept', 'application/json')
      .send({ manifests: POD })
      .buffer(true);
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/markdown/);
  });

  it('an unknown ?format= is a 400 naming format', async () => {
    const res = await t.http().post('/v1/evaluations').query({ format: 'pdf' }).send({ manifests: POD });
    expectProblem(res, 400, 'invalid-input');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'format' })]);
  });

  it('an Accept that admits no rendering is a 406 problem', async () => {
    const res = await t.http().post('/v1/evaluations').set('accept', 'image/png').send({ manifests: POD });
    expectProblem(res, 406, 'not-acceptable');
  });
});

describe('refusals: the engine error code decides the status, on REST and GraphQL alike', () => {
  const engineError = (code: EvaluationError['code'], message: string): EvaluationError =>
    ({ code, document: 0, path: null, line: null, message }) as EvaluationError;

  it.each([
    ['no-objects', 400, 'invalid-input'],
    ['too-many-documents', 413, 'payload-too-large'],
    ['too-many-slots', 413, 'payload-too-large'],
    ['parse-timeout', 413, 'payload-too-large'],
  ] as const)('engine code %s -> %i %s', async (code, status, type) => {
    outcome = () => {
      throw refusalFor([engineError(code, `engine says ${code}`)]);
    };
    const rest = await t.http().post('/v1/evaluations').send({ manifests: POD });
    expectProblem(rest, status, type);
    expect(rest.body.errors[0].message).toBe(`engine says ${code}`);

    const gql = await t
      .http()
      .post('/graphql')
      .send({ query: 'query($m: String!) { evaluate(input: { manifests: $m }) { verdict } }', variables: { m: POD } });
    expect(gql.body.errors?.[0]?.extensions).toMatchObject({ code: `urn:pullwise:problem:${type}`, status });
  });

  it('nothing readable -> 422 unreadable-manifests carrying the errors', async () => {
    const errors = [{ document: 0, path: null, line: 1, message: 'not a Kubernetes object' }];
    outcome = () => {
      throw new AppError('unreadable-manifests', 'no document could be read', errors);
    };
    const res = await t.http().post('/v1/evaluations').set('content-type', 'application/yaml').send('- 1\n');
    expectProblem(res, 422, 'unreadable-manifests');
    expect(res.body.errors).toEqual(errors);
    expect(res.body.instance).toBe('/v1/evaluations');
  });

  it('an unexpected failure is a 500 without its stack', async () => {
    outcome = () => {
      throw new Error('boom at /work/main/apps/api/src/evaluations/evaluations.service.ts:42');
    };
    const res = await t.http().post('/v1/evaluations').send({ manifests: POD });
    expectProblem(res, 500, 'internal');
    expect(res.text).not.toContain('evaluations.service.ts');
    // The operator sees it: logged at error level with the request's id.
    expect(t.logs().some((l) => l.includes('boom at') && l.includes(res.body.requestId))).toBe(true);
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
