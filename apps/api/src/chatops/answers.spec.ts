import { describe, expect, it } from 'vitest';
import type { NodeOutcome } from '#k8s';
import type { EffectivePolicyAnswer, LocatedFinding, RuleDefinition } from '#policy';
import { plain, type Answer } from './answer-model.js';
import {
  allRulesAnswer,
  checkAnswer,
  MAX_FINDINGS,
  MAX_RULES,
  paramsText,
  policyWhy,
  rulesAnswer,
  whyAnswer,
  type RecordedEvaluation,
} from './answers.js';

/** All the answer's text, without markup, one line per line. */
function text(a: Answer): string {
  return a.blocks
    .flatMap((b) => {
      if (b.type === 'heading') return [b.text];
      if (b.type === 'list')
        return [
          ...(b.title ? [plain(b.title)] : []),
          ...b.items.map(plain),
          ...(b.more ? [`…and ${b.more} more`] : []),
        ];
      return b.lines.map(plain);
    })
    .join('\n');
}

const image = (reference: string, over: Partial<EffectivePolicyAnswer['image']> = {}) => ({
  reference,
  registry: 'docker.io',
  repository: 'library/nginx',
  tag: 'latest',
  digest: null,
  runtimeImage: reference,
  error: null,
  ...over,
});
const policy = (over: Partial<EffectivePolicyAnswer['pullPolicy']>): EffectivePolicyAnswer['pullPolicy'] => ({
  declared: null,
  default: 'IfNotPresent',
  effective: 'IfNotPresent',
  admittedBy: null,
  reasons: [],
  ...over,
});

describe('policyWhy', () => {
  it.each([
    [image('nginx'), policy({ default: 'Always', effective: 'Always' }), 'because the tag is an implied "latest"'],
    [image('nginx:latest'), policy({ default: 'Always', effective: 'Always' }), 'because the tag is "latest"'],
    [image('nginx:1.27', { tag: '1.27' }), policy({}), 'because the tag is "1.27", not "latest"'],
    [image('nginx@sha256:aa', { tag: null, digest: 'sha256:aa' }), policy({}), 'pinned by digest'],
    [image('Nginx', { error: 'invalid reference format' }), policy({}), 'does not parse'],
    [image('nginx:1.27', { tag: '1.27' }), policy({ declared: 'Never', effective: 'Never' }), 'set explicitly'],
    [
      image('nginx:1.27', { tag: '1.27' }),
      policy({ declared: 'Never', effective: 'Always', admittedBy: 'AlwaysPullImages' }),
      'forced by the AlwaysPullImages admission plugin (the manifest says Never)',
    ],
  ])('%j', (img, pullPolicy, expected) => {
    expect(policyWhy({ image: img, pullPolicy })).toContain(expected);
  });
});

describe('checkAnswer', () => {
  const pull: NodeOutcome = { action: 'pull', contactsRegistry: true, reason: null, events: [] };
  const local: NodeOutcome = { action: 'use-local', contactsRegistry: false, reason: null, events: [] };
  const finding = (rule: string, enforcement: 'deny' | 'warn' | 'audit', waived = false) => ({
    rule,
    ruleId: rule,
    ruleVersion: 1,
    kind: 'pull-policy' as const,
    enforcement,
    severity: 'high' as const,
    message: `${rule} says no`,
    waived,
    waivedBy: waived ? 'ticket-1' : null,
    fix: { description: 'set imagePullPolicy: Always', document: 0, patch: [], image: null },
  });

  it('lists node behaviour, and findings deny first, waived last, with fixes', () => {
    const a = checkAnswer(
      { image: 'nginx:1.27', namespace: 'prod' },
      {
        image: image('nginx:1.27', { tag: '1.27' }),
        pullPolicy: policy({}),
        node: { imageAbsent: pull, imagePresent: local, imagePresentUnverified: local, notes: [] },
        fleet: null,
        findings: [finding('w', 'warn'), finding('waived', 'deny', true), finding('d', 'deny')],
        namespace: 'prod',
        assumptions: ['kubelet 1.37'],
      },
    );
    expect(text(a)).toBe(
      [
        'nginx:1.27 in prod',
        'Pull policy IfNotPresent — not set; defaults to IfNotPresent because the tag is "1.27", not "latest".',
        'On the node',
        'Image not on the node: pulls (contacts the registry)',
        'Image already on the node: uses the cached copy (no registry contact)',
        'Findings (1 deny, 1 warn, 0 audit, 1 waived)',
        'deny · high d: d says no — fix: set imagePullPolicy: Always',
        'warn · high w: w says no — fix: set imagePullPolicy: Always',
        'deny · high waived: waived says no (waived by ticket-1) — fix: set imagePullPolicy: Always',
        'Assuming kubelet 1.37.',
      ].join('\n'),
    );
    expect(a.summary).toBe('nginx:1.27 in prod: IfNotPresent; absent → pull, present → use-local; 1 deny finding');
  });

  it("summarises the cluster's own nodes when its profile has an inventory", () => {
    const fail: NodeOutcome = { action: 'fail', contactsRegistry: false, reason: 'ErrImageNeverPull', events: [] };
    const a = checkAnswer(
      { image: 'nginx:1.27', namespace: 'prod', cluster: 'prod-eu', policy: 'Never' },
      {
        image: image('nginx:1.27', { tag: '1.27' }),
        pullPolicy: policy({ declared: 'Never', effective: 'Never' }),
        node: { imageAbsent: fail, imagePresent: local, imagePresentUnverified: null, notes: [] },
        fleet: {
          observedAt: '2026-12-07T03:00:00.000Z',
          eligibleNodes: 12,
          ineligibleNodes: 2,
          summary: { pull: 0, useLocal: 9, fail: 3, unknown: 0 },
          groups: [
            {
              kubeletVersion: '1.34',
              image: 'present',
              action: 'use-local',
              reason: null,
              count: 9,
              nodes: ['a', 'b'],
            },
            {
              kubeletVersion: '1.33',
              image: 'absent',
              action: 'fail',
              reason: 'ErrImageNeverPull',
              count: 3,
              nodes: ['x', 'y', 'z'],
            },
          ],
          nodes: [],
          ineligible: [],
        },
        findings: [],
        namespace: 'prod',
        assumptions: [],
      },
    );
    expect(text(a)).toContain(
      [
        "On prod-eu's 12 eligible nodes (2 ruled out): 9 use the cached copy, 3 fail",
        '9 × kubelet 1.34, image present: uses the cached copy — a, b, … 7 more',
        '3 × kubelet 1.33, image absent: fails with ErrImageNeverPull — x, y, z',
        'Inventory stored 2026-12-07T03:00:00.000Z; nodes report images with some lag.',
      ].join('\n'),
    );
    expect(a.summary).toContain('on 12 nodes: 0 pull, 9 use-local, 3 fail, 0 unknown');
  });

  it(`shows at most ${MAX_FINDINGS} findings and counts the rest`, () => {
    const a = checkAnswer(
      { image: 'nginx' },
      {
        image: image('nginx'),
        pullPolicy: policy({ default: 'Always', effective: 'Always' }),
        node: { imageAbsent: pull, imagePresent: pull, imagePresentUnverified: null, notes: [] },
        fleet: null,
        findings: Array.from({ length: MAX_FINDINGS + 3 }, (_, i) => finding(`r${i}`, 'audit')),
        namespace: 'default',
        assumptions: [],
      },
    );
    expect(text(a)).toContain('…and 3 more');
  });
});

describe('whyAnswer', () => {
  const located = (rule: string, enforcement: 'deny' | 'warn', waived = false): LocatedFinding => ({
    rule,
    ruleId: rule,
    ruleVersion: 1,
    kind: 'require-digest',
    enforcement,
    severity: 'medium',
    message: `${rule} message`,
    waived,
    waivedBy: null,
    fix: { description: 'pin the digest', document: 0, patch: [], image: 'nginx@sha256:aa' },
    document: 0,
    workload: 'Deployment/web',
    slot: 'spec.template.spec.containers[0]',
    namespace: 'prod',
    line: 7,
  });
  const recorded = (findings: LocatedFinding[]): RecordedEvaluation => ({
    id: 'e1',
    createdAt: '2026-01-02T03:04:05.000Z',
    verdict: 'fail',
    cluster: 'eu-1',
    namespaces: ['prod'],
    source: { repository: 'acme/web', commit: '0123456789abcdef0123', pipeline: null },
    summary: { documents: 1, workloads: 1, slots: 1, findings: { deny: 1, warn: 1, audit: 0, waived: 1 } },
    ruleVersions: [],
    createdBy: 'ci',
    result: {
      workloads: [
        {
          document: 0,
          kind: 'Deployment',
          name: 'web',
          namespace: 'prod',
          line: 1,
          slots: [{ name: 'web', type: 'container', path: 'spec.template.spec.containers[0]' }],
        },
      ],
      findings,
      errors: [],
    },
  });

  it('gives verdict, counts, open findings deny first with fixes, and provenance', () => {
    const a = whyAnswer(recorded([located('w', 'warn'), located('x', 'deny', true), located('d', 'deny')]));
    expect(text(a)).toBe(
      [
        'Evaluation e1',
        'Verdict: fail — 1 deny, 1 warn, 0 audit, 1 waived',
        '1 workload, 1 image slot in prod on eu-1',
        'Top findings',
        'deny · medium d in Deployment/web container "web": d message — fix: pin the digest → nginx@sha256:aa',
        'warn · medium w in Deployment/web container "web": w message — fix: pin the digest → nginx@sha256:aa',
        'Recorded 2026-01-02T03:04:05.000Z by ci from acme/web @ 0123456789ab',
      ].join('\n'),
    );
  });

  it('says so when every finding is waived', () => {
    expect(text(whyAnswer(recorded([located('x', 'deny', true)])))).toContain('Findings: none open (all waived).');
  });
});

describe('rules answers', () => {
  const rule = (name: string, over: Partial<RuleDefinition> = {}): RuleDefinition => ({
    id: name,
    name,
    version: 1,
    kind: 'pull-policy',
    params: { allowed: ['Always'] },
    enforcement: 'deny',
    severity: 'high',
    enabled: true,
    ...over,
  });

  it('lists the applicable rules with enforcement, severity, params and conditions', () => {
    const a = rulesAnswer({ namespace: 'prod', cluster: 'eu-1' }, [
      { rule: rule('a'), summary: 'summary a', conditional: false, conditions: [] },
      {
        rule: rule('b', { description: 'B!' }),
        summary: 'x',
        conditional: true,
        conditions: ['only images ghcr.io/*'],
      },
    ]);
    expect(text(a)).toBe(
      [
        'Rules in prod on eu-1',
        '2 enabled rules apply in prod on eu-1:',
        'deny · high a (pull-policy; allowed=Always): summary a',
        'deny · high b (pull-policy; allowed=Always): B! (only images ghcr.io/*)',
      ].join('\n'),
    );
  });

  it(`says when nothing applies, and caps long lists at ${MAX_RULES}`, () => {
    expect(text(rulesAnswer({ namespace: 'dev' }, []))).toContain('No enabled rule applies in dev.');
    const many = Array.from({ length: MAX_RULES + 5 }, (_, i) => ({
      rule: rule(`r${i}`),
      summary: 's',
      conditional: false,
      conditions: [],
    }));
    expect(text(rulesAnswer({ namespace: 'dev' }, many))).toContain('…and 5 more');
  });

  it('lists all enabled rules with their namespaces, counting the disabled ones', () => {
    const a = allRulesAnswer(
      [rule('a', { match: { namespaces: ['prod', 'prod-*'] } }), rule('b'), rule('c', { enabled: false })],
      () => 'summary',
    );
    expect(text(a)).toContain('2 enabled rules (1 disabled, not shown):');
    expect(text(a)).toContain('a (pull-policy; allowed=Always): summary — namespaces prod, prod-*');
    expect(text(a)).toContain('b (pull-policy; allowed=Always): summary — all namespaces');
  });

  it('paramsText is short', () => {
    expect(paramsText({ allowed: ['Always', 'Never'], digest: null })).toBe('allowed=Always,Never');
    expect(paramsText({})).toBe('');
    expect(paramsText({ registries: ['x'.repeat(300)] }).length).toBe(120);
  });
});
