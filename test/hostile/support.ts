// Shared assertions and builders for the hostile corpus (test/hostile/*.e2e-spec.ts).
//
// Every hostile request must end as a client error: 4xx (never 5xx), RFC 9457 problem+json for REST, GraphQL
// errors whose extensions.code is a `urn:pullwise:problem:` type for GraphQL, nothing that describes the
// server (stack frames, node_modules, Fastify codes, Prisma, stack overflows), and the field or path named.
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import ajvFormats from 'ajv-formats';
import { expect } from 'vitest';
import { ADMIN_TOKEN, type TestApp } from '../support/test-app.js';

/**
 * A case that takes longer has gone quadratic (or worse): a 4 MiB input that should take about 3 s then takes
 * minutes. Generous rather than tight, since another test file shares the machine's two cores (Vitest runs two
 * workers) and the slowest honest case took 5.6 s under that load; speed itself is `npm run bench`'s business.
 */
export const PER_CASE_MS = 15_000;

/** Text that only a leak of server internals would put in a response. */
export const LEAKS = [
  /\n\s+at \S/,
  /\bat [\w$.<>[\] ]+ \([^)]*:\d+:\d+\)/,
  /node_modules/,
  /FST_ERR/,
  /Prisma/,
  /Maximum call stack/,
  /\.ts:\d+/,
  /stacktrace/,
] as const;

export interface HttpResult {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  body: any;
}

/** The parts of a supertest response the assertions read. */
export const asResult = (r: { status: number; headers: any; text: string; body: any }): HttpResult => ({
  status: r.status,
  headers: r.headers,
  text: r.text,
  body: r.body,
});

export function expectNoLeak(text: string, context = ''): void {
  for (const leak of LEAKS) expect(text, `${context} leaks ${leak}`).not.toMatch(leak);
}

export interface ProblemExpectation {
  /** Exact status, or a list of acceptable ones; default: any 4xx. */
  status?: number | number[];
  /** Problem type suffix (`invalid-input`, ...). */
  type?: string | string[];
  /** Each must appear in the detail or in errors[] (path or message), case-insensitively. */
  names?: string[];
}

/** A REST client error: 4xx, problem+json, well-formed problem, no leak, the field named. */
export function expectProblem(res: HttpResult, expected: ProblemExpectation = {}, context = ''): any {
  const where = `${context} -> ${res.status} ${res.text.slice(0, 600)}`;
  expect(res.status, where).toBeGreaterThanOrEqual(400);
  expect(res.status, where).toBeLessThan(500);
  if (expected.status !== undefined) {
    const allowed = Array.isArray(expected.status) ? expected.status : [expected.status];
    expect(allowed, where).toContain(res.status);
  }
  expect(String(res.headers['content-type']), where).toMatch(/^application\/problem\+json/);
  expectNoLeak(res.text, context);
  const body = JSON.parse(res.text);
  expect(body.type, where).toMatch(/^urn:pullwise:problem:[a-z-]+$/);
  expect(body.status, where).toBe(res.status);
  expect(typeof body.title, where).toBe('string');
  expect(typeof body.detail, where).toBe('string');
  expect(body.detail.length, where).toBeGreaterThan(0);
  if (expected.type !== undefined) {
    const types = (Array.isArray(expected.type) ? expected.type : [expected.type]).map(
      (t) => `urn:pullwise:problem:${t}`,
    );
    expect(types, where).toContain(body.type);
  }
  for (const name of expected.names ?? []) expect(mentions(body, name), `${where}\nshould name ${name}`).toBe(true);
  return body;
}

/** Whether the detail or errors[] (path, message) name `name`. */
export function mentions(
  problem: { detail?: string; message?: string; errors?: unknown; extensions?: any },
  name: string,
) {
  const haystack = [
    problem.detail ?? '',
    problem.message ?? '',
    JSON.stringify(problem.errors ?? []),
    JSON.stringify(problem.extensions?.errors ?? []),
  ]
    .join('\n')
    .toLowerCase();
  return haystack.includes(name.toLowerCase());
}

/** A GraphQL client error: HTTP 200 or 4xx, errors with a problem type that is not `internal`, no leak. */
export function expectGraphqlProblem(
  res: HttpResult,
  expected: { names?: string[]; type?: string } = {},
  context = '',
): any[] {
  const where = `${context} -> ${res.status} ${res.text.slice(0, 600)}`;
  expect(res.status, where).toBeLessThan(500);
  expect(res.status === 200 || (res.status >= 400 && res.status < 500), where).toBe(true);
  expectNoLeak(res.text, context);
  expect(String(res.headers['content-type']), where).toMatch(/json/);
  const body = JSON.parse(res.text);
  expect(Array.isArray(body.errors) && body.errors.length > 0, where).toBe(true);
  for (const e of body.errors) {
    expect(typeof e.message, where).toBe('string');
    expect(e.extensions?.code, where).toMatch(/^urn:pullwise:problem:[a-z-]+$/);
    expect(e.extensions.code, where).not.toBe('urn:pullwise:problem:internal');
  }
  if (expected.type) expect(body.errors[0].extensions.code, where).toBe(`urn:pullwise:problem:${expected.type}`);
  for (const name of expected.names ?? [])
    expect(
      body.errors.some((e: any) => mentions(e, name)),
      `${where}\nshould name ${name}`,
    ).toBe(true);
  return body.errors;
}

// ---------------------------------------------------------------------------------------------------------
// Inputs

export const NUL = '\u0000';
export const LONE_SURROGATE = '\uD800';
/** One character more than the default PULLWISE_MAX_STRING_LENGTH (1 MiB). */
export const HUGE = 'x'.repeat(1_048_577);

export const POD_YAML =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: "nginx:1.27"}]\n';

export const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod', labels: { app: 'web' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox:1.36' }],
        containers: [
          { name: 'app', image: 'registry.example.com/shop/web:v1.2.3', imagePullPolicy: 'IfNotPresent' },
          { name: 'sidecar', image: 'nginx@sha256:' + 'a'.repeat(64) },
        ],
      },
    },
  },
};

/** A JSON value nested `depth` levels: {"a":{"a":...}} or [[...]]. */
export function nested(depth: number, kind: 'object' | 'array' = 'object'): string {
  return kind === 'object' ? '{"a":'.repeat(depth) + '1' + '}'.repeat(depth) : '['.repeat(depth) + ']'.repeat(depth);
}

// ---------------------------------------------------------------------------------------------------------
// The committed contracts, to generate cases from.

export function openapiDocument(): any {
  return JSON.parse(readFileSync(new URL('../../apps/api/openapi.json', import.meta.url), 'utf8'));
}

export function graphqlSdl(): string {
  return readFileSync(new URL('../../apps/api/schema.gql', import.meta.url), 'utf8');
}

/** Follows `$ref`s (local ones only) and merges `allOf`; returns the schema object. */
export function deref(doc: any, schema: any, seen = new Set<string>()): any {
  if (!schema || typeof schema !== 'object') return schema;
  if (typeof schema.$ref === 'string') {
    if (seen.has(schema.$ref)) return {};
    seen.add(schema.$ref);
    const target = schema.$ref
      .replace(/^#\//, '')
      .split('/')
      .reduce((o: any, k: string) => o?.[k], doc);
    return deref(doc, { ...target, ...omit(schema, '$ref') }, seen);
  }
  return schema;
}

function omit(o: Record<string, unknown>, key: string) {
  const { [key]: _drop, ...rest } = o;
  return rest;
}

/** The JSON types a (dereferenced) schema admits; empty when it says nothing. */
export function typesOf(doc: any, schema: any): Set<string> {
  const s = deref(doc, schema);
  const out = new Set<string>();
  if (!s || typeof s !== 'object') return out;
  if (typeof s.type === 'string') out.add(s.type);
  if (Array.isArray(s.type)) for (const t of s.type) out.add(t);
  if (s.const !== undefined) out.add(typeof s.const);
  if (Array.isArray(s.enum)) for (const v of s.enum) out.add(v === null ? 'null' : typeof v);
  for (const k of ['oneOf', 'anyOf'])
    if (Array.isArray(s[k])) for (const sub of s[k]) for (const t of typesOf(doc, sub)) out.add(t);
  if (out.has('integer')) out.add('number');
  return out;
}

/** Wrong-type values for a field: each is a value of a JSON type the schema does not admit. */
export function wrongTypeValues(types: Set<string>): [string, unknown][] {
  const candidates: [string, string, unknown][] = [
    ['a number', 'number', 12345],
    ['a boolean', 'boolean', true],
    ['a string', 'string', 'not-the-right-type'],
    ['an object', 'object', { unexpected: 'object' }],
    ['an array', 'array', ['an', 'array']],
    ['null', 'null', null],
  ];
  if (types.size === 0) return [];
  return candidates.filter(([, t]) => !types.has(t)).map(([what, , v]) => [what, v]);
}

// ---------------------------------------------------------------------------------------------------------
// JSON Schema validation against the committed OpenAPI document (as test/openapi.e2e-spec.ts does).

const BASE = 'https://pullwise.invalid/openapi.json';

function rebase(node: any): any {
  if (Array.isArray(node)) return node.map(rebase);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node).map(([k, v]) => [
      k,
      k === '$ref' && typeof v === 'string' ? v.replace('#/components/schemas/', `${BASE}#/$defs/`) : rebase(v),
    ]),
  );
}

/** A validator for schemas of the document (refs into components resolve). */
export function schemaValidator(doc: any): (schema: any) => (value: unknown) => boolean {
  const ajv = new Ajv2020({ allErrors: false, strict: false, allowUnionTypes: true });
  ajvFormats.default(ajv);
  ajv.addVocabulary(['discriminator', 'xml', 'externalDocs', 'example']);
  ajv.addSchema({ $id: BASE, $defs: rebase(doc.components.schemas) });
  const cache = new Map<any, (value: unknown) => boolean>();
  return (schema) => {
    let v = cache.get(schema);
    if (!v) {
      const compiled = ajv.compile(rebase(schema));
      v = (value) => compiled(value) as boolean;
      cache.set(schema, v);
    }
    return v;
  };
}

// ---------------------------------------------------------------------------------------------------------
// Raw bytes (supertest would JSON-encode a Buffer sent as application/json): Fastify's inject, as admin.

export async function rawRequest(
  t: TestApp,
  req: { method: string; url: string; headers?: Record<string, string>; body?: Buffer | string },
): Promise<HttpResult> {
  const fastify = t.app.getHttpAdapter().getInstance();
  const res = await fastify.inject({
    method: req.method as 'POST',
    url: req.url,
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, ...req.headers },
    ...(req.body !== undefined ? { payload: req.body } : {}),
  });
  let body: unknown;
  try {
    body = JSON.parse(res.body);
  } catch {
    body = undefined;
  }
  return { status: res.statusCode, headers: res.headers as HttpResult['headers'], text: res.body, body };
}

/** Sets `value` at `path` in a deep copy of `base`, creating objects on the way. */
export function setAt(base: unknown, path: readonly (string | number)[], value: unknown): any {
  const root: any = structuredClone(base ?? {});
  let node = root;
  for (let i = 0; i < path.length - 1; i++) {
    const k = path[i]!;
    if (node[k] === null || typeof node[k] !== 'object') node[k] = typeof path[i + 1] === 'number' ? [] : {};
    node = node[k];
  }
  node[path.at(-1)!] = value;
  return root;
}
