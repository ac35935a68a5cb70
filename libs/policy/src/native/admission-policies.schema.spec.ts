import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import type { RuleDefinition } from '../rule-types.js';
import { NOW, makeException, makeRule } from '../test-support.js';
import { compileAdmissionPolicies } from './admission-policies.js';
import { SCOPED_RULES } from './admission-policies.fixtures.js';

/** Every generated object against admissionregistration.k8s.io/v1, as derived in vendor/README.md. */

const schema = JSON.parse(
  readFileSync(new URL('./vendor/admissionregistration-v1.schema.json', import.meta.url), 'utf8'),
) as object;
const ajv = new Ajv2020({ allErrors: true, strict: true });
const validate = ajv.compile(schema);

const RULES: RuleDefinition[] = [
  ...SCOPED_RULES,
  makeRule({ name: 'explicit', kind: 'explicit-pull-policy' }),
  makeRule({ name: 'set.always', kind: 'set-pull-policy', match: { namespaces: ['prod-*'] } }),
  makeRule({
    name: 'set.ifnotpresent-pinned',
    kind: 'set-pull-policy',
    params: { policy: 'IfNotPresent' },
    match: { kinds: ['CronJob', 'Deployment'], images: ['ghcr.io/acme/*'], labels: { matchLabels: { tier: 'web' } } },
  }),
];

const EXCEPTIONS = [
  makeException({
    name: 'legacy-hub',
    rules: ['require-digest-prod'],
    match: { namespaces: ['prod-legacy'], images: ['docker.io/library/*'] },
    expiresAt: new Date(NOW.getTime() + 86_400_000),
  }),
  makeException({
    name: 'waive-all',
    rules: ['*'],
    expiresAt: new Date(NOW.getTime() + 30 * 86_400_000),
    match: { labels: { matchLabels: { 'pullwise.io/waive': 'all' } } },
  }),
];

const { list } = compileAdmissionPolicies({
  rules: RULES,
  exceptions: EXCEPTIONS,
  cluster: { name: 'prod-eu', preloadedImages: [], hasNodeInventory: false },
  now: NOW,
});

describe('generated objects against the admissionregistration.k8s.io/v1 schema', () => {
  it('covers all four kinds', () => {
    expect(new Set(list.items.map((i) => i.kind))).toEqual(
      new Set([
        'ValidatingAdmissionPolicy',
        'ValidatingAdmissionPolicyBinding',
        'MutatingAdmissionPolicy',
        'MutatingAdmissionPolicyBinding',
      ]),
    );
  });

  it.each(list.items.map((item) => [`${item.kind} ${item.metadata.name}`, item] as const))('%s is valid', (_, item) => {
    validate(item);
    expect(validate.errors ?? []).toEqual([]);
  });

  it('rejects broken objects', () => {
    const vap = structuredClone(list.items.find((i) => i.kind === 'ValidatingAdmissionPolicy')!);
    const validations = vap.spec.validations as Record<string, unknown>[];
    delete validations[0]!.expression;
    vap.spec.failurePolicy = 'Maybe';
    expect(validate(vap)).toBe(false);
    const paths = validate.errors!.map((e) => `${e.instancePath} ${e.keyword}`);
    expect(paths).toContain('/spec/validations/0 required');
    expect(paths).toContain('/spec/failurePolicy enum');

    const map = structuredClone(list.items.find((i) => i.kind === 'MutatingAdmissionPolicy')!);
    (map.spec.mutations as Record<string, unknown>[])[0]!.patchType = 'StrategicMerge';
    map.spec.reinvocationPolicy = 'Always';
    expect(validate(map)).toBe(false);

    const binding = structuredClone(list.items.find((i) => i.kind === 'ValidatingAdmissionPolicyBinding')!);
    binding.spec.validationActions = ['Block'];
    binding.spec.paramRefs = {};
    expect(validate(binding)).toBe(false);
    expect(validate.errors!.filter((e) => e.keyword !== 'if').map((e) => `${e.instancePath} ${e.keyword}`)).toEqual([
      '/spec additionalProperties',
      '/spec/validationActions/0 enum',
    ]);

    expect(validate({ ...binding, kind: 'ValidatingWebhookConfiguration' })).toBe(false);
  });
});
