import { describe, expect, it } from 'vitest';
import { validateBundle } from './validate-bundle.js';

const envelope = { apiVersion: 'pullwise.io/v1', kind: 'PolicyBundle' };
const rule = (name: string, extra: Record<string, unknown> = {}) => ({
  name,
  kind: 'disallowed-tags',
  params: { tags: ['latest'] },
  enforcement: 'deny',
  ...extra,
});
const exception = (name: string, rules: string[]) => ({ name, rules, justification: 'legacy', owner: 'team-a' });

function problemsOf(raw: unknown, opts = {}) {
  const v = validateBundle(raw, opts);
  return v.ok ? [] : v.problems;
}

describe('validateBundle', () => {
  it.each([
    ['not an object', [], ''],
    ['a wrong apiVersion', { ...envelope, apiVersion: 'v1' }, 'apiVersion'],
    ['a wrong kind', { ...envelope, kind: 'List' }, 'kind'],
    ['an unknown top-level field', { ...envelope, policies: [] }, 'policies'],
    ['an unknown metadata field', { ...envelope, metadata: { name: 'x' } }, 'metadata.name'],
    ['a negative policyVersion', { ...envelope, metadata: { policyVersion: -1 } }, 'metadata.policyVersion'],
    ['rules that are not a list', { ...envelope, rules: {} }, 'rules'],
    [
      'bad params, by index',
      { ...envelope, rules: [rule('a'), rule('b', { params: { tags: 'latest' } })] },
      'rules[1].params.tags',
    ],
    ['an unknown kind', { ...envelope, rules: [rule('a', { kind: 'nope' })] }, 'rules[0].kind'],
    ['a name used twice', { ...envelope, rules: [rule('a'), rule('a')] }, 'rules[1].name'],
    [
      'an exception without a name',
      { ...envelope, rules: [rule('a')], exceptions: [{ rules: ['a'], justification: 'j', owner: 'o' }] },
      'exceptions[0].name',
    ],
    [
      'an exception naming an unknown rule',
      { ...envelope, rules: [rule('a')], exceptions: [exception('e', ['a', 'b'])] },
      'exceptions[0].rules[1]',
    ],
    [
      'a bad cluster profile',
      { ...envelope, clusters: [{ name: 'prod', kubeletVersion: 'banana' }] },
      'clusters[0].kubeletVersion',
    ],
  ])('names the problem of %s', (_, raw, path) => {
    expect(problemsOf(raw).map((p) => p.path)).toContain(path);
  });

  it('reports every problem, not the first one', () => {
    const raw = { ...envelope, rules: [rule('a', { enforcement: 'block' }), rule('b', { kind: 'nope' })] };
    expect(problemsOf(raw).map((p) => p.path)).toEqual(['rules[0].enforcement', 'rules[1].kind']);
  });

  it('takes a missing list as an empty one, and metadata and $schema as written', () => {
    const v = validateBundle({
      ...envelope,
      $schema: 'https://x/schemas/policy-bundle.json',
      metadata: { policyVersion: 7 },
    });
    expect(v).toEqual({ ok: true, value: { policyVersion: 7, rules: [], exceptions: [], clusters: [] } });
  });

  it('lets exceptions name rules the store keeps outside the bundle', () => {
    const raw = { ...envelope, exceptions: [exception('e', ['stored'])] };
    expect(problemsOf(raw)).toHaveLength(1);
    expect(problemsOf(raw, { keptRules: ['stored'] })).toEqual([]);
  });

  it('applies the configured limit on "*" exceptions', () => {
    const now = new Date('2026-12-01T00:00:00Z');
    const raw = {
      ...envelope,
      exceptions: [{ ...exception('all', ['*']), expiresAt: '2027-02-01T00:00:00Z' }],
    };
    expect(problemsOf(raw, { now, maxWildcardDays: 30 }).map((p) => p.path)).toEqual(['exceptions[0].expiresAt']);
    expect(problemsOf(raw, { now, maxWildcardDays: 90 })).toEqual([]);
  });
});

describe('a stored "*" exception judged again', () => {
  it('needs an expiry but no limit, and never throws on the limit', () => {
    const raw = { ...envelope, exceptions: [{ ...exception('all', ['*']), expiresAt: '2099-01-01T00:00:00Z' }] };
    expect(problemsOf(raw, { maxWildcardDays: Infinity })).toEqual([]);
    const { expiresAt: _, ...forever } = raw.exceptions[0]!;
    expect(
      problemsOf({ ...envelope, exceptions: [forever] }, { maxWildcardDays: Infinity }).map((p) => p.path),
    ).toEqual(['exceptions[0].expiresAt']);
  });
});
