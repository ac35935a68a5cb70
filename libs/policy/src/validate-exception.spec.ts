import { describe, expect, it } from 'vitest';
import { parseIsoDateTime, validateExceptionInput } from './validate-exception.js';

const base = {
  name: 'legacy-batch',
  rules: ['require-digest'],
  justification: 'vendor image, pinned next quarter',
  owner: 'team-data',
};

describe('validateExceptionInput', () => {
  it('accepts a minimal exception', () => {
    expect(validateExceptionInput(base)).toEqual({
      ok: true,
      value: { ...base, match: null, ticket: null, expiresAt: null },
    });
  });

  it('reads expiresAt as ISO-8601 text or a Date', () => {
    const text = validateExceptionInput({
      ...base,
      expiresAt: '2026-06-30T23:59:59+02:00',
      ticket: 'SEC-123',
      rules: ['*'],
      match: { namespaces: ['batch'] },
    });
    expect(text).toMatchObject({
      ok: true,
      value: { ticket: 'SEC-123', rules: ['*'], match: { namespaces: ['batch'] } },
    });
    expect(text.ok && text.value.expiresAt?.toISOString()).toBe('2026-06-30T21:59:59.000Z');
    const date = validateExceptionInput({ ...base, expiresAt: new Date('2026-01-01T00:00:00Z') });
    expect(date.ok && date.value.expiresAt?.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    expect(validateExceptionInput({ ...base, expiresAt: '2026-06-30T23:59:59.000Z' }).ok).toBe(true);
  });

  it.each<[string, Record<string, unknown>, Array<[string, RegExp]>]>([
    ['no justification', { ...base, justification: undefined }, [['justification', /required/]]],
    ['blank justification', { ...base, justification: '   ' }, [['justification', /must not be empty: say why/]]],
    ['no owner', { ...base, owner: undefined }, [['owner', /required/]]],
    ['blank owner', { ...base, owner: '' }, [['owner', /must not be empty/]]],
    ['no rules', { ...base, rules: [] }, [['rules', /must not be empty/]]],
    [
      'bad rule name',
      { ...base, rules: ['require-digest', 'Bad Rule'] },
      [['rules[1]', /not a valid name.*or "\*" for every rule/]],
    ],
    ['duplicate rule', { ...base, rules: ['a', 'a'] }, [['rules[1]', /listed twice/]]],
    ['date only', { ...base, expiresAt: '2026-06-30' }, [['expiresAt', /has no time and zone.*2026-06-30T23:59:59Z/]]],
    [
      'no zone',
      { ...base, expiresAt: '2026-06-30T12:00:00' },
      [['expiresAt', /not an ISO-8601 date-time with a zone/]],
    ],
    ['impossible date', { ...base, expiresAt: '2026-02-30T12:00:00Z' }, [['expiresAt', /not a real date/]]],
    ['invalid Date', { ...base, expiresAt: new Date('nope') }, [['expiresAt', /invalid Date/]]],
    ['number', { ...base, expiresAt: 5 }, [['expiresAt', /invalid value 5/]]],
    [
      'bad match',
      { ...base, match: { labels: { matchExpressions: [{ key: 'a', operator: 'Exists', values: ['x'] }] } } },
      [['match.labels.matchExpressions[0].values', /may not be specified/]],
    ],
    [
      'unknown field',
      { ...base, approver: 'x' },
      [
        [
          'approver',
          /unknown field "approver"; allowed fields: name, rules, match, justification, owner, ticket, expiresAt/,
        ],
      ],
    ],
  ])('%s', (_name, input, expected) => {
    const r = validateExceptionInput(input);
    expect(r.ok).toBe(false);
    const got = r.ok ? [] : r.problems;
    for (const [path, message] of expected)
      expect(got, JSON.stringify(got)).toContainEqual({ path, message: expect.stringMatching(message) });
    expect(got.length, JSON.stringify(got)).toBe(expected.length);
  });

  it('parses date-times precisely', () => {
    expect(parseIsoDateTime('2026-06-30T18:00+02:00')).toEqual(new Date('2026-06-30T16:00:00Z'));
    expect(parseIsoDateTime('2024-02-29T00:00:00Z')).toEqual(new Date('2024-02-29T00:00:00Z'));
    expect(typeof parseIsoDateTime('2025-02-29T00:00:00Z')).toBe('string');
    expect(typeof parseIsoDateTime('2026-06-30T24:00:00Z')).toBe('string');
  });
});
