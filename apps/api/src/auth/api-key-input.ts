import { z } from 'zod';
import { AppError } from '../common/errors/app-error.js';
import { SCOPES, type Scope } from './scopes.js';

export interface ApiKeyInput {
  name: string;
  scopes: Scope[];
  expiresAt: Date | null;
}

const schema = z
  .object({
    name: z
      .string({ error: 'must be a string' })
      .min(1, 'must not be empty')
      .max(100, 'must be at most 100 characters')
      .regex(/^[\x20-\x7e]+$/, 'must be printable ASCII (for example "ci-shop-frontend")'),
    scopes: z
      .array(z.enum(SCOPES, { error: `must be one of ${SCOPES.join(', ')}` }), { error: 'must be a list of scopes' })
      .min(1, `must name at least one scope: ${SCOPES.join(', ')}`)
      .max(SCOPES.length, 'lists a scope twice'),
    expiresAt: z.iso
      .datetime({ offset: true, error: 'must be an ISO-8601 date-time such as 2027-01-31T00:00:00Z' })
      .nullish(),
  })
  .strict();

/** Validates a create request; every problem is named by its field. */
export function parseApiKeyInput(body: unknown, now = new Date()): ApiKeyInput {
  const parsed = schema.safeParse(body ?? {});
  if (!parsed.success) {
    const errors = parsed.error.issues.map((i) => ({
      path: i.path.join('.') || '(body)',
      message: i.code === 'unrecognized_keys' ? `unknown field(s): ${i.keys.join(', ')}` : i.message,
    }));
    throw AppError.invalid(
      `The API key request is invalid: ${errors.map((e) => `${e.path} ${e.message}`).join('; ')}`,
      errors,
    );
  }
  const { name, scopes, expiresAt } = parsed.data;
  if (new Set(scopes).size !== scopes.length)
    throw AppError.invalid('scopes lists a scope twice', [{ path: 'scopes', message: 'lists a scope twice' }]);
  const expiry = expiresAt ? new Date(expiresAt) : null;
  if (expiry && (expiry.getTime() <= now.getTime() || expiry.getUTCFullYear() > 9999))
    throw AppError.invalid('expiresAt must be in the future (and before year 10000)', [
      { path: 'expiresAt', message: 'must be in the future' },
    ]);
  return { name, scopes, expiresAt: expiry };
}
