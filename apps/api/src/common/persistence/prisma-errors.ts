import { Prisma } from '#db';
import { AppError } from '../errors/app-error.js';

/** Seconds a client should wait before retrying a request refused because the database is unavailable. */
const DATABASE_RETRY_AFTER_SECONDS = 5;

/** Seconds a client should wait before retrying a write that found the policy locked by another one. */
const BUSY_RETRY_AFTER_SECONDS = 2;

/** Translates Prisma's known errors once, at the persistence edge. */
export function translatePrismaError(err: unknown, what: string): never {
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === 'P2002')
      throw new AppError('conflict', `${what} already exists`, [{ path: 'name', message: `${what} already exists` }]);
    if (err.code === 'P2025') throw new AppError('not-found', `${what} does not exist`);
  }
  // 40P01 deadlock / 40001 serialization failure (Prisma's P2034), 55P03 lock_timeout: another writer held what
  // this one needed; nothing was written, and the same request can simply be sent again.
  if (
    (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2034') ||
    hasSqlState(err, ['40P01', '40001', '55P03'])
  )
    throw new AppError(
      'conflict',
      `another change to the policy (e.g. a policy apply) held it for too long; nothing was written: retry in ${BUSY_RETRY_AFTER_SECONDS} s`,
      [],
      { 'retry-after': String(BUSY_RETRY_AFTER_SECONDS) },
    );
  if (isDatabaseUnavailable(err)) throw databaseUnavailable();
  throw err;
}

/** Whether `err` carries one of these SQLSTATEs, in the places the pg driver adapter and Prisma put them. */
function hasSqlState(err: unknown, codes: readonly string[], depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5 || err instanceof AppError) return false;
  const e = err as {
    code?: unknown;
    kind?: unknown;
    originalCode?: unknown;
    meta?: { driverAdapterError?: unknown; code?: unknown };
    cause?: unknown;
  };
  const candidates = [e.kind === 'postgres' ? e.code : undefined, e.originalCode, e.meta?.code];
  if (candidates.some((c) => typeof c === 'string' && codes.includes(c))) return true;
  if (typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code) && codes.includes(e.code)) return true;
  if (e.meta?.driverAdapterError && hasSqlState(e.meta.driverAdapterError, codes, depth + 1)) return true;
  return e.cause !== undefined && e.cause !== err && hasSqlState(e.cause, codes, depth + 1);
}

/** The 503 every request gets when it needs the database and the database cannot be reached. */
export function databaseUnavailable(): AppError {
  return new AppError(
    'unavailable',
    `The database is unavailable; retry in ${DATABASE_RETRY_AFTER_SECONDS} s. Evaluations are still answered from the policy loaded last.`,
    [],
    { 'retry-after': String(DATABASE_RETRY_AFTER_SECONDS) },
  );
}

// Prisma: P1001 can't reach server, P1002 server timed out, P1008 operation timed out, P1017 server closed
// the connection, P2024 timed out fetching a connection from the pool, P2028 transaction API error (could
// not start a transaction in time, or the transaction's connection went away).
const PRISMA_CODES = new Set(['P1001', 'P1002', 'P1008', 'P1017', 'P2024', 'P2028']);
// @prisma/adapter-pg's DriverAdapterError kinds for a server that is down or refusing connections.
const ADAPTER_KINDS = new Set([
  'DatabaseNotReachable',
  'ConnectionClosed',
  'SocketTimeout',
  'TooManyConnections',
  'TlsConnectionError',
]);
// Node socket errors under pg.
const SOCKET_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
// pg errors without a code: the connection broke under a client or a pool.
const PG_MESSAGES = [
  /connection terminated/i,
  /client has encountered a connection error and is not queryable/i,
  /timeout exceeded when trying to connect/i,
  /connection (?:to server )?(?:was )?(?:lost|closed)/i,
  /cannot use a pool after calling end on the pool/i,
];

/**
 * SQLSTATEs meaning "the server is going away or not accepting work": class 08 (connection exception),
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections.
 */
function isUnavailableSqlState(code: string): boolean {
  return code.startsWith('08') || ['57P01', '57P02', '57P03', '53300'].includes(code);
}

/**
 * True when `err` (or anything in its `cause` chain or Prisma's `meta.driverAdapterError`) says the
 * database could not be reached or dropped the connection, as opposed to rejecting the statement.
 */
export function isDatabaseUnavailable(err: unknown, depth = 0): boolean {
  if (!err || typeof err !== 'object' || depth > 5 || err instanceof AppError) return false;
  const e = err as {
    code?: unknown;
    kind?: unknown;
    message?: unknown;
    meta?: { driverAdapterError?: unknown };
    cause?: unknown;
    originalCode?: unknown;
    name?: unknown;
  };
  if (err instanceof Prisma.PrismaClientInitializationError) return true;
  if (err instanceof Prisma.PrismaClientKnownRequestError && PRISMA_CODES.has(err.code)) return true;
  if (typeof e.kind === 'string') {
    if (ADAPTER_KINDS.has(e.kind)) return true;
    if (e.kind === 'postgres' && typeof e.code === 'string' && isUnavailableSqlState(e.code)) return true;
  }
  if (
    typeof e.code === 'string' &&
    (SOCKET_CODES.has(e.code) || (/^[0-9A-Z]{5}$/.test(e.code) && isUnavailableSqlState(e.code)))
  )
    return true;
  if (typeof e.originalCode === 'string' && isUnavailableSqlState(e.originalCode)) return true;
  if (typeof e.message === 'string' && PG_MESSAGES.some((re) => re.test(e.message as string))) return true;
  if (e.meta?.driverAdapterError && isDatabaseUnavailable(e.meta.driverAdapterError, depth + 1)) return true;
  return e.cause !== undefined && e.cause !== err && isDatabaseUnavailable(e.cause, depth + 1);
}
