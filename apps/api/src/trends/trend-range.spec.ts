import { describe, expect, it } from 'vitest';
import { AppError } from '../common/errors/app-error.js';
import { parseFilter, parseLimit, parseRange, toInstant, utcDays } from './trend-range.js';

function problemPaths(fn: () => unknown): (string | null | undefined)[] {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('invalid-input');
    return (err as AppError).errors.map((e) => e.path);
  }
  throw new Error('expected an AppError');
}

describe('toInstant', () => {
  it.each([
    ['2026-11-01', '2026-11-01T00:00:00.000Z'],
    ['2026-11-01T12:30:00Z', '2026-11-01T12:30:00.000Z'],
    ['2026-11-01T12:30:00.250+02:00', '2026-11-01T10:30:00.250Z'],
    [' 2026-11-01 ', '2026-11-01T00:00:00.000Z'],
  ])('%s is %s', (raw, iso) => {
    expect(toInstant(raw)?.toISOString()).toBe(iso);
  });

  it.each([
    '',
    'yesterday',
    '2026-11-31',
    '2026-02-29',
    '2026-11-01T12:30:00',
    '1730419200',
    '2026-11-01 12:30Z',
    '0000-01-01',
    '1969-12-31T23:59:59Z',
  ])('rejects %j', (raw) => {
    expect(toInstant(raw)).toBeUndefined();
  });
});

describe('parseRange', () => {
  it('lists every UTC day the half-open range touches', () => {
    const r = parseRange('2026-10-30T22:00:00-02:00', '2026-11-02');
    expect(r.from.toISOString()).toBe('2026-10-31T00:00:00.000Z');
    expect(r.days).toEqual(['2026-10-31', '2026-11-01']);
  });

  it('a range ending just after midnight includes that day', () => {
    expect(parseRange('2026-11-01T12:00:00Z', '2026-11-02T00:00:00.001Z').days).toEqual(['2026-11-01', '2026-11-02']);
  });

  it.each<[string, string, string[]]>([
    ['x', '2026-11-01', ['from']],
    ['2026-11-01', 'y', ['to']],
    ['x', 'y', ['from', 'to']],
    ['2026-11-02', '2026-11-01', ['to']],
    ['2026-11-01', '2026-11-01', ['to']],
    ['2025-01-01', '2026-01-02T00:00:00.001Z', ['to']],
  ])('%s → %s names %j', (from, to, paths) => {
    expect(problemPaths(() => parseRange(from, to))).toEqual(paths);
  });

  it('accepts exactly 366 days', () => {
    expect(parseRange('2024-01-01', '2025-01-01').days).toHaveLength(366);
  });
});

describe('utcDays', () => {
  it('crosses months and leap days', () => {
    expect(utcDays(new Date('2028-02-28T00:00:00Z'), new Date('2028-03-02T00:00:00Z'))).toEqual([
      '2028-02-28',
      '2028-02-29',
      '2028-03-01',
    ]);
  });
});

describe('parseLimit and parseFilter', () => {
  it('limit defaults to 10 and must be 1–100', () => {
    expect(parseLimit(undefined)).toBe(10);
    expect(parseLimit(null)).toBe(10);
    expect(parseLimit(1)).toBe(1);
    expect(parseLimit(100)).toBe(100);
    for (const bad of [0, 101, -5, 2.5]) expect(problemPaths(() => parseLimit(bad))).toEqual(['limit']);
  });

  it('blank filters are not filters; over-long ones are rejected', () => {
    expect(parseFilter({ cluster: ' ', namespace: null })).toEqual({});
    expect(parseFilter({ cluster: 'prod', namespace: 'shop' })).toEqual({ cluster: 'prod', namespace: 'shop' });
    expect(problemPaths(() => parseFilter({ namespace: 'n'.repeat(254) }))).toEqual(['namespace']);
  });
});
