import { describe, expect, it } from 'vitest';
import { compileLabelSelector, labelKeyProblem, labelSelectorProblems, labelValueProblem } from './label-selector.js';
import type { LabelSelector } from './rule-types.js';

// Semantics of k8s.io/apimachinery/pkg/labels/selector.go Requirement.Matches, reached through
// apis/meta/v1/helpers.go LabelSelectorAsSelector.
const cases: Array<[string, LabelSelector, Record<string, string>, boolean]> = [
  ['empty selector matches everything', {}, {}, true],
  ['empty selector matches labelled pods', {}, { app: 'x' }, true],
  ['empty lists match everything', { matchLabels: {}, matchExpressions: [] }, { app: 'x' }, true],
  ['matchLabels equal', { matchLabels: { app: 'web' } }, { app: 'web', tier: 'fe' }, true],
  ['matchLabels different value', { matchLabels: { app: 'web' } }, { app: 'api' }, false],
  ['matchLabels absent key', { matchLabels: { app: 'web' } }, {}, false],
  ['matchLabels empty value needs the key', { matchLabels: { app: '' } }, {}, false],
  ['matchLabels empty value present', { matchLabels: { app: '' } }, { app: '' }, true],
  [
    'In present, value in set',
    { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod', 'stage'] }] },
    { env: 'prod' },
    true,
  ],
  [
    'In present, value not in set',
    { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] },
    { env: 'dev' },
    false,
  ],
  ['In absent key', { matchExpressions: [{ key: 'env', operator: 'In', values: ['prod'] }] }, {}, false],
  ['NotIn absent key matches', { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] }, {}, true],
  [
    'NotIn value not in set',
    { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
    { env: 'dev' },
    true,
  ],
  [
    'NotIn value in set',
    { matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['prod'] }] },
    { env: 'prod' },
    false,
  ],
  ['Exists present', { matchExpressions: [{ key: 'team', operator: 'Exists' }] }, { team: '' }, true],
  ['Exists absent', { matchExpressions: [{ key: 'team', operator: 'Exists' }] }, {}, false],
  ['DoesNotExist absent', { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, { other: 'x' }, true],
  ['DoesNotExist present', { matchExpressions: [{ key: 'team', operator: 'DoesNotExist' }] }, { team: 'a' }, false],
  [
    'matchLabels AND matchExpressions: both hold',
    { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] },
    { app: 'web', env: 'prod' },
    true,
  ],
  [
    'matchLabels AND matchExpressions: expression fails',
    { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'NotIn', values: ['dev'] }] },
    { app: 'web', env: 'dev' },
    false,
  ],
  [
    'matchLabels AND matchExpressions: labels fail',
    { matchLabels: { app: 'web' }, matchExpressions: [{ key: 'env', operator: 'Exists' }] },
    { app: 'api', env: 'x' },
    false,
  ],
  [
    'a key named like an Object property is not inherited',
    { matchExpressions: [{ key: 'constructor', operator: 'Exists' }] },
    {},
    false,
  ],
];

describe('label selectors', () => {
  it.each(cases)('%s', (_name, selector, labels, expected) => {
    expect(compileLabelSelector(selector)(labels)).toBe(expected);
  });

  it('absent and null selectors match everything', () => {
    expect(compileLabelSelector(undefined)({ a: 'b' })).toBe(true);
    expect(compileLabelSelector(null)({})).toBe(true);
  });

  it('an unknown operator that slipped past validation selects nothing', () => {
    expect(compileLabelSelector({ matchExpressions: [{ key: 'a', operator: 'Bogus' as 'In' }] })({ a: 'x' })).toBe(
      false,
    );
  });
});

describe('label selector validation (ValidateLabelSelectorRequirement)', () => {
  it('In and NotIn need values; Exists and DoesNotExist must have none; operators are checked', () => {
    const problems = labelSelectorProblems(
      {
        matchExpressions: [
          { key: 'a', operator: 'In', values: [] },
          { key: 'b', operator: 'NotIn' },
          { key: 'c', operator: 'Exists', values: ['x'] },
          { key: 'd', operator: 'DoesNotExist', values: ['y'] },
          { key: 'e', operator: 'in' as 'In', values: ['z'] },
        ],
      },
      'match.labels',
    );
    expect(problems.map((p) => p.path)).toEqual([
      'match.labels.matchExpressions[0].values',
      'match.labels.matchExpressions[1].values',
      'match.labels.matchExpressions[2].values',
      'match.labels.matchExpressions[3].values',
      'match.labels.matchExpressions[4].operator',
    ]);
    expect(problems[0]!.message).toMatch(/must be specified when `operator` is 'In' or 'NotIn'/);
    expect(problems[2]!.message).toMatch(/may not be specified when `operator` is 'Exists' or 'DoesNotExist'/);
    expect(problems[4]!.message).toBe(
      '"in" is not a valid selector operator: use one of In, NotIn, Exists, DoesNotExist',
    );
  });

  it('keys and values follow IsQualifiedName and IsValidLabelValue', () => {
    expect(labelKeyProblem('app.kubernetes.io/name')).toBeNull();
    expect(labelKeyProblem('app')).toBeNull();
    expect(labelKeyProblem('-app')).toMatch(/name part must consist/);
    expect(labelKeyProblem('Example.com/app')).toMatch(/prefix part/);
    expect(labelKeyProblem('/app')).toMatch(/prefix part must be non-empty/);
    expect(labelKeyProblem('a/b/c')).toMatch(/qualified name/);
    expect(labelKeyProblem('x'.repeat(64))).toMatch(/no more than 63/);
    expect(labelValueProblem('')).toBeNull();
    expect(labelValueProblem('v1.2_3-a')).toBeNull();
    expect(labelValueProblem('bad value')).toMatch(/valid label value/);
    const problems = labelSelectorProblems(
      {
        matchLabels: { 'app.kubernetes.io/name': 'bad value' },
        matchExpressions: [{ key: 'ok', operator: 'In', values: ['x', '-y'] }],
      },
      'exclude.labels',
    );
    expect(problems.map((p) => p.path)).toEqual([
      'exclude.labels.matchLabels[app.kubernetes.io/name]',
      'exclude.labels.matchExpressions[0].values[1]',
    ]);
  });
});
