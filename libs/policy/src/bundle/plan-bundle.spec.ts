import { describe, expect, it } from 'vitest';
import { validateRuleInput } from '../validate-rule.js';
import { validateExceptionInput } from '../validate-exception.js';
import { exceptionEntry, ruleEntry } from './bundle-entries.js';
import type { BundleEntries, BundleEntry } from './bundle.js';
import { planBundle, planChangesSomething } from './plan-bundle.js';

function rule(input: Record<string, unknown>): BundleEntry {
  const v = validateRuleInput({ kind: 'require-digest', enforcement: 'warn', ...input });
  if (!v.ok) throw new Error(JSON.stringify(v.problems));
  return ruleEntry(v.value);
}

const entries = (rules: BundleEntry[], exceptions: BundleEntry[] = []): BundleEntries => ({
  rules,
  exceptions,
  clusters: [],
});

const summaryOf = (stored: BundleEntries, wanted: BundleEntries, prune: boolean) =>
  planBundle(stored, wanted, { prune }).changes.map(
    (c) => `${c.action} ${c.type} ${c.name}${c.unmanaged ? ' (unmanaged)' : ''}`,
  );

describe('planBundle', () => {
  const a = rule({ name: 'a' });
  const b = rule({ name: 'b' });
  const a2 = rule({ name: 'a', enforcement: 'deny' });

  it.each([
    ['an empty store: creates', entries([]), entries([a, b]), false, ['create rule a', 'create rule b']],
    ['the same policy: unchanged', entries([a, b]), entries([b, a]), false, ['unchanged rule a', 'unchanged rule b']],
    ['a changed field: update', entries([a]), entries([a2]), false, ['update rule a']],
    [
      'a stored rule the bundle omits, no prune',
      entries([a, b]),
      entries([a]),
      false,
      ['unchanged rule a', 'unchanged rule b (unmanaged)'],
    ],
    [
      'a stored rule the bundle omits, prune',
      entries([a, b]),
      entries([a]),
      true,
      ['unchanged rule a', 'delete rule b'],
    ],
    [
      'an empty bundle with prune deletes everything',
      entries([a, b]),
      entries([]),
      true,
      ['delete rule a', 'delete rule b'],
    ],
  ])('%s', (_, stored, wanted, prune, expected) => {
    expect(summaryOf(stored, wanted, prune)).toEqual(expected);
  });

  it('names the fields an update changes, with before and after', () => {
    const [change] = planBundle(entries([a]), entries([a2]), { prune: false }).changes;
    expect(change).toMatchObject({ action: 'update', fields: ['enforcement'], before: a, after: a2 });
  });

  it('counts every action and says whether anything changes', () => {
    const plan = planBundle(entries([a, b]), entries([a2]), { prune: true });
    expect(plan.summary).toEqual({ create: 0, update: 1, delete: 1, unchanged: 0 });
    expect(planChangesSomething(plan)).toBe(true);
    expect(planChangesSomething(planBundle(entries([a]), entries([a]), { prune: true }))).toBe(false);
  });

  it('orders rules, then exceptions, then cluster profiles', () => {
    const v = validateExceptionInput({ name: 'e', rules: ['a'], justification: 'j', owner: 'o' });
    if (!v.ok) throw new Error('invalid');
    const plan = planBundle(entries([]), entries([b, a], [exceptionEntry(v.value)]), { prune: false });
    expect(plan.changes.map((c) => `${c.type}:${c.name}`)).toEqual(['rule:a', 'rule:b', 'exception:e']);
  });
});

describe('canonical entries compare meaning, not text', () => {
  it.each([
    ['defaults written or not', { name: 'a' }, { name: 'a', severity: 'medium', enabled: true }],
    [
      'key order',
      { name: 'a', enforcement: 'deny', kind: 'disallowed-tags', params: { tags: ['latest'] } },
      { params: { tags: ['latest'] }, kind: 'disallowed-tags', enforcement: 'deny', name: 'a' },
    ],
    ['a null description and none', { name: 'a', description: null }, { name: 'a' }],
  ])('%s', (_, x, y) => {
    expect(rule(x)).toEqual(rule(y));
    expect(JSON.stringify(rule(x))).toBe(JSON.stringify(rule(y)));
  });

  it('reads one instant written in two zones as one expiry', () => {
    const e = (expiresAt: string) => {
      const v = validateExceptionInput({ name: 'e', rules: ['a'], justification: 'j', owner: 'o', expiresAt });
      if (!v.ok) throw new Error('invalid');
      return JSON.stringify(exceptionEntry(v.value));
    };
    expect(e('2027-01-01T02:00:00+02:00')).toBe(e('2027-01-01T00:00:00Z'));
  });
});
