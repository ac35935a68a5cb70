import { describe, expect, it } from 'vitest';
import { MAX_WARNING_LENGTH, MAX_WARNINGS, boundedWarnings, oneLine } from './admission-text.js';

describe('oneLine', () => {
  it('flattens control characters (the API server drops a warning that has one) and cuts with an ellipsis', () => {
    expect(oneLine('a\nb\tc\u0007d', 100)).toBe('a b c d');
    expect(oneLine('x'.repeat(300), 256)).toBe(`${'x'.repeat(255)}…`);
    expect(Array.from(oneLine('é'.repeat(300), 10))).toHaveLength(10);
  });
});

describe('boundedWarnings', () => {
  it('keeps short lists as they are', () => {
    expect(boundedWarnings(['a', 'b'])).toEqual(['a', 'b']);
    expect(boundedWarnings([])).toEqual([]);
  });

  it.each([
    ['exactly 20 short ones', 20, 10, 20, null],
    ['21 short ones: 19 and a count', 21, 10, 20, 2],
    ['100 short ones', 100, 10, 20, 81],
    ['30 of 250 characters: the 4,000-character budget comes first', 30, 250, 16, 15],
  ])('%s', (_name, count, length, shown, more) => {
    const out = boundedWarnings(Array.from({ length: count }, (_, i) => `${i}`.padEnd(length, '.')));
    expect(out).toHaveLength(shown);
    expect(out.length).toBeLessThanOrEqual(MAX_WARNINGS);
    expect(out.join('').length).toBeLessThanOrEqual(4000);
    for (const w of out) expect(w.length).toBeLessThanOrEqual(MAX_WARNING_LENGTH);
    expect(out.at(-1)).toBe(
      more === null ? `${count - 1}`.padEnd(length, '.') : `pullwise: ${more} more warnings not shown`,
    );
  });
});
