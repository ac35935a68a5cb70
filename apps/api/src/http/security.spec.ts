import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../common/errors/app-error.js';
import { decodeCursor, encodeCursor } from './pagination.js';
import { inspectInput } from './inspect-input.js';
import { findJsonSyntaxError, lineAndColumn } from './json-syntax.js';
import { invalidUtf8Offset } from './utf8.js';

describe('findJsonSyntaxError', () => {
  it('is null exactly when JSON.parse accepts the text', () => {
    const text = fc.oneof(
      fc.json(),
      fc.string({
        unit: fc.constantFrom(
          '{',
          '}',
          '[',
          ']',
          ',',
          ':',
          '"',
          '\\',
          'u',
          '0',
          '1',
          '-',
          '.',
          'e',
          't',
          'n',
          ' ',
          '\n',
          'a',
        ),
      }),
      fc.json().chain((j) => fc.nat({ max: j.length }).map((cut) => j.slice(0, cut))),
    );
    fc.assert(
      fc.property(text, (s) => {
        let parses = true;
        try {
          JSON.parse(s);
        } catch {
          parses = false;
        }
        expect(findJsonSyntaxError(s) === null).toBe(parses);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('points at the offending character with line and column', () => {
    expect(findJsonSyntaxError('{\n  "a": 1,\n  "b": tru\n}')).toMatchObject({ line: 3, column: 8 });
    expect(findJsonSyntaxError('{"a": 1,}')).toMatchObject({ line: 1, column: 9, message: 'trailing comma before }' });
    expect(findJsonSyntaxError(`${'['.repeat(100_000)}`)).toMatchObject({ line: 1, column: 100_001 });
    expect(lineAndColumn('a\nb\nc', 4)).toEqual({ line: 3, column: 1 });
  });
});

describe('invalidUtf8Offset', () => {
  it('agrees with a fatal TextDecoder', () => {
    const decoder = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 16 }), (bytes) => {
        let valid = true;
        try {
          decoder.decode(bytes);
        } catch {
          valid = false;
        }
        expect(invalidUtf8Offset(bytes) === bytes.length).toBe(valid);
      }),
      { seed: 42, numRuns: 5000 },
    );
  });

  it('names the first bad byte', () => {
    expect(invalidUtf8Offset(Buffer.from([0x61, 0x62, 0xff]))).toBe(2);
    expect(invalidUtf8Offset(Buffer.from([0x61, 0xed, 0xa0, 0x80]))).toBe(1);
    expect(invalidUtf8Offset(Buffer.from('héllo 🚀'))).toBe(Buffer.from('héllo 🚀').length);
  });
});

describe('inspectInput', () => {
  const limits = { maxDepth: 5, maxStringLength: 10 };
  const problemOf = (value: unknown) => {
    try {
      inspectInput(value, 'body', limits);
      return null;
    } catch (e) {
      return e instanceof AppError ? e.errors[0]!.path : 'not an AppError';
    }
  };

  it('names the path of NUL, unpaired surrogates, long strings, deep nesting and non-finite numbers', () => {
    expect(problemOf({ a: { b: ['ok', 'x\u0000'] } })).toBe('body.a.b[1]');
    expect(problemOf({ 'odd key': '\uD800' })).toBe('body["odd key"]');
    expect(problemOf({ [`k\u0000`]: 1 })).toBe('body["k\\u0000"]');
    expect(problemOf({ s: 'x'.repeat(11) })).toBe('body.s');
    expect(problemOf([[[[[[1]]]]]])).toBe('body[0][0][0][0][0]');
    expect(problemOf({ n: Infinity })).toBe('body.n');
    expect(problemOf({ fine: ['😀', 'x'.repeat(10)], n: 1.5 })).toBeNull();
  });

  it('exempts what lengthExempt says', () => {
    expect(() =>
      inspectInput({ manifests: 'x'.repeat(100) }, 'body', {
        ...limits,
        lengthExempt: (p) => p.at(-1) === 'manifests',
      }),
    ).not.toThrow();
  });
});

describe('decodeCursor', () => {
  it('round-trips the cursors we issue', () => {
    for (const key of ['my-rule', 'a', '2026-01-02T03:04:05.678Z|0f8fad5b-d9cb-469f-a165-70867728950e'])
      expect(decodeCursor(encodeCursor(key))).toBe(key);
  });

  it.each([
    ['a forged key shape', encodeCursor('2026-01-02T03:04:05.678Z|not-a-uuid')],
    ['NUL', encodeCursor('a\u0000')],
    ['year 0', encodeCursor('0000-01-02T03:04:05.678Z|0f8fad5b-d9cb-469f-a165-70867728950e')],
    ['padding', Buffer.from('{"k":"ab"}').toString('base64')],
    ['another shape', Buffer.from('{"k":"a","x":1}').toString('base64url')],
    ['an array', ['a', 'b']],
  ])('refuses %s', (_what, cursor) => {
    expect(() => decodeCursor(cursor)).toThrow(AppError);
  });
});
