// GET /v1/effective-policy and GraphQL `effectivePolicy`: one image as a single-container Pod, for bots.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EFFECTIVE_POLICY_QUERY, expectNoStackTrace, expectProblem, jsonSpelling } from './support/evaluate-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
});
afterAll(() => t?.close());

type Query = { image?: string; policy?: string; namespace?: string; cluster?: string; kubeletVersion?: string };
type Via = 'rest' | 'graphql';
const VIAS: Via[] = ['rest', 'graphql'];

/** The answer for `q`, through REST or GraphQL; fails the test unless it is a success. */
async function ask(via: Via, q: Query): Promise<any> {
  if (via === 'rest') {
    const res = await t.http().get('/v1/effective-policy').query(q);
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    return res.body;
  }
  const res = await t.gql(EFFECTIVE_POLICY_QUERY, q);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return jsonSpelling(res.body.data.effectivePolicy);
}

const pullOutcome = (img: string) => ({
  action: 'pull',
  contactsRegistry: true,
  reason: null,
  events: [
    { type: 'Normal', reason: 'Pulling', message: `Pulling image "${img}"` },
    {
      type: 'Normal',
      reason: 'Pulled',
      message: expect.stringMatching(/^Successfully pulled image "[^"]+" in <[a-z]+> /),
    },
  ],
});

describe.each(VIAS)('effective policy via %s', (via) => {
  it('nginx: tag latest implied -> Always; pulls whether cached or not', async () => {
    const a = await ask(via, { image: 'nginx' });
    expect(a.image).toEqual({
      reference: 'nginx',
      registry: 'docker.io',
      repository: 'library/nginx',
      tag: 'latest',
      digest: null,
      error: null,
    });
    expect(a.pullPolicy).toMatchObject({ declared: null, default: 'Always', effective: 'Always' });
    expect(a.node.imageAbsent).toEqual(pullOutcome('nginx'));
    expect(a.node.imagePresent).toEqual(pullOutcome('nginx'));
    expect(a.findings).toEqual([]);
    expect(a.namespace).toBe('default');
  });

  it('nginx:1.27 -> IfNotPresent: pulls when absent, uses the cached copy when present', async () => {
    const a = await ask(via, { image: 'nginx:1.27' });
    expect(a.image).toMatchObject({ registry: 'docker.io', repository: 'library/nginx', tag: '1.27', digest: null });
    expect(a.pullPolicy).toMatchObject({ declared: null, default: 'IfNotPresent', effective: 'IfNotPresent' });
    expect(a.node.imageAbsent).toEqual(pullOutcome('nginx:1.27'));
    expect(a.node.imagePresent).toMatchObject({ action: 'use-local', contactsRegistry: false, reason: null });
  });

  it('nginx:1.27 with policy=Never -> absent fails with ErrImageNeverPull (B9)', async () => {
    const a = await ask(via, { image: 'nginx:1.27', policy: 'Never' });
    expect(a.pullPolicy).toMatchObject({ declared: 'Never', default: 'IfNotPresent', effective: 'Never' });
    expect(a.node.imageAbsent).toEqual({
      action: 'fail',
      contactsRegistry: false,
      reason: 'ErrImageNeverPull',
      events: [
        {
          type: 'Warning',
          reason: 'ErrImageNeverPull',
          message: 'Container image "nginx:1.27" is not present with pull policy of Never',
        },
        { type: 'Warning', reason: 'Failed', message: 'Error: ErrImageNeverPull' },
      ],
    });
  });

  it('kubelet 1.34 vs 1.35: the imagePresent event gains "and can be accessed by the pod" (B2 vs B3)', async () => {
    const old = await ask(via, { image: 'nginx:1.27', kubeletVersion: '1.34' });
    const cur = await ask(via, { image: 'nginx:1.27', kubeletVersion: '1.35' });
    expect(old.node.imagePresent.events).toEqual([
      { type: 'Normal', reason: 'Pulled', message: 'Container image "nginx:1.27" already present on machine' },
    ]);
    expect(cur.node.imagePresent.events).toEqual([
      {
        type: 'Normal',
        reason: 'Pulled',
        message: 'Container image "nginx:1.27" already present on machine and can be accessed by the pod',
      },
    ]);
    // Credential verification exists only with the gate on (1.35 default): B6.
    expect(old.node.imagePresentUnverified).toBeNull();
    expect(cur.node.imagePresentUnverified).toEqual(pullOutcome('nginx:1.27'));
  });

  it('an invalid image name answers (InvalidImageName), it is not a request error (B16)', async () => {
    const a = await ask(via, { image: 'Nginx' });
    expect(a.image).toMatchObject({
      reference: 'Nginx',
      registry: null,
      error: 'invalid reference format: repository name (library/Nginx) must be lowercase',
    });
    expect(a.node.imageAbsent).toMatchObject({ action: 'fail', reason: 'InvalidImageName' });
  });

  it('namespace is echoed; without it the Pod is in "default"', async () => {
    expect((await ask(via, { image: 'nginx', namespace: 'payments' })).namespace).toBe('payments');
    expect((await ask(via, { image: 'nginx' })).namespace).toBe('default');
  });
});

it('REST and GraphQL give the same answer', async () => {
  for (const q of [
    { image: 'nginx:1.27', policy: 'Never', kubeletVersion: '1.35' },
    { image: 'ghcr.io/org/app@sha256:' + 'a'.repeat(64) },
  ]) {
    expect(await ask('graphql', q)).toEqual(await ask('rest', q));
  }
});

describe('bad queries', () => {
  it('policy=always (wrong case) -> 400 naming policy', async () => {
    const res = await t.http().get('/v1/effective-policy').query({ image: 'nginx:1.27', policy: 'always' });
    expectProblem(res, 400);
    expect(res.body.type).toBe('urn:pullwise:problem:invalid-input');
    expect(res.body.detail).toContain('policy');
    expect(res.body.detail).toContain('"always"');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'policy' })]);
  });

  it.each([{}, { image: '' }, { policy: 'Always' }])('missing image %j -> 400 naming image', async (q) => {
    const res = await t.http().get('/v1/effective-policy').query(q);
    expectProblem(res, 400);
    expect(res.body.type).toBe('urn:pullwise:problem:invalid-input');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'image' })]);
  });

  it.each(['2.0', '1.12', 'latest'])(
    'kubeletVersion=%s -> 400 naming the kubeletVersion parameter',
    async (kubeletVersion) => {
      const res = await t.http().get('/v1/effective-policy').query({ image: 'nginx', kubeletVersion });
      expectProblem(res, 400);
      expect(res.body.type).toBe('urn:pullwise:problem:invalid-input');
      expect(res.body.detail).toContain(kubeletVersion);
      // The query parameter is `kubeletVersion`; there is no `context` in this request.
      expect(res.body.errors).toEqual([expect.objectContaining({ path: 'kubeletVersion' })]);
    },
  );

  it.each([
    [{ image: 'nginx:1.27', policy: 'always' }, 'policy'],
    [{ image: 'nginx', kubeletVersion: '2.0' }, 'kubeletVersion'],
  ] as [Query, string][])('GraphQL %j -> typed error naming %s, problem type in extensions.code', async (q, path) => {
    const res = await t.gql(EFFECTIVE_POLICY_QUERY, q);
    expect(res.body.data?.effectivePolicy ?? null).toBeNull();
    expect(res.body.errors?.[0]?.extensions?.code).toBe('urn:pullwise:problem:invalid-input');
    expect(res.body.errors?.[0]?.extensions?.errors).toEqual([expect.objectContaining({ path })]);
    expectNoStackTrace(JSON.stringify(res.body));
  });

  it('GraphQL without image -> typed validation error naming image', async () => {
    const missing = await t.gql('{ effectivePolicy { namespace } }');
    expect(missing.body.errors?.[0]?.extensions?.code).toBe('urn:pullwise:problem:invalid-input');
    expect(missing.body.errors?.[0]?.message).toContain('image');
  });
});
