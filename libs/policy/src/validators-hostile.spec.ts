import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateParams } from './rule-params.js';
import { RULE_KINDS, type RuleDefinition } from './rule-types.js';
import { validateClusterInput } from './validate-cluster.js';
import { validateExceptionInput } from './validate-exception.js';
import { validateMatchSpec } from './validate-match.js';
import { validateRuleInput, validateRulePatch } from './validate-rule.js';
import type { ValidationResult } from './zod-problems.js';

/**
 * Every validator, whatever it is given: never throws, and answers either a value or a non-empty list of
 * problems, each with a path and a message. Strings that PostgreSQL cannot store (NUL) or that are not
 * Unicode (a lone surrogate) are problems at their path, in every string field.
 *
 * Property tests run with a fixed seed so CI is reproducible. To explore, drop `seed` (or pass another one):
 * a failure prints "Counterexample: …" plus `{ seed: …, path: "…" }`, which replays that exact case.
 */

const SEED = { seed: 42 };

const MATCH = {
  clusters: ['prod-*'],
  namespaces: ['team-a', 'web-*'],
  kinds: ['Deployment'],
  labels: {
    matchLabels: { 'app.kubernetes.io/name': 'web' },
    matchExpressions: [{ key: 'tier', operator: 'In', values: ['front'] }],
  },
  images: ['ghcr.io/acme/*'],
  slots: ['container'],
};

/** A valid rule of every kind, with every optional field set. */
const VALID_RULES: Record<string, unknown>[] = [
  { kind: 'pull-policy', params: { allowed: ['Always'], when: { digest: false } } },
  { kind: 'explicit-pull-policy', params: {} },
  { kind: 'mutable-tag-requires-always', params: { immutableTags: ['v*'] } },
  { kind: 'require-digest', params: {} },
  { kind: 'disallowed-tags', params: { tags: ['latest'] } },
  {
    kind: 'allowed-registries',
    params: { registries: ['ghcr.io/acme/*'], rewrites: [{ from: 'docker.io/library', to: 'mirror.example.com' }] },
  },
  { kind: 'denied-registries', params: { registries: ['k8s.gcr.io'] } },
  { kind: 'never-requires-preloaded', params: {} },
  { kind: 'mutable-tag-drift', params: {} },
  { kind: 'pull-secrets-for-registries', params: { registries: ['ghcr.io'], secretName: 'regcred' } },
  { kind: 'set-pull-policy', params: { policy: 'IfNotPresent', when: { digest: true } } },
].map((rule, i) => ({
  name: `rule-${i}`,
  description: 'why this rule exists',
  enforcement: 'warn',
  severity: 'high',
  enabled: true,
  match: MATCH,
  exclude: { namespaces: ['kube-system'] },
  ...rule,
}));

const VALID_EXCEPTION = {
  name: 'legacy-batch',
  rules: ['rule-1', '*'],
  match: MATCH,
  justification: 'vendor image, pinned next quarter',
  owner: 'team-data',
  ticket: 'SEC-123',
  expiresAt: '2026-06-30T23:59:59Z',
};

const VALID_CLUSTER = {
  name: 'prod-eu-1',
  labels: { env: 'prod' },
  admissionPlugins: ['AlwaysPullImages'],
  kubeletVersion: '1.35',
  credentialVerificationPolicy: 'NeverVerifyAllowlistedImages',
  verificationAllowlist: ['registry.k8s.io/pause'],
  preloadedImages: ['registry.k8s.io/pause:3.10'],
};

const STORED: RuleDefinition = { ...(VALID_RULES[4] as Omit<RuleDefinition, 'id' | 'version'>), id: 'r', version: 1 };

type Validator = (input: unknown) => ValidationResult<unknown>;

const VALIDATORS: Array<[name: string, validate: Validator, valid: unknown[]]> = [
  ['validateRuleInput', validateRuleInput, VALID_RULES],
  ['validateRulePatch', (patch) => validateRulePatch(STORED, patch), [{ description: 'x' }, VALID_RULES[5]]],
  ['validateExceptionInput', validateExceptionInput, [VALID_EXCEPTION]],
  ['validateClusterInput', validateClusterInput, [VALID_CLUSTER]],
  ['validateMatchSpec', (input) => validateMatchSpec(input, 'match'), [MATCH]],
  ...RULE_KINDS.map((kind): [string, Validator, unknown[]] => [
    `validateParams(${kind})`,
    (params) => validateParams(kind, params),
    VALID_RULES.filter((r) => r.kind === kind).map((r) => r.params),
  ]),
];

/** The contract of every validator: an answer, never an exception, and problems that say what and where. */
function expectWellFormed(validate: Validator, input: unknown): ValidationResult<unknown> {
  let result: ValidationResult<unknown>;
  expect(() => (result = validate(input))).not.toThrow();
  if (!result!.ok) {
    expect(result!.problems.length).toBeGreaterThan(0);
    for (const problem of result!.problems) {
      expect(typeof problem.path).toBe('string');
      expect(typeof problem.message).toBe('string');
      expect(problem.message.length).toBeGreaterThan(0);
    }
  }
  return result!;
}

/** Every place in a JSON-like value: [path segments, value]. */
function places(value: unknown, at: PropertyKey[] = []): Array<[PropertyKey[], unknown]> {
  const out: Array<[PropertyKey[], unknown]> = [[at, value]];
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...places(item, [...at, i])));
  else if (value !== null && typeof value === 'object')
    for (const [key, item] of Object.entries(value)) out.push(...places(item, [...at, key]));
  return out;
}

function replaceAt(value: unknown, path: readonly PropertyKey[], replacement: unknown): unknown {
  if (path.length === 0) return replacement;
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<PropertyKey, unknown>;
  const [head, ...rest] = path;
  copy[head!] = replaceAt(copy[head!], rest, replacement);
  return copy;
}

function renameKey(value: unknown, path: readonly PropertyKey[], newKey: string): unknown {
  const [head, ...rest] = path;
  if (rest.length === 0) {
    const entries = Object.entries(value as object).map(([k, v]) => [k === head ? newKey : k, v]);
    return Object.fromEntries(entries);
  }
  const copy = (Array.isArray(value) ? [...value] : { ...(value as object) }) as Record<PropertyKey, unknown>;
  copy[head!] = renameKey(copy[head!], rest, newKey);
  return copy;
}

describe.each(VALIDATORS)('%s', (_name, validate, valid) => {
  it('accepts the valid samples (so the mutations below start from valid input)', () => {
    for (const input of valid) expect(validate(input)).toMatchObject({ ok: true });
  });

  it('never throws on arbitrary values', () => {
    const anything = fc.anything({
      maxDepth: 4,
      withBigInt: true,
      withBoxedValues: true,
      withDate: true,
      withMap: true,
      withNullPrototype: true,
      withObjectString: true,
      withSet: true,
      withSparseArray: true,
      withTypedArray: true,
      withUnicodeString: true,
    });
    fc.assert(
      fc.property(fc.oneof(anything, fc.jsonValue()), (input) => {
        expectWellFormed(validate, input);
      }),
      { ...SEED, numRuns: 300 },
    );
  });

  it('never throws when one field of a valid definition gets a wrong-typed value', () => {
    const samples = valid.flatMap((input) => places(input).map(([path]) => [input, path] as const));
    const wrong = fc.oneof(
      fc.anything({ maxDepth: 2, withBigInt: true, withDate: true, withNullPrototype: true, withSparseArray: true }),
      fc.constantFrom(
        null,
        undefined,
        '',
        0,
        -1,
        Infinity,
        Number.NaN,
        true,
        [],
        {},
        [null],
        ['\u0000'],
        'x'.repeat(5000),
      ),
    );
    fc.assert(
      fc.property(fc.constantFrom(...samples), wrong, ([input, path], replacement) => {
        expectWellFormed(validate, replaceAt(input, path, replacement));
      }),
      { ...SEED, numRuns: 400 },
    );
  });

  // Every string of the valid samples, values and map keys, made unstorable in turn.
  const strings = valid.flatMap((input, sample) =>
    places(input).flatMap(([path, value]) => {
      const cases: Array<[string, unknown, string, string]> = [];
      if (typeof value === 'string') {
        const at = path.map(String).join('.');
        cases.push([`${sample}:${at} with NUL`, replaceAt(input, path, `${value}\u0000x`), at, 'NUL']);
        cases.push([
          `${sample}:${at} with a lone surrogate`,
          replaceAt(input, path, `${value}\uD800`),
          at,
          'surrogate',
        ]);
      }
      const parent = path.slice(0, -1);
      const key = path[path.length - 1];
      const container = places(input).find(([p]) => p.join('\u0001') === parent.join('\u0001'))?.[1];
      if (
        typeof key === 'string' &&
        container &&
        !Array.isArray(container) &&
        /labels|matchLabels/.test(String(parent.at(-1)))
      ) {
        const at = path.map(String).join('.');
        cases.push([`${sample}:${at} key with NUL`, renameKey(input, path, `${key}\u0000`), at, 'NUL']);
      }
      return cases;
    }),
  );

  if (strings.length > 0) {
    it.each(strings)('refuses %s', (_case, input, _at, what) => {
      const result = expectWellFormed(validate, input);
      expect(result.ok).toBe(false);
      const messages = result.ok ? [] : result.problems.map((p) => p.message);
      expect(messages).toContainEqual(
        what === 'NUL'
          ? expect.stringMatching(/must not contain NUL characters/)
          : expect.stringMatching(/must be valid Unicode \(lone surrogate\)/),
      );
    });
  }
});

describe('values that once threw', () => {
  it.each([
    ['BigInt rule names listed twice', { ...VALID_EXCEPTION, rules: [1n, 1n] }],
    ['symbols listed twice', { ...VALID_EXCEPTION, rules: [Symbol.iterator, Symbol.iterator] }],
    // eslint-disable-next-line no-sparse-arrays -- a hole is the point
    ['a sparse list', { ...VALID_EXCEPTION, rules: [, 'a'] }],
  ])('%s', (_name, input) => {
    expect(expectWellFormed(validateExceptionInput, input).ok).toBe(false);
  });
});

describe('NUL and lone surrogates are named where they are', () => {
  it.each([
    [{ ...VALID_EXCEPTION, justification: 'a\u0000b' }, 'justification', 'must not contain NUL characters (U+0000)'],
    [{ ...VALID_EXCEPTION, owner: '\uDC00team' }, 'owner', 'must be valid Unicode (lone surrogate)'],
    [
      { ...VALID_EXCEPTION, match: { namespaces: ['ok', 'bad\u0000'] } },
      'match.namespaces[1]',
      'must not contain NUL characters (U+0000)',
    ],
    [
      { ...VALID_EXCEPTION, match: { labels: { matchLabels: { 'a\u0000': 'b' } } } },
      'match.labels.matchLabels[a\\u0000]',
      'key must not contain NUL characters (U+0000)',
    ],
  ])('%#: %s', (input, path, message) => {
    const result = validateExceptionInput(input);
    expect(result.ok).toBe(false);
    expect(result.ok ? [] : result.problems).toContainEqual({ path, message });
  });

  it('in rules and cluster profiles too', () => {
    const rule = validateRuleInput({ ...VALID_RULES[0], description: 'x\u0000' });
    expect(rule.ok ? [] : rule.problems).toEqual([
      { path: 'description', message: 'must not contain NUL characters (U+0000)' },
    ]);
    const cluster = validateClusterInput({ ...VALID_CLUSTER, labels: { env: 'p\uD800' } });
    expect(cluster.ok ? [] : cluster.problems).toContainEqual({
      path: 'labels.env',
      message: 'must be valid Unicode (lone surrogate)',
    });
    // A well-formed pair (an emoji) is fine.
    expect(validateRuleInput({ ...VALID_RULES[0], description: 'pinned 📌' }).ok).toBe(true);
  });
});

describe('size bounds', () => {
  const many = (n: number, make: (i: number) => string) => Array.from({ length: n }, (_, i) => make(i));
  it.each([
    ['justification', { ...VALID_EXCEPTION, justification: 'x'.repeat(4097) }, 'justification', /at most 4096/],
    ['owner', { ...VALID_EXCEPTION, owner: 'x'.repeat(4097) }, 'owner', /at most 4096/],
    ['rules', { ...VALID_EXCEPTION, rules: many(1001, (i) => `r${i}`) }, 'rules', /at most 1000 items/],
    [
      'namespaces',
      { ...VALID_EXCEPTION, match: { namespaces: many(1001, (i) => `n${i}`) } },
      'match.namespaces',
      /at most 1000 items/,
    ],
    [
      'matchLabels',
      {
        ...VALID_EXCEPTION,
        match: { labels: { matchLabels: Object.fromEntries(many(1001, (i) => `k${i}`).map((k) => [k, 'v'])) } },
      },
      'match.labels.matchLabels',
      /at most 1000 entries/,
    ],
    ['expiresAt', { ...VALID_EXCEPTION, expiresAt: '2'.repeat(100_000) }, 'expiresAt', /at most 64 characters/],
  ])('%s', (_name, input, path, message) => {
    const result = validateExceptionInput(input);
    expect(result.ok ? [] : result.problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it.each([
    ['a long glob', { namespaces: ['a'.repeat(1025)] }, 'match.namespaces[0]', /at most 1024/],
    ['a glob with 33 stars', { images: ['a*'.repeat(33)] }, 'match.images[0]', /at most 32/],
    ['1001 images', { images: many(1001, (i) => `i${i}`) }, 'match.images', /at most 1000 items/],
  ])('rule match: %s', (_name, match, path, message) => {
    const result = validateRuleInput({ ...VALID_RULES[1], match });
    expect(result.ok ? [] : result.problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it.each([
    [
      '1001 tags',
      { kind: 'disallowed-tags', params: { tags: many(1001, () => 'latest') } },
      'params.tags',
      /at most 1000/,
    ],
    [
      'a long rewrite prefix',
      {
        kind: 'denied-registries',
        params: { registries: ['x.io'], rewrites: [{ from: 'a'.repeat(2000), to: 'b.io' }] },
      },
      'params.rewrites[0].from',
      /at most 1024/,
    ],
    ['a long name', { name: 'a'.repeat(254) }, 'name', /at most 253/],
    ['a long description', { description: 'a'.repeat(4097) }, 'description', /at most 4096/],
  ])('rule: %s', (_name, patch, path, message) => {
    const result = validateRuleInput({ ...VALID_RULES[1], ...patch });
    expect(result.ok ? [] : result.problems).toContainEqual({ path, message: expect.stringMatching(message) });
  });
});
