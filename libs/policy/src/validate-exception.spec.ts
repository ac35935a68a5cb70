import { describe, expect, it } from 'vitest';
import { exceptionRuleProblems } from './exception-references.js';
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

describe('an exception of every rule must expire', () => {
  const now = new Date('2026-03-01T12:00:00Z');
  const wildcard = { ...base, rules: ['*'] };

  it.each([
    ['no expiry', {}, 90, 'required when rules is "*"'],
    ['null expiry', { expiresAt: null }, 90, 'required when rules is "*"'],
    ['91 days ahead', { expiresAt: '2026-05-31T12:00:00Z' }, 90, 'is 91 days ahead'],
    ['beyond a configured maximum', { expiresAt: '2026-03-09T12:00:00Z' }, 7, 'at most 7 days'],
    ['also next to named rules', { rules: ['*', 'require-digest'] }, 90, 'required when rules is "*"'],
  ])('refuses %s', (_name, extra, maxWildcardDays, fragment) => {
    const r = validateExceptionInput({ ...wildcard, ...extra }, { now, maxWildcardDays });
    expect(r).toEqual({ ok: false, problems: [{ path: 'expiresAt', message: expect.stringContaining(fragment) }] });
  });

  it.each([
    ['exactly 90 days ahead', '2026-05-30T12:00:00Z'],
    ['tomorrow', '2026-03-02T12:00:00Z'],
    ['already expired (it waives nothing)', '2026-01-01T00:00:00Z'],
  ])('accepts %s', (_name, expiresAt) => {
    expect(validateExceptionInput({ ...wildcard, expiresAt }, { now }).ok).toBe(true);
  });

  it('named rules need no expiry', () => {
    expect(validateExceptionInput(base, { now }).ok).toBe(true);
  });
});

describe('an exception without a name', () => {
  const { name: _name, ...nameless } = base;

  it('gets the default name the caller gives', () => {
    expect(validateExceptionInput(nameless, { defaultName: () => 'exception-0' })).toMatchObject({
      ok: true,
      value: { name: 'exception-0' },
    });
  });

  it('is refused without one, and a written name is kept', () => {
    expect(validateExceptionInput(nameless)).toMatchObject({ ok: false, problems: [{ path: 'name' }] });
    expect(validateExceptionInput(base, { defaultName: () => 'x' })).toMatchObject({ value: { name: 'legacy-batch' } });
  });
});

describe('exceptionRuleProblems', () => {
  it('names each rule that does not exist, with the closest existing one', () => {
    expect(
      exceptionRuleProblems(['pin-digests', '*', 'pull-polcy', 'nothing-like-it'], ['pin-digests', 'pull-policy']),
    ).toEqual([
      {
        path: 'rules[2]',
        message: expect.stringContaining('"pull-polcy" is not an existing rule; did you mean "pull-policy"?'),
      },
      { path: 'rules[3]', message: expect.not.stringContaining('did you mean') },
    ]);
  });

  it('accepts existing names and "*"', () => {
    expect(exceptionRuleProblems(['*', 'a'], ['a'])).toEqual([]);
  });
});
