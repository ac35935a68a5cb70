// Native admission policies (issue 19) as an operator exports them: the stored rules and exceptions for one cluster
// profile, as Kubernetes objects, over REST and GraphQL alike; the rules left out are named with their reason; and
// the exported policies decide as the service's own evaluation does for the same manifests.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { evaluateExpression, evaluateVariables } from '../libs/policy/src/native/cel-test-harness.js';
import { apiKey } from './support/policy-bundle-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
const PATH = '/v1/policy/admission-policies';

beforeAll(async () => {
  t = await bootTestApp();
  const rules = [
    { name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'deny' },
    { name: 'digests', kind: 'require-digest', enforcement: 'warn', match: { namespaces: ['prod-*'] } },
    { name: 'explicit', kind: 'explicit-pull-policy', enforcement: 'audit' },
  ];
  for (const rule of rules) await t.http().post('/v1/rules').send(rule).expect(201);
  await t
    .http()
    .post('/v1/exceptions')
    .send({ name: 'legacy', rules: ['no-latest'], match: { namespaces: ['legacy'] }, justification: 'j', owner: 'o' })
    .expect(201);
  await t.http().post('/v1/clusters').send({ name: 'prod-eu', kubeletVersion: '1.34' }).expect(201);
});
afterAll(() => t?.close());

interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
  spec: any;
}

async function exported(accept?: string) {
  const req = t.http().get(PATH).query({ cluster: 'prod-eu' });
  return accept ? req.set('accept', accept) : req;
}

describe('GET /v1/policy/admission-policies', () => {
  it('answers a v1 List as YAML: a policy and a binding per exported rule, the rest named with the reason', async () => {
    const res = await exported();
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toMatch(/^application\/yaml/);
    const list = parse(res.text) as { apiVersion: string; kind: string; metadata: any; items: K8sObject[] };
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    expect(list.items.map((o) => `${o.kind} ${o.metadata.name}`).sort()).toEqual([
      'ValidatingAdmissionPolicy pullwise-digests',
      'ValidatingAdmissionPolicy pullwise-no-latest',
      'ValidatingAdmissionPolicyBinding pullwise-digests',
      'ValidatingAdmissionPolicyBinding pullwise-no-latest',
    ]);
    for (const o of list.items) expect(o.apiVersion).toBe('admissionregistration.k8s.io/v1');
    const binding = (name: string) =>
      list.items.find((o) => o.kind === 'ValidatingAdmissionPolicyBinding' && o.metadata.name === name)!;
    expect(binding('pullwise-no-latest').spec.validationActions).toEqual(['Deny']);
    expect(binding('pullwise-digests').spec.validationActions).toEqual(['Warn']);
    const notExported = JSON.parse(list.metadata.annotations['pullwise.io/not-exported']);
    expect(notExported).toEqual([{ rule: 'explicit', reason: expect.stringMatching(/default/i) }]);
  });

  it('answers the same List as JSON with Accept: application/json, and GraphQL the same YAML', async () => {
    const yaml = await exported();
    const json = await exported('application/json');
    expect(json.headers['content-type']).toMatch(/^application\/json/);
    expect(json.body).toEqual(parse(yaml.text));
    const gql = await t.gql(
      'query($c: String!) { admissionPolicies(cluster: $c) { yaml list notExported { rule reason } } }',
      { c: 'prod-eu' },
    );
    expect(gql.body.errors).toBeUndefined();
    expect(gql.body.data.admissionPolicies.yaml).toBe(yaml.text);
    expect(gql.body.data.admissionPolicies.list).toEqual(json.body);
    expect(gql.body.data.admissionPolicies.notExported.map((n: any) => n.rule)).toEqual(['explicit']);
  });

  it('decides as the service evaluates: denied where no-latest fires, waived in legacy, warned in prod-*', async () => {
    const list = (await exported('application/json')).body as { items: K8sObject[] };
    const policies = list.items.filter((o) => o.kind === 'ValidatingAdmissionPolicy');
    const cases = [
      { namespace: 'default', image: 'nginx' },
      { namespace: 'legacy', image: 'nginx:latest' },
      { namespace: 'prod-eu', image: 'nginx:1.27' },
      { namespace: 'prod-eu', image: `nginx@sha256:${'a'.repeat(64)}` },
    ];
    const decided: string[] = [];
    for (const c of cases) {
      const pod = {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: 'p', namespace: c.namespace },
        spec: { containers: [{ name: 'c', image: c.image }] },
      };
      const native: string[] = [];
      for (const policy of policies) {
        const request = { namespace: c.namespace, operation: 'CREATE' };
        const bindings = { object: pod, request, namespaceObject: { metadata: { name: c.namespace } } };
        const applies = (policy.spec.matchConditions ?? []).every((m: { expression: string }) =>
          evaluateExpression(m.expression, bindings),
        );
        if (!applies) continue;
        const variables = evaluateVariables(policy.spec.variables, pod);
        const passed = policy.spec.validations.every((v: { expression: string }) =>
          evaluateExpression(v.expression, { ...bindings, variables }),
        );
        if (!passed) native.push(policy.metadata.name.replace(/^pullwise-/, ''));
      }
      const evaluated = await t
        .http()
        .post('/v1/evaluations')
        .send({ manifests: [pod], context: { namespace: c.namespace } })
        .expect(200);
      const fired = evaluated.body.findings
        .filter((f: any) => !f.waived && f.rule !== 'explicit')
        .map((f: any) => f.rule);
      expect(native.sort(), JSON.stringify(c)).toEqual([...new Set(fired as string[])].sort());
      decided.push(`${c.namespace} ${c.image}: ${native.join(',')}`);
    }
    // Not vacuous: each exported rule fires somewhere, and the waiver holds where it should.
    expect(decided).toEqual([
      'default nginx: no-latest',
      'legacy nginx:latest: ',
      'prod-eu nginx:1.27: digests',
      `prod-eu nginx@sha256:${'a'.repeat(64)}: `,
    ]);
  });

  it.each([
    ['no cluster', {}, 400],
    ['an unknown profile', { cluster: 'nope' }, 404],
    ['an unknown parameter', { cluster: 'prod-eu', format: 'json' }, 400],
  ])('%s: %i', async (_what, query, status) => {
    const res = await t.http().get(PATH).query(query);
    expect(res.status, res.text).toBe(status);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('needs rules:read or rules:write', async () => {
    for (const [scopes, status] of [
      [['rules:read'], 200],
      [['rules:write'], 200],
      [['evaluate'], 403],
    ] as const) {
      const { token } = await apiKey(t, [...scopes]);
      const res = await t.anon().get(PATH).query({ cluster: 'prod-eu' }).set('authorization', `Bearer ${token}`);
      expect(res.status, scopes.join()).toBe(status);
    }
    expect((await t.anon().get(PATH).query({ cluster: 'prod-eu' })).status).toBe(401);
  });
});
