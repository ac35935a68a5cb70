// Property fuzzing (fast-check) of POST /v1/evaluations (JSON and YAML bodies, from arbitrary values and from
// mutations of a valid Deployment) and of POST /v1/rules: never a 5xx, every 4xx is problem+json, nothing leaks.
//
// Each property runs twice: with seed 42 (stable, so a regression shows the same way every time) and with
// FUZZ_SEED or the current time, printed, so that a failure can be replayed:
//   FUZZ_SEED=<seed> npx vitest run --project e2e:pglite test/hostile/fuzz.e2e-spec.ts
import fc from 'fast-check';
import { stringify as toYaml } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestApp, type TestApp } from '../support/test-app.js';
import { DEPLOYMENT, LEAKS, rawRequest, setAt, type HttpResult } from './support.js';
import { RULE_KINDS } from '#policy';

const RANDOM_SEED = Number(process.env.FUZZ_SEED) || Date.now();
const SEEDS = [42, RANDOM_SEED];
console.log(`fuzz: seeds ${SEEDS.join(' and ')} (replay with FUZZ_SEED=${RANDOM_SEED})`);
const RUNS = 60;

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp({ env: { PULLWISE_RATE_LIMIT: '0' } });
}, 120_000);
afterAll(() => t?.close());

/** The property every answer must have. Returns a reason when it does not (fast-check reports it). */
function verdictOf(res: HttpResult): string | null {
  if (res.status >= 500) return `status ${res.status}: ${res.text.slice(0, 300)}`;
  for (const leak of LEAKS) if (leak.test(res.text)) return `leak ${leak}: ${res.text.slice(0, 300)}`;
  if (res.status >= 400) {
    if (!String(res.headers['content-type']).startsWith('application/problem+json'))
      return `4xx without problem+json: ${res.headers['content-type']}`;
    const body = JSON.parse(res.text) as { type?: unknown; status?: unknown; detail?: unknown };
    if (typeof body.type !== 'string' || !body.type.startsWith('urn:pullwise:problem:'))
      return `bad problem type ${body.type}`;
    if (body.status !== res.status) return 'problem status differs from the HTTP status';
    if (typeof body.detail !== 'string' || body.detail === '') return 'problem without detail';
  }
  return null;
}

async function post(path: string, type: string, body: string | Buffer): Promise<HttpResult> {
  return rawRequest(t, { method: 'POST', url: path, headers: { 'content-type': type }, body });
}

// ---------------------------------------------------------------------------------------------------------
// Arbitraries

/** Characters that have broken parsers and databases before, mixed with any code point. */
const nastyChar = fc.oneof(
  { weight: 6, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) },
  {
    weight: 4,
    arbitrary: fc.constantFrom(
      '\u0000',
      '\uD800',
      '\uDFFF',
      '\uFEFF',
      '\t',
      '\n',
      '\r',
      ':',
      '-',
      '#',
      '&',
      '*',
      '!',
      '|',
      '>',
      '{',
      '}',
      '[',
      ']',
      '"',
      "'",
      '%',
      '@',
      '`',
      ' ',
      '\\',
    ),
  },
);
const nastyString = fc.string({ unit: nastyChar, maxLength: 40 });

/** JSON values whose strings carry the nasty characters. */
const nastyJson = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    nastyString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(nastyString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** Paths into the Deployment, to mutate one place. */
function pathsOf(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  if (Array.isArray(value)) return [prefix, ...value.flatMap((v, i) => pathsOf(v, [...prefix, i]))];
  if (value && typeof value === 'object')
    return [prefix, ...Object.entries(value).flatMap(([k, v]) => pathsOf(v, [...prefix, k]))];
  return [prefix];
}
const DEPLOYMENT_PATHS = pathsOf(DEPLOYMENT).filter((p) => p.length > 0);

/** A Deployment with one to three places replaced by arbitrary values. */
const mutatedDeployment = fc
  .array(fc.tuple(fc.constantFrom(...DEPLOYMENT_PATHS), nastyJson), { minLength: 1, maxLength: 3 })
  .map((edits) => edits.reduce((doc, [path, value]) => setAt(doc, path, value), DEPLOYMENT as unknown));

/** The Deployment as YAML text with character-level damage: insertions, deletions, duplicated lines. */
const DEPLOYMENT_YAML = toYaml(DEPLOYMENT);
const damagedYaml = fc
  .array(
    fc.oneof(
      fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: nastyString }),
      fc.record({ op: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
      fc.record({ op: fc.constant('dupline' as const), at: fc.nat() }),
      fc.record({ op: fc.constant('indent' as const), at: fc.nat(), by: fc.integer({ min: -3, max: 3 }) }),
    ),
    { minLength: 1, maxLength: 6 },
  )
  .map((edits) => {
    let text = DEPLOYMENT_YAML;
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      if (e.op === 'insert') text = text.slice(0, at) + e.text + text.slice(at);
      else if (e.op === 'delete') text = text.slice(0, at) + text.slice(at + e.length);
      else {
        const lines = text.split('\n');
        const i = e.at % lines.length;
        if (e.op === 'dupline') lines.splice(i, 0, lines[i]!);
        else lines[i] = e.by >= 0 ? ' '.repeat(e.by) + lines[i] : lines[i]!.slice(-e.by);
        text = lines.join('\n');
      }
    }
    return text;
  });

const VALID_RULE = {
  name: 'fuzz-rule',
  kind: 'disallowed-tags',
  params: { tags: ['latest'] },
  match: { namespaces: ['prod-*'], labels: { matchExpressions: [{ key: 'tier', operator: 'In', values: ['web'] }] } },
  exclude: { images: ['registry.k8s.io/*'] },
  enforcement: 'deny',
  severity: 'high',
};
const RULE_PATHS = pathsOf(VALID_RULE).filter((p) => p.length > 0);
const fuzzRule = fc.oneof(
  fc.record(
    {
      name: fc.oneof(nastyString, fc.stringMatching(/^[a-z0-9]([-a-z0-9.]{0,20}[a-z0-9])?$/)),
      kind: fc.oneof(fc.constantFrom(...RULE_KINDS), nastyString),
      params: nastyJson,
      match: nastyJson,
      exclude: nastyJson,
      enforcement: fc.oneof(fc.constantFrom('deny', 'warn', 'audit'), nastyString),
      severity: fc.oneof(fc.constantFrom('critical', 'high', 'medium', 'low', 'info'), nastyJson),
      enabled: nastyJson,
      description: nastyJson,
    },
    { requiredKeys: [] },
  ),
  fc
    .array(fc.tuple(fc.constantFrom(...RULE_PATHS), nastyJson), { minLength: 1, maxLength: 3 })
    .map((edits) => edits.reduce((doc, [path, value]) => setAt(doc, path, value), VALID_RULE as unknown)),
);

// ---------------------------------------------------------------------------------------------------------

async function check<T>(arb: fc.Arbitrary<T>, send: (v: T) => Promise<HttpResult>) {
  for (const seed of SEEDS) {
    await fc.assert(
      fc.asyncProperty(arb, async (value) => {
        const res = await send(value);
        const problem = verdictOf(res);
        if (problem) throw new Error(problem);
      }),
      { seed, numRuns: RUNS, endOnFailure: true },
    );
  }
}

describe('fuzz', { timeout: 20_000 }, () => {
  it('POST /v1/evaluations: arbitrary JSON as the whole body', async () => {
    await check(nastyJson, (v) => post('/v1/evaluations', 'application/json', JSON.stringify(v) ?? 'null'));
  });

  it('POST /v1/evaluations: arbitrary JSON as manifests, context and source', async () => {
    const arb = fc.record(
      { manifests: nastyJson, context: nastyJson, source: nastyJson, record: nastyJson },
      { requiredKeys: ['manifests'] },
    );
    await check(arb, (v) => post('/v1/evaluations', 'application/json', JSON.stringify(v)));
  });

  it('POST /v1/evaluations: a mutated Deployment object, recorded', async () => {
    await check(mutatedDeployment, (doc) =>
      post('/v1/evaluations', 'application/json', JSON.stringify({ manifests: [doc], record: true })),
    );
  });

  it('POST /v1/evaluations: damaged Deployment YAML as the body', async () => {
    await check(damagedYaml, (yaml) => post('/v1/evaluations', 'application/yaml', yaml));
  });

  it('POST /v1/evaluations: arbitrary text and bytes as YAML', async () => {
    const arb = fc.oneof(
      nastyString.map((s) => Buffer.from(s, 'utf8')),
      fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b)),
    );
    await check(arb, (bytes) => post('/v1/evaluations', 'application/yaml', bytes));
  });

  it('POST /v1/rules: arbitrary and mutated rules', async () => {
    await check(fuzzRule, (rule) => post('/v1/rules', 'application/json', JSON.stringify(rule)));
  });

  it('the service still answers afterwards', async () => {
    const res = await t.http().get('/healthz');
    expect(res.status).toBe(200);
  });
});
