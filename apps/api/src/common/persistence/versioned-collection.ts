import type { Database, Prisma } from '#db';
import type { DefinitionProblem } from '#policy';
import { writeAudit, type AuditEntry } from '../../audit/audit.js';
import { AppError } from '../errors/app-error.js';
import { invalidDefinition } from '../errors/definition-problems.js';
import { requireId } from '../../http/ids.js';
import { decodeCursor, encodeCursor, type Page } from '../../http/pagination.js';
import { translatePrismaError } from './prisma-errors.js';
import { policyTransaction } from './policy-transaction.js';
import { sameContent } from './same-content.js';
import { checkVersion, namePage, staleVersion } from './versioning.js';

interface Row {
  id: string;
  name: string;
  version: number;
}

/** The slice of a Prisma model delegate this helper uses (ruleException, clusterProfile). */
interface Delegate<R> {
  create(args: { data: Record<string, unknown> }): Promise<R>;
  findUnique(args: { where: { id: string } }): Promise<R | null>;
  findMany(args: { where?: Record<string, unknown>; orderBy: { name: 'asc' }; take: number }): Promise<R[]>;
  count(args: { where?: Record<string, unknown> }): Promise<number>;
  updateMany(args: {
    where: { id: string; version: number };
    data: Record<string, unknown>;
  }): Promise<{ count: number }>;
  deleteMany(args: { where: { id: string; version: number } }): Promise<{ count: number }>;
}

type Validation<V> = { ok: true; value: V } | { ok: false; problems: DefinitionProblem[] };

export interface CollectionSpec<R extends Row, V, Res> {
  entity: 'exception' | 'cluster';
  /** Human name in messages, e.g. "exception", "cluster profile". */
  label: string;
  delegate: (client: Prisma.TransactionClient) => Delegate<R>;
  validate: (input: unknown) => Validation<V>;
  /**
   * Validates a create, where it differs from `validate` (e.g. a default for a field a client may omit when
   * creating); a PATCH is always judged by `validate`, so clearing a field never brings a default back.
   */
  validateNew?: (input: unknown) => Validation<V>;
  /** The current row as an input, so a PATCH is validated as the whole resulting object. */
  asInput: (row: R) => Record<string, unknown>;
  toData: (value: V) => Record<string, unknown>;
  toResponse: (row: R) => Res;
  /** Called after every committed write (snapshot rebuild). */
  changed: () => Promise<unknown>;
  /**
   * Called in the deleting transaction before the row goes: throws to refuse the delete (e.g. 409 while in
   * use), or returns what the audit event should add to record a forced delete.
   */
  beforeRemove?: (tx: Prisma.TransactionClient, row: R, opts: RemoveOptions) => Promise<Record<string, unknown> | void>;
}

export interface RemoveOptions {
  /** Delete even where beforeRemove would refuse (`?force=true`, GraphQL `force: true`). */
  force?: boolean;
}

/**
 * Create/list/get/patch/delete for a named, versioned resource with optimistic concurrency and an
 * audit event per change (rules have their own service: they also keep every version).
 */
export class VersionedCollection<R extends Row, V, Res> {
  constructor(
    private readonly db: Database,
    private readonly spec: CollectionSpec<R, V, Res>,
  ) {}

  async create(input: unknown, actor: string): Promise<Res> {
    const v = (this.spec.validateNew ?? this.spec.validate)(input);
    if (!v.ok) throw invalidDefinition(this.spec.label, v.problems);
    const row = await policyTransaction(this.db, (tx) => this.createIn(tx, v.value, actor)).catch((e: unknown) =>
      translatePrismaError(e, `${this.spec.label} "${String(this.spec.toData(v.value).name)}"`),
    );
    await this.spec.changed();
    return this.spec.toResponse(row);
  }

  /** Creates a validated value in the caller's transaction (the caller calls `changed` after commit). */
  async createIn(tx: Prisma.TransactionClient, value: V, actor: string, via?: AuditEntry['via']): Promise<R> {
    const data = this.spec.toData(value);
    const created = await this.spec.delegate(tx).create({ data: { ...data, createdBy: actor, updatedBy: actor } });
    await writeAudit(tx, {
      actor,
      action: `${this.spec.entity}.created`,
      entityType: this.spec.entity,
      entityId: created.id,
      entityName: created.name,
      version: 1,
      after: this.spec.toResponse(created),
      via,
    });
    return created;
  }

  async list(limit: number, cursor: string | undefined, where: Record<string, unknown> = {}): Promise<Page<Res>> {
    const after = decodeCursor(cursor);
    const d = this.spec.delegate(this.db.prisma);
    const [rows, totalCount] = await Promise.all([
      d.findMany({
        where: { ...where, ...(after ? { name: { gt: after } } : {}) },
        orderBy: { name: 'asc' },
        take: limit + 1,
      }),
      d.count({ where }),
    ]);
    const { items, last } = namePage(rows, limit);
    return {
      items: items.map(this.spec.toResponse),
      nextCursor: last === null ? null : encodeCursor(last),
      totalCount,
    };
  }

  async get(id: string): Promise<Res> {
    return this.spec.toResponse(await this.find(this.db.prisma, id));
  }

  async update(id: string, patch: unknown, expectedVersion: number | undefined, actor: string): Promise<Res> {
    if (!patch || typeof patch !== 'object' || Array.isArray(patch))
      throw AppError.invalid(`The ${this.spec.label} change must be a JSON object of the fields to change`);
    const { row, changed } = await policyTransaction(this.db, async (tx) => {
      const current = await this.find(tx, id);
      checkVersion(current.version, expectedVersion);
      const v = this.spec.validate(this.merged(current, patch));
      if (!v.ok) throw invalidDefinition(`${this.spec.label} change`, v.problems);
      const data = this.spec.toData(v.value);
      // A change that changes nothing writes nothing: no version, no audit event, no NOTIFY, the same ETag.
      // Compared after validation, so defaults, key order and other spellings of one value are no change.
      const now = this.spec.validate(this.merged(current, {}));
      if (now.ok && sameContent(data, this.spec.toData(now.value))) return { row: current, changed: false };
      return { row: await this.replaceIn(tx, current, v.value, actor), changed: true };
    }).catch((e: unknown) => translatePrismaError(e, `a ${this.spec.label} with that name`));
    if (changed) await this.spec.changed();
    return this.spec.toResponse(row);
  }

  /** Replaces a row read in the caller's transaction with a validated value, guarded by its version. */
  async replaceIn(
    tx: Prisma.TransactionClient,
    current: R,
    value: V,
    actor: string,
    via?: AuditEntry['via'],
  ): Promise<R> {
    const d = this.spec.delegate(tx);
    const { count } = await d.updateMany({
      where: { id: current.id, version: current.version },
      data: { ...this.spec.toData(value), version: current.version + 1, updatedBy: actor },
    });
    if (count === 0) throw staleVersion(current.version);
    const updated = (await d.findUnique({ where: { id: current.id } }))!;
    await writeAudit(tx, {
      actor,
      action: `${this.spec.entity}.updated`,
      entityType: this.spec.entity,
      entityId: current.id,
      entityName: updated.name,
      version: updated.version,
      before: this.spec.toResponse(current),
      after: this.spec.toResponse(updated),
      via,
    });
    return updated;
  }

  /** The current row with the patch applied; null in a PATCH clears the field, as leaving it out of the whole object. */
  private merged(current: R, patch: object): Record<string, unknown> {
    return Object.fromEntries(
      Object.entries({ ...this.spec.asInput(current), ...patch }).filter(
        ([, value]) => value !== null && value !== undefined,
      ),
    );
  }

  async remove(
    id: string,
    expectedVersion: number | undefined,
    actor: string,
    opts: RemoveOptions = {},
  ): Promise<void> {
    await policyTransaction(this.db, async (tx) => {
      const current = await this.find(tx, id);
      checkVersion(current.version, expectedVersion);
      await this.removeIn(tx, current, actor, opts);
    });
    await this.spec.changed();
  }

  /** Deletes a row read in the caller's transaction (beforeRemove may refuse), guarded by its version. */
  async removeIn(
    tx: Prisma.TransactionClient,
    current: R,
    actor: string,
    opts: RemoveOptions = {},
    via?: AuditEntry['via'],
  ): Promise<void> {
    const note = await this.spec.beforeRemove?.(tx, current, opts);
    const { count } = await this.spec.delegate(tx).deleteMany({ where: { id: current.id, version: current.version } });
    if (count === 0) throw staleVersion(current.version);
    await writeAudit(tx, {
      actor,
      action: `${this.spec.entity}.deleted`,
      entityType: this.spec.entity,
      entityId: current.id,
      entityName: current.name,
      version: current.version,
      before: this.spec.toResponse(current),
      ...(note ? { after: note } : {}),
      via,
    });
  }

  private async find(client: Prisma.TransactionClient, id: string): Promise<R> {
    const row = await this.spec.delegate(client).findUnique({ where: { id: requireId(id, this.spec.label) } });
    if (!row) throw new AppError('not-found', `${this.spec.label} ${id} does not exist`);
    return row;
  }
}
