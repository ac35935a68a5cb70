import { describe, expect, it } from 'vitest';
import type { LocatedPolicyFinding } from './exceptions.js';
import { NOW, evaluate, makeException, makeRule, pod } from './test-support.js';

// A waiver of every rule must expire (at most 90 days ahead): these tests are about scope, not expiry.
const WEEK_AFTER = new Date(NOW.getTime() + 7 * 86_400_000);

const rules = () => [
  makeRule({ name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'deny' }),
  makeRule({ name: 'pin', kind: 'require-digest', enforcement: 'warn' }),
];

const manifest = pod(['nginx', 'ghcr.io/acme/tool:latest'], { namespace: 'batch', labels: { team: 'data' } });

function findings(exceptions: Parameters<typeof makeException>[0][]) {
  const result = evaluate(manifest, rules(), { exceptions: exceptions.map(makeException) });
  return {
    result,
    rows: (result.findings as LocatedPolicyFinding[]).map((f) => [
      f.slot,
      f.rule,
      f.waived,
      f.waivedBy,
      f.expiredWaiver ?? null,
    ]),
  };
}

describe('exceptions', () => {
  it('no exception: everything unwaived, verdict fail', () => {
    const { result, rows } = findings([]);
    expect(result.verdict).toBe('fail');
    expect(rows).toEqual([
      ['spec.containers[0]', 'no-latest', false, null, null],
      ['spec.containers[0]', 'pin', false, null, null],
      ['spec.containers[1]', 'no-latest', false, null, null],
      ['spec.containers[1]', 'pin', false, null, null],
    ]);
  });

  it('an active exception waives the named rule where it matches, and the finding is still reported', () => {
    const { result, rows } = findings([
      {
        name: 'nginx-ok',
        rules: ['no-latest'],
        match: { images: ['docker.io/library/nginx'] },
        expiresAt: '2026-12-31T00:00:00Z',
      },
    ]);
    expect(rows).toEqual([
      ['spec.containers[0]', 'no-latest', true, 'nginx-ok', null],
      ['spec.containers[0]', 'pin', false, null, null],
      ['spec.containers[1]', 'no-latest', false, null, null],
      ['spec.containers[1]', 'pin', false, null, null],
    ]);
    expect(result.summary.findings).toEqual({ deny: 1, warn: 2, audit: 0, waived: 1 });
    expect(result.verdict).toBe('fail');
  });

  it('a wildcard exception waives every rule in its scope; the verdict follows unwaived findings only', () => {
    const { result, rows } = findings([
      {
        name: 'batch-all',
        rules: ['*'],
        expiresAt: WEEK_AFTER,
        match: { namespaces: ['batch'], labels: { matchLabels: { team: 'data' } } },
      },
    ]);
    expect(rows.every((r) => r[2] === true && r[3] === 'batch-all')).toBe(true);
    expect(result.verdict).toBe('pass');
    expect(result.summary.findings).toEqual({ deny: 0, warn: 0, audit: 0, waived: 4 });
  });

  it('a scoped exception does not reach other namespaces, labels or slots', () => {
    expect(
      findings([{ name: 'x', rules: ['*'], expiresAt: WEEK_AFTER, match: { namespaces: ['other'] } }]).rows.some(
        (r) => r[2],
      ),
    ).toBe(false);
    expect(
      findings([
        { name: 'x', rules: ['*'], expiresAt: WEEK_AFTER, match: { labels: { matchLabels: { team: 'web' } } } },
      ]).rows.some((r) => r[2]),
    ).toBe(false);
    expect(
      findings([{ name: 'x', rules: ['*'], expiresAt: WEEK_AFTER, match: { slots: ['initContainer'] } }]).rows.some(
        (r) => r[2],
      ),
    ).toBe(false);
    expect(findings([{ name: 'x', rules: ['pin-other'] }]).rows.some((r) => r[2])).toBe(false);
    expect(
      findings([{ name: 'x', rules: ['*'], expiresAt: WEEK_AFTER, match: { clusters: ['prod'] } }]).rows.some(
        (r) => r[2],
      ),
    ).toBe(false);
  });

  it('an expired exception waives nothing and is named in expiredWaiver', () => {
    const { result, rows } = findings([{ name: 'lapsed', rules: ['no-latest'], expiresAt: '2026-02-01T00:00:00Z' }]);
    expect(rows).toEqual([
      ['spec.containers[0]', 'no-latest', false, null, 'lapsed'],
      ['spec.containers[0]', 'pin', false, null, null],
      ['spec.containers[1]', 'no-latest', false, null, 'lapsed'],
      ['spec.containers[1]', 'pin', false, null, null],
    ]);
    expect(result.verdict).toBe('fail');
    expect(result.workloads[0]!.slots[0]!.findings[0]).toMatchObject({ waived: false, expiredWaiver: 'lapsed' });
  });

  it('expiry is inclusive: expiresAt equal to now has expired', () => {
    expect(findings([{ name: 'edge', rules: ['*'], expiresAt: NOW }]).rows[0]).toEqual([
      'spec.containers[0]',
      'no-latest',
      false,
      null,
      'edge',
    ]);
    expect(findings([{ name: 'edge', rules: ['*'], expiresAt: new Date(NOW.getTime() + 1) }]).rows[0]).toEqual([
      'spec.containers[0]',
      'no-latest',
      true,
      'edge',
      null,
    ]);
  });

  it('an active exception wins over an expired one; the first active by name waives', () => {
    const { rows } = findings([
      { name: 'b-active', rules: ['no-latest'] },
      { name: 'a-lapsed', rules: ['no-latest'], expiresAt: '2026-01-01T00:00:00Z' },
      { name: 'c-active', rules: ['*'], expiresAt: WEEK_AFTER },
    ]);
    expect(rows[0]).toEqual(['spec.containers[0]', 'no-latest', true, 'b-active', null]);
    expect(rows[1]).toEqual(['spec.containers[0]', 'pin', true, 'c-active', null]);
  });

  it('among expired exceptions the most recently expired is named', () => {
    const { rows } = findings([
      { name: 'a-old', rules: ['no-latest'], expiresAt: '2025-01-01T00:00:00Z' },
      { name: 'z-recent', rules: ['no-latest'], expiresAt: '2026-02-28T00:00:00Z' },
    ]);
    expect(rows[0]).toEqual(['spec.containers[0]', 'no-latest', false, null, 'z-recent']);
  });
});
