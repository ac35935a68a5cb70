// The plan as text (policy-diff.ts) and as Markdown (policy-markdown.ts), from server answers written here.
import { describe, expect, it } from 'vitest';
import {
  changeBlock,
  impactText,
  planSummaryLine,
  renderApply,
  renderPlan,
  unmanagedLine,
  valueText,
  type PlanAnswer,
  type PlanChangeView,
} from '../../apps/cli/src/policy-diff.js';
import { renderPlanMarkdown } from '../../apps/cli/src/policy-markdown.js';

const NO_LATEST = {
  name: 'no-latest',
  kind: 'disallowed-tags',
  params: { tags: ['latest'] },
  enforcement: 'deny',
};

const create: PlanChangeView = { action: 'create', type: 'rule', name: 'no-latest', before: null, after: NO_LATEST };
const update: PlanChangeView = {
  action: 'update',
  type: 'rule',
  name: 'no-latest',
  before: { ...NO_LATEST, description: 'old' },
  after: { ...NO_LATEST, params: { tags: ['latest', 'edge'] }, enforcement: 'warn', severity: 'high' },
  fields: ['params', 'enforcement', 'severity', 'description'],
};
const remove: PlanChangeView = {
  action: 'delete',
  type: 'exception',
  name: 'legacy-batch',
  before: { name: 'legacy-batch', rules: ['no-latest'], justification: 'x', owner: 'y' },
  after: null,
};
const unchanged: PlanChangeView = {
  action: 'unchanged',
  type: 'cluster',
  name: 'prod',
  before: { name: 'prod' },
  after: { name: 'prod' },
};
const kept = (name: string): PlanChangeView => ({
  action: 'unchanged',
  type: 'rule',
  name,
  before: { name },
  after: { name },
  unmanaged: true,
});

function answer(changes: PlanChangeView[], policyVersion = 42): PlanAnswer {
  const summary = { create: 0, update: 0, delete: 0, unchanged: 0 };
  for (const c of changes) summary[c.action] += 1;
  return { policyVersion, bundleDigest: `sha256:${'a'.repeat(64)}`, prune: false, changes, summary };
}

describe('values', () => {
  it.each([
    ['deny', '"deny"'],
    ['with spaces → arrows', '"with spaces → arrows"'],
    [true, 'true'],
    [3, '3'],
    [null, 'null'],
    [undefined, 'null'],
    [{ tags: ['latest'], nested: { a: 1 } }, '{"tags":["latest"],"nested":{"a":1}}'],
    [['AlwaysPullImages'], '["AlwaysPullImages"]'],
  ])('%j → %s', (value, text) => {
    expect(valueText(value)).toBe(text);
  });
});

describe('one block per change', () => {
  it.each<[string, PlanChangeView, string[]]>([
    [
      'create: every field but the name',
      create,
      [
        '+ rule "no-latest"',
        '    + kind: "disallowed-tags"',
        '    + params: {"tags":["latest"]}',
        '    + enforcement: "deny"',
      ],
    ],
    [
      'update: changed, added and removed fields, in the order the server lists them',
      update,
      [
        '~ rule "no-latest"',
        '    ~ params: {"tags":["latest"]} → {"tags":["latest","edge"]}',
        '    ~ enforcement: "deny" → "warn"',
        '    + severity: "high"',
        '    - description: "old"',
      ],
    ],
    [
      'update without a field list: the fields that differ',
      { ...update, fields: undefined },
      [
        '~ rule "no-latest"',
        '    ~ params: {"tags":["latest"]} → {"tags":["latest","edge"]}',
        '    ~ enforcement: "deny" → "warn"',
        '    + severity: "high"',
        '    - description: "old"',
      ],
    ],
    ['delete: the title only', remove, ['- exception "legacy-batch"']],
    ['unchanged: nothing', unchanged, []],
    ['a name that needs quoting', { ...remove, name: 'a "b"' }, ['- exception "a \\"b\\""']],
    [
      'impact under a created rule',
      {
        ...create,
        after: { name: 'no-latest' },
        impact: {
          evaluated: 10,
          flipped: 3,
          summary: 'this change flips 3 of the last 10 evaluations',
          byTransition: { 'warn->fail': 1, 'pass->fail': 2 },
          skipped: [{ id: 'x', reason: 'gone' }],
        },
      },
      [
        '+ rule "no-latest"',
        '    impact: this change flips 3 of the last 10 evaluations (pass → fail: 2; warn → fail: 1; 1 skipped)',
      ],
    ],
  ])('%s', (_what, change, lines) => {
    expect(changeBlock(change)).toEqual(lines);
  });

  it('impact without flips is the summary alone', () => {
    expect(
      impactText({
        evaluated: 0,
        flipped: 0,
        summary: 'this change flips 0 of the last 0 evaluations',
        byTransition: {},
      }),
    ).toBe('this change flips 0 of the last 0 evaluations');
  });
});

describe('the unmanaged line', () => {
  it.each<[number, string | null]>([
    [0, null],
    [1, '1 stored object is not in the bundle and stays (use --prune to delete them): rule "r0".'],
    [
      3,
      '3 stored objects are not in the bundle and stay (use --prune to delete them): rule "r0", rule "r1", rule "r2".',
    ],
    [
      12,
      '12 stored objects are not in the bundle and stay (use --prune to delete them): ' +
        Array.from({ length: 10 }, (_, i) => `rule "r${i}"`).join(', ') +
        ', and 2 more.',
    ],
  ])('%i kept', (n, line) => {
    expect(unmanagedLine([create, ...Array.from({ length: n }, (_, i) => kept(`r${i}`))])).toBe(line);
  });
});

describe('whole plans', () => {
  it('blocks, a blank line after each, the unmanaged line, the summary', () => {
    expect(renderPlan(answer([create, remove, unchanged, kept('old')]))).toBe(
      [
        '+ rule "no-latest"',
        '    + kind: "disallowed-tags"',
        '    + params: {"tags":["latest"]}',
        '    + enforcement: "deny"',
        '',
        '- exception "legacy-batch"',
        '',
        '1 stored object is not in the bundle and stays (use --prune to delete them): rule "old".',
        'Plan: 1 to create, 0 to update, 1 to delete, 2 unchanged (policy version 42).',
        '',
      ].join('\n'),
    );
  });

  it('no changes: the summary line only', () => {
    expect(renderPlan(answer([unchanged]))).toBe(
      'Plan: 0 to create, 0 to update, 0 to delete, 1 unchanged (policy version 42).\n',
    );
    expect(planSummaryLine(answer([]))).toBe(
      'Plan: 0 to create, 0 to update, 0 to delete, 0 unchanged (policy version 42).',
    );
  });

  it.each([
    [true, 'Applied: 1 created, 0 updated, 1 deleted, 1 unchanged (policy version 41 → 42).'],
    [false, 'No changes: the store already matches the bundle (policy version 42).'],
  ])('apply (applied %s)', (applied, last) => {
    const a = {
      ...answer(applied ? [create, remove, unchanged] : [unchanged]),
      applied,
      previousPolicyVersion: applied ? 41 : 42,
    };
    const text = renderApply(a);
    expect(text.trimEnd().split('\n').at(-1)).toBe(last);
    expect(text.startsWith(applied ? '+ rule "no-latest"\n' : 'No changes')).toBe(true);
  });
});

describe('markdown', () => {
  it('a table, the unmanaged note, a collapsed diff per change', () => {
    const md = renderPlanMarkdown(answer([create, update, remove, kept('old')]));
    expect(md).toBe(
      [
        '## pullwise policy plan',
        '',
        '**1 to create, 1 to update, 1 to delete**, 1 unchanged (policy version 42).',
        '',
        '| Change | Type | Name | Fields | Impact |',
        '| --- | --- | --- | --- | --- |',
        '| create | rule | `no-latest` |  |  |',
        '| update | rule | `no-latest` | params, enforcement, severity, description |  |',
        '| delete | exception | `legacy-batch` |  |  |',
        '',
        '1 stored object is not in the bundle and stays (use `--prune` to delete them): rule "old".',
        '',
        '### Changes',
        '',
        '<details><summary>create rule <code>no-latest</code></summary>',
        '',
        '```diff',
        '+ kind: "disallowed-tags"',
        '+ params: {"tags":["latest"]}',
        '+ enforcement: "deny"',
        '```',
        '',
        '</details>',
        '',
        '<details><summary>update rule <code>no-latest</code></summary>',
        '',
        '```diff',
        '- params: {"tags":["latest"]}',
        '+ params: {"tags":["latest","edge"]}',
        '- enforcement: "deny"',
        '+ enforcement: "warn"',
        '+ severity: "high"',
        '- description: "old"',
        '```',
        '',
        '</details>',
        '',
        '<details><summary>delete exception <code>legacy-batch</code></summary>',
        '',
        '```diff',
        '- rules: ["no-latest"]',
        '- justification: "x"',
        '- owner: "y"',
        '```',
        '',
        '</details>',
        '',
        `<sub>Planned without --prune against policy version 42; bundle sha256:${'a'.repeat(64)}.</sub>`,
        '',
      ].join('\n'),
    );
  });

  it('no changes: one sentence', () => {
    expect(
      renderPlanMarkdown(answer([unchanged]))
        .split('\n')
        .slice(0, 3),
    ).toEqual(['## pullwise policy plan', '', 'No changes: the store already matches the bundle (policy version 42).']);
  });

  it('values with backtick runs get a longer fence; names with | and < stay in their cell and summary', () => {
    const tricky: PlanChangeView = {
      ...create,
      name: 'a|<b>',
      after: { name: 'a|<b>', description: 'see ```yaml``` and `x`' },
    };
    const md = renderPlanMarkdown(answer([tricky]));
    expect(md).toContain('| create | rule | `a\\|<b>` |  |  |');
    expect(md).toContain('<summary>create rule <code>a|&lt;b&gt;</code></summary>');
    expect(md).toContain('````diff\n+ description: "see ```yaml``` and `x`"\n````');
  });

  it('an impact table per rule', () => {
    const withImpact: PlanChangeView = {
      ...create,
      impact: {
        evaluated: 5,
        flipped: 1,
        summary: 'this change flips 1 of the last 5 evaluations',
        byTransition: { 'pass->fail': 1 },
      },
    };
    const md = renderPlanMarkdown(answer([withImpact]));
    expect(md).toContain('| create | rule | `no-latest` |  | flips 1 of 5 |');
    expect(md).toContain(
      '### Impact\n\n| Rule | Impact |\n| --- | --- |\n| `no-latest` | this change flips 1 of the last 5 evaluations (pass → fail: 1) |\n',
    );
  });
});
