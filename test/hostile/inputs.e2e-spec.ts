// Hand-written hostile inputs: malformed YAML and JSON, invalid UTF-8, NUL, empty inputs, unknown kinds,
// invalid image references, invalid rule parameters for every rule kind, pathological globs, billion laughs,
// 10,000-deep nesting, 100,000 containers, forged cursors, out-of-range dates, repeated query parameters.
//
// Request mistakes are 4xx problem+json naming the field. A manifest document that cannot be read is not a
// request mistake: by contract (README, "Using it") it is listed in the result's `errors` with its document
// and line while the others are evaluated, so those cases accept a 200 whose `errors` say where.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestApp, type TestApp } from '../support/test-app.js';
import {
  DEPLOYMENT,
  LONE_SURROGATE,
  NUL,
  PER_CASE_MS,
  POD_YAML,
  expectNoLeak,
  expectProblem,
  nested,
  rawRequest,
  type HttpResult,
  asResult,
} from './support.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp({ env: { PULLWISE_RATE_LIMIT: '0' } });
  const rec = await t.http().post('/v1/evaluations').send({ manifests: POD_YAML, record: true });
  expect(rec.status, rec.text).toBe(200);
}, 120_000);
afterAll(() => t?.close());

const postJson = async (path: string, body: unknown) =>
  asResult(
    await t
      .http()
      .post(path)
      .set('content-type', 'application/json')
      .send(body as object),
  );
const postRaw = (path: string, type: string, body: Buffer | string) =>
  rawRequest(t, { method: 'POST', url: path, headers: { 'content-type': type }, body });
const postYaml = async (yaml: string, query = '') =>
  asResult(await t.http().post(`/v1/evaluations${query}`).set('content-type', 'application/yaml').send(yaml));

/** A manifest that cannot be read: 200 with errors naming a document and line, or a 4xx problem. Never a 5xx. */
function expectUnreadable(res: HttpResult, context: string) {
  expect(res.status, `${context}: ${res.text.slice(0, 400)}`).toBeLessThan(500);
  expectNoLeak(res.text, context);
  if (res.status === 200) {
    expect(res.body.errors.length, `${context}: ${res.text.slice(0, 400)}`).toBeGreaterThan(0);
    for (const e of res.body.errors) {
      expect(typeof e.message, context).toBe('string');
      expect(e.message.length, context).toBeGreaterThan(0);
    }
    expect(
      res.body.errors.some((e: any) => typeof e.line === 'number' || typeof e.document === 'number'),
      context,
    ).toBe(true);
  } else {
    expectProblem(res, {}, context);
  }
}

// ---------------------------------------------------------------------------------------------------------

describe('malformed YAML bodies', { timeout: PER_CASE_MS }, () => {
  it.each([
    ['an unclosed flow mapping', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p\n'],
    ['an unclosed flow sequence', 'kind: Pod\nspec:\n  containers: [{name: c, image: nginx}\n'],
    ['tabs for indentation', 'apiVersion: v1\nkind: Pod\nmetadata:\n\tname: p\n'],
    ['bad indentation', 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n   labels: {}\n'],
    ['duplicate keys', 'apiVersion: v1\nkind: Pod\nkind: Deployment\nmetadata: {name: p}\n'],
    ['an unterminated double quote', 'apiVersion: v1\nkind: "Pod\nmetadata: {name: p}\n'],
    ['an unterminated single quote', "apiVersion: v1\nkind: 'Pod\n"],
    ['an undefined alias', 'apiVersion: v1\nkind: Pod\nmetadata: *nope\n'],
    ['a stray document end', '...\n...\napiVersion: v1\n: :\n'],
    ['a mapping key that is a mapping', '? {a: 1}\n: b\n'],
    ['a bare scalar document', 'just some words\n'],
    ['a sequence of scalars', '- a\n- b\n'],
    ['only a colon', ':\n'],
    ['an invalid escape', 'kind: "\\q"\n'],
    ['a block scalar with bad indentation', 'kind: Pod\ndata: |\n  a\n b\n'],
    ['a tag it does not know', 'kind: !nope Pod\n'],
    ['a binary tag with garbage', 'kind: Pod\ndata: !!binary "%%%"\n'],
    ['a 64 KiB key', `${'k'.repeat(65_536)}: v\n`],
    ['a second broken document among good ones', `${POD_YAML}---\nkind: [\n---\n${POD_YAML}`],
    ['control characters', 'kind: Pod\nname: "\u0007\u0008"\n'],
    ['a byte-order mark in the middle', `${POD_YAML}---\n\uFEFFkind: Pod\n`],
    ['a document of only an anchor', '&a\n'],
    ['a merge key onto a scalar', 'base: &b 1\nkind: Pod\n<<: *b\n'],
  ])('%s', async (name, yaml) => {
    expectUnreadable(await postYaml(yaml), name);
  });
});

describe('malformed JSON bodies: 400 with line and column', { timeout: PER_CASE_MS }, () => {
  it.each([
    ['unclosed object', '{"manifests": "a"', 1, 18],
    ['unclosed string', '{"manifests": "a}', 1, 15],
    ['a trailing comma', '{"manifests": "a",}', 1, 19],
    ['single quotes', "{'manifests': 'a'}", 1, 2],
    ['a comment', '{"manifests": "a" // no\n}', 1, 19],
    ['NaN', '{"manifests": NaN}', 1, 15],
    ['a bare word', 'manifests', 1, 1],
    ['two values', '{"manifests": "a"} {}', 1, 20],
    ['an error on line 3', '{\n  "manifests": "a",\n  "record": tru\n}', 3, 13],
    ['a raw tab inside a string', '{"manifests": "a\tb"}', 1, 17],
    ['a raw newline inside a string', '{"manifests": "a\nb"}', 1, 17],
    ['a bad escape', '{"manifests": "\\x41"}', 1, 16],
    ['a short unicode escape', '{"manifests": "\\u12"}', 1, 16],
    ['a leading zero', '{"record": 01}', 1, 13],
    ['a missing colon', '{"manifests" "a"}', 1, 14],
    ['an unquoted key', '{manifests: "a"}', 1, 2],
    ['a lone minus', '{"record": -}', 1, 12],
    ['only an opening bracket', '[', 1, 2],
    ['garbage after a valid body', '{"manifests": "a"}garbage', 1, 19],
  ])('%s', async (name, raw, line, column) => {
    const res = await postRaw('/v1/evaluations', 'application/json', raw);
    const problem = expectProblem(res, { status: 400, type: 'invalid-input', names: ['JSON'] }, name);
    expect(problem.errors, name).toEqual([expect.objectContaining({ path: 'body', line, column })]);
    expect(problem.detail, name).toContain(`line ${line}, column ${column}`);
  });

  it.each([
    ['"__proto__" poisoning', '{"manifests": "a", "__proto__": {"polluted": true}}'],
    ['"constructor.prototype" poisoning', '{"manifests": "a", "constructor": {"prototype": {"polluted": true}}}'],
    ['nested "__proto__"', '{"manifests": [{"kind": "Pod", "__proto__": {"x": 1}}]}'],
  ])('%s is refused', async (name, raw) => {
    const res = await postRaw('/v1/evaluations', 'application/json', raw);
    expectProblem(res, { status: 400, names: ['__proto__'] }, name);
    expect(({} as any).polluted).toBeUndefined();
  });

  it('a byte-order mark before the JSON is accepted', async () => {
    const res = await postRaw(
      '/v1/evaluations',
      'application/json',
      `\uFEFF${JSON.stringify({ manifests: POD_YAML })}`,
    );
    expect(res.status, res.text).toBe(200);
  });
});

describe('nothing to evaluate: 400 "no Kubernetes objects in the input"', { timeout: PER_CASE_MS }, () => {
  it.each([
    ['a JSON string as the whole body', '"apiVersion: v1\\nkind: Pod"'],
    ['a JSON number as the whole body', '42'],
    ['JSON true as the whole body', 'true'],
    ['JSON null as the whole body', 'null'],
    ['manifests: ""', '{"manifests": ""}'],
    ['manifests: whitespace', '{"manifests": "  \\n\\t  "}'],
    ['manifests: []', '{"manifests": []}'],
    ['manifests: {}', '{"manifests": {}}'],
    ['manifests: comments only', '{"manifests": "# nothing here\\n"}'],
    ['manifests: only document markers', '{"manifests": "---\\n---\\n...\\n"}'],
  ])('%s', async (name, raw) => {
    const res = await postRaw('/v1/evaluations', 'application/json', raw);
    expectProblem(res, { status: 400, type: 'invalid-input', names: ['no Kubernetes objects'] }, name);
  });

  it.each([
    ['whitespace only', '  \n\t \n'],
    ['comments only', '# a comment\n# another\n'],
    ['document markers only', '---\n---\n'],
    ['an empty flow document', '--- \n...\n'],
  ])('YAML body: %s', async (name, yaml) => {
    const res = await postYaml(yaml);
    expectProblem(res, { status: 400, type: 'invalid-input' }, name);
    expect(res.body.detail, name).toMatch(/no Kubernetes objects|empty/);
  });
});

describe('invalid UTF-8 bodies: 400 naming the byte offset', { timeout: PER_CASE_MS }, () => {
  const prefix = Buffer.from('{"manifests": "');
  const suffix = Buffer.from('"}');
  it.each([
    ['a lone 0xFF', [0xff]],
    ['a lone continuation byte', [0x80]],
    ['an overlong "/"', [0xc0, 0xaf]],
    ['an encoded surrogate (CESU-8)', [0xed, 0xa0, 0x80]],
    ['a code point above U+10FFFF', [0xf4, 0x90, 0x80, 0x80]],
    ['a truncated 3-byte sequence', [0xe2, 0x82]],
    ['0xFE', [0xfe]],
    ['Latin-1 "é"', [0xe9]],
  ])('JSON: %s', async (name, bytes) => {
    const body = Buffer.concat([prefix, Buffer.from(bytes), suffix]);
    const res = await postRaw('/v1/evaluations', 'application/json', body);
    expectProblem(res, { status: 400, names: ['UTF-8', `byte offset ${prefix.length}`] }, name);
  });

  it('YAML: a lone 0xFF on line 3 names its byte offset', async () => {
    const head = Buffer.from('apiVersion: v1\nkind: Pod\nmetadata: {name: ');
    const res = await postRaw(
      '/v1/evaluations',
      'application/yaml',
      Buffer.concat([head, Buffer.from([0xff]), Buffer.from('}\n')]),
    );
    expectProblem(res, { status: 400, names: [`byte offset ${head.length}`] }, 'YAML 0xFF');
  });

  it('a truncated sequence at the very end of the body', async () => {
    const body = Buffer.concat([Buffer.from(POD_YAML), Buffer.from([0xf0, 0x9f])]);
    const res = await postRaw('/v1/evaluations', 'application/yaml', body);
    expectProblem(res, { status: 400, names: [`byte offset ${POD_YAML.length}`] }, 'truncated');
  });

  it('valid multi-byte UTF-8 (emoji, CJK) is fine', async () => {
    const res = await postYaml(`${POD_YAML}# 日本語 🚀\n`);
    expect(res.status, res.text).toBe(200);
  });

  it.each([
    ['a JSON body declared as latin1', 'application/json; charset=latin1'],
    ['a YAML body declared as UTF-16', 'application/yaml; charset=utf-16'],
  ])('%s is a 415 naming the charset', async (name, type) => {
    const res = await postRaw('/v1/evaluations', type, JSON.stringify({ manifests: POD_YAML }));
    expectProblem(res, { status: 415, names: ['charset'] }, name);
  });
});

describe('NUL and unpaired surrogates never reach the database', { timeout: PER_CASE_MS }, () => {
  const recorded = (over: Record<string, unknown>) => ({ manifests: POD_YAML, record: true, ...over });
  it.each([
    ['source.repository', recorded({ source: { repository: `acme${NUL}/shop` } }), 'body.source.repository'],
    ['source.commit', recorded({ source: { commit: `${NUL}` } }), 'body.source.commit'],
    ['source.pipeline (surrogate)', recorded({ source: { pipeline: `ci${LONE_SURROGATE}` } }), 'body.source.pipeline'],
    ['cluster', recorded({ cluster: `prod${NUL}` }), 'body.cluster'],
    ['context.namespace', recorded({ context: { namespace: `a${NUL}` } }), 'body.context.namespace'],
    [
      'context.preloadedImages[1]',
      recorded({ context: { preloadedImages: ['a', `b${NUL}`] } }),
      'body.context.preloadedImages[1]',
    ],
    ['a key of context.featureGates', recorded({ context: { featureGates: { [`G${NUL}`]: true } } }), 'featureGates'],
    ['manifests text', recorded({ manifests: `${POD_YAML}# ${NUL}\n` }), 'body.manifests'],
    [
      'a label value inside a manifest object',
      recorded({ manifests: { ...DEPLOYMENT, metadata: { name: 'w', labels: { a: `x${NUL}` } } } }),
      'body.manifests.metadata.labels.a',
    ],
    [
      'an image inside a manifest object',
      recorded({
        manifests: [{ kind: 'Pod', spec: { containers: [{ name: 'c', image: `nginx${LONE_SURROGATE}` }] } }],
      }),
      'body.manifests[0].spec.containers[0].image',
    ],
  ])('evaluate: NUL/surrogate in %s', async (name, body, path) => {
    const res = await postJson('/v1/evaluations', body);
    expectProblem(res, { status: 400, names: [path] }, name);
  });

  it.each([
    ['/v1/rules', { name: `r${NUL}`, kind: 'require-digest', enforcement: 'warn' }, 'body.name'],
    [
      '/v1/rules',
      { name: 'nul-desc', kind: 'require-digest', enforcement: 'warn', description: `d${NUL}` },
      'body.description',
    ],
    [
      '/v1/rules',
      { name: 'nul-match', kind: 'require-digest', enforcement: 'warn', match: { namespaces: [`p${NUL}*`] } },
      'body.match.namespaces[0]',
    ],
    [
      '/v1/rules',
      { name: 'nul-params', kind: 'disallowed-tags', enforcement: 'warn', params: { tags: [`${NUL}`] } },
      'body.params.tags[0]',
    ],
    ['/v1/exceptions', { rules: ['*'], justification: `j${NUL}`, owner: 'o' }, 'body.justification'],
    ['/v1/exceptions', { rules: ['*'], justification: 'j', owner: `o${LONE_SURROGATE}` }, 'body.owner'],
    ['/v1/exceptions', { rules: ['*'], justification: 'j', owner: 'o', ticket: `T-${NUL}` }, 'body.ticket'],
    ['/v1/clusters', { name: 'nul-labels', labels: { [`env${NUL}`]: 'prod' } }, 'body.labels'],
    ['/v1/clusters', { name: 'nul-preloaded', preloadedImages: [`nginx${NUL}`] }, 'body.preloadedImages[0]'],
    ['/v1/rules/impact', { rule: { name: `i${NUL}`, kind: 'require-digest', enforcement: 'warn' } }, 'body.rule.name'],
    ['/v1/chatops/ask', { text: `check nginx${NUL}` }, 'body.text'],
  ])('%s: NUL/surrogate in %s', async (path, body, named) => {
    const res = await postJson(path, body);
    expectProblem(res, { status: 400, names: [named] }, `${path} ${named}`);
  });

  it('a raw NUL in a YAML body is refused with its line', async () => {
    const res = await postYaml(`apiVersion: v1\nkind: Pod\nmetadata: {name: "a${NUL}b"}\n`);
    const problem = expectProblem(res, { status: 400, names: ['NUL'] }, 'YAML NUL');
    expect(problem.errors[0]).toMatchObject({ line: 3 });
  });

  it.each([
    ['namespace', 'a%00b'],
    ['repository', '%00'],
    ['cluster', 'prod%00'],
    ['rule', 'x%00'],
  ])('GET /v1/evaluations?%s with NUL names query.%s', async (name, value) => {
    const res = asResult(await t.http().get(`/v1/evaluations?${name}=${value}`));
    expectProblem(res, { status: 400, names: [`query.${name}`] }, name);
  });

  it('a NUL in a query parameter name is refused', async () => {
    const res = asResult(await t.http().get('/v1/evaluations?a%00b=1'));
    expectProblem(res, { status: 400 }, 'NUL in a name');
  });
});

describe('over-long strings and deep nesting in JSON bodies', { timeout: PER_CASE_MS }, () => {
  it('a 1 MiB + 1 source.repository names the path', async () => {
    const res = await postJson('/v1/evaluations', {
      manifests: POD_YAML,
      source: { repository: 'x'.repeat(1_048_577) },
    });
    expectProblem(res, { status: 400, names: ['body.source.repository', 'PULLWISE_MAX_STRING_LENGTH'] });
  });

  it('a 1 MiB + 1 string inside a manifest object names its path', async () => {
    const res = await postJson('/v1/evaluations', {
      manifests: { ...DEPLOYMENT, metadata: { name: 'w', annotations: { big: 'x'.repeat(1_048_577) } } },
    });
    expectProblem(res, { status: 400, names: ['body.manifests.metadata.annotations.big'] });
  });

  it('a 2 MiB manifests text is not held to the string limit (the body limit bounds it)', async () => {
    const res = await postJson('/v1/evaluations', { manifests: `${POD_YAML}# ${'x'.repeat(2 * 1024 * 1024)}\n` });
    expect(res.status, res.text.slice(0, 300)).toBe(200);
  });

  it.each([
    ['a 10,000-deep object as the body', nested(10_000)],
    ['a 10,000-deep array inside manifests', `{"manifests": ${nested(10_000, 'array')}}`],
    ['a 10,000-deep object inside manifests', `{"manifests": ${nested(10_000)}}`],
    ['101 levels (one over the default limit)', `{"manifests": ${nested(100)}}`],
    ['10,000-deep context', `{"manifests": "a: 1", "context": ${nested(10_000)}}`],
  ])('%s', async (name, raw) => {
    const res = await postRaw('/v1/evaluations', 'application/json', raw);
    expectProblem(res, { status: 400, names: ['deeper than 100', 'PULLWISE_MAX_DEPTH'] }, name);
  });

  it.each([
    ['/v1/rules', `{"name": "deep", "kind": "require-digest", "enforcement": "warn", "params": ${nested(10_000)}}`],
    ['/v1/clusters', `{"name": "deep", "labels": ${nested(10_000)}}`],
    ['/v1/rules/impact', `{"rule": ${nested(10_000)}}`],
    ['/v1/chatops/ask', `{"text": ${nested(10_000, 'array')}}`],
  ])('%s with 10,000-deep nesting', async (path, raw) => {
    const res = await postRaw(path, 'application/json', raw);
    expectProblem(res, { status: 400, names: ['deeper than'] }, path);
  });

  it('1e400 (not a finite number) names its path', async () => {
    const res = await postRaw(
      '/v1/evaluations',
      'application/json',
      `{"manifests": {"kind": "Pod", "spec": {"replicas": 1e400}}}`,
    );
    expectProblem(res, { status: 400, names: ['body.manifests.spec.replicas'] });
  });

  it('10,000-deep YAML flow sequences: 200 with an error, or a 4xx', async () => {
    expectUnreadable(await postYaml(`${'['.repeat(10_000)}${']'.repeat(10_000)}\n`), 'deep YAML');
  });

  it('10,000-deep YAML block mappings: 200 with an error, or a 4xx', async () => {
    const yaml = Array.from({ length: 10_000 }, (_, i) => `${' '.repeat(i)}a:`).join('\n') + ' 1\n';
    expectUnreadable(await postYaml(yaml), 'deep block YAML');
  });

  it('10,000-deep JSON inside the manifests text: 200 with an error, or a 4xx', async () => {
    expectUnreadable(await postJson('/v1/evaluations', { manifests: nested(10_000) }), 'deep JSON text');
  });
});

describe('resource exhaustion in manifests', { timeout: PER_CASE_MS }, () => {
  const laughs = [
    'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
    'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
    'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
    'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
    'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
    'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
    'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
    'h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]',
    'i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]',
  ].join('\n');

  it('billion laughs (YAML body) names the alias limit', async () => {
    const res = await postYaml(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: lol}\n${laughs}\n`);
    expectUnreadable(res, 'billion laughs');
    if (res.status === 200) expect(JSON.stringify(res.body.errors)).toMatch(/alias/i);
  });

  it('billion laughs inside a Pod spec, in a JSON body', async () => {
    const res = await postJson('/v1/evaluations', {
      manifests: `apiVersion: v1\nkind: Pod\nmetadata: {name: lol}\nspec:\n  x:\n${laughs.replace(/^/gm, '    ')}\n  containers: [{name: c, image: nginx}]\n`,
    });
    expectUnreadable(res, 'billion laughs JSON');
  });

  it('an alias to the containers list repeated 10,000 times', async () => {
    const yaml = `apiVersion: v1\nkind: List\nitems:\n- &p {kind: Pod, metadata: {name: p}, spec: {containers: [{name: c, image: nginx}]}}\n${'- *p\n'.repeat(10_000)}`;
    expectUnreadable(await postYaml(yaml), 'alias fan-out');
  });

  it('100,000 containers in one Pod (JSON objects): a clean limit error', async () => {
    const containers = Array.from({ length: 100_000 }, (_, i) => ({ name: `c${i}`, image: 'n' }));
    const res = await postJson('/v1/evaluations', {
      manifests: { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'big' }, spec: { containers } },
    });
    const problem = expectProblem(res, { status: [400, 413] }, '100,000 containers (JSON)');
    expect(JSON.stringify(problem)).toMatch(/slot|limit|too many/i);
  });

  it('100,000 containers in one Pod: a clean limit error', async () => {
    const containers = Array.from({ length: 100_000 }, (_, i) => `  - {name: c${i}, image: n}`).join('\n');
    const res = await postYaml(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: big}\nspec:\n  containers:\n${containers}\n`,
    );
    const problem = expectProblem(res, { status: [400, 413] }, '100,000 containers');
    expect(JSON.stringify(problem)).toMatch(/slot|limit|too many/i);
  });

  it('more documents than PULLWISE_MAX_DOCUMENTS: a clean limit error', async () => {
    const res = await postYaml('apiVersion: v1\nkind: ConfigMap\n---\n'.repeat(10_001));
    const problem = expectProblem(res, { status: [400, 413] }, '10,001 documents');
    expect(JSON.stringify(problem)).toMatch(/documents/);
  });

  it('200,000 empty documents are answered quickly', async () => {
    expectProblemOrUnreadable(await postYaml('---\n'.repeat(200_000)), 'empty documents');
  });

  it('a 4 MiB single-line flow mapping (YAML quadratic behaviour)', async () => {
    const yaml = `kind: ConfigMap\ndata: {${Array.from({ length: 200_000 }, (_, i) => `k${i}: v`).join(', ')}}\n`;
    expectProblemOrUnreadable(await postYaml(yaml), 'long flow mapping');
  });

  it('a 4 MiB plain scalar with many colons (YAML quadratic behaviour)', async () => {
    expectProblemOrUnreadable(await postYaml(`kind: ConfigMap\ndata: ${'a:b '.repeat(1_000_000)}\n`), 'colons');
  });

  it('100,000 keys in one mapping', async () => {
    const yaml = `kind: ConfigMap\ndata:\n${Array.from({ length: 100_000 }, (_, i) => `  k${i}: v`).join('\n')}\n`;
    expectProblemOrUnreadable(await postYaml(yaml), 'many keys');
  });

  it('a body over the limit is a 413 problem', async () => {
    const res = await postYaml(`${POD_YAML}# ${'x'.repeat(6 * 1024 * 1024)}\n`);
    expectProblem(res, { status: 413, type: 'payload-too-large' });
  });
});

function expectProblemOrUnreadable(res: HttpResult, context: string) {
  expect(res.status, `${context}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
  expectNoLeak(res.text, context);
  if (res.status >= 400) expectProblem(res, {}, context);
}

describe('documents the engine cannot use', { timeout: PER_CASE_MS }, () => {
  const pod = (container: string) =>
    `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - ${container}\n`;
  it.each([
    ['an unknown YAML directive version', '%YAML 9.9\n---\napiVersion: v1\nkind: Pod\n'],
    ['an unknown kind without containers', 'apiVersion: example.com/v1\nkind: Nope\nmetadata: {name: x}\n'],
    [
      'an unknown kind with a pod spec',
      'apiVersion: example.com/v1\nkind: Nope\nspec: {containers: [{name: c, image: nginx}]}\n',
    ],
    ['a missing kind', 'apiVersion: v1\nmetadata: {name: x}\nspec: {containers: [{name: c, image: nginx}]}\n'],
    ['kind is a number', 'apiVersion: v1\nkind: 42\nmetadata: {name: x}\n'],
    ['kind is a list', 'apiVersion: v1\nkind: [Pod]\nmetadata: {name: x}\n'],
    ['kind: List with items a string', 'apiVersion: v1\nkind: List\nitems: nope\n'],
    ['containers is a mapping', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: {a: b}}\n'],
    ['a container that is a string', 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [nginx]}\n'],
    ['a Deployment without a template', 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {}\n'],
    [
      'a CronJob nested wrongly',
      'apiVersion: batch/v1\nkind: CronJob\nmetadata: {name: c}\nspec: {jobTemplate: {spec: {template: 7}}}\n',
    ],
    [
      'metadata.name is a mapping',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: {a: 1}}\nspec: {containers: [{name: c, image: nginx}]}\n',
    ],
    ['an image that is empty', pod('{name: c, image: ""}')],
    ['an image in upper case', pod('{name: c, image: "Docker.io/Library/NGINX:Latest"}')],
    ['an image with a space', pod('{name: c, image: "nginx :1.27"}')],
    ['an image with a short digest', pod('{name: c, image: "nginx@sha256:abc"}')],
    [
      'an image with an unknown digest algorithm',
      pod('{name: c, image: "nginx@md5:d41d8cd98f00b204e9800998ecf8427e"}'),
    ],
    ['an image ending with a colon', pod('{name: c, image: "nginx:"}')],
    ['an image with two tags', pod('{name: c, image: "nginx:1:2"}')],
    ['an image with a bad port', pod('{name: c, image: "registry:99999999/app:1"}')],
    ['an image that is a number', pod('{name: c, image: 12345}')],
    ['an image that is a list', pod('{name: c, image: [a, b]}')],
    ['an image of 10,000 characters', pod(`{name: c, image: "${'a'.repeat(10_000)}"}`)],
    ['an image with 1,000 path components', pod(`{name: c, image: "${'a/'.repeat(1000)}b:1"}`)],
    ['a tag of 200 characters', pod(`{name: c, image: "nginx:${'t'.repeat(200)}"}`)],
    ['imagePullPolicy in lower case', pod('{name: c, image: nginx, imagePullPolicy: always}')],
    ['imagePullPolicy a number', pod('{name: c, image: nginx, imagePullPolicy: 3}')],
    [
      'an image volume without a reference',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}], volumes: [{name: v, image: {}}]}\n',
    ],
  ])('%s', async (name, yaml) => {
    const res = await postYaml(yaml);
    expect(res.status, `${name}: ${res.text.slice(0, 300)}`).toBeLessThan(500);
    expectNoLeak(res.text, name);
    if (res.status >= 400) expectProblem(res, {}, name);
    else expect(res.body.summary.documents, name).toBe(1);
  });

  it('a missing kind is reported in errors (libs/k8s)', async () => {
    const res = await postYaml('apiVersion: v1\nmetadata: {name: x}\nspec: {containers: [{name: c, image: nginx}]}\n');
    expect(res.status, res.text).toBeLessThan(500);
    if (res.status === 200) expect(JSON.stringify(res.body.errors)).toMatch(/kind/);
    else expectProblem(res, { names: ['kind'] });
  });
});

describe('invalid rule parameters, every rule kind', { timeout: PER_CASE_MS }, () => {
  const rule = (kind: string, params: unknown, extra: Record<string, unknown> = {}) => ({
    name: `bad-${kind}-${Math.random().toString(36).slice(2, 8)}`,
    kind,
    enforcement: 'warn',
    params,
    ...extra,
  });
  it.each([
    ['pull-policy', { allowed: 'Always' }, 'allowed'],
    ['pull-policy', { allowed: [] }, 'allowed'],
    ['pull-policy', { allowed: ['Sometimes'] }, 'allowed'],
    ['pull-policy', { allowed: ['Always'], when: { digest: 'yes' } }, 'digest'],
    ['pull-policy', { allowed: ['Always'], when: 'always' }, 'when'],
    ['pull-policy', {}, 'allowed'],
    ['explicit-pull-policy', { unexpected: 1 }, 'unexpected'],
    ['mutable-tag-requires-always', { immutableTags: 'v*' }, 'immutableTags'],
    ['mutable-tag-requires-always', { immutableTags: [1] }, 'immutableTags'],
    ['mutable-tag-requires-always', { immutableTags: [''] }, 'immutableTags'],
    ['require-digest', { digest: true }, 'digest'],
    ['disallowed-tags', {}, 'tags'],
    ['disallowed-tags', { tags: [] }, 'tags'],
    ['disallowed-tags', { tags: [null] }, 'tags'],
    ['disallowed-tags', { tags: 'latest' }, 'tags'],
    ['allowed-registries', { registries: [] }, 'registries'],
    ['allowed-registries', { registries: 'docker.io' }, 'registries'],
    ['allowed-registries', { registries: [5] }, 'registries'],
    ['allowed-registries', { registries: ['docker.io'], rewrites: 'x' }, 'rewrites'],
    ['denied-registries', {}, 'registries'],
    ['denied-registries', { registries: [{}] }, 'registries'],
    ['never-requires-preloaded', { images: ['x'] }, 'images'],
    ['pull-secrets-for-registries', {}, 'registries'],
    ['pull-secrets-for-registries', { registries: ['ghcr.io'], secretName: 5 }, 'secretName'],
    ['pull-secrets-for-registries', { registries: ['ghcr.io'], secretName: 'Not A Secret!' }, 'secretName'],
    ['set-pull-policy', { policy: 'always' }, 'policy'],
    ['set-pull-policy', { policy: ['Always'] }, 'policy'],
    ['set-pull-policy', { when: { tag: 'latest' } }, 'tag'],
    ['set-pull-policy', { allowed: ['Always'] }, 'allowed'],
    ['not-a-kind', {}, 'kind'],
  ])('%s with params %j', async (kind, params, named) => {
    const res = await postJson('/v1/rules', rule(kind, params));
    expectProblem(res, { status: 400, type: 'invalid-input', names: [named] }, `${kind} ${JSON.stringify(params)}`);
  });

  it.each([
    ['enforcement "block"', { enforcement: 'block' }, 'enforcement'],
    ['severity "urgent"', { severity: 'urgent' }, 'severity'],
    ['enabled "yes"', { enabled: 'yes' }, 'enabled'],
    [
      'match.labels.matchExpressions with an unknown operator',
      { match: { labels: { matchExpressions: [{ key: 'a', operator: 'Like' }] } } },
      'operator',
    ],
    [
      'match.labels.matchExpressions In without values',
      { match: { labels: { matchExpressions: [{ key: 'a', operator: 'In' }] } } },
      'values',
    ],
    ['match.slots unknown', { match: { slots: ['sidecar'] } }, 'slots'],
    ['match.namespaces empty', { match: { namespaces: [] } }, 'namespaces'],
    ['exclude empty', { exclude: {} }, 'exclude'],
    ['a name in upper case', { name: 'Bad_Name' }, 'name'],
    ['a name of 254 characters', { name: 'a'.repeat(254) }, 'name'],
    ['a description of 5,000 characters', { description: 'd'.repeat(5000) }, 'description'],
  ])('rule with %s', async (name, extra, named) => {
    const res = await postJson('/v1/rules', rule('require-digest', {}, extra));
    expectProblem(res, { status: 400, names: [named] }, name);
  });

  it('a pathological glob either is refused or evaluates quickly (libs/policy glob ReDoS)', async () => {
    const glob = `${'*a'.repeat(30)}*b`;
    const created = await postJson('/v1/rules', rule('disallowed-tags', { tags: [glob] }, { name: 'redos-tags' }));
    expect(created.status, created.text).toBeLessThan(500);
    if (created.status >= 400) return void expectProblem(created, { names: ['tags'] });
    const started = Date.now();
    const res = await postYaml(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: "nginx:${'a'.repeat(120)}"}]}\n`,
    );
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('a pathological image pattern in match.images either is refused or evaluates quickly', async () => {
    const created = await postJson(
      '/v1/rules',
      rule('require-digest', {}, { name: 'redos-images', match: { images: [`${'*a'.repeat(30)}*b`] } }),
    );
    expect(created.status, created.text).toBeLessThan(500);
    if (created.status >= 400) return void expectProblem(created, { names: ['images'] });
    const started = Date.now();
    const res = await postYaml(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: "${'a'.repeat(120)}"}]}\n`,
    );
    expect(res.status, res.text.slice(0, 300)).toBe(200);
    expect(Date.now() - started).toBeLessThan(2_000);
  });
});

describe('exceptions and cluster profiles', { timeout: PER_CASE_MS }, () => {
  const exception = (over: Record<string, unknown>) => ({ rules: ['*'], justification: 'j', owner: 'o', ...over });
  it.each([
    ['expiresAt year 0', { expiresAt: '0000-01-01T00:00:00Z' }],
    ['expiresAt year 10000', { expiresAt: '+010000-01-01T00:00:00Z' }],
    ['expiresAt -000001', { expiresAt: '-000001-01-01T00:00:00Z' }],
    ['expiresAt February 30', { expiresAt: '2027-02-30T00:00:00Z' }],
    ['expiresAt a date without a time', { expiresAt: '2027-06-30' }],
    ['expiresAt without a zone', { expiresAt: '2027-06-30T00:00:00' }],
    ['expiresAt a number', { expiresAt: 1_800_000_000 }],
    ['expiresAt in words', { expiresAt: 'next tuesday' }],
  ])('exception with %s', async (name, over) => {
    const res = await postJson('/v1/exceptions', exception(over));
    expectProblem(res, { status: 400, names: ['expiresAt'] }, name);
  });

  it.each([
    ['rules empty', { rules: [] }, 'rules'],
    ['rules with a NUL name', { rules: [`r${NUL}`] }, 'rules'],
    ['rules repeated', { rules: ['a', 'a'] }, 'rules'],
    ['justification blank', { justification: '   ' }, 'justification'],
    ['owner missing', { owner: undefined }, 'owner'],
    ['ticket of 3,000 characters', { ticket: 't'.repeat(3000) }, 'ticket'],
  ])('exception with %s', async (name, over, named) => {
    const res = await postJson('/v1/exceptions', exception(over));
    expectProblem(res, { status: 400, names: [named] }, name);
  });

  it.each([
    ['kubeletVersion "banana"', { kubeletVersion: 'banana' }, 'kubeletVersion'],
    ['kubeletVersion "1.99"', { kubeletVersion: '1.99' }, 'kubeletVersion'],
    ['kubeletVersion whitespace', { kubeletVersion: '  \t ' }, 'kubeletVersion'],
    ['admissionPlugins [""]', { admissionPlugins: [''] }, 'admissionPlugins'],
    [
      'credentialVerificationPolicy "Sometimes"',
      { credentialVerificationPolicy: 'Sometimes' },
      'credentialVerificationPolicy',
    ],
    ['a label value of 64 characters', { labels: { a: 'v'.repeat(64) } }, 'labels'],
    ['labels a list', { labels: ['a'] }, 'labels'],
    [
      '10,001 preloaded images',
      { preloadedImages: Array.from({ length: 10_001 }, (_, i) => `img${i}`) },
      'preloadedImages',
    ],
  ])('cluster with %s', async (name, over, named) => {
    const res = await postJson('/v1/clusters', { name: `c-${Math.random().toString(36).slice(2, 8)}`, ...over });
    expectProblem(res, { status: 400, names: [named] }, name);
  });
});

describe('ids, cursors, dates and repeated parameters', { timeout: PER_CASE_MS }, () => {
  const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64url');
  const forged: [string, string][] = [
    ['base64url of a non-UUID id', b64('{"k":"2026-01-01T00:00:00.000Z|not-a-uuid"}')],
    ['NUL inside', b64('{"k":"rule\\u0000"}')],
    ['a number key', b64('{"k":123}')],
    ['an extra field', b64('{"k":"a","x":1}')],
    ['an array', b64('["a"]')],
    ['JSON null', b64('null')],
    ['not JSON', b64('just text')],
    ['not base64url', '%%%%'],
    ['standard base64 with padding', Buffer.from('{"k":"ab"}').toString('base64')],
    ['year 0 in a history cursor', b64('{"k":"0000-01-01T00:00:00.000Z|00000000-0000-4000-8000-000000000000"}')],
    ['an unpaired surrogate', b64('{"k":"\\ud800"}')],
    ['2,000 characters', 'A'.repeat(2000)],
    ['upper-case name key', b64('{"k":"NAME"}')],
  ];
  const lists = ['/v1/rules', '/v1/exceptions', '/v1/clusters', '/v1/evaluations'];
  it.each(lists.flatMap((path) => forged.map(([what, cursor]) => [`${path}: ${what}`, path, cursor] as const)))(
    '%s',
    async (_name, path, cursor) => {
      const res = asResult(await t.http().get(`${path}?cursor=${encodeURIComponent(cursor)}`));
      expectProblem(res, { status: 400, names: ['cursor'] }, `${path} ${cursor.slice(0, 40)}`);
    },
  );

  it.each(lists)('%s: a cursor given twice', async (path) => {
    const c = b64('{"k":"a"}');
    const res = asResult(await t.http().get(`${path}?cursor=${c}&cursor=${c}`));
    expectProblem(res, { status: 400, names: ['cursor', 'once'] });
  });

  it.each([
    ['since year 0', 'since=0000-01-01T00:00:00Z', 'since'],
    ['until year 0', 'until=0000-12-31T23:59:59Z', 'until'],
    ['since 1969', 'since=1969-12-31T23:59:59Z', 'since'],
    ['since year 10000', 'since=%2B010000-01-01T00:00:00Z', 'since'],
    ['since with an offset past the year 0', 'since=0001-01-01T00:00:00%2B14:00', 'since'],
  ])('GET /v1/evaluations %s', async (name, query, named) => {
    const res = asResult(await t.http().get(`/v1/evaluations?${query}`));
    expectProblem(res, { status: 400, names: [named] }, name);
  });

  it.each([
    ['kubeletVersion', '/v1/effective-policy?image=nginx&kubeletVersion=1.30&kubeletVersion=1.31'],
    ['image', '/v1/effective-policy?image=nginx&image=busybox'],
    ['namespace', '/v1/evaluations?namespace=a&namespace=b'],
    ['limit', '/v1/rules?limit=1&limit=2'],
    ['kind', '/v1/rules?kind=require-digest&kind=pull-policy'],
    ['format', '/v1/evaluations/00000000-0000-4000-8000-000000000000?format=json&format=sarif'],
    ['q', '/v1/chatops/ask?q=help&q=help'],
  ])('%s given twice: "%s must be given once"', async (name, url) => {
    const res = asResult(await t.http().get(url));
    expectProblem(res, { status: 400, names: [`${name} must be given once`] }, url);
  });

  it.each(['kubeletVersion', 'namespace', 'cluster', 'record', 'repository'])(
    'POST /v1/evaluations (YAML) with %s given twice',
    async (name) => {
      const res = await postYaml(POD_YAML, `?${name}=a&${name}=b`);
      expectProblem(res, { status: 400, names: [`${name} must be given once`] }, name);
    },
  );

  it('admissionPlugins may be repeated', async () => {
    const res = await postYaml(POD_YAML, '?admissionPlugins=AlwaysPullImages&admissionPlugins=PodSecurity');
    expect(res.status, res.text).toBe(200);
  });
});
