// The committed OpenAPI document (apps/api/openapi.json) is the REST contract clients are generated from.
// This builds it from the booted app and fails when it drifts from the committed file (UPDATE_OPENAPI=1
// rewrites it); checks it is structurally valid OpenAPI 3.1 (every $ref resolves, every schema is JSON
// Schema 2020-12, every example fits its schema, every 4xx is a problem document); and replays the example
// requests against the app, validating each answer against what the document says for that status and type.
import { readFile, writeFile } from 'node:fs/promises';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ADMISSION_DENIED,
  ADMISSION_PATCHED,
  ADMISSION_REVIEW,
  ADMISSION_RULE,
  ADMISSION_UNCHANGED,
  ASK_CHECK_RESPONSE,
  CHECK_ANSWER_MARKDOWN,
  CLUSTER_REQUEST,
  EVALUATE_MANIFESTS,
  EVALUATE_RECORDED_REQUEST,
  EVALUATE_REQUEST,
  EVALUATION_RESULT,
  EVALUATION_RULES,
  EXCEPTION_REQUEST,
  EXAMPLE_REQUEST_ID,
  INVALID_RULE_PROBLEM,
  INVALID_RULE_REQUEST,
  SLACK_SLASH_COMMAND,
  UNSUPPORTED_MEDIA_TYPE_PROBLEM,
} from '../apps/api/src/openapi/examples.js';
import { buildOpenApiDocument } from '../apps/api/src/openapi/openapi.js';
import { policyBundleSchemaText } from '../apps/api/src/openapi/policy-bundle-schema.js';
import { bootTestApp, type TestApp } from './support/test-app.js';
import { testDbKind } from './support/test-database.js';

const COMMITTED = new URL('../apps/api/openapi.json', import.meta.url);
const COMMITTED_BUNDLE_SCHEMA = new URL('../apps/api/policy-bundle.schema.json', import.meta.url);
const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;
/** Controllers not documented yet (decorate them following apps/api/src/openapi/openapi.ts, then drop them here). */
const UNDOCUMENTED: string[] = [];

type Json = any;
interface Operation {
  path: string;
  method: string;
  op: Json;
}

function operations(doc: Json): Operation[] {
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => ({ path, method, op: item[method] })),
  );
}

/** Every `$ref` in the document, with where it is. */
function refs(node: Json, at = '#'): { at: string; ref: string }[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => refs(n, `${at}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) =>
    k === '$ref' && typeof v === 'string' ? [{ at, ref: v }] : refs(v, `${at}/${k}`),
  );
}

function resolvePointer(doc: Json, ref: string): Json {
  if (!ref.startsWith('#/')) return undefined;
  return ref
    .slice(2)
    .split('/')
    .map((p) => p.replaceAll('~1', '/').replaceAll('~0', '~'))
    .reduce((node: Json, key) => (node === undefined ? undefined : node[key]), doc);
}

/** Keys anywhere outside example values (`example`, `examples[*].value`, `default`, `const`, `enum`). */
function schemaKeywordPaths(node: Json, key: string, at = '#'): string[] {
  if (Array.isArray(node)) return node.flatMap((n, i) => schemaKeywordPaths(n, key, `${at}/${i}`));
  if (!node || typeof node !== 'object') return [];
  return Object.entries(node).flatMap(([k, v]) => {
    if (['example', 'examples', 'default', 'const', 'enum'].includes(k)) return [];
    return [...(k === key ? [`${at}/${k}`] : []), ...schemaKeywordPaths(v, key, `${at}/${k}`)];
  });
}

const BASE = 'https://pullwise.invalid/openapi.json';

/** Refs into components become refs into the `$defs` of one schema resource Ajv knows as BASE. */
function rebase(node: Json): Json {
  if (Array.isArray(node)) return node.map(rebase);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', `${BASE}#/$defs/`) : rebase(v),
    ]),
  );
}

/**
 * For checking live answers: object schemas that list their properties reject others (the document leaves
 * them open for forward compatibility; the app must not send undocumented fields). The per-kind rule variants
 * only pin `kind` and `params`, so they stay open.
 */
function closed(node: Json, open: boolean): Json {
  if (Array.isArray(node)) return node.map((n) => closed(n, false));
  if (!node || typeof node !== 'object') return node;
  const out: Json = Object.fromEntries(
    Object.entries(node).map(([k, v]) => {
      if (['example', 'examples', 'default', 'const', 'enum'].includes(k)) return [k, v];
      if (k === 'properties' || k === '$defs')
        return [k, Object.fromEntries(Object.entries(v as Json).map(([p, s]) => [p, closed(s, false)]))];
      return [k, closed(v, false)];
    }),
  );
  if (!open && out.properties && out.additionalProperties === undefined && out.unevaluatedProperties === undefined)
    out.unevaluatedProperties = false;
  return out;
}

function makeAjv(doc: Json, strict: boolean) {
  const ajv = new Ajv2020({ allErrors: true, strictTypes: false, strictRequired: false, allowUnionTypes: true });
  ajvFormats.default(ajv);
  // OpenAPI's own Schema Object keywords (3.1 §4.8.24).
  ajv.addVocabulary(['discriminator', 'xml', 'externalDocs', 'example']);
  const variants = new Set(
    Object.values(doc.components.schemas as Record<string, Json>).flatMap((s) =>
      Object.values((s.discriminator?.mapping ?? {}) as Record<string, string>).map((r) => r.split('/').pop()),
    ),
  );
  const defs = Object.fromEntries(
    Object.entries(doc.components.schemas as Record<string, Json>).map(([name, s]) => [
      name,
      strict ? closed(rebase(s), variants.has(name)) : rebase(s),
    ]),
  );
  ajv.addSchema({ $id: BASE, $defs: defs });
  return (schema: Json) => ajv.compile(strict ? closed(rebase(schema), true) : rebase(schema));
}

function errorsOf(validate: { errors?: Json[] | null }): string {
  return (validate.errors ?? [])
    .map((e) => `${e.instancePath || '/'} ${e.message} ${JSON.stringify(e.params)}`)
    .join('\n');
}

describe.runIf(testDbKind() === 'pglite')('OpenAPI document', () => {
  let t: TestApp;
  let doc: Json;
  beforeAll(async () => {
    t = await bootTestApp();
    doc = buildOpenApiDocument(t.app);
  });
  afterAll(() => t.close());

  it('matches the committed apps/api/openapi.json', async () => {
    const text = JSON.stringify(doc, null, 2) + '\n';
    if (process.env.UPDATE_OPENAPI) await writeFile(COMMITTED, text);
    const committed = await readFile(COMMITTED, 'utf8').catch(() => '');
    expect(
      text,
      'The REST API changed: run `UPDATE_OPENAPI=1 npx vitest run --project e2e:pglite test/openapi.e2e-spec.ts` and commit apps/api/openapi.json',
    ).toBe(committed);
  });

  it('matches the committed apps/api/policy-bundle.schema.json (built from the same components)', async () => {
    const text = policyBundleSchemaText();
    if (process.env.UPDATE_OPENAPI) await writeFile(COMMITTED_BUNDLE_SCHEMA, text);
    const committed = await readFile(COMMITTED_BUNDLE_SCHEMA, 'utf8').catch(() => '');
    expect(
      text,
      'The policy bundle schema changed: run `UPDATE_OPENAPI=1 npx vitest run --project e2e:pglite test/openapi.e2e-spec.ts` and commit apps/api/policy-bundle.schema.json',
    ).toBe(committed);
  });

  it('is served at GET /openapi.json', async () => {
    const res = await t.http().get('/openapi.json').expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body).toEqual(JSON.parse(JSON.stringify(doc)));
  });

  it('has an interactive page at GET /docs, served from this machine (no CDN)', async () => {
    const res = await t.http().get('/docs').expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.text).toContain('swagger-ui');
    const assets = [...res.text.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]!);
    expect(assets.length).toBeGreaterThan(0);
    for (const asset of assets) {
      expect(asset, 'assets are local').not.toMatch(/^(https?:)?\/\//);
      const url = new URL(asset, 'http://localhost/docs').pathname;
      await t.http().get(url).expect(200);
    }
    const init = await t.http().get('/docs/swagger-ui-init.js').expect(200);
    expect(init.text).toContain('"openapi": "3.1.0"');
  });

  // Issue 14 item 16: what Swagger UI shows and does is what a new user expects.
  describe('shows the real version and harmless defaults', () => {
    it('info.version is the version in package.json', async () => {
      const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8'));
      expect(doc.info.version).toBe(pkg.version);
    });

    it('"Try it out" on POST /v1/evaluations does not record; a named example shows recording', () => {
      const examples = Object.entries(
        doc.paths['/v1/evaluations'].post.requestBody.content['application/json'].examples as Record<string, Json>,
      );
      const [, first] = examples[0]!;
      expect(first.value.record ?? false, 'the default (first) example').toBe(false);
      expect(examples.filter(([, e]) => e.value.record === true).map(([name]) => name)).toEqual(['recorded']);
    });

    it('GET /v1/chatops/ask documents q and its synonym text; POST takes text or q', () => {
      const params = (doc.paths['/v1/chatops/ask'].get.parameters as Json[]).map((p) => [p.name, p.required]);
      expect(params).toEqual([
        ['q', false],
        ['text', false],
      ]);
      const body = doc.components.schemas.AskRequest;
      expect(Object.keys(body.properties)).toEqual(['text', 'q']);
    });
  });

  describe('is valid OpenAPI 3.1', () => {
    it('has the required top-level fields', () => {
      expect(doc.openapi).toBe('3.1.0');
      expect(typeof doc.info.title).toBe('string');
      expect(typeof doc.info.version).toBe('string');
      for (const path of Object.keys(doc.paths)) expect(path).toMatch(/^\//);
      const tags = new Set((doc.tags as Json[]).map((tag) => tag.name));
      for (const { path, op } of operations(doc))
        if (!UNDOCUMENTED.some((p) => path.startsWith(p)))
          for (const tag of op.tags ?? []) expect(tags, `tag ${tag} is described`).toContain(tag);
    });

    it('uses no `nullable` (3.0 only): null is a type in 3.1', () => {
      expect(schemaKeywordPaths(doc, 'nullable')).toEqual([]);
    });

    it('resolves every $ref', () => {
      const dangling = refs(doc).filter(({ ref }) => resolvePointer(doc, ref) === undefined);
      expect(dangling).toEqual([]);
    });

    it('gives every operation a unique operationId, responses with descriptions, and declared path parameters', () => {
      const ids = new Set<string>();
      for (const { path, method, op } of operations(doc)) {
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toEqual(expect.any(String));
        expect(ids.has(op.operationId), `${where}: duplicate operationId ${op.operationId}`).toBe(false);
        ids.add(op.operationId);
        const statuses = Object.keys(op.responses ?? {});
        expect(statuses.length, `${where} has responses`).toBeGreaterThan(0);
        for (const status of statuses) {
          expect(status, where).toMatch(/^([1-5][0-9]{2}|[1-5]XX|default)$/);
          expect(typeof op.responses[status].description, `${where} ${status}`).toBe('string');
        }
        const params = (op.parameters ?? []) as Json[];
        const keys = params.map((p) => `${p.in}:${p.name}`);
        expect(new Set(keys).size, `${where}: parameters are unique`).toBe(keys.length);
        for (const p of params) {
          expect(['query', 'header', 'path', 'cookie'], where).toContain(p.in);
          expect(Boolean(p.schema) !== Boolean(p.content), `${where} ${p.name}: schema or content`).toBe(true);
        }
        const templated = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
        const declared = params.filter((p) => p.in === 'path');
        expect(declared.map((p) => p.name).sort(), where).toEqual([...templated].sort());
        for (const p of declared) expect(p.required, `${where} ${p.name}`).toBe(true);
      }
    });

    it('answers every 4xx with application/problem+json and the Problem schema', () => {
      for (const { path, method, op } of operations(doc)) {
        for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
          if (!/^4/.test(status)) continue;
          const where = `${method.toUpperCase()} ${path} ${status}`;
          expect(Object.keys(response.content ?? {}), where).toEqual(['application/problem+json']);
          expect(response.content['application/problem+json'].schema, where).toEqual({
            $ref: '#/components/schemas/Problem',
          });
        }
      }
    });

    it('documents every operation: id, summary, success content, and the problems of a body', () => {
      for (const { path, method, op } of operations(doc)) {
        if (UNDOCUMENTED.some((p) => path.startsWith(p))) continue;
        const where = `${method.toUpperCase()} ${path}`;
        expect(op.operationId, where).toMatch(/^[a-z][A-Za-z]+$/);
        expect(op.summary, where).toBeTruthy();
        const success = Object.entries(op.responses as Record<string, Json>).filter(([s]) => /^2/.test(s));
        expect(success.length, where).toBeGreaterThan(0);
        for (const [status, response] of success)
          if (status !== '204')
            expect(Object.keys(response.content ?? {}).length, `${where} ${status}`).toBeGreaterThan(0);
        for (const p of op.parameters ?? [])
          if (p.in === 'path') expect(p.description, `${where} ${p.name}`).toBeTruthy();
        if (op.requestBody) {
          expect(op.requestBody.required, where).toBe(true);
          for (const status of ['400', '413', '415']) expect(Object.keys(op.responses), where).toContain(status);
        }
      }
    });

    it('has only valid JSON Schema 2020-12 schemas, and every example fits its schema', () => {
      const compile = makeAjv(doc, false);
      const checked: string[] = [];
      const check = (where: string, schema: Json, values: [string, unknown][]) => {
        const validate = compile(schema);
        for (const [name, value] of values) {
          expect(validate(value), `${where} example ${name}:\n${errorsOf(validate)}`).toBe(true);
          checked.push(`${where} ${name}`);
        }
      };
      const examplesOf = (media: Json): [string, unknown][] => [
        ...(media.example !== undefined ? [['example', media.example] as [string, unknown]] : []),
        ...Object.entries((media.examples ?? {}) as Record<string, Json>).map(
          ([k, e]) => [k, (e.$ref ? resolvePointer(doc, e.$ref) : e).value] as [string, unknown],
        ),
      ];
      for (const name of Object.keys(doc.components.schemas)) compile({ $ref: `#/components/schemas/${name}` });
      for (const { path, method, op } of operations(doc)) {
        const where = `${method.toUpperCase()} ${path}`;
        for (const p of op.parameters ?? []) check(`${where} ${p.name}`, p.schema, examplesOf(p));
        for (const [type, media] of Object.entries((op.requestBody?.content ?? {}) as Record<string, Json>))
          check(`${where} body ${type}`, media.schema, examplesOf(media));
        for (const [status, response] of Object.entries(op.responses as Record<string, Json>)) {
          for (const [type, media] of Object.entries((response.content ?? {}) as Record<string, Json>))
            check(`${where} ${status} ${type}`, media.schema, examplesOf(media));
          for (const [header, h] of Object.entries((response.headers ?? {}) as Record<string, Json>))
            check(
              `${where} ${status} ${header}`,
              h.schema,
              (h.schema?.examples ?? []).map((e: unknown) => ['', e]),
            );
        }
      }
      expect(checked.length).toBeGreaterThan(20);
    });
  });

  describe('describes what the app answers', () => {
    let compileStrict: (schema: Json) => ReturnType<ReturnType<typeof makeAjv>>;
    beforeAll(() => {
      compileStrict = makeAjv(doc, true);
    });

    /** The answer's status and type are documented for the operation, and the body fits the schema given there. */
    function expectDocumented(res: Json, method: string, template: string) {
      const op = doc.paths[template]?.[method];
      expect(op, `${method.toUpperCase()} ${template} is documented`).toBeDefined();
      const where = `${method.toUpperCase()} ${template} ${res.status}`;
      const response = op.responses[String(res.status)];
      expect(response, `${where} is documented (body: ${res.text?.slice(0, 300)})`).toBeDefined();
      if (res.status === 204) return;
      const type = String(res.headers['content-type']).split(';')[0]!.trim();
      const media = response.content?.[type];
      expect(media, `${where}: ${type} is documented`).toBeDefined();
      const body = /json$/.test(type) ? res.body : res.text;
      const validate = compileStrict(media.schema);
      expect(validate(body), `${where}:\n${errorsOf(validate)}`).toBe(true);
      for (const header of Object.keys(response.headers ?? {}))
        expect(res.headers[header.toLowerCase()], `${where} header ${header}`).toBeDefined();
    }

    let ruleId = '';
    let evaluationId = '';

    it('rules: create (the examples), list, get, change with If-Match, versions, restore', async () => {
      for (const rule of EVALUATION_RULES) {
        const res = await t.http().post('/v1/rules').send(rule);
        expectDocumented(res, 'post', '/v1/rules');
        expect(res.status).toBe(201);
        ruleId ||= res.body.id;
      }
      expectDocumented(await t.http().get('/v1/rules?kind=disallowed-tags&limit=1'), 'get', '/v1/rules');
      const one = await t.http().get(`/v1/rules/${ruleId}`);
      expectDocumented(one, 'get', '/v1/rules/{id}');
      const patched = await t
        .http()
        .patch(`/v1/rules/${ruleId}`)
        .set('if-match', one.headers.etag)
        .send({ severity: 'critical' });
      expectDocumented(patched, 'patch', '/v1/rules/{id}');
      expect(patched.status).toBe(200);
      const stale = await t
        .http()
        .patch(`/v1/rules/${ruleId}`)
        .set('if-match', one.headers.etag)
        .send({ enabled: true });
      expectDocumented(stale, 'patch', '/v1/rules/{id}');
      expect(stale.status).toBe(412);
      expectDocumented(await t.http().get(`/v1/rules/${ruleId}/versions`), 'get', '/v1/rules/{id}/versions');
      const restored = await t
        .http()
        .post(`/v1/rules/${ruleId}/versions/1/restore`)
        .set('if-match', patched.headers.etag);
      expectDocumented(restored, 'post', '/v1/rules/{id}/versions/{version}/restore');
      expect(restored.status).toBe(200);
      const missing = await t.http().get('/v1/rules/00000000-0000-4000-8000-000000000000');
      expectDocumented(missing, 'get', '/v1/rules/{id}');
      expect(missing.status).toBe(404);
    });

    it('the invalid-rule and unsupported-type examples are what the app answers', async () => {
      const invalid = await t
        .http()
        .post('/v1/rules')
        .set('x-request-id', EXAMPLE_REQUEST_ID)
        .send(INVALID_RULE_REQUEST);
      expectDocumented(invalid, 'post', '/v1/rules');
      expect(invalid.body).toEqual(INVALID_RULE_PROBLEM);
      const conflict = await t.http().post('/v1/rules').send(EVALUATION_RULES[0]);
      expectDocumented(conflict, 'post', '/v1/rules');
      expect(conflict.status).toBe(409);
      const plain = await t
        .http()
        .post('/v1/evaluations')
        .set('x-request-id', EXAMPLE_REQUEST_ID)
        .set('content-type', 'text/plain')
        .send('x');
      expectDocumented(plain, 'post', '/v1/evaluations');
      expect(plain.body).toEqual(UNSUPPORTED_MEDIA_TYPE_PROBLEM);
    });

    it('evaluate: the JSON example (the documented result), YAML with query options, every rendering', async () => {
      const unrecorded = await t.http().post('/v1/evaluations').send(EVALUATE_REQUEST);
      expectDocumented(unrecorded, 'post', '/v1/evaluations');
      expect(unrecorded.body.id).toBeNull();
      const res = await t.http().post('/v1/evaluations').send(EVALUATE_RECORDED_REQUEST);
      expectDocumented(res, 'post', '/v1/evaluations');
      evaluationId = res.body.id;
      // The documented example is this answer (ids aside): verdict, counts, findings and fixes.
      const gist = (r: Json) => ({
        verdict: r.verdict,
        summary: r.summary,
        findings: r.findings.map((f: Json) => [f.rule, f.enforcement, f.slot, f.fix?.patch]),
      });
      expect(gist(res.body)).toEqual(gist(EVALUATION_RESULT));

      const yaml = await t
        .http()
        .post('/v1/evaluations?namespace=prod-shop&admissionPlugins=AlwaysPullImages&kubeletVersion=1.34&record=false')
        .set('content-type', 'application/yaml')
        .send(EVALUATE_MANIFESTS);
      expectDocumented(yaml, 'post', '/v1/evaluations');
      expect(yaml.status).toBe(200);
      for (const format of ['sarif', 'junit', 'markdown', 'policyreport']) {
        const r = await t
          .http()
          .post(`/v1/evaluations?format=${format}&path=deploy/web.yaml`)
          .send({ manifests: EVALUATE_MANIFESTS });
        expectDocumented(r, 'post', '/v1/evaluations');
        expect(r.status).toBe(200);
      }
      const bad = await t.http().post('/v1/evaluations').send({ manifests: EVALUATE_MANIFESTS, cluster: 'prod-us' });
      expectDocumented(bad, 'post', '/v1/evaluations');
      expect(bad.status).toBe(400);
      expectDocumented(
        await t.http().get('/v1/effective-policy?image=nginx:1.27&namespace=prod-shop'),
        'get',
        '/v1/effective-policy',
      );
      expectDocumented(await t.http().get('/v1/effective-policy'), 'get', '/v1/effective-policy');
    });

    it('history and impact', async () => {
      expectDocumented(
        await t.http().get('/v1/evaluations?verdict=fail&namespace=prod-shop'),
        'get',
        '/v1/evaluations',
      );
      expectDocumented(await t.http().get('/v1/evaluations?since=yesterday'), 'get', '/v1/evaluations');
      expectDocumented(await t.http().get(`/v1/evaluations/${evaluationId}`), 'get', '/v1/evaluations/{id}');
      expectDocumented(
        await t.http().get(`/v1/evaluations/${evaluationId}?format=sarif`),
        'get',
        '/v1/evaluations/{id}',
      );
      const impact = await t
        .http()
        .post('/v1/rules/impact')
        .send({ rule: { ...EVALUATION_RULES[0], name: 'no-latest-anywhere', match: null }, last: 10 });
      expectDocumented(impact, 'post', '/v1/rules/impact');
      expect(impact.status).toBe(200);
    });

    it('exceptions and clusters: create (the examples), list, get, change, delete', async () => {
      // The example exception names a rule, which must exist (issue 13).
      const rule = await t
        .http()
        .post('/v1/rules')
        .send({ name: EXCEPTION_REQUEST.rules[0], kind: 'require-digest', enforcement: 'deny' });
      expect([201, 409]).toContain(rule.status);
      for (const [base, body, change] of [
        ['/v1/exceptions', EXCEPTION_REQUEST, { ticket: null }],
        ['/v1/clusters', CLUSTER_REQUEST, { kubeletVersion: null, labels: { env: 'prod' } }],
      ] as const) {
        const created = await t.http().post(base).send(body);
        expectDocumented(created, 'post', base);
        expect(created.status).toBe(201);
        expectDocumented(await t.http().get(base), 'get', base);
        const one = `${base}/${created.body.id}`;
        expectDocumented(await t.http().get(one), 'get', `${base}/{id}`);
        const patched = await t.http().patch(one).set('if-match', created.headers.etag).send(change);
        expectDocumented(patched, 'patch', `${base}/{id}`);
        expect(patched.status).toBe(200);
        const stale = await t.http().delete(one).set('if-match', created.headers.etag);
        expectDocumented(stale, 'delete', `${base}/{id}`);
        expect(stale.status).toBe(412);
        const deleted = await t.http().delete(one).set('if-match', patched.headers.etag);
        expectDocumented(deleted, 'delete', `${base}/{id}`);
        expect(deleted.status).toBe(204);
      }
      if (rule.status === 201) await t.http().delete(`/v1/rules/${rule.body.id}`).expect(204);
    });

    it('chat-ops: the check example is what /v1/chatops/ask answers, as JSON and as Markdown', async () => {
      // Only mutable-tags-pull-always applies in `prod` (no-latest-in-prod matches prod-*), as in the example.
      for (const rule of EVALUATION_RULES)
        expect([201, 409]).toContain((await t.http().post('/v1/rules').send(rule)).status);
      const json = await t.http().post('/v1/chatops/ask').send({ text: SLACK_SLASH_COMMAND.text });
      expectDocumented(json, 'post', '/v1/chatops/ask');
      expect(json.body).toEqual(ASK_CHECK_RESPONSE);
      const markdown = await t
        .http()
        .get('/v1/chatops/ask')
        .query({ q: SLACK_SLASH_COMMAND.text })
        .set('accept', 'text/markdown');
      expectDocumented(markdown, 'get', '/v1/chatops/ask');
      expect(markdown.text).toBe(CHECK_ANSWER_MARKDOWN);
    });

    it('health', async () => {
      expectDocumented(await t.http().get('/healthz'), 'get', '/healthz');
      expectDocumented(await t.http().get('/readyz'), 'get', '/readyz');
    });

    it('admission: the examples are what the webhooks answer (without credentials, as the API server calls)', async () => {
      // The examples' rules come from the rules test above; create them when it was filtered out (-t admission).
      for (const rule of EVALUATION_RULES)
        expect([201, 409]).toContain((await t.http().post('/v1/rules').send(rule)).status);
      await t.http().post('/v1/rules').send(ADMISSION_RULE).expect(201);
      const denied = await t.anon().post('/admission/validate?timeout=5s').send(ADMISSION_REVIEW);
      expectDocumented(denied, 'post', '/admission/validate');
      expect(denied.body).toEqual(ADMISSION_DENIED);
      const patched = await t.anon().post('/admission/mutate').send(ADMISSION_REVIEW);
      expectDocumented(patched, 'post', '/admission/mutate');
      expect(patched.body).toEqual(ADMISSION_PATCHED);
      const object = structuredClone(ADMISSION_REVIEW.request.object);
      object.spec.containers[0]!.imagePullPolicy = 'Always';
      const again = { ...ADMISSION_REVIEW, request: { ...ADMISSION_REVIEW.request, object } };
      const unchanged = await t.anon().post('/admission/mutate').send(again);
      expectDocumented(unchanged, 'post', '/admission/mutate');
      expect(unchanged.body).toEqual(ADMISSION_UNCHANGED);
      for (const mode of ['validate', 'mutate']) {
        const unknown = await t
          .anon()
          .post(`/admission/${mode}/prod-us`)
          .set('x-request-id', EXAMPLE_REQUEST_ID)
          .send(ADMISSION_REVIEW);
        expectDocumented(unknown, 'post', `/admission/${mode}/{cluster}`);
        const documented = doc.paths[`/admission/${mode}/{cluster}`].post.responses['400'].content;
        expect(unknown.body).toEqual(documented['application/problem+json'].examples['unknown-cluster'].value);
      }
      const malformed = await t.anon().post('/admission/validate').send({ apiVersion: 'admission.k8s.io/v1' });
      expectDocumented(malformed, 'post', '/admission/validate');
      expect(malformed.status).toBe(400);
    });
  });
});
