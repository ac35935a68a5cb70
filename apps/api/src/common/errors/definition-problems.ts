import type { DefinitionProblem } from '#policy';
import { AppError } from './app-error.js';

/** Validation problems from libs/policy as one 400 that names every field. */
export function invalidDefinition(what: string, problems: DefinitionProblem[]): AppError {
  return AppError.invalid(
    `The ${what} is not valid: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`,
    problems.map((p) => ({ path: p.path, message: p.message })),
  );
}
