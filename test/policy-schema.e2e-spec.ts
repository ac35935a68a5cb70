// The policy bundle's JSON Schema (apps/api/src/openapi/policy-bundle-schema.ts), what editors check bundles with:
// served without credentials and cacheable at the URL exports name; the committed file; built from the OpenAPI
// document's components; every exported bundle fits it; and it refuses the bundles POST /v1/policy/plan refuses,
// at the same place. Also the policy operations' answers against their OpenAPI schemas (issue 18).
import { readFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { BUNDLE_API_VERSION, BUNDLE_KIND, BUNDLE_SCHEMA_PATH } from '#policy';
import {
  EXAMPLE_REQUEST_ID,
  INVALID_POLICY_BUNDLE_YAML,
  POLICY_BUNDLE,
  POLICY_BUNDLE_YAML,
} from '../apps/api/src/openapi/examples.js';
import { buildOpenApiDocument } from '../apps/api/src/openapi/openapi.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

type Json = any;

const COMMITTED = new URL('../apps/api/policy-bundle.schema.json', import.meta.url);
const HEAD = { apiVersion: BUNDLE_API_VERSION, kind: BUNDLE_KIND };
const DAY_MS = 86_400_000;

function ajv() {
  // Strict about keywords (an OpenAPI-only one such as `discriminator` would be refused), not about types.
  const a = new Ajv2020({ allErrors: true, allowUnionTypes: true, strictTypes: false });
  ajvFormats.default(a);
  return a;
}

/** Where each Ajv error is, as a JSON pointer that includes the property it names (unknown or missing). */
function locations(errors: Json[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const prop = e.params?.additionalProperty ?? e.params?.missingProperty;
    return prop === undefined ? e.instancePath : `${e.instancePath}/${prop}`;
  });
}

/** `rules[0].params.tags` -> `/rules/0/params/tags` (the API's problem paths as Ajv's instance paths). */
function pointer(path: string): string {
  return path === ''
    ? ''
    : `/${path
        .replace(/\[(\d+)\]/g, '.$1')
        .split('.')
        .join('/')}`;
}

/** The OpenAPI components as one schema resource, refs into it rebased, for validating live answers. */
const OPENAPI_BASE = 'https://pullwise.invalid/openapi.json';
function rebase(node: Json): Json {
  if (Array.isArray(node)) return node.map(rebase);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', `${OPENAPI_BASE}#/$defs/`) : rebase(v),
    ]),
  );
}

/**
 * Object schemas that list their properties reject others, so an answer with a field the document does not
 * describe fails (the per-kind rule variants only pin `kind` and `params`, so they stay open); as
 * test/openapi.e2e-spec.ts checks the other operations.
 */
function closed(node: Json, open = false): Json {
  if (Array.isArray(node)) return node.map((n) => closed(n));
  if (!node || typeof node !== 'object') return node;
  const out: Json = Object.fromEntries(
    Object.entries(node).map(([k, v]) => {
      if (['examples', 'default', 'const', 'enum'].includes(k)) return [k, v];
      if (k === 'properties' || k === '$defs')
        return [k, Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, closed(s)]))];
      return [k, closed(v)];
    }),
  );
  if (!open && out.properties && out.additionalProperties === undefined && out.unevaluatedProperties === undefined)
    out.unevaluatedProperties = false;
  return out;
}

function openapiValidator(doc: Json) {
  const a = new Ajv2020({ allErrors: true, strict: false, allowUnionTypes: true });
  ajvFormats.default(a);
  a.addVocabulary(['discriminator', 'xml', 'externalDocs', 'example']);
  const schemas = doc.components.schemas as Record<string, Json>;
  const variants = new Set(
    Object.values(schemas).flatMap((s) =>
      Object.values((s.discriminator?.mapping ?? {}) as Record<string, string>).map((r) => r.split('/').pop()),
    ),
  );
  const defs = Object.fromEntries(
    Object.entries(schemas).map(([name, s]) => [name, closed(rebase(s), variants.has(name))]),
  );
  a.addSchema({ $id: OPENAPI_BASE, $defs: defs });
  return (name: string, value: unknown) => {
    const validate = a.getSchema(`${OPENAPI_BASE}#/$defs/${name}`)!;
    return { ok: validate(value) as boolean, errors: JSON.stringify(validate.errors, null, 1) };
  };
}

/** An exception of every rule, as an incident needs: it must expire within the configured days. */
function wildcardException(now: number) {
  return {
    name: 'incident-4711',
    rules: ['*'],
    match: { namespaces: ['prod-shop'] },
    justification: 'Rollback during an incident',
    owner: 'sre',
    expiresAt: new Date(now + 7 * DAY_MS).toISOString(),
  };
}

/** Rules of several kinds, with params, scopes and selectors; an exception; two cluster profiles. */
function storedPolicy() {
  return {
    rules: [
      {
        name: 'no-latest-in-prod',
        description: 'No latest in prod.',
        kind: 'disallowed-tags',
        params: { tags: ['latest', '*-SNAPSHOT'] },
        match: { namespaces: ['prod-*'], kinds: ['Deployment', 'StatefulSet'] },
        exclude: { labels: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['batch'] }] } },
        enforcement: 'deny',
        severity: 'high',
      },
      {
        name: 'always-unless-pinned',
        kind: 'pull-policy',
        params: { allowed: ['Always'], when: { digest: false } },
        match: { labels: { matchLabels: { team: 'shop' } }, slots: ['container', 'initContainer'] },
        enforcement: 'warn',
      },
      {
        name: 'trusted-registries',
        kind: 'allowed-registries',
        params: {
          registries: ['ghcr.io/acme/*', 'docker.io/library/*'],
          rewrites: [{ from: 'docker.io', to: 'mirror.acme.io' }],
        },
        enforcement: 'deny',
        enabled: false,
      },
      {
        name: 'private-pulls',
        kind: 'pull-secrets-for-registries',
        params: { registries: ['registry.acme.io/*'], secretName: 'acme-pull' },
        enforcement: 'audit',
        severity: 'low',
      },
      { name: 'pin-digests', kind: 'require-digest', enforcement: 'warn', match: { clusters: ['prod-*'] } },
      { name: 'always-in-prod', kind: 'set-pull-policy', params: { policy: 'Always' }, enforcement: 'warn' },
      {
        name: 'tags-pull-always',
        kind: 'mutable-tag-requires-always',
        params: { immutableTags: ['v*.*.*'] },
        enforcement: 'warn',
      },
    ],
    exceptions: [
      {
        name: 'legacy-batch',
        rules: ['pin-digests', 'no-latest-in-prod'],
        match: { kinds: ['CronJob'], namespaces: ['prod-batch'] },
        justification: 'Vendor image only published by tag',
        owner: 'team-batch',
        ticket: 'OPS-1234',
        expiresAt: '2027-06-30T23:59:59Z',
      },
    ],
    clusters: [
      {
        name: 'prod-eu',
        labels: { env: 'prod', region: 'eu-west-1' },
        admissionPlugins: ['AlwaysPullImages'],
        kubeletVersion: '1.34',
        credentialVerificationPolicy: 'NeverVerifyPreloadedImages',
        verificationAllowlist: ['registry.k8s.io/*'],
        preloadedImages: ['registry.k8s.io/pause:3.10'],
        podTemplatePaths: [
          { apiVersion: 'batch.example.com/v1', kind: 'BatchRun', path: 'spec.jobs[*].template.spec' },
        ],
      },
      { name: 'dev' },
    ],
  };
}

/**
 * Bundles both the schema and the service refuse, with the path the service names, and the schema points at (the
 * same place, unless given: a missing `params` is named by the field of it the kind requires).
 */
const INVALID: [what: string, bundle: Json, path: string, schemaPointer?: string][] = [
  ['an unknown top-level field', { ...HEAD, spec: {} }, 'spec'],
  ['the wrong kind', { ...HEAD, kind: 'RuleSet' }, 'kind'],
  ['the wrong apiVersion', { ...HEAD, apiVersion: 'pullwise.io/v2' }, 'apiVersion'],
  ['no kind', { apiVersion: BUNDLE_API_VERSION }, 'kind'],
  ['an unknown metadata field', { ...HEAD, metadata: { name: 'prod' } }, 'metadata.name'],
  ['a negative policyVersion', { ...HEAD, metadata: { policyVersion: -1 } }, 'metadata.policyVersion'],
  ['rules that are not a list', { ...HEAD, rules: { name: 'x' } }, 'rules'],
  [
    'a rule of an unknown kind',
    { ...HEAD, rules: [{ name: 'x', kind: 'no-such-kind', enforcement: 'deny' }] },
    'rules[0].kind',
  ],
  [
    'a rule whose params have the wrong type',
    { ...HEAD, rules: [{ name: 'x', kind: 'disallowed-tags', params: { tags: 'latest' }, enforcement: 'deny' }] },
    'rules[0].params.tags',
  ],
  [
    'a rule whose params are not an object',
    { ...HEAD, rules: [{ name: 'x', kind: 'disallowed-tags', params: ['latest'], enforcement: 'deny' }] },
    'rules[0].params',
  ],
  [
    'a rule with an unknown param',
    { ...HEAD, rules: [{ name: 'x', kind: 'require-digest', params: { strict: true }, enforcement: 'deny' }] },
    'rules[0].params.strict',
  ],
  [
    'a rule without the params its kind requires',
    { ...HEAD, rules: [{ name: 'x', kind: 'pull-policy', enforcement: 'deny' }] },
    'rules[0].params.allowed',
    '/rules/0/params',
  ],
  [
    'a rule with an unknown field',
    { ...HEAD, rules: [{ name: 'x', kind: 'require-digest', enforcement: 'deny', owner: 'me' }] },
    'rules[0].owner',
  ],
  [
    'a rule with an unknown enforcement',
    { ...HEAD, rules: [{ name: 'x', kind: 'require-digest', enforcement: 'block' }] },
    'rules[0].enforcement',
  ],
  [
    'a rule with a name that is not one',
    { ...HEAD, rules: [{ name: 'Bad Name', kind: 'require-digest', enforcement: 'deny' }] },
    'rules[0].name',
  ],
  [
    'an exception without a name',
    {
      ...HEAD,
      rules: [{ name: 'x', kind: 'require-digest', enforcement: 'deny' }],
      exceptions: [{ rules: ['x'], justification: 'because', owner: 'me' }],
    },
    'exceptions[0].name',
  ],
  [
    'an exception without an owner',
    {
      ...HEAD,
      rules: [{ name: 'x', kind: 'require-digest', enforcement: 'deny' }],
      exceptions: [{ name: 'e', rules: ['x'], justification: 'because' }],
    },
    'exceptions[0].owner',
  ],
  ['a cluster profile with an unknown field', { ...HEAD, clusters: [{ name: 'c', nodes: [] }] }, 'clusters[0].nodes'],
  [
    'a cluster profile with a number for kubeletVersion',
    { ...HEAD, clusters: [{ name: 'c', kubeletVersion: 1.34 }] },
    'clusters[0].kubeletVersion',
  ],
  [
    'a cluster profile with an unknown verification policy',
    { ...HEAD, clusters: [{ name: 'c', credentialVerificationPolicy: 'Sometimes' }] },
    'clusters[0].credentialVerificationPolicy',
  ],
];

describe('policy bundle JSON Schema', () => {
  let t: TestApp;
  let doc: Json;
  let schema: Json;
  let validate: ReturnType<ReturnType<typeof ajv>['compile']>;
  let documented: ReturnType<typeof openapiValidator>;
  beforeAll(async () => {
    t = await bootTestApp();
    doc = buildOpenApiDocument(t.app);
    documented = openapiValidator(doc);
  });
  afterAll(() => t.close());

  describe(`GET ${BUNDLE_SCHEMA_PATH}`, () => {
    it('answers without credentials: application/schema+json, cacheable, the committed file', async () => {
      const res = await t.anon().get(BUNDLE_SCHEMA_PATH).expect(200);
      expect(res.headers['content-type']).toMatch(/^application\/schema\+json/);
      expect(res.headers['cache-control']).toMatch(/\bpublic\b.*\bmax-age=\d+/);
      expect(res.headers.etag).toMatch(/^"[0-9a-f]+"$/);
      expect(res.text, 'run UPDATE_OPENAPI=1 … test/openapi.e2e-spec.ts').toBe(await readFile(COMMITTED, 'utf8'));
      schema = JSON.parse(res.text);
      await t.anon().get(BUNDLE_SCHEMA_PATH).set('if-none-match', res.headers.etag).expect(304);
      await t.anon().head(BUNDLE_SCHEMA_PATH).expect(200);
    });

    it('is a JSON Schema 2020-12 document of its own: $id, constants, $defs, no OpenAPI keywords', () => {
      expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
      expect(schema.$id).toBe(BUNDLE_SCHEMA_PATH);
      expect(schema.properties.apiVersion.const).toBe(BUNDLE_API_VERSION);
      expect(schema.properties.kind.const).toBe(BUNDLE_KIND);
      expect(schema.additionalProperties).toBe(false);
      expect(Object.keys(schema.properties)).toEqual([
        '$schema',
        'apiVersion',
        'kind',
        'metadata',
        'rules',
        'exceptions',
        'clusters',
      ]);
      expect(Object.keys(schema.$defs)).toEqual(
        expect.arrayContaining(['RuleInput', 'PolicyBundleException', 'ClusterProfileInput', 'DisallowedTagsParams']),
      );
      expect(schema.$defs.PolicyBundleException.required).toContain('name');
      const text = JSON.stringify(schema);
      expect(text).not.toContain('#/components/');
      expect(text).not.toContain('"discriminator"');
      // Strict Ajv refuses unknown keywords and dangling refs.
      validate = ajv().compile(schema);
    });

    it("is the OpenAPI document's PolicyBundle with the components it reaches under $defs", () => {
      const standalone = (s: Json): Json =>
        JSON.parse(
          JSON.stringify(s, (k, v) => (k === 'discriminator' ? undefined : v)).replaceAll(
            '#/components/schemas/',
            '#/$defs/',
          ),
        );
      const { $schema: _s, $id: _i, $defs, ...root } = schema;
      expect(root).toEqual(standalone(doc.components.schemas.PolicyBundle));
      for (const [name, def] of Object.entries($defs))
        expect(def, name).toEqual(standalone(doc.components.schemas[name]));
    });
  });

  describe('fits every bundle the service exports', () => {
    it('rules of every kind with params, exceptions, cluster profiles: JSON and YAML', async () => {
      const policy = storedPolicy();
      for (const rule of policy.rules) await t.http().post('/v1/rules').send(rule).expect(201);
      for (const exception of policy.exceptions) await t.http().post('/v1/exceptions').send(exception).expect(201);
      for (const cluster of policy.clusters) await t.http().post('/v1/clusters').send(cluster).expect(201);

      const json = await t.http().get('/v1/policy').set('accept', 'application/json').expect(200);
      expect(json.body.$schema).toMatch(new RegExp(`^https?://[^/]+${BUNDLE_SCHEMA_PATH}$`));
      expect(json.body.rules).toHaveLength(policy.rules.length);
      expect(json.body.exceptions).toHaveLength(policy.exceptions.length);
      expect(json.body.clusters).toHaveLength(policy.clusters.length);
      expect(validate(json.body), JSON.stringify(validate.errors, null, 1)).toBe(true);
      const asDocumented = documented('PolicyBundle', json.body);
      expect(asDocumented.ok, asDocumented.errors).toBe(true);
      expect(json.headers.etag).toBe(`"${json.body.metadata.policyVersion}"`);

      const yaml = await t.http().get('/v1/policy').set('accept', 'application/yaml').expect(200);
      const [first] = yaml.text.split('\n');
      expect(first).toMatch(new RegExp(`^# yaml-language-server: \\$schema=https?://[^/]+${BUNDLE_SCHEMA_PATH}$`));
      const fromYaml = parse(yaml.text);
      expect(validate(fromYaml), JSON.stringify(validate.errors, null, 1)).toBe(true);
      const { $schema: _, ...withoutSchema } = json.body;
      expect(fromYaml).toEqual(withoutSchema);
      // The URL the export names serves the schema (whatever host the client used).
      await t.anon().get(new URL(json.body.$schema).pathname).expect(200);
    });

    it('with an exception of every rule ("*")', async () => {
      const created = await t.http().post('/v1/exceptions').send(wildcardException(Date.now())).expect(201);
      try {
        const json = await t.http().get('/v1/policy').expect(200);
        expect(json.body.exceptions.map((e: Json) => e.name)).toContain('incident-4711');
        expect(validate(json.body), JSON.stringify(validate.errors, null, 1)).toBe(true);
      } finally {
        await t.http().delete(`/v1/exceptions/${created.body.id}`).expect(204);
      }
    });

    it('an export planned again, and an empty bundle, fit too', async () => {
      const exported = await t.http().get('/v1/policy').expect(200);
      expect(validate(exported.body)).toBe(true);
      const plan = await t.http().post('/v1/policy/plan').send(exported.body).expect(200);
      expect(plan.body.summary).toMatchObject({ create: 0, update: 0, delete: 0 });
      expect(validate({ ...HEAD, metadata: null, rules: null, exceptions: [], clusters: null })).toBe(true);
    });
  });

  describe('refuses what POST /v1/policy/plan refuses, at the same place', () => {
    it.each(INVALID)('%s', async (_what, bundle, path, schemaPointer) => {
      expect(validate(bundle), 'the schema refuses it').toBe(false);
      expect(locations(validate.errors), 'the schema points at it').toContain(schemaPointer ?? pointer(path));
      for (const [type, body] of [
        ['application/json', JSON.stringify(bundle)],
        ['application/yaml', JSON.stringify(bundle)],
      ] as const) {
        const res = await t.http().post('/v1/policy/plan').set('content-type', type).send(body);
        expect(res.status, `${type}: ${res.text}`).toBe(400);
        expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
        expect(
          res.body.errors.map((e: Json) => e.path),
          type,
        ).toContain(path);
      }
    });

    it('the documented invalid YAML bundle: the schema refuses it, the service answers the documented problem', async () => {
      expect(validate(parse(INVALID_POLICY_BUNDLE_YAML))).toBe(false);
      const paths = locations(validate.errors);
      for (const op of ['plan', 'apply']) {
        const example =
          doc.paths[`/v1/policy/${op}`].post.responses['400'].content['application/problem+json'].examples[
            'invalid-bundle'
          ].value;
        for (const e of example.errors) expect(paths, e.path).toContain(pointer(e.path));
        const res = await t
          .http()
          .post(`/v1/policy/${op}`)
          .set('content-type', 'application/yaml')
          .set('x-request-id', EXAMPLE_REQUEST_ID)
          .send(INVALID_POLICY_BUNDLE_YAML);
        expect(res.status).toBe(400);
        expect(res.body).toEqual(example);
      }
    });
  });

  describe('the policy operations answer as documented', () => {
    it('the example bundle, as JSON and as YAML: valid for the schema, planned, applied', async () => {
      expect(validate(POLICY_BUNDLE)).toBe(true);
      expect(validate(parse(POLICY_BUNDLE_YAML))).toBe(true);
      const json = await t.http().post('/v1/policy/plan?impact=5').send(POLICY_BUNDLE).expect(200);
      const plan = documented('PolicyPlan', json.body);
      expect(plan.ok, plan.errors).toBe(true);
      const yaml = await t
        .http()
        .post('/v1/policy/plan')
        .set('content-type', 'application/yaml')
        .send(POLICY_BUNDLE_YAML)
        .expect(200);
      expect(yaml.body.bundleDigest).toBe(json.body.bundleDigest);
      const pruned = await t.http().post('/v1/policy/plan?prune=true').send(POLICY_BUNDLE).expect(200);
      expect(pruned.body.summary.delete).toBeGreaterThan(0);
      expect(documented('PolicyPlan', pruned.body).ok).toBe(true);

      const stale = await t
        .http()
        .post('/v1/policy/apply')
        .set('if-match', `"${json.body.policyVersion + 1}"`)
        .send(POLICY_BUNDLE);
      expect(stale.status).toBe(412);
      const applied = await t
        .http()
        .post('/v1/policy/apply')
        .set('if-match', `"${json.body.policyVersion}"`)
        .send(POLICY_BUNDLE)
        .expect(200);
      const result = documented('PolicyApplyResult', applied.body);
      expect(result.ok, result.errors).toBe(true);
      expect(applied.headers.etag).toBe(`"${applied.body.policyVersion}"`);
      const again = await t.http().post('/v1/policy/apply').send(POLICY_BUNDLE).expect(200);
      expect(again.body.applied).toBe(false);
      expect(documented('PolicyApplyResult', again.body).ok).toBe(true);
    });
  });
});
