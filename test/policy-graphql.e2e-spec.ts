// Policy as code over GraphQL (issue 18): `policyBundle`, `policyPlan` and `applyPolicy` answer what
// `GET /v1/policy`, `POST /v1/policy/plan` and `POST /v1/policy/apply` answer for the same bundle, as a JSON
// object or as YAML/JSON text; errors are typed (invalid-input with the problem paths, precondition-failed for a
// stale ifMatch, forbidden for a key without the scope).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import {
  PROBLEM,
  clearPolicy,
  createCluster,
  createException,
  createRule,
  gqlErrorPaths,
  gqlFails,
  gqlOk,
  pod,
  yamlStream,
} from './support/policy-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

const IMPACT_FIELDS =
  'rule replaces { id name version } evaluated flipped summary byTransition ' +
  'evaluations { id createdAt source { repository commit pipeline } cluster before after addedFindings removedFindings } ' +
  'skipped { id reason }';
const CHANGE_FIELDS = `action type name before after fields unmanaged impact { ${IMPACT_FIELDS} }`;
const PLAN_FIELDS = `policyVersion bundleDigest prune summary { create update delete unchanged } changes { ${CHANGE_FIELDS} }`;
const APPLY_FIELDS = `${PLAN_FIELDS} applied previousPolicyVersion`;

const GQL_EXPORT = `query($format: PolicyBundleFormat) { policyBundle(format: $format) { policyVersion format text bundle } }`;
const GQL_EXPORT_DEFAULT = `{ policyBundle { policyVersion format text bundle } }`;
const GQL_PLAN = `query($bundle: JSON, $bundleText: String, $prune: Boolean, $impact: Int) {
  policyPlan(bundle: $bundle, bundleText: $bundleText, prune: $prune, impact: $impact) { ${PLAN_FIELDS} }
}`;
const GQL_APPLY = `mutation($bundle: JSON, $bundleText: String, $prune: Boolean, $ifMatch: Int) {
  applyPolicy(bundle: $bundle, bundleText: $bundleText, prune: $prune, ifMatch: $ifMatch) { ${APPLY_FIELDS} }
}`;

const ENVELOPE = { apiVersion: 'pullwise.io/v1', kind: 'PolicyBundle' };

/**
 * Against the seeded store: updates `no-latest`, creates `require-digest` and an exception naming it, keeps the
 * `legacy` exception and the `staging` profile out (unmanaged, or deleted with prune), updates `prod`.
 */
const BUNDLE = {
  ...ENVELOPE,
  rules: [
    { name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest', 'dev'] }, enforcement: 'deny' },
    { name: 'require-digest', kind: 'require-digest', params: {}, enforcement: 'warn', severity: 'high' },
  ],
  exceptions: [
    {
      name: 'digest-waiver',
      rules: ['require-digest'],
      match: { namespaces: ['legacy-*'] },
      justification: 'pinning in progress',
      owner: 'team-legacy',
    },
  ],
  clusters: [{ name: 'prod', kubeletVersion: '1.34', admissionPlugins: ['AlwaysPullImages'] }],
};
const BUNDLE_JSON_TEXT = JSON.stringify(BUNDLE, null, 2);
const BUNDLE_YAML = stringify(BUNDLE);

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
  // supertest starts a listener per request on an idle server: each on its own port, so each export would name a
  // different $schema URL (host:port). Listening once keeps the host of every request, REST and GraphQL, the same.
  const server = t.app.getHttpServer() as import('node:http').Server;
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
});
afterAll(() => t?.close());

/** Rules, an exception and two cluster profiles, and one recorded evaluation for impact previews. */
async function seed(): Promise<void> {
  await createRule(t, {
    name: 'no-latest',
    kind: 'disallowed-tags',
    params: { tags: ['latest'] },
    enforcement: 'warn',
  });
  await createException(t, {
    name: 'legacy',
    rules: ['no-latest'],
    match: { namespaces: ['legacy'] },
    justification: 'old images',
    owner: 'team-legacy',
  });
  await createCluster(t, { name: 'prod', kubeletVersion: '1.33' });
  await createCluster(t, { name: 'staging' });
}

beforeEach(async () => {
  await clearPolicy(t);
  await seed();
});

// ---------------------------------------------------------------------------------------------------------------
// REST calls and the REST answer as GraphQL gives it
// ---------------------------------------------------------------------------------------------------------------

type Body = { json: object } | { text: string; type: 'application/yaml' | 'application/json' };

function restPost(path: string, body: Body, query: Record<string, string | number | boolean> = {}) {
  const req = t.http().post(path).query(query);
  if ('json' in body) return req.send(body.json);
  return req.set('content-type', body.type).send(body.text);
}

async function restPlan(body: Body, query: Record<string, string | number | boolean> = {}): Promise<any> {
  const res = await restPost('/v1/policy/plan', body, query);
  expect(res.status, res.text).toBe(200);
  return res.body;
}

/** REST leaves out `fields`, `unmanaged` and `impact` when they have no value; GraphQL answers null (false). */
function asGraphql(rest: any): any {
  return {
    ...rest,
    changes: rest.changes.map((c: any) => ({
      ...c,
      fields: c.fields ?? null,
      unmanaged: c.unmanaged ?? false,
      impact: c.impact ?? null,
    })),
  };
}

async function restExport(format: 'json' | 'yaml'): Promise<{ text: string; etag: string }> {
  const res = await t
    .http()
    .get('/v1/policy')
    .set('accept', `application/${format}`)
    .buffer(true)
    .parse((r, done) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (text += chunk));
      r.on('end', () => done(null, text));
    });
  expect(res.status, String(res.body)).toBe(200);
  return { text: res.body as string, etag: res.headers.etag as string };
}

const exported = async () => (await restExport('json')).text;

/** A JSON value as a GraphQL literal: object keys unquoted. */
function graphqlLiteral(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(graphqlLiteral).join(', ')}]`;
  if (value !== null && typeof value === 'object')
    return `{ ${Object.entries(value)
      .map(([k, v]) => `${k}: ${graphqlLiteral(v)}`)
      .join(', ')} }`;
  return JSON.stringify(value);
}

// ---------------------------------------------------------------------------------------------------------------

describe('policyBundle', () => {
  it.each(['JSON', 'YAML'] as const)(
    '%s: the same text REST exports, with its version and the bundle',
    async (format) => {
      const rest = await restExport(format === 'JSON' ? 'json' : 'yaml');
      const { policyBundle } = await gqlOk(t, GQL_EXPORT, { format });
      expect(policyBundle.format).toBe(format);
      expect(policyBundle.text).toBe(rest.text);
      expect(rest.etag).toBe(`"${policyBundle.policyVersion}"`);
      const { $schema, ...bundle } = JSON.parse((await restExport('json')).text);
      expect($schema).toMatch(/^http:\/\/[^/]+\/schemas\/policy-bundle\.json$/);
      expect(policyBundle.bundle).toEqual(bundle);
      expect(policyBundle.bundle.metadata.policyVersion).toBe(policyBundle.policyVersion);
      expect(policyBundle.bundle.rules.map((r: any) => r.name)).toEqual(['no-latest']);
      if (format === 'YAML') expect(policyBundle.text).toMatch(/^# yaml-language-server: \$schema=http:\/\//);
    },
  );

  it('is JSON unless asked otherwise', async () => {
    const { policyBundle } = await gqlOk(t, GQL_EXPORT_DEFAULT);
    expect(policyBundle.format).toBe('JSON');
    expect(policyBundle.text).toBe(await exported());
  });

  it('its bundle plans as no change, and its text too', async () => {
    const { policyBundle } = await gqlOk(t, GQL_EXPORT, { format: 'YAML' });
    for (const vars of [{ bundle: policyBundle.bundle }, { bundleText: policyBundle.text }]) {
      const { policyPlan } = await gqlOk(t, GQL_PLAN, { ...vars, prune: true });
      expect(policyPlan.summary).toEqual({ create: 0, update: 0, delete: 0, unchanged: 4 });
      expect(policyPlan.policyVersion).toBe(policyBundle.policyVersion);
    }
  });
});

describe('policyPlan', () => {
  const CASES: [string, Record<string, unknown>, Body][] = [
    ['a JSON object', { bundle: BUNDLE }, { json: BUNDLE }],
    ['YAML text', { bundleText: BUNDLE_YAML }, { text: BUNDLE_YAML, type: 'application/yaml' }],
    ['JSON text', { bundleText: BUNDLE_JSON_TEXT }, { text: BUNDLE_JSON_TEXT, type: 'application/json' }],
  ];

  describe.each(CASES)('of %s', (_name, vars, body) => {
    it.each([false, true])('prune %s: the plan REST answers', async (prune) => {
      const rest = await restPlan(body, { prune });
      const { policyPlan } = await gqlOk(t, GQL_PLAN, { ...vars, prune });
      expect(policyPlan).toEqual(asGraphql(rest));
    });
  });

  it('covers every action, unmanaged objects and changed fields', async () => {
    const kept = (await gqlOk(t, GQL_PLAN, { bundle: BUNDLE })).policyPlan;
    const pruned = (await gqlOk(t, GQL_PLAN, { bundleText: BUNDLE_YAML, prune: true })).policyPlan;
    const brief = (p: any) =>
      p.changes.map((c: any) => `${c.action} ${c.type} ${c.name}${c.unmanaged ? ' (unmanaged)' : ''}`);
    expect(brief(kept)).toEqual([
      'update rule no-latest',
      'create rule require-digest',
      'create exception digest-waiver',
      'unchanged exception legacy (unmanaged)',
      'update cluster prod',
      'unchanged cluster staging (unmanaged)',
    ]);
    expect(brief(pruned)).toEqual([
      'update rule no-latest',
      'create rule require-digest',
      'create exception digest-waiver',
      'delete exception legacy',
      'update cluster prod',
      'delete cluster staging',
    ]);
    expect(kept.summary).toEqual({ create: 2, update: 2, delete: 0, unchanged: 2 });
    expect(pruned.summary).toEqual({ create: 2, update: 2, delete: 2, unchanged: 0 });
    expect(kept.prune).toBe(false);
    expect(pruned.prune).toBe(true);
    expect(kept.changes[0].fields).toEqual(['params', 'enforcement']);
    expect(kept.changes[1].fields).toBeNull();
    expect(kept.changes[1].before).toBeNull();
    expect(pruned.changes[3].after).toBeNull();
    // The YAML and JSON of one bundle share their digest.
    expect(pruned.bundleDigest).toBe(kept.bundleDigest);
    expect(kept.bundleDigest).toMatch(/^sha256:[0-9a-f]{64}$/);
  });

  it('with impact: each created or updated rule replayed over recorded evaluations, as REST answers', async () => {
    await t
      .http()
      .post('/v1/evaluations')
      .send({ manifests: yamlStream(pod({ name: 'web', namespace: 'prod', image: 'nginx:dev' })), record: true })
      .expect(200);
    const rest = await restPlan({ json: BUNDLE }, { impact: 10 });
    const { policyPlan } = await gqlOk(t, GQL_PLAN, { bundle: BUNDLE, impact: 10 });
    expect(policyPlan).toEqual(asGraphql(rest));
    const byName = Object.fromEntries(policyPlan.changes.map((c: any) => [c.name, c.impact]));
    expect(byName['no-latest']).toMatchObject({ rule: 'no-latest', evaluated: 1, flipped: 1 });
    expect(byName['no-latest'].byTransition).toEqual({ 'pass->fail': 1 });
    expect(byName['require-digest']).toMatchObject({ rule: 'require-digest', evaluated: 1 });
    expect(byName['digest-waiver']).toBeNull();
  });

  it('takes the bundle written in the document as well as in variables', async () => {
    const literal = `{ policyPlan(bundle: ${graphqlLiteral(BUNDLE)}) { ${PLAN_FIELDS} } }`;
    const { policyPlan } = await gqlOk(t, literal);
    expect(policyPlan).toEqual((await gqlOk(t, GQL_PLAN, { bundle: BUNDLE })).policyPlan);
  });

  it('writes nothing', async () => {
    const before = await exported();
    await gqlOk(t, GQL_PLAN, { bundle: BUNDLE, prune: true });
    expect(await exported()).toBe(before);
  });
});

describe('applyPolicy', () => {
  it('carries out the plan in one version; applying again changes nothing, as REST also answers', async () => {
    const { policyPlan: plan } = await gqlOk(t, GQL_PLAN, { bundleText: BUNDLE_YAML, prune: true });
    const { applyPolicy: applied } = await gqlOk(t, GQL_APPLY, {
      bundleText: BUNDLE_YAML,
      prune: true,
      ifMatch: plan.policyVersion,
    });
    expect(applied).toMatchObject({ applied: true, previousPolicyVersion: plan.policyVersion, prune: true });
    expect(applied.policyVersion).toBe(plan.policyVersion + 1);
    expect(applied.changes).toEqual(plan.changes);
    expect(applied.summary).toEqual(plan.summary);
    expect(applied.bundleDigest).toBe(plan.bundleDigest);

    const { policyBundle } = await gqlOk(t, GQL_EXPORT, { format: 'JSON' });
    expect(policyBundle.policyVersion).toBe(applied.policyVersion);
    expect(policyBundle.bundle.rules.map((r: any) => r.name)).toEqual(['no-latest', 'require-digest']);
    expect(policyBundle.bundle.exceptions.map((e: any) => e.name)).toEqual(['digest-waiver']);
    expect(policyBundle.bundle.clusters).toEqual([expect.objectContaining({ name: 'prod', kubeletVersion: '1.34' })]);

    // Again, as a JSON object: nothing to do, no version made.
    const { applyPolicy: again } = await gqlOk(t, GQL_APPLY, { bundle: BUNDLE, prune: true });
    expect(again).toMatchObject({
      applied: false,
      policyVersion: applied.policyVersion,
      previousPolicyVersion: applied.policyVersion,
      summary: { create: 0, update: 0, delete: 0, unchanged: 4 },
    });
    expect((await gqlOk(t, GQL_EXPORT, { format: 'JSON' })).policyBundle.text).toBe(policyBundle.text);

    const rest = await restPost('/v1/policy/apply', { json: BUNDLE }, { prune: true });
    expect(rest.status, rest.text).toBe(200);
    expect(rest.headers.etag).toBe(`"${applied.policyVersion}"`);
    expect(again).toEqual(asGraphql(rest.body));
  });

  it('answers what REST answers for the same change', async () => {
    const { applyPolicy: gql } = await gqlOk(t, GQL_APPLY, { bundle: BUNDLE });
    await clearPolicy(t);
    await seed();
    const rest = await restPost('/v1/policy/apply', { json: BUNDLE });
    expect(rest.status, rest.text).toBe(200);
    // Versions differ (the store was rebuilt in between): the changes are the same.
    expect(rest.body.policyVersion - rest.body.previousPolicyVersion).toBe(
      gql.policyVersion - gql.previousPolicyVersion,
    );
    const versionless = ({ policyVersion: _v, previousPolicyVersion: _p, ...rest }: any) => rest;
    expect(versionless(gql)).toEqual(versionless(asGraphql(rest.body)));
  });

  it('refuses a stale ifMatch with precondition-failed, changing nothing', async () => {
    const { policyPlan: plan } = await gqlOk(t, GQL_PLAN, { bundle: BUNDLE });
    await createRule(t, { name: 'late', kind: 'require-digest', params: {}, enforcement: 'audit' });
    const before = await exported();
    const err = await gqlFails(t, 'precondition-failed', GQL_APPLY, { bundle: BUNDLE, ifMatch: plan.policyVersion });
    expect(err.message).toMatch(/changed at version \d+, after version \d+: plan again/);
    expect(err.extensions.status).toBe(412);
    expect(gqlErrorPaths(err)).toEqual(['ifMatch']);
    expect(err.path).toEqual(['applyPolicy']);
    expect(await exported()).toBe(before);
    // The current version applies.
    const { policyBundle } = await gqlOk(t, GQL_EXPORT_DEFAULT);
    const ok = await gqlOk(t, GQL_APPLY, { bundle: BUNDLE, ifMatch: policyBundle.policyVersion });
    expect(ok.applyPolicy.applied).toBe(true);
  });
});

describe('an invalid bundle', () => {
  const BAD = {
    ...ENVELOPE,
    rules: [{ name: 'no-latest', kind: 'disallowed-tags', params: { tags: 'latest' }, enforcement: 'deny' }],
    exceptions: [{ name: 'w', rules: ['nope'], justification: 'j', owner: 'o' }],
  };

  it.each([
    ['plan', GQL_PLAN],
    ['apply', GQL_APPLY],
  ])('%s: invalid-input naming every problem by its path, nothing changed', async (_op, query) => {
    const before = await exported();
    const err = await gqlFails(t, 'invalid-input', query, { bundle: BAD });
    expect(err.message).toMatch(/The policy bundle has 2 problems; nothing was changed/);
    expect(gqlErrorPaths(err)).toEqual(['rules[0].params.tags', 'exceptions[0].rules[0]']);
    const rest = await restPost(`/v1/policy/${_op}`, { json: BAD });
    expect(rest.status).toBe(400);
    expect(err.extensions.errors).toEqual(rest.body.errors);
    expect(await exported()).toBe(before);
  });

  it('as YAML text: the problems carry their lines', async () => {
    const text = stringify(BAD);
    const err = await gqlFails(t, 'invalid-input', GQL_PLAN, { bundleText: text });
    const tags = err.extensions.errors.find((e: any) => e.path === 'rules[0].params.tags');
    expect(tags.line).toBe(text.split('\n').findIndex((l) => l.includes('tags: latest')) + 1);
  });

  it('YAML that does not parse', async () => {
    const err = await gqlFails(t, 'invalid-input', GQL_PLAN, { bundleText: 'rules: [a\nkind: {' });
    expect(err.message).toMatch(/not valid YAML/);
  });

  it.each([
    ['neither bundle nor bundleText', {}, ['bundle', 'bundleText']],
    ['both', { bundle: BUNDLE, bundleText: BUNDLE_YAML }, ['bundle', 'bundleText']],
    ['a bundle that is not an object', { bundle: BUNDLE_YAML }, ['bundle']],
    ['a bundle that is a list', { bundle: [BUNDLE] }, ['bundle']],
    ['empty text', { bundleText: '  \n' }, ['bundleText']],
  ])('%s: invalid-input', async (_name, vars, paths) => {
    for (const query of [GQL_PLAN, GQL_APPLY]) {
      const err = await gqlFails(t, 'invalid-input', query, vars);
      expect(gqlErrorPaths(err)).toEqual(paths);
    }
  });

  it.each([0, 1001])('impact %s: invalid-input naming impact', async (impact) => {
    const err = await gqlFails(t, 'invalid-input', GQL_PLAN, { bundle: BUNDLE, impact });
    expect(gqlErrorPaths(err)).toEqual(['impact']);
  });

  it('a negative ifMatch: invalid-input naming ifMatch', async () => {
    const err = await gqlFails(t, 'invalid-input', GQL_APPLY, { bundle: BUNDLE, ifMatch: -1 });
    expect(gqlErrorPaths(err)).toEqual(['ifMatch']);
  });
});

describe('scopes', () => {
  let seq = 0;
  async function key(scopes: string[]): Promise<string> {
    const res = await t
      .http()
      .post('/v1/api-keys')
      .send({ name: `policy-gql-${scopes.join('-')}-${++seq}`, scopes })
      .expect(201);
    return res.body.token;
  }
  const gqlAs = async (token: string | null, query: string, variables: Record<string, unknown> = {}) => {
    let req = t.anon().post('/graphql').set('content-type', 'application/json');
    if (token) req = req.set('authorization', `Bearer ${token}`);
    return (await req.send({ query, variables })).body;
  };
  const code = (body: any) => body.errors?.[0]?.extensions?.code;

  it('rules:read exports and plans but cannot apply; rules:write does all three; evaluate none', async () => {
    const [reader, writer, evaluator] = [
      await key(['rules:read']),
      await key(['rules:write']),
      await key(['evaluate']),
    ];
    const before = await exported();

    expect((await gqlAs(reader, GQL_EXPORT_DEFAULT)).data.policyBundle.text).toBe(before);
    expect((await gqlAs(reader, GQL_PLAN, { bundle: BUNDLE })).data.policyPlan.summary.create).toBe(2);
    const denied = await gqlAs(reader, GQL_APPLY, { bundle: BUNDLE });
    expect(code(denied)).toBe(PROBLEM('forbidden'));
    expect(denied.data?.applyPolicy ?? null).toBeNull();
    expect(await exported()).toBe(before);

    for (const query of [GQL_EXPORT_DEFAULT, GQL_PLAN, GQL_APPLY])
      expect(code(await gqlAs(evaluator, query, { bundle: BUNDLE }))).toBe(PROBLEM('forbidden'));
    for (const query of [GQL_EXPORT_DEFAULT, GQL_PLAN, GQL_APPLY])
      expect(code(await gqlAs(null, query, { bundle: BUNDLE }))).toBe(PROBLEM('unauthorized'));
    expect(await exported()).toBe(before);

    expect((await gqlAs(writer, GQL_EXPORT_DEFAULT)).data.policyBundle.text).toBe(before);
    expect((await gqlAs(writer, GQL_PLAN, { bundle: BUNDLE })).data.policyPlan.summary.create).toBe(2);
    const applied = await gqlAs(writer, GQL_APPLY, { bundle: BUNDLE });
    expect(applied.errors, JSON.stringify(applied.errors)).toBeUndefined();
    expect(applied.data.applyPolicy.applied).toBe(true);
  });

  it('the objects an apply writes are attributed to the key that made it', async () => {
    const writer = await key(['rules:write']);
    const res = await gqlAs(writer, GQL_APPLY, { bundle: BUNDLE });
    expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    const rules = await t.http().get('/v1/rules').query({ limit: 500 });
    const created = rules.body.items.find((r: any) => r.name === 'require-digest');
    expect(created.createdBy).toMatch(new RegExp(`^key:policy-gql-rules:write-${seq} \\(pwk_`));
  });
});
