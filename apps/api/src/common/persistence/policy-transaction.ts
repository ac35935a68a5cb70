import type { Database, Prisma } from '#db';

/**
 * How long a policy write waits for another one (a policy apply of thousands of objects holds the policy for
 * seconds) before it is answered 409 "retry" rather than kept waiting; Prisma's own limits are set above it, so a
 * wait is never mistaken for an unreachable database.
 */
const LOCK_TIMEOUT = '20s';
const TRANSACTION_OPTIONS = { maxWait: 10_000, timeout: 30_000 } as const;

/**
 * Every write of rules, exceptions and cluster profiles takes the PolicyVersion row first. Without one lock order
 * a single write (its own row, then the row through the policy trigger) and a policy apply (the row, then many
 * objects) deadlock, and one of them fails; with it, writers queue behind an apply and see its result.
 */
export async function lockPolicy(tx: Prisma.TransactionClient): Promise<void> {
  await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = '${LOCK_TIMEOUT}'`);
  await tx.$queryRaw`SELECT 1 FROM "PolicyVersion" WHERE "id" = 1 FOR UPDATE`;
}

/** A transaction that writes the policy: the policy lock first, then `fn`. */
export function policyTransaction<T>(
  db: Database,
  fn: (tx: Prisma.TransactionClient) => Promise<T>,
  options: { maxWait?: number; timeout?: number } = TRANSACTION_OPTIONS,
): Promise<T> {
  return db.prisma.$transaction(async (tx) => {
    await lockPolicy(tx);
    return fn(tx);
  }, options);
}
