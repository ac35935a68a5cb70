import { describe, expect, it } from 'vitest';
import { mutationPatch } from '../mutation-patch.js';
import type { RuleDefinition } from '../rule-types.js';
import { DIGEST, applyJsonPatch, evaluate, makeException, makeRule, pod } from '../test-support.js';

const setAlways = (extra: Record<string, unknown> = {}) =>
  makeRule({ name: 'set-always', kind: 'set-pull-policy', enforcement: 'audit', ...extra });

/** The findings of one set-pull-policy rule on a one-container Pod (`image|Policy`). */
function fires(params: Record<string, unknown>, container: string, context = {}) {
  return evaluate(pod([container]), [setAlways({ params })], { context }).findings;
}

/** The webhook's patch for `manifest`, and the manifest with it applied. */
function mutate(manifest: unknown, rules: RuleDefinition[], options: Parameters<typeof evaluate>[2] = {}) {
  const result = evaluate(manifest, rules, options);
  const { operations, applied } = mutationPatch(result.findings);
  return { result, operations, applied, patched: applyJsonPatch(manifest, operations) };
}

describe('set-pull-policy: when it fires (the effective policy differs from the target)', () => {
  it.each([
    ['default target Always, fixed tag defaults to IfNotPresent', {}, 'nginx:1.27', true],
    ['default target Always, explicit IfNotPresent', {}, 'nginx:latest|IfNotPresent', true],
    ['default target Always, Never', {}, 'nginx:1.27|Never', true],
    ['default target Always, already Always', {}, 'nginx:1.27|Always', false],
    ['default target Always, untagged defaults to Always', {}, 'nginx', false],
    ['target IfNotPresent, latest defaults to Always', { policy: 'IfNotPresent' }, 'nginx:latest', true],
    ['target IfNotPresent, fixed tag', { policy: 'IfNotPresent' }, 'nginx:1.27', false],
    ['target Never, IfNotPresent', { policy: 'Never' }, 'nginx:1.27', true],
    ['when.digest true: digest, IfNotPresent', { when: { digest: true } }, `nginx@${DIGEST}`, true],
    ['when.digest true: no digest is not judged', { when: { digest: true } }, 'nginx:1.27', false],
    ['when.digest false: digest is not judged', { when: { digest: false } }, `nginx@${DIGEST}`, false],
    ['when.digest false: tag only', { when: { digest: false } }, 'nginx:1.27', true],
  ])('%s', (_name, params, container, expected) => {
    expect(fires(params, container).length).toBe(expected ? 1 : 0);
  });

  it('says what the webhook will set, and the fix is the patch it applies', () => {
    const [f] = fires({}, 'nginx:1.27');
    expect(f!.message).toBe(
      'nginx:1.27 has effective imagePullPolicy IfNotPresent (defaulted because the tag is not "latest"); this rule has pullwise\'s admission webhook set it to Always',
    );
    expect(f!.fix).toEqual({
      description: 'set imagePullPolicy: Always (the mutating webhook applies this at admission)',
      document: 0,
      patch: [{ op: 'add', path: '/spec/containers/0/imagePullPolicy', value: 'Always' }],
      image: null,
    });
    expect(fires({}, 'nginx:1.27|IfNotPresent')[0]!.fix!.patch[0]!.op).toBe('replace');
  });

  it('with AlwaysPullImages a target of Always is already met, and any other target is left to an instruction', () => {
    const plugin = { admissionPlugins: ['AlwaysPullImages'] };
    expect(fires({}, 'nginx:1.27', plugin)).toEqual([]);
    const [f] = fires({ policy: 'IfNotPresent' }, 'nginx:1.27', plugin);
    expect(f!.fix!.patch).toEqual([]);
    expect(f!.fix!.description).toMatch(/AlwaysPullImages admission plugin forces imagePullPolicy Always/);
    expect(mutationPatch([f!]).operations).toEqual([]);
  });
});

describe('set-pull-policy: scope (match and exclude, as every rule)', () => {
  const manifest = (namespace: string, labels: Record<string, string>, image = 'nginx:1.27') =>
    pod([image], { namespace, labels });
  it.each([
    ['namespaces: matched', { match: { namespaces: ['prod-*'] } }, manifest('prod-eu', {}), 1],
    ['namespaces: not matched', { match: { namespaces: ['prod-*'] } }, manifest('dev', {}), 0],
    ['labels: matched', { match: { labels: { matchLabels: { tier: 'web' } } } }, manifest('dev', { tier: 'web' }), 1],
    ['labels: not matched', { match: { labels: { matchLabels: { tier: 'web' } } } }, manifest('dev', {}), 0],
    ['images: matched', { match: { images: ['docker.io/library/*'] } }, manifest('dev', {}), 1],
    ['images: excluded', { exclude: { images: ['docker.io/library/*'] } }, manifest('dev', {}), 0],
    ['kinds: a Pod is not a Deployment', { match: { kinds: ['Deployment'] } }, manifest('dev', {}), 0],
    ['slots: containers only', { match: { slots: ['container'] } }, manifest('dev', {}), 1],
    ['slots: image volumes only', { match: { slots: ['imageVolume'] } }, manifest('dev', {}), 0],
  ])('%s', (_name, scope, m, count) => {
    expect(evaluate(m, [setAlways(scope)]).findings.length).toBe(count);
  });
});

const DEPLOYMENT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod' },
  spec: {
    selector: { matchLabels: { app: 'web' } },
    template: {
      metadata: { labels: { app: 'web' } },
      spec: {
        initContainers: [{ name: 'init', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' }],
        containers: [
          { name: 'app', image: 'registry.example.com/shop/web:v1.2.3' },
          { name: 'pinned', image: `nginx@${DIGEST}`, imagePullPolicy: 'IfNotPresent' },
          { name: 'ok', image: 'nginx:1.27', imagePullPolicy: 'Always' },
        ],
        volumes: [
          { name: 'models', image: { reference: 'registry.example.com/models:v1', pullPolicy: 'IfNotPresent' } },
        ],
      },
    },
  },
};

const CRONJOB = {
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { name: 'nightly', namespace: 'prod' },
  spec: {
    schedule: '0 0 * * *',
    jobTemplate: { spec: { template: { spec: { containers: [{ name: 'job', image: 'acme/job:1' }] } } } },
  },
};

const DEBUGGED_POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name: 'web-0', namespace: 'prod' },
  spec: {
    containers: [{ name: 'app', image: 'nginx:1.27', imagePullPolicy: 'Always' }],
    ephemeralContainers: [{ name: 'debugger', image: 'busybox:1.36', imagePullPolicy: 'IfNotPresent' }],
  },
};

describe('set-pull-policy: the webhook patch (paths per slot and workload kind)', () => {
  it('a Deployment: init containers, containers and image volumes under the pod template; add when absent', () => {
    const { operations, patched } = mutate(DEPLOYMENT, [setAlways()]);
    expect(operations).toEqual([
      { op: 'replace', path: '/spec/template/spec/initContainers/0/imagePullPolicy', value: 'Always' },
      { op: 'add', path: '/spec/template/spec/containers/0/imagePullPolicy', value: 'Always' },
      { op: 'replace', path: '/spec/template/spec/containers/1/imagePullPolicy', value: 'Always' },
      { op: 'replace', path: '/spec/template/spec/volumes/0/image/pullPolicy', value: 'Always' },
    ]);
    const spec = (patched as typeof DEPLOYMENT).spec.template.spec;
    expect(spec.containers.map((c) => (c as { imagePullPolicy?: string }).imagePullPolicy)).toEqual([
      'Always',
      'Always',
      'Always',
    ]);
    expect(spec.volumes[0]!.image.pullPolicy).toBe('Always');
  });

  it('a CronJob: the job template path', () => {
    expect(mutate(CRONJOB, [setAlways()]).operations).toEqual([
      { op: 'add', path: '/spec/jobTemplate/spec/template/spec/containers/0/imagePullPolicy', value: 'Always' },
    ]);
  });

  it('ephemeral containers are covered unless the scope leaves them out', () => {
    expect(mutate(DEBUGGED_POD, [setAlways()]).operations).toEqual([
      { op: 'replace', path: '/spec/ephemeralContainers/0/imagePullPolicy', value: 'Always' },
    ]);
    expect(mutate(DEBUGGED_POD, [setAlways({ exclude: { slots: ['ephemeralContainer'] } })]).operations).toEqual([]);
  });

  it('with AlwaysPullImages image volumes are forced to Always like containers (1.31+), so nothing is patched', () => {
    const plugin = { admissionPlugins: ['AlwaysPullImages'] };
    expect(mutate(DEPLOYMENT, [setAlways()], { context: plugin }).operations).toEqual([]);
    // Another target would be rejected by the plugin's Validate, which runs after every webhook.
    const { operations, result } = mutate(DEPLOYMENT, [setAlways({ params: { policy: 'IfNotPresent' } })], {
      context: plugin,
    });
    expect(operations).toEqual([]);
    const volume = result.findings.find((f) => f.slot.includes('volumes'));
    expect(volume!.fix!.description).toMatch(/AlwaysPullImages admission plugin forces image.pullPolicy Always/);
  });

  it.each([
    ['Deployment', DEPLOYMENT],
    ['CronJob', CRONJOB],
    ['Pod with an ephemeral container', DEBUGGED_POD],
  ])('is idempotent: the patched %s needs no patch', (_name, manifest) => {
    const { operations, patched } = mutate(manifest, [setAlways()]);
    expect(operations.length).toBeGreaterThan(0);
    const again = mutate(patched, [setAlways()]);
    expect(again.operations).toEqual([]);
    expect(again.result.findings).toEqual([]);
  });

  it('an exception waives the mutation as it waives the finding', () => {
    const exceptions = [
      makeException({ name: 'legacy-init', rules: ['set-always'], match: { slots: ['initContainer'] } }),
    ];
    const { operations, result } = mutate(DEPLOYMENT, [setAlways()], { exceptions });
    expect(operations.map((o) => o.path)).not.toContain('/spec/template/spec/initContainers/0/imagePullPolicy');
    expect(operations).toHaveLength(3);
    expect(result.findings.find((f) => f.slot.includes('initContainers'))).toMatchObject({
      waived: true,
      waivedBy: 'legacy-init',
    });
  });

  it('two rules on one field: the first by name wins, the other stays a finding', () => {
    const rules = [
      makeRule({ name: 'b-never', kind: 'set-pull-policy', params: { policy: 'Never' }, enforcement: 'warn' }),
      makeRule({
        name: 'a-if-not-present',
        kind: 'set-pull-policy',
        params: { policy: 'IfNotPresent' },
        enforcement: 'warn',
      }),
    ];
    const { operations, applied, result } = mutate(pod(['nginx:latest']), rules);
    expect(operations).toEqual([{ op: 'add', path: '/spec/containers/0/imagePullPolicy', value: 'IfNotPresent' }]);
    expect(applied.map((f) => f.rule)).toEqual(['a-if-not-present']);
    expect(result.findings.map((f) => f.rule)).toEqual(['a-if-not-present', 'b-never']);
  });

  it('other kinds never mutate', () => {
    const rule = makeRule({ name: 'pp', kind: 'pull-policy', params: { allowed: ['Always'] } });
    const result = evaluate(pod(['nginx:1.27']), [rule]);
    expect(result.findings).toHaveLength(1);
    expect(mutationPatch(result.findings).operations).toEqual([]);
  });
});
