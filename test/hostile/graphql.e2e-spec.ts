// Hostile GraphQL corpus. Generated from the committed SDL (apps/api/schema.gql): for every query and mutation
// field, every argument and every input-object field, values of the wrong type, null for non-null, NUL and
// unpaired surrogates (as variables and as inline literals), 1 MiB strings, out-of-range numbers, unknown
// arguments and fields. Then hand-written garbage: syntax errors, wrong variable types, deep documents,
// 1,000 aliases, costly lists, subscriptions, batches, odd transports. Every answer is HTTP 200 or 4xx with
// errors whose extensions.code is a `urn:pullwise:problem:` type other than `internal`, leaking nothing.
import {
  buildSchema,
  getNamedType,
  getNullableType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
} from 'graphql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestApp, type TestApp } from '../support/test-app.js';
import {
  HUGE,
  LONE_SURROGATE,
  NUL,
  PER_CASE_MS,
  POD_YAML,
  expectGraphqlProblem,
  expectNoLeak,
  graphqlSdl,
  nested,
  type HttpResult,
} from './support.js';

const schema = buildSchema(graphqlSdl());
const NONEXISTENT = '00000000-0000-4000-8000-000000000000';

let t: TestApp;
const ids: Record<string, string> = {};

beforeAll(async () => {
  t = await bootTestApp({ env: { PULLWISE_RATE_LIMIT: '0' } });
  const rule = await t.http().post('/v1/rules').send({ name: 'gql-base', kind: 'require-digest', enforcement: 'warn' });
  expect(rule.status, rule.text).toBe(201);
  ids.rule = rule.body.id;
  const rec = await t.http().post('/v1/evaluations').send({ manifests: POD_YAML, record: true });
  expect(rec.status, rec.text).toBe(200);
  ids.evaluation = rec.body.id;
}, 120_000);
afterAll(() => t?.close());

async function post(body: unknown, headers: Record<string, string> = {}): Promise<HttpResult> {
  let req = t.http().post('/graphql').set('content-type', 'application/json');
  for (const [k, v] of Object.entries(headers)) req = req.set(k, v);
  const res = await req.send(body as object);
  return { status: res.status, headers: res.headers, text: res.text, body: res.body };
}

// ---------------------------------------------------------------------------------------------------------
// Valid sample values, so that each case has exactly one thing wrong.

function sampleFor(type: GraphQLInputType, name: string, parentField: string): unknown {
  const nullable = getNullableType(type);
  if (isListType(nullable)) return [sampleFor(nullable.ofType as GraphQLInputType, name, parentField)];
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.value;
  if (isInputObjectType(named)) {
    const out: Record<string, unknown> = {};
    for (const f of Object.values(named.getFields()))
      if (isNonNullType(f.type)) out[f.name] = sampleFor(f.type, f.name, parentField);
    return out;
  }
  switch (named.name) {
    case 'Int':
      return name === 'version' ? 1 : 10;
    case 'Boolean':
      return false;
    case 'JSON':
      return name === 'rule' ? { name: 'gql-proposed', kind: 'require-digest', enforcement: 'warn' } : {};
    case 'ID':
      if (
        parentField.startsWith('create') ||
        parentField.startsWith('update') ||
        parentField.startsWith('delete') ||
        parentField.startsWith('restore')
      )
        return NONEXISTENT;
      return parentField === 'evaluation' ? ids.evaluation : ids.rule;
  }
  if (name === 'manifests') return POD_YAML;
  if (name === 'image') return 'nginx:1.27';
  if (name === 'from') return '2026-01-01';
  if (name === 'to') return '2026-02-01';
  if (name === 'name') return 'gql-sample';
  if (name === 'kind') return 'require-digest';
  if (name === 'enforcement') return 'warn';
  if (name === 'scopes') return 'evaluate';
  return 'sample';
}

function typeString(type: GraphQLInputType): string {
  return String(type);
}

function selectionFor(field: GraphQLField<unknown, unknown>): string {
  const named = getNamedType(field.type);
  return isObjectType(named) ? '{ __typename }' : '';
}

/** `query Op($a: T, ...) { field(a: $a, ..., extra) { __typename } }`, with the given arguments as variables. */
function documentFor(
  op: 'query' | 'mutation',
  field: GraphQLField<unknown, unknown>,
  args: readonly GraphQLArgument[],
  extra: string[] = [],
) {
  const defs = args.map((a) => `$${a.name}: ${typeString(a.type)}`).join(', ');
  const uses = [...args.map((a) => `${a.name}: $${a.name}`), ...extra].join(', ');
  return `${op} Hostile${defs ? `(${defs})` : ''} { ${field.name}${uses ? `(${uses})` : ''} ${selectionFor(field)} }`;
}

function baseVariables(field: GraphQLField<unknown, unknown>): Record<string, unknown> {
  const vars: Record<string, unknown> = {};
  for (const a of field.args) if (isNonNullType(a.type)) vars[a.name] = sampleFor(a.type, a.name, field.name);
  return vars;
}

interface GqlCase {
  name: string;
  body: { query: string; variables?: Record<string, unknown> };
  /** Names the response must mention (argument or field). */
  names: string[];
  /** Data may come back (the value is odd but acceptable); still no internal error or leak. */
  lenient?: boolean;
}

/** Wrong values for a GraphQL input type (each fails input coercion). */
function wrongValues(type: GraphQLInputType): [string, unknown][] {
  const nullable = getNullableType(type);
  const out: [string, unknown][] = [];
  if (isNonNullType(type)) out.push(['null for a non-null argument', null]);
  if (isListType(nullable)) {
    out.push(['a list of lists', [[1]]]);
    out.push(['an object instead of a list', { not: 'a list' }]);
    return out;
  }
  const named = getNamedType(type);
  if (isEnumType(named)) return [...out, ['an unknown enum value', 'NOT_A_VALUE'], ['a number', 3]];
  if (isInputObjectType(named))
    return [...out, ['a string instead of an object', 'not an object'], ['an unknown field', { notAField: 1 }]];
  if (isScalarType(named)) {
    switch (named.name) {
      case 'String':
        return [
          ...out,
          ['a number', 12345],
          ['a boolean', true],
          ['an object', { a: 1 }],
          ['a list of objects', [{ a: 1 }]],
        ];
      case 'Int':
        return [
          ...out,
          ['a string', 'ten'],
          ['2^31 (overflows Int)', 2 ** 31],
          ['a fraction', 1.5],
          ['-2^31 - 1', -(2 ** 31) - 1],
        ];
      case 'Boolean':
        return [...out, ['a string', 'yes'], ['a number', 1]];
      case 'ID':
        return [...out, ['a boolean', true], ['an object', { id: 1 }], ['a fraction', 1.5]];
      case 'JSON':
        return out;
    }
  }
  return out;
}

function isStringish(type: GraphQLInputType): boolean {
  const n = getNamedType(type);
  return n.name === 'String' || n.name === 'ID';
}

function fieldCases(op: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): GqlCase[] {
  const cases: GqlCase[] = [];
  const query = documentFor(op, field, field.args);
  const base = baseVariables(field);
  const withVar = (name: string, value: unknown) => ({ query, variables: { ...base, [name]: value } });
  for (const arg of field.args) {
    for (const [what, value] of wrongValues(arg.type))
      cases.push({ name: `$${arg.name}: ${what}`, body: withVar(arg.name, value), names: [arg.name] });
    if (isStringish(arg.type)) {
      const listy = isListType(getNullableType(arg.type));
      const wrap = (s: string) => (listy ? [s] : s);
      cases.push({ name: `$${arg.name}: NUL inside`, body: withVar(arg.name, wrap(`a${NUL}b`)), names: [arg.name] });
      cases.push({
        name: `$${arg.name}: unpaired surrogate`,
        body: withVar(arg.name, wrap(`a${LONE_SURROGATE}`)),
        names: [arg.name],
      });
      cases.push({ name: `$${arg.name}: 1 MiB + 1`, body: withVar(arg.name, wrap(HUGE)), names: [arg.name] });
      // The same as an inline literal: the document itself carries the NUL.
      const others = field.args.filter((a) => a !== arg);
      const literal = `${arg.name}: ${listy ? '["a\\u0000b"]' : '"a\\u0000b"'}`;
      const vars = { ...base };
      delete vars[arg.name];
      cases.push({
        name: `${arg.name}: NUL in an inline literal`,
        body: { query: documentFor(op, field, others, [literal]), variables: vars },
        names: [arg.name],
      });
    }
    const named = getNamedType(arg.type);
    if (isInputObjectType(named)) {
      const sample = (base[arg.name] ?? sampleFor(arg.type, arg.name, field.name)) as Record<string, unknown>;
      for (const f of Object.values(named.getFields())) {
        const at = (value: unknown) => withVar(arg.name, { ...sample, [f.name]: value });
        for (const [what, value] of wrongValues(f.type))
          cases.push({ name: `$${arg.name}.${f.name}: ${what}`, body: at(value), names: [f.name] });
        if (isStringish(f.type)) {
          const listy = isListType(getNullableType(f.type));
          const wrap = (s: string) => (listy ? [s] : s);
          cases.push({ name: `$${arg.name}.${f.name}: NUL inside`, body: at(wrap(`x${NUL}`)), names: [f.name] });
          cases.push({
            name: `$${arg.name}.${f.name}: unpaired surrogate`,
            body: at(wrap(`\uDC00x`)),
            names: [f.name],
          });
          if (f.name !== 'manifests')
            cases.push({ name: `$${arg.name}.${f.name}: 1 MiB + 1`, body: at(wrap(HUGE)), names: [f.name] });
        }
        if (named.name === 'JSON' || getNamedType(f.type).name === 'JSON') {
          cases.push({
            name: `$${arg.name}.${f.name}: JSON nested 10,000 deep`,
            body: at(JSON.parse(nested(200))),
            names: [],
          });
          cases.push({
            name: `$${arg.name}.${f.name}: JSON with a NUL key`,
            body: at({ [`k${NUL}`]: 1 }),
            names: [f.name],
          });
        }
      }
      cases.push({
        name: `$${arg.name}: NUL in an unknown key`,
        body: withVar(arg.name, { ...sample, [`z${NUL}`]: 1 }),
        names: [arg.name],
      });
    }
    if (isNonNullType(arg.type)) {
      const without = field.args.filter((a) => a !== arg);
      const vars = { ...base };
      delete vars[arg.name];
      cases.push({
        name: `${arg.name}: missing`,
        body: { query: documentFor(op, field, without), variables: vars },
        names: [arg.name],
      });
    }
  }
  cases.push({
    name: 'an unknown argument',
    body: { query: documentFor(op, field, field.args, ['notAnArgument: 1']), variables: base },
    names: ['notAnArgument'],
  });
  if (isObjectType(getNamedType(field.type))) {
    cases.push({
      name: 'an unknown selected field',
      body: { query: query.replace('{ __typename }', '{ notAField }'), variables: base },
      names: ['notAField'],
    });
    cases.push({
      name: 'no selection on an object',
      body: { query: query.replace(' { __typename }', ''), variables: base },
      names: [field.name],
    });
  } else {
    cases.push({
      name: 'a selection on a scalar',
      body: { query: query.replace(/ \}$/, ' { x } }'), variables: base },
      names: [field.name],
    });
  }
  return cases;
}

for (const op of ['query', 'mutation'] as const) {
  const root = op === 'query' ? schema.getQueryType() : schema.getMutationType();
  for (const field of Object.values(root?.getFields() ?? {})) {
    const cases = fieldCases(op, field);
    describe(`${op} ${field.name}`, { timeout: PER_CASE_MS }, () => {
      it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
        const res = await post(c.body);
        const context = `${op} ${field.name} ${c.name}`;
        if (c.lenient) {
          expect(res.status, context).toBeLessThan(500);
          expectNoLeak(res.text, context);
          return;
        }
        expectGraphqlProblem(res, { names: c.names }, context);
      });
    });
  }
}

// ---------------------------------------------------------------------------------------------------------
// Hand-written garbage

const aliases = (n: number, field = '__typename') =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: ${field}`).join(' ')} }`;

/** [name, body, names the errors must mention, lenient: a well-formed request that may succeed]. */
const GARBAGE: [string, unknown, string[], boolean?][] = [
  ['empty query', { query: '' }, []],
  ['only whitespace', { query: '   \n\t ' }, []],
  ['unclosed brace', { query: '{ health { status }' }, []],
  ['stray closing braces', { query: '}}}' }, []],
  ['the word mutation alone', { query: 'mutation' }, []],
  ['a variable without a type', { query: 'query($a: ) { health { status } }' }, []],
  ['an unknown variable type', { query: 'query($a: Nope) { health { status } }', variables: { a: 1 } }, ['Nope']],
  ['an undefined variable', { query: '{ rule(id: $nope) { name } }' }, ['nope']],
  [
    'a variable of the wrong type for its use',
    { query: 'query($a: Int) { rule(id: $a) { name } }', variables: { a: 1 } },
    ['a'],
  ],
  // graphql-js words literal errors without the argument name (their location points at it).
  ['a string literal for an Int', { query: '{ rules(first: "ten") { totalCount } }' }, ['Int']],
  ['an Int literal that overflows', { query: '{ rules(first: 99999999999) { totalCount } }' }, ['32-bit']],
  ['negative first', { query: '{ rules(first: -5) { totalCount } }' }, ['first']],
  ['first: 0', { query: '{ rules(first: 0) { totalCount } }' }, ['first']],
  ['first: 100000', { query: '{ rules(first: 100000) { totalCount } }' }, ['first']],
  [
    'a forged cursor',
    { query: `{ rules(after: "${Buffer.from('{"k":"x\\u0000"}').toString('base64url')}") { totalCount } }` },
    ['cursor'],
  ],
  ['a cursor that is not base64', { query: '{ rules(after: "%%%") { totalCount } }' }, ['cursor']],
  [
    'a cursor of another shape',
    {
      query: `{ evaluations(after: "${Buffer.from('{"k":"0000-01-01T00:00:00.000Z|x"}').toString('base64url')}") { totalCount } }`,
    },
    ['cursor'],
  ],
  ['a cursor as an array', { query: '{ rules(after: ["a"]) { totalCount } }' }, ['String']],
  ['evaluations since year 0', { query: '{ evaluations(since: "0000-01-01T00:00:00Z") { totalCount } }' }, ['since']],
  [
    'evaluations until year 10000',
    { query: '{ evaluations(until: "+010000-01-01T00:00:00Z") { totalCount } }' },
    ['until'],
  ],
  [
    'evaluations since a date without a zone',
    { query: '{ evaluations(since: "2026-01-01T00:00:00") { totalCount } }' },
    ['since'],
  ],
  ['passRate from year 0', { query: '{ passRate(from: "0000-01-01", to: "0000-06-01") { total } }' }, ['from']],
  [
    'passRate from 0000-01-01T00:00:00Z',
    { query: '{ passRate(from: "0000-01-01T00:00:00Z", to: "0000-12-01T00:00:00Z") { total } }' },
    ['from'],
  ],
  [
    'violationsOverTime over year 9999',
    { query: '{ violationsOverTime(from: "9999-12-01", to: "+010000-01-02", groupBy: RULE) { __typename } }' },
    ['to'],
  ],
  ['an id with NUL', { query: '{ rule(id: "a\\u0000") { name } }' }, ['id']],
  ['an id that is not a UUID', { query: '{ rule(id: "not-a-uuid") { name } }' }, []],
  ['an evaluation id that is 10,000 characters', { query: `{ evaluation(id: "${'x'.repeat(10_000)}") { id } }` }, []],
  ['an unknown top-level field', { query: '{ notAField }' }, ['notAField']],
  ['an unknown mutation', { query: 'mutation { dropDatabase }' }, ['dropDatabase']],
  ['a fragment on an unknown type', { query: '{ ...F } fragment F on Nope { a }' }, ['Nope']],
  [
    'a fragment cycle',
    { query: '{ health { ...A } } fragment A on Health { ...B } fragment B on Health { ...A }' },
    ['A'],
  ],
  ['an unused fragment', { query: '{ health { status } } fragment U on Health { status }' }, ['U']],
  ['two anonymous operations', { query: '{ health { status } } { health { status } }' }, []],
  ['operationName that does not exist', { query: 'query A { health { status } }', operationName: 'B' }, ['B']],
  [
    'two operations without operationName',
    { query: 'query A { health { status } } query B { health { status } }' },
    [],
  ],
  ['a subscription', { query: 'subscription { health { status } }' }, ['subscription']],
  [
    'a named subscription with variables',
    { query: 'subscription S($a: String) { rules { totalCount } }', variables: { a: 'x' } },
    ['subscription'],
  ],
  ['a directive that does not exist', { query: '{ health @nope { status } }' }, ['nope']],
  ['@skip without if', { query: '{ health @skip { status } }' }, ['if']],
  ['the same argument twice', { query: '{ rules(first: 1, first: 2) { totalCount } }' }, ['first']],
  ['a conflicting alias', { query: '{ x: health { status } x: rules { totalCount } }' }, ['x']],
  ['1,000 aliases', { query: aliases(1000) }, ['aliases']],
  ['31 aliases (one over the limit)', { query: aliases(31) }, ['aliases']],
  [
    '100 aliased evaluate calls',
    {
      query: `{ ${Array.from({ length: 100 }, (_, i) => `e${i}: evaluate(input: {manifests: "a: 1"}) { verdict }`).join(' ')} }`,
    },
    ['aliases'],
  ],
  ['a 13-level-deep selection', { query: `{ ${'a { '.repeat(13)}b${' }'.repeat(13)} }` }, ['12']],
  ['a 5,000-level-deep selection', { query: `{ ${'a { '.repeat(5000)}b${' }'.repeat(5000)} }` }, []],
  [
    'a 10,000-deep list literal',
    { query: `{ rules(kind: ${'['.repeat(10_000)}${']'.repeat(10_000)}) { totalCount } }` },
    [],
  ],
  [
    'a 10,000-deep object literal',
    { query: `{ evaluate(input: ${'{a: '.repeat(10_000)}1${'}'.repeat(10_000)}) { verdict } }` },
    [],
  ],
  [
    'deep fragments',
    {
      query: `{ health { ...F0 } } ${Array.from({ length: 50 }, (_, i) => `fragment F${i} on Health { ${i < 49 ? `...F${i + 1}` : 'status'} }`).join(' ')}`,
    },
    [],
    true,
  ],
  [
    'a costly page of rules, 20 times',
    {
      query: `{ ${Array.from({ length: 20 }, (_, i) => `r${i}: rules(first: 500) { nodes { name kind } }`).join(' ')} }`,
    },
    ['cost'],
  ],
  ['100,000 repeated fields (token limit)', { query: `{ ${'__typename '.repeat(100_000)}}` }, []],
  ['a 1 MiB comment', { query: `# ${'x'.repeat(1_048_576)}\n{ health { status } }` }, [], true],
  ['query is a number', { query: 42 }, []],
  ['query is an object', { query: { not: 'a string' } }, []],
  ['query is missing', { variables: {} }, []],
  ['variables is a string', { query: '{ health { status } }', variables: 'not an object' }, []],
  ['variables is an array', { query: '{ health { status } }', variables: [1, 2] }, []],
  [
    'variables nested 5,000 deep',
    { query: 'query($a: JSON) { health { status } }', variables: { a: JSON.parse(nested(5000)) } },
    [],
  ],
  [
    'extensions with an unknown persisted query',
    { extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } } },
    [],
  ],
  // Block strings take no escapes: this is a backslash, not a NUL.
  [
    'an escaped NUL in a block string',
    { query: '{ evaluate(input: {manifests: """a\\u0000b"""}) { verdict } }' },
    [],
    true,
  ],
  ['a raw NUL in the document', { query: `{ health${NUL} { status } }` }, ['body']],
  ['an unpaired surrogate in the document', { query: `{ health { status } } # ${LONE_SURROGATE}` }, ['body']],
  ['an escaped unpaired surrogate in a literal', { query: '{ evaluations(namespace: "\\uD800") { totalCount } }' }, []],
  [
    'evaluate with empty manifests',
    { query: '{ evaluate(input: {manifests: ""}) { verdict } }' },
    ['Kubernetes objects'],
  ],
  [
    'evaluate with whitespace manifests',
    { query: '{ evaluate(input: {manifests: "  \\n\\t "}) { verdict } }' },
    ['Kubernetes objects'],
  ],
  [
    'evaluate with only comments',
    { query: '{ evaluate(input: {manifests: "# nothing\\n---\\n"}) { verdict } }' },
    ['Kubernetes objects'],
  ],
  [
    'evaluate with an unknown cluster',
    {
      query:
        '{ evaluate(input: {manifests: "apiVersion: v1\\nkind: Pod\\nmetadata: {name: p}\\nspec: {containers: [{name: c, image: nginx}]}", cluster: "nope"}) { verdict } }',
    },
    ['cluster'],
  ],
  [
    'evaluate with kubeletVersion 9.99',
    {
      query: `{ evaluate(input: {manifests: ${JSON.stringify(POD_YAML)}, context: {kubeletVersion: "9.99"}}) { verdict } }`,
    },
    ['kubeletVersion'],
  ],
  [
    'evaluate with featureGates not booleans',
    {
      query: `{ evaluate(input: {manifests: ${JSON.stringify(POD_YAML)}, context: {featureGates: {A: "yes"}}}) { verdict } }`,
    },
    ['featureGates'],
  ],
  [
    'report with an unknown format',
    { query: `{ evaluate(input: {manifests: ${JSON.stringify(POD_YAML)}}) { report(format: PDF) } }` },
    ['PDF'],
  ],
  ['effectivePolicy with an empty image', { query: '{ effectivePolicy(image: "") { namespace } }' }, ['image']],
  [
    'effectivePolicy with policy sometimes',
    { query: '{ effectivePolicy(image: "nginx", policy: "Sometimes") { namespace } }' },
    ['policy'],
  ],
  [
    'createRule with NUL in the name (literal)',
    { query: 'mutation { createRule(input: {name: "a\\u0000", kind: "require-digest", enforcement: "warn"}) { id } }' },
    ['name'],
  ],
  [
    'createRule with params a string',
    {
      query:
        'mutation { createRule(input: {name: "gql-bad-params", kind: "disallowed-tags", enforcement: "warn", params: "latest"}) { id } }',
    },
    ['params'],
  ],
  [
    'createRule with a catastrophic glob',
    {
      query: `mutation { createRule(input: {name: "gql-redos", kind: "disallowed-tags", enforcement: "warn", params: {tags: ["${'*a'.repeat(40)}*b"]}}) { id } }`,
    },
    [],
  ],
  [
    'updateRule with expectedVersion -1',
    { query: `mutation { updateRule(id: "${NONEXISTENT}", expectedVersion: -1, input: {enabled: false}) { id } }` },
    [],
  ],
  ['deleteRule of a nonexistent id', { query: `mutation { deleteRule(id: "${NONEXISTENT}") }` }, []],
  [
    'restoreRuleVersion version 0',
    { query: `mutation { restoreRuleVersion(id: "${NONEXISTENT}", version: 0) { id } }` },
    [],
  ],
  [
    'ruleImpact with last: 0',
    {
      query:
        '{ ruleImpact(input: {rule: {name: "x", kind: "require-digest", enforcement: "warn"}, last: 0}) { __typename } }',
    },
    ['last'],
  ],
  [
    'ruleImpact with last: 1000000',
    {
      query:
        '{ ruleImpact(input: {rule: {name: "x", kind: "require-digest", enforcement: "warn"}, last: 1000000}) { __typename } }',
    },
    ['last'],
  ],
  ['ruleImpact with rule: 5', { query: '{ ruleImpact(input: {rule: 5}) { __typename } }' }, ['rule']],
  [
    'topOffendingImages with limit -1',
    { query: '{ topOffendingImages(from: "2026-01-01", to: "2026-02-01", limit: -1) { __typename } }' },
    ['limit'],
  ],
  [
    'violationsOverTime over 10 years',
    { query: '{ violationsOverTime(from: "2016-01-01", to: "2026-01-01", groupBy: RULE) { __typename } }' },
    ['to'],
  ],
  [
    'violationsOverTime with to before from',
    { query: '{ violationsOverTime(from: "2026-02-01", to: "2026-01-01", groupBy: RULE) { __typename } }' },
    ['to'],
  ],
];

describe('GraphQL garbage', { timeout: PER_CASE_MS }, () => {
  it.each(GARBAGE)('%s', async (name, body, names, lenient) => {
    const res = await post(body);
    if (lenient) {
      expect(res.status, name).toBeLessThan(500);
      expectNoLeak(res.text, name);
      for (const e of res.body.errors ?? []) expect(e.extensions.code, name).not.toBe('urn:pullwise:problem:internal');
      return;
    }
    expectGraphqlProblem(res, { names }, name);
  });
});

describe('GraphQL transports', { timeout: PER_CASE_MS }, () => {
  it.each([
    ['a batch (array body)', [{ query: '{ health { status } }' }, { query: '{ health { status } }' }]],
    ['a JSON string body', 'just a string'],
    ['a JSON number body', 42],
  ])('%s', async (name, body) => {
    const res = await t.http().post('/graphql').set('content-type', 'application/json').send(JSON.stringify(body));
    expectGraphqlProblem(res, {}, name);
  });

  it.each([
    ['malformed JSON', '{"query": "{ health { status } }"', ['line']],
    ['a trailing comma', '{"query": "{ health { status } }",}', ['line']],
    ['JSON with a NUL escape in the query text', '{"query": "{ health\\u0000 { status } }"}', ['body.query']],
    [
      '__proto__ in the variables',
      '{"query": "{ health { status } }", "variables": {"__proto__": {"x": 1}}}',
      ['__proto__'],
    ],
    [
      'constructor.prototype in the variables',
      '{"query": "{ health { status } }", "variables": {"constructor": {"prototype": {"x": 1}}}}',
      [],
    ],
  ])('%s', async (name, raw, names) => {
    const res = await t.http().post('/graphql').set('content-type', 'application/json').send(raw);
    expectGraphqlProblem(res, { names }, name);
  });

  it('PUT /graphql is a 405 with Allow, in GraphQL shape', async () => {
    const res = await t.http().put('/graphql').set('content-type', 'application/json').send('{}');
    expect(res.status).toBe(405);
    expect(String(res.headers.allow)).toContain('POST');
    expectGraphqlProblem(res, { type: 'method-not-allowed', names: ['PUT'] });
  });

  it('text/plain (a CSRF-simple request) is refused with 415', async () => {
    const res = await t.http().post('/graphql').set('content-type', 'text/plain').send('{ health { status } }');
    expect(res.status).toBe(415);
    expectGraphqlProblem(res, { type: 'unsupported-media-type', names: ['text/plain'] });
  });

  it('application/graphql is refused with 415', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/graphql')
      .send('{ health { status } }');
    expect(res.status).toBe(415);
    expectGraphqlProblem(res, { type: 'unsupported-media-type' });
  });

  it('GET without a preflight header is refused (csrfPrevention)', async () => {
    const res = await t.http().get('/graphql').query({ query: '{ health { status } }' });
    expectGraphqlProblem(res, {}, 'GET without apollo-require-preflight');
  });

  it('GET with a mutation is refused', async () => {
    const res = await t
      .http()
      .get('/graphql')
      .set('apollo-require-preflight', 'true')
      .query({ query: 'mutation { runRetention }' });
    expectGraphqlProblem(res, {}, 'GET mutation');
    expect(res.status).toBe(405);
  });

  it('GET with NUL in the variables is refused naming the variable', async () => {
    const res = await t
      .http()
      .get('/graphql')
      .set('apollo-require-preflight', 'true')
      .query({
        query: 'query($ns: String) { evaluations(namespace: $ns) { totalCount } }',
        variables: JSON.stringify({ ns: `a${NUL}` }),
      });
    expectGraphqlProblem(res, { names: ['ns'] });
  });

  it('GET with NUL in the query text is refused', async () => {
    const res = await t
      .http()
      .get('/graphql')
      .set('apollo-require-preflight', 'true')
      .query({ query: `{ health { status${NUL} } }` });
    expectGraphqlProblem(res, { names: ['query'] });
  });

  it('GET with the query given twice is refused', async () => {
    const res = await t
      .http()
      .get('/graphql?query=%7Bhealth%7Bstatus%7D%7D&query=%7Bhealth%7Bstatus%7D%7D')
      .set('apollo-require-preflight', 'true');
    expectGraphqlProblem(res, { names: ['query'] });
  });

  it('a body over the limit is a 413 in GraphQL shape', async () => {
    const res = await t
      .http()
      .post('/graphql')
      .set('content-type', 'application/json')
      .send(JSON.stringify({ query: `# ${'x'.repeat(6 * 1024 * 1024)}\n{ health { status } }` }));
    expect(res.status).toBe(413);
    expectGraphqlProblem(res, { type: 'payload-too-large' });
  });

  it('the service still answers afterwards', async () => {
    const res = await post({ query: '{ health { status } }' });
    expect(res.status).toBe(200);
    expect(res.body.data.health.status).toBeDefined();
  });
});

describe('introspection follows the configuration', { timeout: 60_000 }, () => {
  let off: TestApp;
  beforeAll(async () => {
    off = await bootTestApp({ env: { PULLWISE_GRAPHQL_INTROSPECTION: 'false', PULLWISE_RATE_LIMIT: '0' } });
  }, 120_000);
  afterAll(() => off?.close());

  it('is refused as a typed validation error when off', async () => {
    const res = await off.http().post('/graphql').send({ query: '{ __schema { types { name } } }' });
    expectGraphqlProblem(
      { status: res.status, headers: res.headers, text: res.text, body: res.body },
      { names: ['introspection'] },
    );
  });

  it('works when on (the default outside production)', async () => {
    const res = await post({ query: '{ __schema { queryType { name } } }' });
    expect(res.status).toBe(200);
    expect(res.body.data.__schema.queryType.name).toBe('Query');
  });
});
