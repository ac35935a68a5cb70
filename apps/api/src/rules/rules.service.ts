import { Inject, Injectable } from '@nestjs/common';
import { type Database, Prisma, type Rule } from '#db';
import { validateRuleInput, validateRulePatch } from '#policy';
import { AppError } from '../common/errors/app-error.js';
import { invalidDefinition } from '../common/errors/definition-problems.js';
import { requireId } from '../http/ids.js';
import { decodeCursor, encodeCursor, type Page } from '../http/pagination.js';
import { translatePrismaError } from '../common/persistence/prisma-errors.js';
import { policyTransaction } from '../common/persistence/policy-transaction.js';
import { sameContent } from '../common/persistence/same-content.js';
import { checkVersion, namePage, staleVersion } from '../common/persistence/versioning.js';
import { writeAudit, type AuditEntry } from '../audit/audit.js';
import { DATABASE } from '../database/database.service.js';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';
import {
  toRuleDefinition,
  toRuleResponse,
  toRuleVersionResponse,
  type RuleResponse,
  type RuleVersionResponse,
} from './rule.mapper.js';

export interface RuleListQuery {
  limit: number;
  after?: string;
  kind?: string;
  enforcement?: string;
  enabled?: boolean;
}

type RuleContent = Pick<
  Rule,
  'name' | 'description' | 'kind' | 'params' | 'match' | 'exclude' | 'enforcement' | 'severity' | 'enabled'
>;

/** Rules with their version history and audit trail. REST and GraphQL both call this. */
@Injectable()
export class RulesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly snapshot: PolicySnapshotService,
  ) {}

  async create(input: unknown, actor: string): Promise<RuleResponse> {
    const v = validateRuleInput(input);
    if (!v.ok) throw invalidDefinition('rule', v.problems);
    const rule = await policyTransaction(this.db, (tx) => this.createIn(tx, v.value, actor)).catch((e: unknown) =>
      translatePrismaError(e, `rule "${v.value.name}"`),
    );
    await this.snapshot.refresh();
    return toRuleResponse(rule);
  }

  /** Creates a validated rule in the caller's transaction (the caller refreshes the snapshot after commit). */
  async createIn(tx: Prisma.TransactionClient, value: Validated, actor: string, via?: Via): Promise<Rule> {
    const created = await tx.rule.create({
      data: { ...jsonSafe(toContent(value)), createdBy: actor, updatedBy: actor },
    });
    await tx.ruleVersion.create({ data: versionRow(created, 'created', actor) });
    await writeAudit(tx, {
      actor,
      action: 'rule.created',
      entityType: 'rule',
      entityId: created.id,
      entityName: created.name,
      version: 1,
      after: toRuleResponse(created),
      via,
    });
    return created;
  }

  /** Replaces a rule's content with a validated one, as a new version, in the caller's transaction. */
  replaceIn(tx: Prisma.TransactionClient, current: Rule, value: Validated, actor: string, via?: Via): Promise<Rule> {
    return this.writeVersion(tx, current, toContent(value), 'updated', actor, undefined, via);
  }

  async list(q: RuleListQuery): Promise<Page<RuleResponse>> {
    const where: Prisma.RuleWhereInput = {
      ...(q.kind ? { kind: q.kind } : {}),
      ...(q.enforcement ? { enforcement: q.enforcement as Rule['enforcement'] } : {}),
      ...(q.enabled !== undefined ? { enabled: q.enabled } : {}),
    };
    const after = decodeCursor(q.after);
    const [rows, totalCount] = await Promise.all([
      this.db.prisma.rule.findMany({
        where: { ...where, ...(after ? { name: { gt: after } } : {}) },
        orderBy: { name: 'asc' },
        take: q.limit + 1,
      }),
      this.db.prisma.rule.count({ where }),
    ]);
    const { items, last } = namePage(rows, q.limit);
    return { items: items.map(toRuleResponse), nextCursor: last === null ? null : encodeCursor(last), totalCount };
  }

  async get(id: string): Promise<RuleResponse> {
    return toRuleResponse(await this.find(id));
  }

  async update(id: string, patch: unknown, expectedVersion: number | undefined, actor: string): Promise<RuleResponse> {
    const { rule, changed } = await policyTransaction(this.db, async (tx) => {
      const current = await this.find(id, tx);
      checkVersion(current.version, expectedVersion);
      const v = validateRulePatch(toRuleDefinition(current), patch);
      if (!v.ok) throw invalidDefinition('rule change', v.problems);
      const content = toContent(v.value);
      // A change that changes nothing writes nothing (no version, audit event or NOTIFY; the ETag stays):
      // compared after validation, so defaults and key order make no difference.
      const now = validateRulePatch(toRuleDefinition(current), {});
      if (now.ok && sameContent(content, toContent(now.value))) return { rule: current, changed: false };
      return { rule: await this.writeVersion(tx, current, content, 'updated', actor), changed: true };
    }).catch((e: unknown) => translatePrismaError(e, 'a rule with that name'));
    if (changed) await this.snapshot.refresh();
    return toRuleResponse(rule);
  }

  async remove(id: string, expectedVersion: number | undefined, actor: string): Promise<void> {
    await policyTransaction(this.db, async (tx) => {
      const current = await this.find(id, tx);
      checkVersion(current.version, expectedVersion);
      await this.removeIn(tx, current, actor);
    }).catch((e: unknown) => {
      // An exception linked the rule after refuseIfWaived read the links: the foreign key refused the delete.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2003')
        throw new AppError('conflict', `rule ${id} is named by an exception: list them with GET /v1/exceptions`);
      throw e;
    });
    await this.snapshot.refresh();
  }

  /** Deletes a rule read in the caller's transaction, refused (409) while exceptions name it. */
  async removeIn(tx: Prisma.TransactionClient, current: Rule, actor: string, via?: Via): Promise<void> {
    await refuseIfWaived(tx, current);
    const { count } = await tx.rule.deleteMany({ where: { id: current.id, version: current.version } });
    if (count === 0) throw staleVersion(current.version);
    // The history outlives the rule: a final "deleted" version records who removed it and when.
    await tx.ruleVersion.create({
      data: versionRow({ ...current, version: current.version + 1 }, 'deleted', actor),
    });
    await writeAudit(tx, {
      actor,
      action: 'rule.deleted',
      entityType: 'rule',
      entityId: current.id,
      entityName: current.name,
      version: current.version,
      before: toRuleResponse(current),
      via,
    });
  }

  async versions(id: string): Promise<RuleVersionResponse[]> {
    const rows = await this.db.prisma.ruleVersion.findMany({
      where: { ruleId: requireId(id, 'rule') },
      orderBy: { version: 'desc' },
    });
    if (rows.length === 0) throw new AppError('not-found', `rule ${id} does not exist and never did`);
    return rows.map(toRuleVersionResponse);
  }

  /**
   * Makes an old version current again, as a new version (history is never rewritten). A deleted rule comes back
   * with its id, its creation and the next version number, unless another rule has taken its name since (409).
   */
  async restore(
    id: string,
    version: number,
    expectedVersion: number | undefined,
    actor: string,
  ): Promise<RuleResponse> {
    const ruleId = requireId(id, 'rule');
    let restoredName: string | null = null;
    const rule = await policyTransaction(this.db, async (tx) => {
      const current = await tx.rule.findUnique({ where: { id: ruleId } });
      // A deleted rule's history ends with its "deleted" version: that number stands for the rule's version.
      const deleted = current
        ? null
        : await tx.ruleVersion.findFirst({ where: { ruleId }, orderBy: { version: 'desc' } });
      if (!current && deleted?.change !== 'deleted') throw new AppError('not-found', `rule ${id} does not exist`);
      checkVersion(current?.version ?? deleted!.version, expectedVersion);
      const old = await tx.ruleVersion.findUnique({ where: { ruleId_version: { ruleId, version } } });
      if (!old || old.change === 'deleted') throw new AppError('not-found', `rule ${id} has no version ${version}`);
      const content = contentOf(old);
      restoredName = content.name;
      await refuseTakenName(tx, content.name, ruleId);
      if (current) return this.writeVersion(tx, current, content, 'restored', actor, version);
      return this.undelete(tx, ruleId, deleted!.version + 1, content, actor, version);
    }).catch(async (e: unknown) => {
      // Another writer took the name (or brought the rule back) between the checks and the commit.
      if (e instanceof Prisma.PrismaClientKnownRequestError && e.code === 'P2002' && restoredName !== null) {
        await refuseTakenName(this.db.prisma, restoredName, ruleId);
        throw staleVersion(version);
      }
      return translatePrismaError(e, 'a rule with that name');
    });
    await this.snapshot.refresh();
    return toRuleResponse(rule);
  }

  /** Recreates a deleted rule under its id: created as it first was, at the version after its "deleted" one. */
  private async undelete(
    tx: Prisma.TransactionClient,
    ruleId: string,
    next: number,
    content: RuleContent,
    actor: string,
    restoredFrom: number,
  ): Promise<Rule> {
    const first = await tx.ruleVersion.findFirst({ where: { ruleId }, orderBy: { version: 'asc' } });
    const created = await tx.rule.create({
      data: {
        ...jsonSafe(content),
        id: ruleId,
        version: next,
        ...(first ? { createdAt: first.changedAt } : {}),
        createdBy: first?.changedBy ?? actor,
        updatedBy: actor,
      },
    });
    await tx.ruleVersion.create({ data: versionRow(created, 'restored', actor) });
    await writeAudit(tx, {
      actor,
      action: 'rule.restored',
      entityType: 'rule',
      entityId: ruleId,
      entityName: created.name,
      version: next,
      after: { ...toRuleResponse(created), restoredFrom, undeleted: true },
    });
    return created;
  }

  private async writeVersion(
    tx: Prisma.TransactionClient,
    current: Rule,
    content: RuleContent,
    change: 'updated' | 'restored',
    actor: string,
    restoredFrom?: number,
    via?: Via,
  ): Promise<Rule> {
    const next = current.version + 1;
    // Guarded by the version read above: of two concurrent writers, exactly one matches.
    const { count } = await tx.rule.updateMany({
      where: { id: current.id, version: current.version },
      data: { ...jsonSafe(content), version: next, updatedBy: actor },
    });
    if (count === 0) throw staleVersion(current.version);
    const updated = (await tx.rule.findUnique({ where: { id: current.id } }))!;
    await tx.ruleVersion.create({ data: versionRow(updated, change, actor) });
    await writeAudit(tx, {
      actor,
      action: change === 'restored' ? 'rule.restored' : 'rule.updated',
      entityType: 'rule',
      entityId: current.id,
      entityName: updated.name,
      version: next,
      before: toRuleResponse(current),
      after: { ...toRuleResponse(updated), ...(restoredFrom ? { restoredFrom } : {}) },
      via,
    });
    return updated;
  }

  private async find(id: string, tx: Pick<Prisma.TransactionClient, 'rule'> = this.db.prisma): Promise<Rule> {
    const rule = await tx.rule.findUnique({ where: { id: requireId(id, 'rule') } });
    if (!rule) throw new AppError('not-found', `rule ${id} does not exist`);
    return rule;
  }
}

/** The content of a rule or a stored version: what a version row records and a restore writes back. */
function contentOf(v: RuleContent): RuleContent {
  return {
    name: v.name,
    description: v.description,
    kind: v.kind,
    params: v.params,
    match: v.match,
    exclude: v.exclude,
    enforcement: v.enforcement,
    severity: v.severity,
    enabled: v.enabled,
  };
}

/** 409 naming the other rule when `name` belongs to a rule other than `ruleId`. */
async function refuseTakenName(tx: Pick<Prisma.TransactionClient, 'rule'>, name: string, ruleId: string) {
  const holder = await tx.rule.findUnique({ where: { name }, select: { id: true } });
  if (!holder || holder.id === ruleId) return;
  const message = `rule ${holder.id} has the name "${name}" now: rename or delete it, then restore`;
  throw new AppError('conflict', message, [{ path: 'name', message }]);
}

/**
 * A rule that exceptions name is not deleted under them: they would keep waiving nothing while still shown, or
 * the name could be taken by a new rule. The 409 names each exception, to edit or delete first.
 */
async function refuseIfWaived(tx: Prisma.TransactionClient, rule: Rule): Promise<void> {
  const links = await tx.exceptionRule.findMany({
    where: { ruleId: rule.id },
    select: { exception: { select: { id: true, name: true } } },
    orderBy: { exception: { name: 'asc' } },
  });
  if (links.length === 0) return;
  const names = links.map((l) => `"${l.exception.name}"`).join(', ');
  throw new AppError(
    'conflict',
    `rule "${rule.name}" is named by exception${links.length === 1 ? '' : 's'} ${names}: remove it from their rules (or delete them) before deleting the rule`,
    links.map((l) => ({
      path: `exceptions[${l.exception.name}].rules`,
      message: `exception "${l.exception.name}" (${l.exception.id}) names rule "${rule.name}"`,
    })),
  );
}

type Via = AuditEntry['via'];

type Validated = {
  name: string;
  description?: string | null;
  kind: string;
  params: Record<string, unknown>;
  match?: unknown;
  exclude?: unknown;
  enforcement: string;
  severity: string;
  enabled: boolean;
};

function toContent(v: Validated): RuleContent {
  return {
    name: v.name,
    description: v.description ?? null,
    kind: v.kind,
    params: v.params as Prisma.JsonValue,
    match: (v.match ?? null) as Prisma.JsonValue,
    exclude: (v.exclude ?? null) as Prisma.JsonValue,
    enforcement: v.enforcement as Rule['enforcement'],
    severity: v.severity as Rule['severity'],
    enabled: v.enabled,
  };
}

/** Prisma needs DbNull (not null) to clear a nullable Json column. */
function jsonSafe(c: RuleContent) {
  return {
    ...c,
    params: c.params as Prisma.InputJsonValue,
    match: c.match === null ? Prisma.DbNull : (c.match as Prisma.InputJsonValue),
    exclude: c.exclude === null ? Prisma.DbNull : (c.exclude as Prisma.InputJsonValue),
  };
}

function versionRow(r: Rule, change: string, actor: string): Prisma.RuleVersionUncheckedCreateInput {
  return { ruleId: r.id, version: r.version, change, ...jsonSafe(contentOf(r)), changedBy: actor };
}
