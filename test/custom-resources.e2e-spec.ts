// Custom resources that embed pod templates (issue 13 §1): known ones are evaluated with exact paths, lines and
// fixes; unknown ones with image-like fields are listed in `skipped`; a cluster profile's podTemplatePaths makes
// an invented CRD evaluated when the evaluation names that profile.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  PROBLEM,
  createCluster,
  createRule,
  expectProblem,
  gqlErrorPaths,
  gqlFails,
  gqlOk,
} from './support/policy-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
  await createRule(t, {
    name: 'always-pull',
    kind: 'pull-policy',
    params: { allowed: ['Always'] },
    enforcement: 'deny',
  });
});
afterAll(() => t.close());

const WORKFLOW = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata:
  generateName: scripts-python-
spec:
  entrypoint: main
  templates:
  - name: main
    steps:
    - - name: generate
        template: gen
  - name: gen
    script:
      image: python:3.12-alpine
      command: [python]
      source: print(1)
`;

const BATCH_RUN = `apiVersion: batch.example.com/v1
kind: BatchRun
metadata:
  name: nightly
  namespace: data
spec:
  jobs:
  - name: extract
    template:
      spec:
        containers:
        - name: main
          image: registry.example.com/extract:1.0
`;

const PATHS = [{ apiVersion: 'batch.example.com/v1', kind: 'BatchRun', path: 'spec.jobs[*].template.spec' }];

async function evaluateYaml(manifests: string, cluster?: string): Promise<any> {
  const res = await t
    .http()
    .post('/v1/evaluations')
    .send({ manifests, ...(cluster ? { cluster } : {}) });
  expect(res.status, res.text).toBe(200);
  return res.body;
}

describe('known custom resources are evaluated', () => {
  it('an Argo Workflow script template: exact path, line, finding and a fix at that field', async () => {
    const body = await evaluateYaml(WORKFLOW);
    expect(body.verdict).toBe('fail');
    expect(body.skipped).toEqual([]);
    expect(body.workloads).toHaveLength(1);
    expect(body.workloads[0]).toMatchObject({ kind: 'Workflow', name: 'scripts-python-', line: 1 });
    const [slot] = body.workloads[0].slots;
    expect(slot).toMatchObject({
      type: 'container',
      path: 'spec.templates[1].script',
      line: 14,
      image: { reference: 'python:3.12-alpine' },
      pullPolicy: { declared: null, effective: 'IfNotPresent' },
    });
    expect(body.findings).toHaveLength(1);
    expect(body.findings[0]).toMatchObject({ rule: 'always-pull', slot: 'spec.templates[1].script', line: 14 });
    expect(body.findings[0].fix.patch).toEqual([
      { op: 'add', path: '/spec/templates/1/script/imagePullPolicy', value: 'Always' },
    ]);
  });
});

describe('unknown custom resources with image fields are listed as skipped', () => {
  it('without a profile, the invented CRD is skipped with its image paths and does not change the verdict', async () => {
    const body = await evaluateYaml(BATCH_RUN);
    expect(body.verdict).toBe('pass');
    expect(body.workloads).toEqual([]);
    expect(body.skipped).toEqual([
      {
        document: 0,
        apiVersion: 'batch.example.com/v1',
        kind: 'BatchRun',
        name: 'nightly',
        reason: expect.stringContaining("cluster profile's podTemplatePaths"),
        imagePaths: ['spec.jobs[0].template.spec.containers[0].image'],
      },
    ]);
  });
});

describe('a cluster profile with podTemplatePaths', () => {
  it('is stored and read back over REST, and makes the CRD evaluated when the evaluation names it', async () => {
    const profile = await createCluster(t, { name: 'batch-cluster', podTemplatePaths: PATHS });
    expect(profile.podTemplatePaths).toEqual(PATHS);
    const read = await t.http().get(`/v1/clusters/${profile.id}`).expect(200);
    expect(read.body.podTemplatePaths).toEqual(PATHS);

    const body = await evaluateYaml(BATCH_RUN, 'batch-cluster');
    expect(body.skipped).toEqual([]);
    expect(body.verdict).toBe('fail');
    expect(body.workloads).toMatchObject([
      {
        kind: 'BatchRun',
        name: 'nightly',
        namespace: 'data',
        slots: [{ type: 'container', path: 'spec.jobs[0].template.spec.containers[0]', line: 12 }],
      },
    ]);
    expect(body.findings.map((f: any) => [f.rule, f.slot, f.fix.patch[0].path])).toEqual([
      [
        'always-pull',
        'spec.jobs[0].template.spec.containers[0]',
        '/spec/jobs/0/template/spec/containers/0/imagePullPolicy',
      ],
    ]);
  });

  it('PATCH replaces them; null resets them to none', async () => {
    const profile = await createCluster(t, { name: 'patched' });
    expect(profile.podTemplatePaths).toEqual([]);
    const patched = await t
      .http()
      .patch(`/v1/clusters/${profile.id}`)
      .set('if-match', '"v1"')
      .send({ podTemplatePaths: PATHS })
      .expect(200);
    expect(patched.body.podTemplatePaths).toEqual(PATHS);
    const reset = await t.http().patch(`/v1/clusters/${profile.id}`).send({ podTemplatePaths: null }).expect(200);
    expect(reset.body.podTemplatePaths).toEqual([]);
  });

  it.each<[string, Record<string, unknown>, string, string]>([
    ['a core apiVersion', { ...PATHS[0], apiVersion: 'v1' }, 'podTemplatePaths[0].apiVersion', 'group/version'],
    ['a built-in group', { ...PATHS[0], apiVersion: 'apps/v1' }, 'podTemplatePaths[0].apiVersion', 'at least one dot'],
    ['a lowercase kind', { ...PATHS[0], kind: 'batchrun' }, 'podTemplatePaths[0].kind', 'not a kind name'],
    ['an index in the path', { ...PATHS[0], path: 'spec.jobs[0].template.spec' }, 'podTemplatePaths[0].path', '[*]'],
    ['an unknown field', { ...PATHS[0], paths: 'spec' }, 'podTemplatePaths[0]', ''],
  ])('refuses %s with a 400 naming the entry', async (_name, entry, path, message) => {
    const res = await t
      .http()
      .post('/v1/clusters')
      .send({ name: `bad-${Math.random().toString(36).slice(2, 8)}`, podTemplatePaths: [entry] });
    expectProblem(res, 400);
    expect(res.body.type).toBe(PROBLEM('invalid-input'));
    const hit = res.body.errors.find((e: any) => String(e.path).startsWith(path));
    expect(hit, JSON.stringify(res.body.errors)).toBeDefined();
    expect(hit.message).toContain(message);
  });

  it('over GraphQL: created, read back, and refused with the entry named', async () => {
    const fields = 'id name podTemplatePaths { apiVersion kind path }';
    const created = await gqlOk(
      t,
      `mutation($input: CreateClusterProfileInput!) { createClusterProfile(input: $input) { ${fields} } }`,
      { input: { name: 'gql-batch', podTemplatePaths: PATHS } },
    );
    expect(created.createClusterProfile.podTemplatePaths).toEqual(PATHS);
    const read = await gqlOk(t, `query($id: ID!) { cluster(id: $id) { ${fields} } }`, {
      id: created.createClusterProfile.id,
    });
    expect(read.cluster.podTemplatePaths).toEqual(PATHS);
    const err = await gqlFails(
      t,
      'invalid-input',
      `mutation($input: CreateClusterProfileInput!) { createClusterProfile(input: $input) { id } }`,
      { input: { name: 'gql-bad', podTemplatePaths: [{ ...PATHS[0], path: 'spec..x' }] } },
    );
    expect(gqlErrorPaths(err)).toEqual(['podTemplatePaths[0].path']);
  });
});
