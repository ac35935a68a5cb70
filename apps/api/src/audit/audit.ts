import type { Prisma } from '#db';

export interface AuditEntry {
  actor: string;
  action: string;
  entityType: 'rule' | 'exception' | 'cluster' | 'apikey';
  entityId: string;
  entityName?: string | null;
  version?: number | null;
  before?: unknown;
  after?: unknown;
  /** What carried the change when not a single API call, e.g. `{ bundle: "sha256:…" }` for a policy apply. */
  via?: Record<string, unknown>;
}

type Tx = Pick<Prisma.TransactionClient, 'auditEvent'>;

/** Writes the audit event inside the caller's transaction: no change without its record. */
export async function writeAudit(tx: Tx, e: AuditEntry): Promise<void> {
  await tx.auditEvent.create({
    data: {
      actor: e.actor,
      action: e.action,
      entityType: e.entityType,
      entityId: e.entityId,
      entityName: e.entityName ?? null,
      version: e.version ?? null,
      before: e.before === undefined || e.before === null ? undefined : (e.before as Prisma.InputJsonValue),
      after: e.after === undefined || e.after === null ? undefined : (e.after as Prisma.InputJsonValue),
      via: e.via === undefined ? undefined : (e.via as Prisma.InputJsonValue),
    },
  });
}
