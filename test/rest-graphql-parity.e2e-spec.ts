// docs/design.md "Shape of the system": REST and GraphQL expose the same capabilities with the same field names.
// The GraphQL selection is built from the live schema by introspection (every field of the result type, down
// to the leaves; JSON scalars are leaves), so a field added to one transport and not the other fails here
// instead of going unnoticed by a hand-written selection. Enum-typed GraphQL fields spell a value's `-` as `_`
// (`use-local` -> `use_local`); the comparison follows the introspected type, so it holds whichever fields
// are enums.
import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture } from './support/evaluate-client.js';
import { createCluster, createException, createRule, pod, yamlStream } from './support/policy-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let schema: GraphQLSchema;

beforeAll(async () => {
  t = await bootTestApp();
  // The policy goes in through REST; both transports then read it from the same snapshot.
  await createRule(t, {
    name: 'mutable-needs-always',
    kind: 'mutable-tag-requires-always',
    params: {},
    enforcement: 'deny',
  });
  await createRule(t, {
    name: 'require-digest',
    kind: 'require-digest',
    params: {},
    enforcement: 'warn',
    severity: 'high',
    match: { namespaces: ['prod-*'] },
  });
  await createRule(t, {
    name: 'no-latest',
    kind: 'disallowed-tags',
    params: { tags: ['latest'] },
    enforcement: 'audit',
  });
  await createException(t, {
    name: 'legacy-digest',
    rules: ['require-digest'],
    match: { namespaces: ['prod-legacy'] },
    justification: 'migration in progress',
    owner: 'team-legacy',
    expiresAt: new Date(Date.now() + 365 * 86_400_000).toISOString(),
  });
  await createException(t, {
    name: 'old-waiver',
    rules: ['mutable-needs-always'],
    match: { namespaces: ['prod-legacy'] },
    justification: 'ran out',
    owner: 'team-legacy',
    expiresAt: new Date(Date.now() - 86_400_000).toISOString(),
  });
  await createCluster(t, {
    name: 'hardened',
    admissionPlugins: ['AlwaysPullImages'],
    kubeletVersion: '1.34',
    credentialVerificationPolicy: 'NeverVerifyAllowlistedImages',
    verificationAllowlist: ['docker.io/library/busybox'],
    preloadedImages: ['registry.k8s.io/pause:3.9'],
  });
  const res = await t.gql(getIntrospectionQuery());
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  schema = buildClientSchema(res.body.data);
});
afterAll(() => t?.close());

const ARGO_WORKFLOW = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: scripts, namespace: prod-eu}
spec:
  entrypoint: main
  templates:
  - name: main
    script:
      image: python:3.12-alpine
      command: [python]
`;
const UNKNOWN_CRD = `apiVersion: batch.example.com/v1
kind: BatchRun
metadata: {name: nightly, namespace: data}
spec:
  jobs:
  - template:
      spec:
        containers:
        - {name: main, image: registry.example.com/extract:1.0}
`;

/** What a case sends: the REST JSON body, which is also GraphQL's `input`. */
const EVALUATIONS: [string, Record<string, unknown>][] = [
  [
    'several documents: findings with fixes, a waiver, an expired waiver',
    {
      manifests: yamlStream(
        pod({ name: 'web', namespace: 'prod-eu', image: 'nginx:latest' }),
        pod({ name: 'old', namespace: 'prod-legacy', image: 'nginx:1.27' }),
        pod({ name: 'tool', namespace: 'dev', image: `busybox@sha256:${'a'.repeat(64)}`, policy: 'IfNotPresent' }),
      ),
    },
  ],
  ['Lists, CronJobs and kinds without pods', { manifests: fixture('workloads.yaml') }],
  ['an unreadable document between readable ones', { manifests: fixture('broken-middle.yaml') }],
  ['a known custom resource beside a skipped one', { manifests: `${ARGO_WORKFLOW}---\n${UNKNOWN_CRD}` }],
  ['every workload kind, on a stored cluster profile', { manifests: fixture('kinds.yaml'), cluster: 'hardened' }],
  [
    'an inline context with credential verification',
    {
      manifests: yamlStream(pod({ name: 'cached', namespace: 'prod-eu', image: 'nginx:1.27', policy: 'IfNotPresent' })),
      context: {
        kubeletVersion: '1.35',
        credentialVerificationPolicy: 'AlwaysVerify',
        preloadedImages: ['registry.k8s.io/pause:3.9'],
      },
    },
  ],
];

const EFFECTIVE: Record<string, string>[] = [
  { image: 'nginx:latest', namespace: 'prod-eu' },
  { image: 'nginx:1.27', namespace: 'prod-legacy' },
  { image: 'busybox', policy: 'Never', cluster: 'hardened' },
  { image: 'ghcr.io/org/app@sha256:' + 'b'.repeat(64), policy: 'IfNotPresent', kubeletVersion: '1.33' },
];

describe('the selection is the whole result type', () => {
  it('reaches every field but those that need arguments', () => {
    for (const name of ['evaluate', 'effectivePolicy']) {
      const { skipped } = operation(name, {});
      // `report(format:)` renders the result and has no REST field: GET it with ?format= instead.
      expect(skipped, name).toEqual(name === 'evaluate' ? ['EvaluationResult.report'] : []);
    }
  });
});

describe.each(EVALUATIONS)('evaluate: %s', (_name, request) => {
  it('REST and GraphQL give the same answer', async () => {
    const rest = await t.http().post('/v1/evaluations').send(request);
    expect(rest.status, rest.text).toBe(200);
    const gql = await ask('evaluate', { input: request });
    expectSameAnswer(rest.body, gql, 'evaluate');
  });
});

describe.each(EFFECTIVE)('effectivePolicy %j', (query) => {
  it('REST and GraphQL give the same answer', async () => {
    const rest = await t.http().get('/v1/effective-policy').query(query);
    expect(rest.status, rest.text).toBe(200);
    const gql = await ask('effectivePolicy', query);
    expectSameAnswer(rest.body, gql, 'effectivePolicy');
  });
});

it('the cases exercise what they claim to (findings with fixes, waivers, errors, skipped resources)', async () => {
  const answers = await Promise.all(
    EVALUATIONS.map(async ([, request]) => (await t.http().post('/v1/evaluations').send(request)).body),
  );
  const findings = answers.flatMap((a) => a.findings);
  expect(findings.some((f) => f.fix?.patch?.length > 0)).toBe(true);
  expect(findings.some((f) => f.waived === true)).toBe(true);
  expect(answers.some((a) => a.errors.length > 0)).toBe(true);
  expect(answers.some((a) => a.skipped.length > 0)).toBe(true);
  expect(answers.some((a) => a.workloads.length > 1)).toBe(true);
});

// ---------------------------------------------------------------------------------------------------------------
// Introspection-driven query and comparison
// ---------------------------------------------------------------------------------------------------------------

/** Runs the root query field `name` with `args` (typed from the schema) and every field of its result selected. */
async function ask(name: string, args: Record<string, unknown>): Promise<unknown> {
  const { query, variables } = operation(name, args);
  const res = await t.gql(query, variables);
  expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
  return res.body.data[name];
}

function operation(name: string, args: Record<string, unknown>) {
  const field = rootField(name);
  const given = field.args.filter((a) => args[a.name] !== undefined);
  const skipped: string[] = [];
  const selection = selectAll(getNamedType(field.type) as GraphQLObjectType, [], skipped);
  const defs = given.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
  const call = given.map((a) => `${a.name}: $${a.name}`).join(', ');
  const query = `query Parity${defs ? `(${defs})` : ''} { ${name}${call ? `(${call})` : ''} { ${selection} } }`;
  const variables = Object.fromEntries(given.map((a) => [a.name, asGraphqlInput(args[a.name], a.type)]));
  return { query, variables, skipped };
}

function rootField(name: string): GraphQLField<unknown, unknown> {
  const field = schema.getQueryType()?.getFields()[name];
  if (!field) throw new Error(`the schema has no Query.${name}`);
  return field;
}

/** Every field of `type`, recursively; a field with a required argument cannot be selected blindly: listed in `skipped`. */
function selectAll(type: GraphQLObjectType, path: string[], skipped: string[]): string {
  if (path.includes(type.name)) throw new Error(`${[...path, type.name].join(' > ')} is recursive: choose a depth`);
  const parts: string[] = [];
  for (const field of Object.values(type.getFields())) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) {
      skipped.push(`${type.name}.${field.name}`);
      continue;
    }
    const named = getNamedType(field.type);
    if (isLeafType(named)) parts.push(field.name);
    else if (isObjectType(named)) parts.push(`${field.name} { ${selectAll(named, [...path, type.name], skipped)} }`);
    else if (isAbstractType(named))
      throw new Error(`${type.name}.${field.name} is abstract (${named.name}); REST has no __typename to compare`);
  }
  return parts.join(' ');
}

/** A REST input value as GraphQL takes it: enum values spelled with `_` for `-`. */
function asGraphqlInput(value: unknown, type: GraphQLInputType): unknown {
  if (value === null || value === undefined) return value;
  if (isNonNullType(type)) return asGraphqlInput(value, type.ofType);
  if (isListType(type)) return (value as unknown[]).map((v) => asGraphqlInput(v, type.ofType));
  if (isEnumType(type)) return String(value).replace(/-/g, '_');
  if (isInputObjectType(type)) {
    const fields = type.getFields();
    return Object.fromEntries(
      Object.entries(value as Record<string, unknown>).map(([k, v]) => {
        if (!fields[k]) throw new Error(`${type.name} has no input field ${k}`);
        return [k, asGraphqlInput(v, fields[k].type)];
      }),
    );
  }
  return value;
}

/**
 * The REST answer as GraphQL would give it, following the result type: enum values respelled, fields REST
 * leaves out as null, and every REST field the result type lacks named in `unshared`.
 */
function asGraphqlOutput(value: unknown, type: GraphQLOutputType, path: string, unshared: string[]): unknown {
  if (value === null) return null;
  if (isNonNullType(type)) return asGraphqlOutput(value, type.ofType, path, unshared);
  if (isListType(type)) {
    if (!Array.isArray(value)) return value; // the comparison shows it
    return value.map((v, i) => asGraphqlOutput(v, type.ofType, `${path}[${i}]`, unshared));
  }
  if (isEnumType(type)) return typeof value === 'string' ? value.replace(/-/g, '_') : value;
  if (!isObjectType(type) || typeof value !== 'object') return value;
  const fields = type.getFields();
  const object = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [name, field] of Object.entries(fields)) {
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    // REST leaves out a field that has no value (openapi.json: not `required`); GraphQL answers null there.
    out[name] = name in object ? asGraphqlOutput(object[name], field.type, `${path}.${name}`, unshared) : null;
  }
  for (const name of Object.keys(object)) if (!fields[name]) unshared.push(`${path}.${name}`);
  return out;
}

function expectSameAnswer(rest: unknown, gql: unknown, name: string) {
  const unshared: string[] = [];
  const expected = asGraphqlOutput(rest, rootField(name).type, name, unshared);
  // REST-only fields first (by path: one line each, not one diff of the whole answer), then the values.
  expect(unshared).toEqual([]);
  expect(gql).toEqual(expected);
}

// ---------------------------------------------------------------------------------------------------------------
// Policy as code (issue 18): plan and export. Both write nothing, so the policy stored above stays as the other
// cases need it; applying is compared in policy-graphql.e2e-spec.ts.
// ---------------------------------------------------------------------------------------------------------------

/** Against the stored policy: changes one rule, adds one, adds an exception, leaves the rest unmanaged (or prunes it). */
const POLICY_BUNDLE = {
  apiVersion: 'pullwise.io/v1',
  kind: 'PolicyBundle',
  rules: [
    { name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest', 'edge'] }, enforcement: 'deny' },
    { name: 'require-digest', kind: 'require-digest', params: {}, enforcement: 'warn', severity: 'high' },
    { name: 'pinned-only', kind: 'require-digest', params: {}, enforcement: 'audit' },
  ],
  exceptions: [
    {
      name: 'pinned-waiver',
      rules: ['pinned-only'],
      match: { namespaces: ['dev'] },
      justification: 'dev images move',
      owner: 'team-dev',
    },
  ],
  clusters: [{ name: 'hardened', admissionPlugins: ['AlwaysPullImages'], kubeletVersion: '1.35' }],
};

describe('policyPlan', () => {
  it('the selection is the whole plan type', () => {
    expect(operation('policyPlan', {}).skipped).toEqual([]);
  });

  it.each([false, true])('prune %s: REST and GraphQL give the same plan', async (prune) => {
    const rest = await t.http().post('/v1/policy/plan').query({ prune, impact: 20 }).send(POLICY_BUNDLE);
    expect(rest.status, rest.text).toBe(200);
    expect(rest.body.summary[prune ? 'delete' : 'unchanged']).toBeGreaterThan(0);
    const gql = await ask('policyPlan', { bundle: POLICY_BUNDLE, prune, impact: 20 });
    // `unmanaged` is the one field REST leaves out when false rather than null: GraphQL's is a Boolean!.
    const changes = rest.body.changes.map((c: Record<string, unknown>) => ({ ...c, unmanaged: c.unmanaged ?? false }));
    expectSameAnswer({ ...rest.body, changes }, gql, 'policyPlan');
  });
});

describe('policyBundle', () => {
  // The bundle's $schema names the service as the request reached it: one Host for both transports.
  const HOST = 'pullwise.example.test';

  it.each(['json', 'yaml'] as const)('%s: GraphQL gives the text REST exports', async (format) => {
    const rest = await t
      .http()
      .get('/v1/policy')
      .set('host', HOST)
      .set('accept', `application/${format}`)
      .buffer(true)
      .parse((r, done) => {
        let text = '';
        r.setEncoding('utf8');
        r.on('data', (chunk: string) => (text += chunk));
        r.on('end', () => done(null, text));
      });
    expect(rest.status).toBe(200);
    const res = await t
      .http()
      .post('/graphql')
      .set('host', HOST)
      .send({
        query:
          'query($format: PolicyBundleFormat) { policyBundle(format: $format) { policyVersion format text bundle } }',
        variables: { format: format.toUpperCase() },
      });
    expect(res.body.errors, JSON.stringify(res.body.errors)).toBeUndefined();
    const gql = res.body.data.policyBundle;
    expect(gql.text).toBe(rest.body);
    expect(gql.text).toContain(`http://${HOST}/schemas/policy-bundle.json`);
    expect(rest.headers.etag).toBe(`"${gql.policyVersion}"`);
    expect(gql.format).toBe(format.toUpperCase());
    expect(gql.bundle.rules.map((r: { name: string }) => r.name)).toEqual([
      'mutable-needs-always',
      'no-latest',
      'require-digest',
    ]);
  });
});
