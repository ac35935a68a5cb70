import { describe, expect, it, vi } from 'vitest';
import { redactor } from './redact.js';
import { RedactingLogger } from './redacting-logger.js';

const redact = redactor(['admin-secret-value', null, 'short']);

describe('redact', () => {
  it.each([
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [REDACTED]'],
    [`key pwk_0123456789ab_${'Z'.repeat(43)} used`, 'key pwk_0123456789ab_[REDACTED] used'],
    ['postgresql://app:hunter2@db:5432/pw', 'postgresql://app:[REDACTED]@db:5432/pw'],
    ['token admin-secret-value leaked twice: admin-secret-value', 'token [REDACTED] leaked twice: [REDACTED]'],
    ['short secrets are not treated as secrets: short', 'short secrets are not treated as secrets: short'],
    ['postgresql://app@db/pw has no password', 'postgresql://app@db/pw has no password'],
  ])('%s', (input, output) => {
    expect(redact(input)).toBe(output);
  });
});

describe('RedactingLogger', () => {
  it('logs an error without a stack (as the exception filter does) and scrubs one with a stack', () => {
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      written.push(String(chunk));
      return true;
    });
    try {
      const logger = new RedactingLogger(['error'], ['admin-secret-value']);
      expect(() => logger.error('no stack here')).not.toThrow();
      logger.error('failed', 'Error: admin-secret-value\n    at x (y.ts:1:1)');
    } finally {
      spy.mockRestore();
    }
    const text = written.join('');
    expect(text).toContain('no stack here');
    expect(text).toContain('Error: [REDACTED]');
    expect(text).not.toContain('admin-secret-value');
  });
});
