import { describe, expect, it } from 'vitest';
import { Prisma } from '#db';
import { AppError } from '../errors/app-error.js';
import { databaseUnavailable, isDatabaseUnavailable, translatePrismaError } from './prisma-errors.js';

const known = (code: string, meta?: Record<string, unknown>) =>
  new Prisma.PrismaClientKnownRequestError('x', { code, clientVersion: '7', meta });
const socket = (code: string) =>
  Object.assign(new Error(`connect ${code} 127.0.0.1:5432`), { code, errno: -111, syscall: 'connect' });
const pgError = (code: string) => Object.assign(new Error('terminating connection'), { code, severity: 'FATAL' });

describe('isDatabaseUnavailable', () => {
  // The shapes @prisma/adapter-pg and pg produce when the server is stopped (measured in test/db-faults).
  it.each([
    ['P1001 from a model query', known('P1001', { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } })],
    ['P2010 from a raw query', known('P2010', { driverAdapterError: { cause: { kind: 'DatabaseNotReachable' } } })],
    ['a closed connection', known('P2010', { driverAdapterError: { cause: { kind: 'ConnectionClosed' } } })],
    [
      'admin_shutdown through the adapter',
      known('P2010', { driverAdapterError: { cause: { kind: 'postgres', code: '57P01' } } }),
    ],
    ['P2024 pool timeout', known('P2024')],
    ['ECONNREFUSED from pg', socket('ECONNREFUSED')],
    ['ECONNRESET from pg', socket('ECONNRESET')],
    ['57P01 admin_shutdown', pgError('57P01')],
    ['57P03 cannot_connect_now', pgError('57P03')],
    ['08006 connection_failure', pgError('08006')],
    ['a broken pooled client', new Error('Client has encountered a connection error and is not queryable')],
    ['a dropped connection', new Error('Connection terminated unexpectedly')],
    ['a wrapped cause', new Error('outer', { cause: socket('ECONNREFUSED') })],
  ])('%s: yes', (_, err) => expect(isDatabaseUnavailable(err)).toBe(true));

  it.each([
    ['a unique violation', known('P2002')],
    ['a missing row', known('P2025')],
    ['a statement error', pgError('23505')],
    ['an AppError', new AppError('conflict', 'x')],
    ['any other error', new Error('boom')],
    ['not an error', 'ECONNREFUSED'],
  ])('%s: no', (_, err) => expect(isDatabaseUnavailable(err)).toBe(false));
});

describe('translatePrismaError', () => {
  it('maps an unreachable database to 503 unavailable with Retry-After', () => {
    let thrown: unknown;
    try {
      translatePrismaError(socket('ECONNREFUSED'), 'rule "x"');
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).code).toBe('unavailable');
    expect((thrown as AppError).headers).toEqual(databaseUnavailable().headers);
    expect(Number((thrown as AppError).headers['retry-after'])).toBeGreaterThan(0);
  });
});
