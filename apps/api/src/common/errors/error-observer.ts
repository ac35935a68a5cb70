/**
 * Told of every error a REST handler or GraphQL resolver throws, before it is answered: the database monitor
 * learns of an outage from the first request that meets it (database/database.module.ts provides it). A filter
 * sees only failures, so the requests that succeed pay nothing.
 */
export interface ErrorObserver {
  reportFailure(err: unknown): void;
}

export const ERROR_OBSERVER = Symbol('ErrorObserver');
