import { z } from 'zod';

/** Rule and exception names: DNS-1123-ish, lowercase alphanumerics, `-` and `.`, at most 253 characters. */
const NAME_PATTERN = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const NAME_MAX_LENGTH = 253;
const DESCRIPTION_MAX_LENGTH = 4096;
/** Free text of exceptions: justification and owner. */
export const TEXT_MAX_LENGTH = 4096;

export function nameProblem(name: string): string | null {
  if (name.length === 0) return 'must not be empty';
  if (name.length > NAME_MAX_LENGTH) return `must be at most ${NAME_MAX_LENGTH} characters, got ${name.length}`;
  if (!NAME_PATTERN.test(name)) {
    return `"${name}" is not a valid name: use lowercase letters, digits, '-' and '.', starting and ending with a letter or digit (e.g. "require-digest-prod")`;
  }
  return null;
}

export const nameSchema = z.string().superRefine((name, ctx) => {
  const problem = nameProblem(name);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

export const descriptionSchema = z.string().max(DESCRIPTION_MAX_LENGTH).nullable().optional();
