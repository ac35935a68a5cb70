import { describe, expect, it } from 'vitest';
import type { Enforcement, Fix } from './evaluation-result.js';
import type { PolicyFinding } from './exceptions.js';
import { resolveFixConflicts } from './fix-conflicts.js';
import { mutationPatch } from './mutation-patch.js';
import { evaluate, makeException, makeRule, pod } from './test-support.js';

const PATH = '/spec/containers/0/imagePullPolicy';

function finding(rule: string, enforcement: Enforcement, value: string | null, waived = false): PolicyFinding {
  const fix: Fix | null =
    value === null
      ? null
      : { description: `set ${value}`, document: 0, patch: [{ op: 'add', path: PATH, value }], image: null };
  return {
    rule,
    ruleId: rule,
    ruleVersion: 1,
    kind: 'pull-policy',
    enforcement,
    severity: 'medium',
    message: '',
    waived,
    waivedBy: waived ? 'w' : null,
    fix,
  };
}

/** [rule, kept patch value or null, fixConflict.rule or null] per finding, in the input order. */
function outcome(findings: PolicyFinding[]) {
  return resolveFixConflicts(findings).map((f) => [
    f.rule,
    (f.fix?.patch[0]?.value as string | undefined) ?? null,
    f.fixConflict?.rule ?? null,
  ]);
}

describe('resolveFixConflicts', () => {
  it.each([
    [
      'deny beats warn, whatever the name order',
      [finding('a', 'warn', 'IfNotPresent'), finding('b', 'deny', 'Always')],
      [
        ['a', null, 'b'],
        ['b', 'Always', null],
      ],
    ],
    [
      'warn beats audit',
      [finding('a', 'audit', 'Always'), finding('b', 'warn', 'Never')],
      [
        ['a', null, 'b'],
        ['b', 'Never', null],
      ],
    ],
    [
      'same enforcement: the first by rule name stays',
      [finding('a', 'deny', 'Always'), finding('b', 'deny', 'IfNotPresent')],
      [
        ['a', 'Always', null],
        ['b', null, 'a'],
      ],
    ],
    [
      'an unwaived fix beats a waived deny',
      [finding('a', 'deny', 'Always', true), finding('b', 'audit', 'IfNotPresent')],
      [
        ['a', null, 'b'],
        ['b', 'IfNotPresent', null],
      ],
    ],
    [
      'findings without a fix take no part',
      [finding('a', 'deny', null), finding('b', 'warn', 'Always')],
      [
        ['a', null, null],
        ['b', 'Always', null],
      ],
    ],
  ])('%s', (_name, findings, expected) => {
    expect(outcome(findings)).toEqual(expected);
  });

  it('a fix that agrees keeps its finding but not a second patch for the path', () => {
    const [a, b] = resolveFixConflicts([finding('a', 'deny', 'Always'), finding('b', 'warn', 'Always')]);
    expect(a!.fix!.patch).toHaveLength(1);
    expect(b!.fix!.patch).toEqual([]);
    expect(b!.fix!.description).toContain(`${PATH} by the fix of rule "a"`);
    expect(b!.fixConflict).toBeUndefined();
  });
});

describe('fix conflicts in an evaluation', () => {
  const rules = () => [
    makeRule({ name: 'a-cache', kind: 'pull-policy', params: { allowed: ['IfNotPresent'] }, enforcement: 'warn' }),
    makeRule({ name: 'b-mutable', kind: 'mutable-tag-requires-always', enforcement: 'deny' }),
    makeRule({ name: 'c-set', kind: 'set-pull-policy', params: { policy: 'Never' }, enforcement: 'audit' }),
  ];

  it('reports the conflict on the slot and never two patches for one path', () => {
    const result = evaluate(pod(['nginx:1.27|Never']), rules());
    const byRule = Object.fromEntries(result.findings.map((f) => [f.rule, f]));
    expect(byRule['b-mutable']!.fix!.patch).toEqual([{ op: 'replace', path: PATH, value: 'Always' }]);
    expect(byRule['a-cache']).toMatchObject({ fix: null, fixConflict: { rule: 'b-mutable', path: PATH } });
    const paths = result.findings.flatMap((f) => f.fix?.patch.map((op) => op.path) ?? []);
    expect(new Set(paths).size).toBe(paths.length);
  });

  it('the mutating webhook applies no patch a weightier rule contradicts', () => {
    const result = evaluate(pod(['nginx:1.27']), [
      makeRule({ name: 'a-set', kind: 'set-pull-policy', params: { policy: 'Never' }, enforcement: 'audit' }),
      makeRule({ name: 'b-mutable', kind: 'mutable-tag-requires-always', enforcement: 'deny' }),
    ]);
    const set = result.findings.find((f) => f.rule === 'a-set')!;
    expect(set.fixConflict).toEqual({ rule: 'b-mutable', path: PATH });
    expect(mutationPatch(result.findings).operations).toEqual([]);
  });

  it('a set-pull-policy fix that agrees with a heavier one keeps the operation, so the webhook applies it', () => {
    const result = evaluate(pod(['nginx:1.27']), [
      makeRule({ name: 'a-mutable', kind: 'mutable-tag-requires-always', enforcement: 'warn' }),
      makeRule({ name: 'b-set', kind: 'set-pull-policy', params: { policy: 'Always' }, enforcement: 'audit' }),
    ]);
    const byRule = Object.fromEntries(result.findings.map((f) => [f.rule, f]));
    expect(byRule['b-set']!.fix!.patch).toEqual([{ op: 'add', path: PATH, value: 'Always' }]);
    expect(byRule['a-mutable']!.fix!.patch).toEqual([]);
    expect(byRule['a-mutable']!.fix!.description).toContain(`${PATH} by the fix of rule "b-set"`);
    expect(byRule['a-mutable']!.fixConflict).toBeUndefined();
    expect(mutationPatch(result.findings).operations).toEqual([{ op: 'add', path: PATH, value: 'Always' }]);
  });

  it('a waived set-pull-policy fix takes no operation from an unwaived one', () => {
    const result = evaluate(
      pod(['nginx:1.27']),
      [
        makeRule({ name: 'a-mutable', kind: 'mutable-tag-requires-always', enforcement: 'warn' }),
        makeRule({ name: 'b-set', kind: 'set-pull-policy', params: { policy: 'Always' }, enforcement: 'audit' }),
      ],
      { exceptions: [makeException({ name: 'w', rules: ['b-set'] })] },
    );
    const byRule = Object.fromEntries(result.findings.map((f) => [f.rule, f]));
    expect(byRule['a-mutable']!.fix!.patch).toEqual([{ op: 'add', path: PATH, value: 'Always' }]);
    expect(byRule['b-set']!.fix!.patch).toEqual([]);
    expect(mutationPatch(result.findings).operations).toEqual([]);
  });

  it('a waived rule gives way', () => {
    const result = evaluate(pod(['nginx:1.27']), rules(), {
      exceptions: [makeException({ name: 'w', rules: ['b-mutable'] })],
    });
    const byRule = Object.fromEntries(result.findings.map((f) => [f.rule, f]));
    expect(byRule['a-cache']).toBeUndefined(); // IfNotPresent is already effective
    expect(byRule['c-set']!.fix!.patch).toEqual([{ op: 'add', path: PATH, value: 'Never' }]);
    expect(byRule['b-mutable']).toMatchObject({ waived: true, fix: null, fixConflict: { rule: 'c-set' } });
  });
});
