// No bypass by spelling (issue 13 §2): registry hosts are compared as the container runtime reaches them, so
// `GHCR.IO/…`, `ghcr.io:443/…` and Docker Hub's aliases meet the rules written for `ghcr.io` and `docker.io`,
// over REST and GraphQL; patterns in another spelling stay valid and findings say how they are read; patterns
// and preloaded images that could never match are refused with a 400 that says what to write.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  CLUSTER_FIELDS,
  DIGEST,
  PROBLEM,
  RULE_FIELDS,
  VIAS,
  clearPolicy,
  createCluster,
  createException,
  createRule,
  evaluate,
  expectProblem,
  gqlErrorPaths,
  gqlFails,
  pod,
} from './support/policy-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
});
afterAll(() => t.close());
beforeEach(() => clearPolicy(t));

const NEXT_MONTH = new Date(Date.now() + 30 * 86_400_000).toISOString();

const denyGhcr = (registries: string[] = ['ghcr.io/*']) =>
  createRule(t, { name: 'no-ghcr', kind: 'denied-registries', params: { registries }, enforcement: 'deny' });

describe.each(VIAS)('denied-registries ["ghcr.io/*"], via %s', (via) => {
  it.each([
    'ghcr.io/evil/miner:1.0',
    'GHCR.IO/evil/miner:1.0',
    'Ghcr.Io/evil/miner:1.0',
    'ghcr.io:443/evil/miner:1.0',
    'GHCR.IO:443/evil/miner:1.0',
    'ghcr.io:0443/evil/miner:1.0',
    `GHCR.IO/evil/miner@${DIGEST}`,
  ])('denies %s', async (image) => {
    await denyGhcr();
    const result = await evaluate(t, [pod({ image })], { via });
    expect(result.verdict).toBe('fail');
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]).toMatchObject({
      rule: 'no-ghcr',
      kind: 'denied-registries',
      enforcement: 'deny',
      waived: false,
      message: `${image} comes from ghcr.io/evil/miner, which matches the denied pattern "ghcr.io/*"`,
    });
  });

  it.each(['ghcr.io:5000/evil/miner:1.0', 'ghcr.io.evil.com/miner:1.0'])(
    'another registry, %s, passes',
    async (image) => {
      await denyGhcr();
      const result = await evaluate(t, [pod({ image })], { via });
      expect(result.findings).toEqual([]);
      expect(result.verdict).toBe('pass');
    },
  );

  it('shows the image as Kubernetes parses it; only the comparison canonicalises', async () => {
    await denyGhcr();
    const result = await evaluate(t, [pod({ image: 'GHCR.IO:443/evil/miner:1.0' })], { via });
    expect(result.workloads[0].slots[0].image).toMatchObject({
      reference: 'GHCR.IO:443/evil/miner:1.0',
      registry: 'GHCR.IO:443',
      repository: 'evil/miner',
      tag: '1.0',
    });
  });
});

describe('Docker Hub aliases', () => {
  it.each(['registry-1.docker.io/nginx:1.27', 'INDEX.DOCKER.IO/nginx:1.27', 'docker.io:443/library/nginx:1.27'])(
    '%s is docker.io/library/nginx for allowed and denied registries',
    async (image) => {
      await createRule(t, {
        name: 'hub-official-only',
        kind: 'allowed-registries',
        params: { registries: ['docker.io/library/*'] },
        enforcement: 'deny',
      });
      await createRule(t, {
        name: 'no-nginx',
        kind: 'denied-registries',
        params: { registries: ['nginx'] },
        enforcement: 'warn',
      });
      const result = await evaluate(t, [pod({ image })]);
      expect(result.findings.map((f: any) => f.rule)).toEqual(['no-nginx']);
      expect(result.verdict).toBe('warn');
    },
  );
});

describe('patterns in another spelling', () => {
  it('"GHCR.IO/*" stays valid, is stored as written, and findings say how it is read', async () => {
    const rule = await denyGhcr(['GHCR.IO/*']);
    expect(rule.params).toEqual({ registries: ['GHCR.IO/*'] });
    const result = await evaluate(t, [pod({ image: 'ghcr.io/evil/miner:1.0' })]);
    expect(result.findings.map((f: any) => f.message)).toEqual([
      'ghcr.io/evil/miner:1.0 comes from ghcr.io/evil/miner, which matches the denied pattern "GHCR.IO/*" (read as "ghcr.io/*")',
    ]);
  });

  it('match.images and an exception written in other spellings apply to every spelling of the image', async () => {
    await createRule(t, {
      name: 'no-latest',
      kind: 'disallowed-tags',
      params: { tags: ['latest'] },
      match: { images: ['GHCR.IO:443/acme/*'] },
      enforcement: 'deny',
    });
    await createException(t, {
      name: 'acme-tools',
      rules: ['no-latest'],
      match: { images: ['ghcr.io/acme/tools'] },
      justification: 'tools are rebuilt nightly',
      owner: 'platform',
      expiresAt: NEXT_MONTH,
    });
    const result = await evaluate(t, [
      pod({ name: 'app', image: 'ghcr.io/acme/app:latest' }),
      pod({ name: 'tools', image: 'Ghcr.Io/acme/tools:latest' }),
    ]);
    expect(result.findings.map((f: any) => [f.workload, f.waived])).toEqual([
      ['Pod/app', false],
      ['Pod/tools', true],
    ]);
  });

  it('preloadedImages in a cluster profile match every spelling of the image', async () => {
    await createCluster(t, { name: 'edge', preloadedImages: ['REGISTRY.K8S.IO/pause:3.10', 'busybox:1.36'] });
    await createRule(t, { name: 'never-preloaded', kind: 'never-requires-preloaded', enforcement: 'deny' });
    const result = await evaluate(
      t,
      [
        pod({ name: 'pause', image: 'registry.k8s.io:443/pause:3.10', policy: 'Never' }),
        pod({ name: 'busybox', image: 'registry-1.docker.io/busybox:1.36', policy: 'Never' }),
        pod({ name: 'other', image: 'registry.k8s.io/pause:3.9', policy: 'Never' }),
      ],
      { cluster: 'edge' },
    );
    expect(result.findings.map((f: any) => f.workload)).toEqual(['Pod/other']);
  });
});

describe('patterns that could never match are refused', () => {
  it.each([
    ['params.registries[0]', { kind: 'denied-registries', params: { registries: ['ghcr.io/Evil/*'] } }],
    ['match.images[0]', { kind: 'disallowed-tags', params: { tags: ['latest'] }, match: { images: ['MyOrg/App'] } }],
  ])('a capital in the repository path: 400 at %s', async (path, rule) => {
    const res = await t
      .http()
      .post('/v1/rules')
      .send({ name: 'r', enforcement: 'deny', ...rule });
    expectProblem(res, 400);
    expect(res.body.type).toBe(PROBLEM('invalid-input'));
    const error = res.body.errors.find((e: any) => e.path === path);
    expect(error?.message).toMatch(/can never match: a repository path is lowercase in every valid image reference/);
    const err = await gqlFails(
      t,
      'invalid-input',
      `mutation($input: CreateRuleInput!) { createRule(input: $input) { ${RULE_FIELDS} } }`,
      {
        input: { name: 'r', enforcement: 'deny', ...rule },
      },
    );
    expect(gqlErrorPaths(err)).toContain(path);
  });

  it('"busybox:*" in preloadedImages: 400 explaining that entries are exact images', async () => {
    const res = await t
      .http()
      .post('/v1/clusters')
      .send({ name: 'edge', preloadedImages: ['busybox:1.36', 'busybox:*'] });
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        path: 'preloadedImages[1]',
        message: expect.stringContaining(
          'preloadedImages lists exact images, not patterns: write one entry per image with its tag or digest, e.g. "busybox:1.36"',
        ),
      }),
    ]);
    const err = await gqlFails(
      t,
      'invalid-input',
      `mutation($input: CreateClusterProfileInput!) { createClusterProfile(input: $input) { ${CLUSTER_FIELDS} } }`,
      { input: { name: 'edge', preloadedImages: ['busybox:*'] } },
    );
    expect(gqlErrorPaths(err)).toContain('preloadedImages[0]');
  });

  it('"busybox:*" in an evaluation\'s context or query: the same 400 as in a profile', async () => {
    const manifests =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: a, image: busybox:1.36}]\n';
    const json = await t
      .http()
      .post('/v1/evaluations')
      .send({ manifests, context: { preloadedImages: ['busybox:*'] } });
    expectProblem(json, 400);
    expect(json.body.errors).toEqual([
      expect.objectContaining({
        path: 'context.preloadedImages[0]',
        message: expect.stringContaining('preloadedImages lists exact images, not patterns'),
      }),
    ]);
    const yaml = await t
      .http()
      .post('/v1/evaluations?preloadedImages=busybox:*')
      .set('content-type', 'application/yaml')
      .send(manifests);
    expectProblem(yaml, 400);
    expect(yaml.body.errors[0].message).toContain('preloadedImages lists exact images, not patterns');
  });
});
