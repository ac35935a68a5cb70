import { Prisma } from '#db';
import { AppError } from '../errors/app-error.js';

/** Translates Prisma's known errors once, at the persistence edge. */
export function translatePrismaError(err: unknown, what: string): never {
  if (err instanceof Prisma.PrismaClientKnownRequestError) {
    if (err.code === 'P2002')
      throw new AppError('conflict', `${what} already exists`, [{ path: 'name', message: `${what} already exists` }]);
    if (err.code === 'P2025') throw new AppError('not-found', `${what} does not exist`);
  }
  throw err;
}
