import { AppError } from '../common/errors/app-error.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids are UUIDs; anything else cannot exist, so it is a 404 rather than a database error. */
export function requireId(id: string, what: string): string {
  if (!UUID.test(id))
    throw new AppError('not-found', `${what} ${JSON.stringify(id.slice(0, 80))} does not exist (ids are UUIDs)`);
  return id.toLowerCase();
}
