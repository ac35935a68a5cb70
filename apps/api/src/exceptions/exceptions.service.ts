import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Database, Prisma } from '#db';
import { ALL_RULES, exceptionRuleProblems, validateExceptionInput, type ExceptionInput } from '#policy';
import { invalidDefinition } from '../common/errors/definition-problems.js';
import { VersionedCollection } from '../common/persistence/versioned-collection.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DATABASE } from '../database/database.service.js';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';
import {
  EXCEPTION_INCLUDE,
  toExceptionResponse,
  type ExceptionResponse,
  type ExceptionRow,
} from './exception.mapper.js';

type Data = Record<string, unknown> & { ruleNames?: string[] };

/**
 * The rule names of a write as ids of existing rules, in the writing transaction: an unknown name is refused at
 * its entry (`rules[1]`), as the offline rules file refuses it (exceptionRuleProblems), and the foreign key keeps
 * a rule from being deleted between this read and the commit.
 */
async function ruleIds(tx: Prisma.TransactionClient, names: readonly string[]): Promise<string[]> {
  const wanted = names.filter((n) => n !== ALL_RULES);
  const found = await tx.rule.findMany({ where: { name: { in: wanted } }, select: { id: true, name: true } });
  const byName = new Map(found.map((r) => [r.name, r.id]));
  if (byName.size < new Set(wanted).size) {
    const known = (await tx.rule.findMany({ select: { name: true } })).map((r) => r.name);
    throw invalidDefinition('exception', exceptionRuleProblems(names, known));
  }
  return wanted.map((n) => byName.get(n)!);
}

function links(ids: readonly string[]) {
  return ids.map((ruleId, position) => ({ ruleId, position }));
}

/**
 * The RuleException delegate VersionedCollection uses, with the rule links written and read alongside: the row
 * keeps rules by id, so renaming a rule keeps its exceptions, and the API reads the current names.
 */
function exceptionDelegate(tx: Prisma.TransactionClient) {
  const d = tx.ruleException;
  return {
    async create({ data }: { data: Data }) {
      const { ruleNames = [], ...row } = data;
      const ids = await ruleIds(tx, ruleNames);
      return d.create({
        data: { ...(row as Prisma.RuleExceptionCreateInput), ruleLinks: { create: links(ids) } },
        include: EXCEPTION_INCLUDE,
      });
    },
    findUnique: (args: { where: { id: string } }) => d.findUnique({ ...args, include: EXCEPTION_INCLUDE }),
    findMany: (args: Prisma.RuleExceptionFindManyArgs) => d.findMany({ ...args, include: EXCEPTION_INCLUDE }),
    count: (args: Prisma.RuleExceptionCountArgs) => d.count(args),
    async updateMany({ where, data }: { where: { id: string; version: number }; data: Data }) {
      const { ruleNames = [], ...row } = data;
      const ids = await ruleIds(tx, ruleNames);
      const result = await d.updateMany({ where, data: row as Prisma.RuleExceptionUpdateManyMutationInput });
      if (result.count === 1) {
        await tx.exceptionRule.deleteMany({ where: { exceptionId: where.id } });
        await tx.exceptionRule.createMany({ data: links(ids).map((l) => ({ ...l, exceptionId: where.id })) });
      }
      return result;
    },
    deleteMany: (args: { where: { id: string; version: number } }) => d.deleteMany(args),
  };
}

/** Exceptions (waivers): which rules, where, why, who owns it, until when. */
@Injectable()
export class ExceptionsService extends VersionedCollection<ExceptionRow, ExceptionInput, ExceptionResponse> {
  constructor(@Inject(DATABASE) db: Database, snapshot: PolicySnapshotService, @Inject(APP_CONFIG) config: AppConfig) {
    super(db, {
      entity: 'exception',
      label: 'exception',
      delegate: (c) => exceptionDelegate(c) as never,
      validate: (input) => validateExceptionInput(input, { maxWildcardDays: config.maxWildcardExceptionDays }),
      // The contract lets clients omit the name when creating; one is generated so findings can say which waiver
      // applied. Only then: a PATCH that clears the name is refused, never answered with a random new name.
      validateNew: (input) =>
        validateExceptionInput(input, {
          maxWildcardDays: config.maxWildcardExceptionDays,
          defaultName: () => `exception-${randomBytes(4).toString('hex')}`,
        }),
      asInput: (r) => {
        const rules = toExceptionResponse(r).rules;
        return {
          name: r.name,
          // An exception whose rules were all dropped by the rule-id migration has none left: a PATCH names them.
          ...(rules.length > 0 ? { rules } : {}),
          match: r.match ?? undefined,
          justification: r.justification,
          owner: r.owner,
          ticket: r.ticket ?? undefined,
          expiresAt: r.expiresAt?.toISOString() ?? undefined,
        };
      },
      toData: (v) => ({
        name: v.name,
        allRules: v.rules.includes(ALL_RULES),
        ruleNames: v.rules,
        match: v.match ? (v.match as Prisma.InputJsonValue) : Prisma.DbNull,
        justification: v.justification,
        owner: v.owner,
        ticket: v.ticket ?? null,
        expiresAt: v.expiresAt ? new Date(v.expiresAt) : null,
      }),
      toResponse: (r) => toExceptionResponse(r),
      changed: () => snapshot.refresh(),
    });
  }
}
