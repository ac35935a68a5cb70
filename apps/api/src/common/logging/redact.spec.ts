import { describe, expect, it } from 'vitest';
import { redactor } from './redact.js';

const redact = redactor(['admin-secret-value', null, 'short', 'quote"d-secret']);

describe('redact', () => {
  it.each([
    ['Authorization: Bearer abc.def-ghi', 'Authorization: Bearer [REDACTED]'],
    ['authorization: Basic dXNlcjpwYXNz', 'authorization: [REDACTED]'],
    [
      '{"headers":{"authorization":"Basic dXNlcjpwYXNz","host":"x"}}',
      '{"headers":{"authorization":"[REDACTED]","host":"x"}}',
    ],
    ['{"cookie":"session=abc; theme=dark","accept":"*/*"}', '{"cookie":"[REDACTED]","accept":"*/*"}'],
    ['Set-Cookie: session=abc; HttpOnly', 'Set-Cookie: [REDACTED]'],
    [`key pwk_0123456789ab_${'Z'.repeat(43)} used`, 'key pwk_0123456789ab_[REDACTED] used'],
    ['postgresql://app:hunter2@db:5432/pw', 'postgresql://app:[REDACTED]@db:5432/pw'],
    ['token admin-secret-value leaked twice: admin-secret-value', 'token [REDACTED] leaked twice: [REDACTED]'],
    ['{"msg":"got quote\\"d-secret"}', '{"msg":"got [REDACTED]"}'],
    ['short secrets are not treated as secrets: short', 'short secrets are not treated as secrets: short'],
    ['postgresql://app@db/pw has no password', 'postgresql://app@db/pw has no password'],
  ])('%s', (input, output) => {
    expect(redact(input)).toBe(output);
  });
});

it('learns secrets made after it', () => {
  const r = redactor([]);
  expect(r('dev token pwa_0123456789abcdef')).toBe('dev token pwa_0123456789abcdef');
  r.add('pwa_0123456789abcdef');
  expect(r('dev token pwa_0123456789abcdef')).toBe('dev token [REDACTED]');
});
