import { describe, expect, it } from 'vitest';
import { registryPatternProblem } from '../image-pattern.js';
import { RULE_KINDS, type RuleKind } from '../rule-types.js';
import { makeRule } from '../test-support.js';
import { celForRule, type CelRule, type CelRuleInputs } from './cel-rules.js';
import { evaluateExpression, pullwiseSlot } from './cel-test-harness.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;

type SlotType = Parameters<typeof pullwiseSlot>[0];

function exported(kind: RuleKind, params: Record<string, unknown> = {}, inputs: CelRuleInputs = {}, name = 'r') {
  const out = celForRule(makeRule({ name, kind, params }), inputs);
  if (!out.exported) throw new Error(`not exported: ${out.reason}`);
  return out;
}

/** The message for one slot, or null when the rule does not fire on it. */
function judge(
  out: Extract<CelRule, { exported: true }>,
  image: string,
  { type = 'container' as SlotType, name = 'web', written = '', object = {} as unknown } = {},
): string | null {
  const s = pullwiseSlot(type, name, image, written);
  if (evaluateExpression(out.violation, { s, object }) !== true) return null;
  return evaluateExpression(out.message, { s, object }) as string;
}

describe(celForRule.name, () => {
  it('exports every kind admission can judge, and says why for the others', () => {
    const inputs: CelRuleInputs = { preloadedImages: [], podHasPullSecrets: 'true' };
    const params: Partial<Record<RuleKind, Record<string, unknown>>> = {
      'pull-policy': { allowed: ['Always'] },
      'disallowed-tags': { tags: ['latest'] },
      'allowed-registries': { registries: ['ghcr.io'] },
      'denied-registries': { registries: ['ghcr.io'] },
      'pull-secrets-for-registries': { registries: ['ghcr.io'] },
    };
    const outcome = Object.fromEntries(
      RULE_KINDS.map((kind) => [
        kind,
        celForRule(makeRule({ name: 'r', kind, params: params[kind] ?? {} }), inputs).exported,
      ]),
    );
    expect(outcome).toEqual({
      'pull-policy': true,
      'explicit-pull-policy': false,
      'mutable-tag-requires-always': true,
      'require-digest': true,
      'disallowed-tags': true,
      'allowed-registries': true,
      'denied-registries': true,
      'never-requires-preloaded': true,
      'mutable-tag-drift': false,
      'pull-secrets-for-registries': true,
      'set-pull-policy': true,
    });
  });

  it('does not export explicit-pull-policy: the API server defaults the field while decoding, before admission', () => {
    const out = celForRule(makeRule({ name: 'r', kind: 'explicit-pull-policy' }));
    expect(out).toMatchObject({
      exported: false,
      reason: expect.stringMatching(/defaults imagePullPolicy while decoding/),
    });
  });

  it('does not export mutable-tag-drift, nor never-requires-preloaded without a profile list or with a node inventory', () => {
    expect(celForRule(makeRule({ name: 'r', kind: 'mutable-tag-drift' }))).toMatchObject({ exported: false });
    const never = makeRule({ name: 'r', kind: 'never-requires-preloaded' });
    expect(celForRule(never)).toMatchObject({ exported: false, reason: expect.stringMatching(/preloadedImages/) });
    expect(celForRule(never, { preloadedImages: null })).toMatchObject({ exported: false });
    expect(celForRule(never, { preloadedImages: ['nginx:1.27'], nodeInventory: true })).toMatchObject({
      exported: false,
      reason: expect.stringMatching(/node inventory/),
    });
  });

  it('exports pull-secrets-for-registries only with the CEL for the pod spec’s imagePullSecrets', () => {
    const rule = makeRule({ name: 'r', kind: 'pull-secrets-for-registries', params: { registries: ['ghcr.io'] } });
    expect(celForRule(rule)).toMatchObject({ exported: false, reason: expect.stringMatching(/podHasPullSecrets/) });
    const out = exported(
      'pull-secrets-for-registries',
      { registries: ['ghcr.io'], secretName: 'regcred' },
      {
        podHasPullSecrets: 'has(object.spec.imagePullSecrets) && object.spec.imagePullSecrets.exists(p, has(p.name))',
      },
    );
    const without = { spec: {} };
    const withSecret = { spec: { imagePullSecrets: [{ name: 'regcred' }] } };
    expect(judge(out, 'ghcr.io/acme/app:1.0', { object: without })).toBe(
      'rule "r" (pull-secrets-for-registries): container "web": ghcr.io/acme/app:1.0 comes from ghcr.io/acme/app (matches "ghcr.io"), but the pod spec lists no imagePullSecrets (a Pod\'s include those its ServiceAccount adds at admission); fix: add imagePullSecrets: [{ name: regcred }] to the pod spec',
    );
    expect(judge(out, 'ghcr.io/acme/app:1.0', { object: withSecret })).toBeNull();
    expect(judge(out, 'quay.io/acme/app:1.0', { object: without })).toBeNull();
  });
});

describe('messages name the rule, the slot and its container, in pullwise’s words, and the fix', () => {
  it('require-digest', () => {
    const out = exported('require-digest', {}, {}, 'pin-everything');
    expect(judge(out, 'nginx')).toBe(
      'rule "pin-everything" (require-digest): container "web": nginx has no tag and no digest (tag "latest" is implied); the registry can point the tag at different content, so the image must be pinned by digest; fix: pin the digest: replace "nginx" with "docker.io/library/nginx@sha256:<digest>"',
    );
    expect(judge(out, 'nginx@sha256:abc', { type: 'initContainer', name: 'setup' })).toBe(
      'rule "pin-everything" (require-digest): init container "setup": nginx@sha256:abc does not parse, so it is not pinned to a valid digest; the kubelet refuses it with InvalidImageName; fix: write a valid reference pinned by digest, e.g. <registry>/<repository>[:<tag>]@sha256:<64 lowercase hex digits>',
    );
    expect(judge(out, `nginx:1.27@${DIGEST}`)).toBeNull();
    expect(judge(out, '')).toBeNull();
  });

  it('disallowed-tags', () => {
    const out = exported('disallowed-tags', { tags: ['latest', 'v*'] });
    expect(judge(out, 'ghcr.io/acme/app:v2', { type: 'ephemeralContainer', name: 'debug' })).toBe(
      'rule "r" (disallowed-tags): ephemeral container "debug": ghcr.io/acme/app:v2 uses tag "v2", which matches the disallowed pattern "v*"; fix: use a specific version tag that this rule allows, or pin the image by digest (ghcr.io/acme/app:v2@sha256:<digest>)',
    );
    expect(judge(out, 'busybox')).toBe(
      'rule "r" (disallowed-tags): container "web": busybox has no tag and no digest, which means tag "latest", and "latest" is disallowed; fix: use a specific version tag that this rule allows, or pin the image by digest (docker.io/library/busybox@sha256:<digest>)',
    );
    // A digest decides: digest-only and tag-with-digest references pass (kinds/disallowed-tags.ts).
    expect(judge(out, `busybox@${DIGEST}`)).toBeNull();
    expect(judge(out, `busybox:latest@${DIGEST}`)).toBeNull();
  });

  it('mutable-tag-requires-always and pull-policy name the policy field of the slot type', () => {
    const mutable = exported('mutable-tag-requires-always', { immutableTags: ['v*.*.*'] });
    expect(judge(mutable, 'ghcr.io/acme/model:2024', { type: 'imageVolume', name: 'weights' })).toBe(
      'rule "r" (mutable-tag-requires-always): image volume "weights": ghcr.io/acme/model:2024 uses tag "2024" without a digest and its effective image.pullPolicy is IfNotPresent; mutable tags must be pulled with Always; fix: set image.pullPolicy: Always, or pin the image by digest (ghcr.io/acme/model:2024@sha256:<digest>)',
    );
    expect(judge(mutable, 'ghcr.io/acme/model:v1.2.3')).toBeNull();
    const policy = exported('pull-policy', { allowed: ['IfNotPresent', 'Never'], when: { digest: true } });
    expect(judge(policy, `nginx@${DIGEST}`, { written: 'Always' })).toBe(
      `rule "r" (pull-policy): container "web": nginx@${DIGEST} is pinned by digest and has effective imagePullPolicy Always; this rule allows only IfNotPresent or Never for images pinned by digest; fix: set imagePullPolicy: IfNotPresent`,
    );
    expect(judge(policy, 'nginx:latest', { written: 'Always' })).toBeNull();
  });

  it('allowed-registries and denied-registries name the canonical registry/repository and the pattern as written', () => {
    const allowed = exported('allowed-registries', {
      registries: ['ghcr.io/acme/*'],
      rewrites: [{ from: 'docker.io', to: 'ghcr.io/acme/hub' }],
    });
    expect(judge(allowed, 'nginx:1.27')).toBe(
      'rule "r" (allowed-registries): container "web": nginx:1.27 comes from docker.io/library/nginx, which matches none of the allowed registries "ghcr.io/acme/*"; fix: use an image from an allowed registry: "ghcr.io/acme/*"',
    );
    expect(judge(allowed, 'GHCR.IO:443/acme/app:1.0')).toBeNull();
    expect(judge(allowed, 'ghcr.io/Acme/App')).toMatch(
      /does not parse, so it cannot be shown to come from an allowed registry/,
    );
    const denied = exported('denied-registries', { registries: ['quay.io', 'GHCR.IO/evil/*'] });
    expect(judge(denied, 'ghcr.io:443/evil/miner:1.0')).toBe(
      'rule "r" (denied-registries): container "web": ghcr.io:443/evil/miner:1.0 comes from ghcr.io/evil/miner, which matches the denied pattern "GHCR.IO/evil/*" (read as "ghcr.io/evil/*"); fix: use an image from a registry that does not match "GHCR.IO/evil/*"',
    );
  });

  it('set-pull-policy and never-requires-preloaded', () => {
    const set = exported('set-pull-policy', { when: { digest: false } });
    expect(judge(set, 'nginx:1.27')).toBe(
      'rule "r" (set-pull-policy): container "web": nginx:1.27 has effective imagePullPolicy IfNotPresent; this rule sets it to Always at admission; fix: set imagePullPolicy: Always',
    );
    expect(judge(set, `nginx@${DIGEST}`)).toBeNull();
    const never = exported(
      'never-requires-preloaded',
      {},
      { cluster: 'edge', preloadedImages: ['registry.k8s.io/pause:3.9'] },
    );
    expect(judge(never, 'REGISTRY.K8S.IO/pause:3.9', { written: 'Never' })).toBeNull();
    expect(judge(never, 'registry.k8s.io/pause:3.10', { written: 'Never' })).toBe(
      'rule "r" (never-requires-preloaded): container "web": registry.k8s.io/pause:3.10 has effective imagePullPolicy Never, but the cluster profile "edge" does not list it among its preloaded images; on a node without the image the container fails with ErrImageNeverPull; fix: set imagePullPolicy: IfNotPresent so a node without the image pulls it, or add registry.k8s.io/pause:3.10 to the cluster profile\'s preloadedImages',
    );
  });

  it('keeps quotes and line breaks of patterns and images inside the literal and out of the message', () => {
    const pattern = 'ghcr.io/a"b\nc/*';
    expect(registryPatternProblem(pattern)).toBeNull();
    const out = exported('allowed-registries', { registries: [pattern] });
    const message = judge(out, 'bad\nimage');
    expect(message).toBe(
      'rule "r" (allowed-registries): container "web": bad image does not parse, so it cannot be shown to come from an allowed registry ("ghcr.io/a"b\\nc/*"); fix: write a valid reference to an image from "ghcr.io/a"b\\nc/*"',
    );
  });
});

describe('long pattern lists', () => {
  const patterns = (n: number) => Array.from({ length: n }, (_, i) => `registry-${i}.example.com/team-${i}/*`);

  it('stay flat enough for the parser and name the first pattern that matches', () => {
    const out = exported('denied-registries', { registries: patterns(300) });
    expect(judge(out, 'registry-299.example.com/team-299/app:1')).toBe(
      'rule "r" (denied-registries): container "web": registry-299.example.com/team-299/app:1 comes from registry-299.example.com/team-299/app, which matches the denied pattern "registry-299.example.com/team-299/*"; fix: use an image from a registry that does not match "registry-299.example.com/team-299/*"',
    );
    expect(judge(out, 'registry-299.example.com/team-298/app:1')).toBeNull();
    const allowed = exported('allowed-registries', { registries: patterns(300) });
    const message = judge(allowed, 'nginx')!;
    expect(message).toMatch(
      /which matches none of the allowed registries "registry-0\.example\.com\/team-0\/\*", .* and \d+ more; fix/,
    );
    expect(message.length).toBeLessThan(5 * 1024);
  });

  it('are not exported when the CEL would exceed what the API server parses', () => {
    const out = celForRule(makeRule({ name: 'r', kind: 'denied-registries', params: { registries: patterns(1000) } }));
    expect(out).toMatchObject({ exported: false, reason: expect.stringMatching(/code points long/) });
  });
});

describe('in a policy: variables.slots filtered by the violation, one message per offending slot', () => {
  it('reports the offending slots only, each by its own container', () => {
    const out = exported('disallowed-tags', { tags: ['latest'] }, {}, 'no-latest');
    const slots = [
      pullwiseSlot('initContainer', 'setup', 'busybox', ''),
      pullwiseSlot('container', 'web', 'nginx:1.27', ''),
      pullwiseSlot('container', 'sidecar', 'ghcr.io/acme/proxy:latest', 'Always'),
    ];
    const messages = evaluateExpression(`variables.slots.filter(s, ${out.violation}).map(s, ${out.message})`, {
      variables: { slots },
    });
    expect(messages).toEqual([
      expect.stringMatching(/^rule "no-latest" \(disallowed-tags\): init container "setup": busybox has no tag/),
      expect.stringMatching(
        /^rule "no-latest" \(disallowed-tags\): container "sidecar": ghcr.io\/acme\/proxy:latest uses tag "latest", which is disallowed/,
      ),
    ]);
  });

  it('judges invalid and empty references as each kind does', () => {
    const kinds: [RuleKind, Record<string, unknown>][] = [
      ['pull-policy', { allowed: ['Always'] }],
      ['set-pull-policy', {}],
      ['mutable-tag-requires-always', {}],
      ['require-digest', {}],
      ['disallowed-tags', { tags: ['*'] }],
      ['allowed-registries', { registries: ['ghcr.io'] }],
      ['denied-registries', { registries: ['*'] }],
      ['pull-secrets-for-registries', { registries: ['*'] }],
      ['never-requires-preloaded', {}],
    ];
    const inputs = { preloadedImages: [], podHasPullSecrets: 'false' };
    const fires = (image: string, written = '') =>
      kinds
        .filter(([kind, params]) => judge(exported(kind, params, inputs), image, { written }) !== null)
        .map(([k]) => k);
    expect(fires('nginx@sha256:abc')).toEqual([
      'pull-policy',
      'set-pull-policy',
      'require-digest',
      'allowed-registries',
    ]);
    expect(fires('', 'Never')).toEqual(['pull-policy', 'set-pull-policy']);
  });
});
