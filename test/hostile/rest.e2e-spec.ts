// Hostile REST corpus generated from the committed OpenAPI document (apps/api/openapi.json): for every
// operation, every JSON body field (two levels deep), every query parameter and every path parameter, values
// of the wrong type, null, empty, 1 MiB strings, NUL, unpaired surrogates, out-of-range numbers, arrays for
// scalars, repeated parameters and unknown fields. Each answer must be a 4xx problem+json that names the
// field (schema-valid variants only must not be a 5xx), within a few seconds, leaking nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestApp, type TestApp } from '../support/test-app.js';
import {
  HUGE,
  LONE_SURROGATE,
  NUL,
  PER_CASE_MS,
  POD_YAML,
  deref,
  expectProblem,
  openapiDocument,
  rawRequest,
  schemaValidator,
  setAt,
  typesOf,
  wrongTypeValues,
  type HttpResult,
} from './support.js';

const doc = openapiDocument();
const validator = schemaValidator(doc);
const METHODS = ['get', 'post', 'patch', 'put', 'delete'] as const;

/** Not generated here: the Slack endpoint takes signed form bodies (test/chatops.e2e-spec.ts, transport.e2e-spec.ts). */
const SKIP_PATHS = new Set(['/v1/chatops/slack']);

interface Operation {
  path: string;
  method: (typeof METHODS)[number];
  op: any;
}

const operations: Operation[] = Object.entries(doc.paths as Record<string, any>).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m] && !SKIP_PATHS.has(path)).map((method) => ({ path, method, op: item[method] })),
);

/** How strictly a case is judged. */
type Mode =
  /** Always a 4xx problem naming the field (NUL, surrogates, over-long strings, unknown fields). */
  | 'reject'
  /** A 4xx problem naming the field when the document's schema rejects the value, else anything but a 5xx. */
  | 'schema'
  /** Anything but a 5xx (4xx answers are problems). */
  | 'survive';

interface BodyCase {
  name: string;
  body: unknown;
  /** Raw JSON text instead of `body` (numbers JSON.stringify cannot write). */
  raw?: string;
  mode: Mode;
  field: string;
}

let t: TestApp;
/** Ids of resources created for path parameters, by collection path. */
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await bootTestApp({ env: { PULLWISE_RATE_LIMIT: '0' } });
  const create = async (path: string, body: unknown) => {
    const res = await t
      .http()
      .post(path)
      .set('content-type', 'application/json')
      .send(body as object);
    expect(res.status, `${path}: ${res.text}`).toBeLessThan(300);
    return res.body.id as string;
  };
  ids['/v1/rules'] = await create('/v1/rules', { ...exampleOf(find('post', '/v1/rules')), name: 'hostile-base-rule' });
  // An exception must name rules that exist. The document's exception example waives the rule its evaluation
  // example reports ("pin-digests", a require-digest rule); create those, so every generated exception body is
  // judged on the field it varies and schema-valid ones reach the store, rather than all stopping at rules[0].
  for (const rule of exampleOf(find('post', '/v1/exceptions')).rules as string[])
    if (rule !== '*') await create('/v1/rules', { name: rule, kind: 'require-digest', enforcement: 'warn' });
  ids['/v1/exceptions'] = await create('/v1/exceptions', {
    ...exampleOf(find('post', '/v1/exceptions')),
    name: 'hostile-base-exception',
  });
  ids['/v1/clusters'] = await create('/v1/clusters', {
    ...exampleOf(find('post', '/v1/clusters')),
    name: 'hostile-base-cluster',
  });
  ids['/v1/evaluations'] = await create('/v1/evaluations', { manifests: POD_YAML, record: true });
}, 120_000);
afterAll(() => t?.close());

function find(method: string, path: string): Operation | undefined {
  return operations.find((o) => o.method === method && o.path === path);
}

function jsonContent(op: any): any {
  return op?.requestBody?.content?.['application/json'];
}

function exampleOf(o: Operation | undefined): any {
  const content = jsonContent(o?.op);
  const first = Object.values((content?.examples ?? {}) as Record<string, { value: unknown }>)[0];
  return structuredClone(first?.value ?? content?.example ?? {});
}

/** A concrete URL for an operation: path parameters filled with existing resources. */
function urlOf(o: Operation, params: Record<string, string> = {}): string {
  return o.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (params[name] !== undefined) return params[name]!;
    if (name === 'version') return '1';
    const collection = Object.keys(ids).find((c) => o.path.startsWith(`${c}/`));
    return (collection && ids[collection]) || '00000000-0000-4000-8000-000000000000';
  });
}

async function send(o: Operation, c: { body?: unknown; raw?: string; url?: string }): Promise<HttpResult> {
  const url = c.url ?? urlOf(o);
  if (c.raw !== undefined)
    return rawRequest(t, {
      method: o.method.toUpperCase(),
      url,
      headers: { 'content-type': 'application/json' },
      body: c.raw,
    });
  let req = t.http()[o.method](url);
  if (c.body !== undefined) req = req.set('content-type', 'application/json').send(c.body as object);
  const res = await req;
  return { status: res.status, headers: res.headers, text: res.text, body: res.body };
}

// ---------------------------------------------------------------------------------------------------------
// Body cases

function bodyCases(o: Operation): BodyCase[] {
  const content = jsonContent(o.op);
  if (!content) return [];
  const base = exampleOf(o);
  const root = deref(doc, content.schema);
  const cases: BodyCase[] = [];
  const walk = (schema: any, path: (string | number)[], level: number) => {
    const s = deref(doc, schema);
    const props = (s?.properties ?? {}) as Record<string, any>;
    for (const [prop, propSchema] of Object.entries(props)) {
      const at = [...path, prop];
      const label = at.join('.');
      const types = typesOf(doc, propSchema);
      const add = (what: string, value: unknown, mode: Mode) =>
        cases.push({ name: `${label}: ${what}`, body: setAt(base, at, value), mode, field: prop });
      for (const [what, value] of wrongTypeValues(types)) add(what, value, 'schema');
      if (types.size === 0 || types.has('string')) {
        add('empty string', '', 'schema');
        add('NUL inside', `a${NUL}b`, 'reject');
        add('unpaired surrogate', `a${LONE_SURROGATE}b`, 'reject');
        add('1 MiB + 1 string', HUGE, prop === 'manifests' ? 'survive' : 'reject');
        add('whitespace only', '   \t\n', 'schema');
      }
      if (types.has('number')) {
        add('negative', -1, 'schema');
        add('fraction', 1.5, 'schema');
        add('2^53 + 2', 2 ** 53 + 2, 'schema');
        add('1e308', 1e308, 'schema');
        cases.push({
          name: `${label}: 1e400 (not a finite number)`,
          body: undefined,
          raw: JSON.stringify(setAt(base, at, 0)).replace(rawSlot(at), (_m, key: string) => `${key}1e400`),
          mode: 'reject',
          field: prop,
        });
      }
      if (types.has('array')) {
        add('empty array', [], 'schema');
        add('NUL in an element', [`a${NUL}`], 'reject');
        add('unpaired surrogate in an element', [LONE_SURROGATE], 'reject');
        add('nested arrays', [[['deep']]], 'schema');
      }
      if (types.has('object')) {
        add('NUL in a key', { [`k${NUL}`]: 'v' }, 'reject');
        const sub = deref(doc, propSchema);
        const inner = sub?.properties
          ? sub
          : (sub?.oneOf ?? sub?.anyOf ?? []).map((x: any) => deref(doc, x)).find((x: any) => x?.properties);
        if (inner?.properties && level < 1) {
          walk(inner, at, level + 1);
          if (inner.additionalProperties === false)
            add('unknown nested field', { ...(base?.[prop] ?? {}), notAField: 1 }, 'schema');
        }
      }
    }
  };
  walk(root, [], 0);
  cases.push({
    name: '(body) unknown top-level field',
    body: { ...base, notAField: true },
    mode: 'schema',
    field: 'notAField',
  });
  // Whole-body cases: the problem names the offending key, or (empty object, array) whatever is missing.
  cases.push({
    name: '(body) NUL in a top-level key',
    body: { ...base, [`x${NUL}`]: 1 },
    mode: 'reject',
    field: 'body',
  });
  cases.push({ name: '(body) empty object', body: {}, mode: 'schema', field: '' });
  cases.push({ name: '(body) an array', body: [base], mode: 'schema', field: '' });
  return cases;
}

/** Regex matching the JSON text of the value at `at` when it is the literal 0 (set by setAt) — last key only. */
function rawSlot(at: (string | number)[]): RegExp {
  const key = String(at.at(-1));
  return new RegExp(`("${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}":)0(?=[,}])`);
}

async function judge(res: HttpResult, mode: Mode, field: string, valid: boolean, context: string) {
  if (mode === 'reject' || (mode === 'schema' && !valid)) {
    const problem = expectProblem(res, {}, context);
    if (res.status === 400 && field) expectNamed(problem, field, context);
    return;
  }
  expect(res.status, `${context} -> ${res.status} ${res.text.slice(0, 400)}`).toBeLessThan(500);
  if (res.status >= 400) expectProblem(res, {}, context);
}

function expectNamed(problem: any, field: string, context: string) {
  const text = `${problem.detail}\n${JSON.stringify(problem.errors ?? [])}`.toLowerCase();
  expect(
    text.includes(field.toLowerCase()),
    `${context}: the problem should name ${field}: ${text.slice(0, 500)}`,
  ).toBe(true);
}

for (const o of operations) {
  const cases = bodyCases(o);
  if (cases.length === 0) continue;
  const schema = deref(doc, jsonContent(o.op).schema);
  describe(`${o.method.toUpperCase()} ${o.path} body`, { timeout: PER_CASE_MS }, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const valid = c.raw === undefined && validator(schema)(c.body);
      const res = await send(o, { body: c.body, raw: c.raw });
      await judge(res, c.mode, c.field, valid, `${o.method.toUpperCase()} ${o.path} ${c.name}`);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Query parameters

interface QueryCase {
  name: string;
  query: string;
  mode: Mode;
  field: string;
}

/** Values a query parameter of this schema must refuse, with why. */
function invalidValues(schema: any): [string, string][] {
  const s = deref(doc, schema);
  const types = typesOf(doc, schema);
  if (Array.isArray(s?.enum))
    return [
      ['not one of the values', 'NOT-A-VALUE'],
      ['wrong case', String(s.enum[0]).toUpperCase() + 'X'],
    ];
  if (types.has('integer') || types.has('number'))
    return [
      ['not a number', 'abc'],
      ['negative', '-1'],
      ['zero', '0'],
      ['fraction', '1.5'],
      ['overflow', '1e309'],
      ['huge', '99999999999999999999'],
      ['hex', '0x10'],
    ];
  if (types.has('boolean'))
    return [
      ['not a boolean', 'maybe'],
      ['a number', '2'],
    ];
  if (s?.format === 'date-time')
    return [
      ['year 0', '0000-01-01T00:00:00Z'],
      ['year 10000', '+010000-01-01T00:00:00Z'],
      ['month 13', '2026-13-01T00:00:00Z'],
      ['no zone', '2026-11-01T00:00:00'],
      ['words', 'yesterday'],
      ['year 1969', '1969-12-31T23:59:59Z'],
    ];
  return [];
}

function queryCases(o: Operation): QueryCase[] {
  const params = ((o.op.parameters ?? []) as any[]).map((p) => deref(doc, p)).filter((p) => p.in === 'query');
  if (params.length === 0) return [];
  const required = params.filter((p) => p.required).map((p) => `${p.name}=${encodeURIComponent(sample(p))}`);
  const cases: QueryCase[] = [];
  for (const p of params) {
    const others = required.filter((r) => !r.startsWith(`${p.name}=`));
    const q = (v: string) => [...others, `${p.name}=${v}`].join('&');
    const isList = typesOf(doc, p.schema).has('array');
    const good = encodeURIComponent(sample(p));
    const add = (what: string, query: string, mode: Mode) =>
      cases.push({ name: `?${p.name}: ${what}`, query, mode, field: p.name });
    add('given twice', [...others, `${p.name}=${good}`, `${p.name}=${good}`].join('&'), isList ? 'survive' : 'reject');
    add('NUL inside', q(`a%00b`), 'reject');
    add('only NUL', q(`%00`), 'reject');
    add('encoded unpaired surrogate bytes', q('%ED%A0%80'), 'survive');
    add('malformed percent-encoding', q('%E0%A4%A'), 'survive');
    add('4,000 characters', q('x'.repeat(4000)), 'survive');
    add('empty', q(''), 'survive');
    add('SQL-ish', q(encodeURIComponent("' OR 1=1 --")), 'survive');
    add('brackets (qs-style object)', [...others, `${p.name}[a]=1`].join('&'), 'survive');
    for (const [what, v] of invalidValues(p.schema)) add(what, q(encodeURIComponent(v)), 'reject');
  }
  cases.push({
    name: '?unknown parameter',
    query: [...required, 'notAParameter=1'].join('&'),
    mode: 'survive',
    field: 'notAParameter',
  });
  return cases;
}

function sample(p: any): string {
  if (p.name === 'image') return 'nginx:1.27';
  const s = deref(doc, p.schema);
  if (Array.isArray(s?.enum)) return String(s.enum[0]);
  const types = typesOf(doc, p.schema);
  if (types.has('integer') || types.has('number')) return '10';
  if (types.has('boolean')) return 'true';
  if (s?.format === 'date-time') return '2026-01-01T00:00:00Z';
  if (p.name === 'kubeletVersion') return '1.34';
  return 'sample';
}

for (const o of operations) {
  const cases = queryCases(o);
  if (cases.length === 0) continue;
  describe(`${o.method.toUpperCase()} ${o.path} query`, { timeout: PER_CASE_MS }, () => {
    it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
      const url = `${urlOf(o)}?${c.query}`;
      const res =
        o.method === 'post'
          ? await (async () => {
              const r = await t.http().post(url).set('content-type', 'application/yaml').send(POD_YAML);
              return { status: r.status, headers: r.headers, text: r.text, body: r.body };
            })()
          : await send(o, { url });
      // An invalid value of a parameter the route does not read is not a failure: only require the field named
      // when the answer is a 400.
      await judge(res, c.mode, c.field, false, `${o.method.toUpperCase()} ${o.path}?${c.query.slice(0, 120)}`);
    });
  });
}

// ---------------------------------------------------------------------------------------------------------
// Path parameters

const BAD_IDS: [string, string][] = [
  ['not a UUID', 'not-a-uuid'],
  ['NUL', '%00'],
  ['NUL inside a UUID', '00000000-0000-4000-8000-00000000%0000'],
  ['101 characters (over maxParamLength)', 'x'.repeat(101)],
  ['encoded unpaired surrogate', '%ED%A0%80'],
  ['malformed percent-encoding', '%ZZ'],
  ['nil UUID (does not exist)', '00000000-0000-0000-0000-000000000000'],
  ['SQL-ish', encodeURIComponent("1' OR '1'='1")],
  ['dot segments', '..%2F..%2Fetc%2Fpasswd'],
  ['a UUID with braces', encodeURIComponent('{00000000-0000-4000-8000-000000000000}')],
];
const BAD_VERSIONS: [string, string][] = [
  ['zero', '0'],
  ['negative', '-1'],
  ['not a number', 'abc'],
  ['overflow', '99999999999999999999'],
  ['exponent', '1e3'],
  ['does not exist', '999999'],
];

for (const o of operations) {
  const names = [...o.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]!);
  if (names.length === 0) continue;
  const body = jsonContent(o.op) ? exampleOf(o) : undefined;
  const cases = names.flatMap((name) =>
    (name === 'version' ? BAD_VERSIONS : BAD_IDS).map(([what, value]) => [`{${name}}: ${what}`, name, value] as const),
  );
  describe(`${o.method.toUpperCase()} ${o.path} path`, { timeout: PER_CASE_MS }, () => {
    it.each(cases)('%s', async (_name, name, value) => {
      const url = urlOf(o, { [name]: value });
      const res = await send(o, { url, body });
      expectProblem(res, { status: [400, 404, 412, 414, 428] }, `${o.method.toUpperCase()} ${url.slice(0, 120)}`);
    });
  });
}
