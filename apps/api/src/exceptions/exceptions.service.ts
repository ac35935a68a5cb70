import { randomBytes } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { type Database, Prisma, type RuleException } from '#db';
import { validateExceptionInput } from '#policy';
import { VersionedCollection } from '../common/persistence/versioned-collection.js';
import { DATABASE } from '../database/database.service.js';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';
import { toExceptionResponse, type ExceptionResponse } from './exception.mapper.js';

type ExceptionValue = Extract<ReturnType<typeof validateExceptionInput>, { ok: true }>['value'];

/** Exceptions (waivers): which rules, where, why, who owns it, until when. */
@Injectable()
export class ExceptionsService extends VersionedCollection<RuleException, ExceptionValue, ExceptionResponse> {
  constructor(@Inject(DATABASE) db: Database, snapshot: PolicySnapshotService) {
    super(db, {
      entity: 'exception',
      label: 'exception',
      delegate: (c) => c.ruleException as never,
      validate: validateExceptionInput,
      asInput: (r) => ({
        name: r.name,
        rules: r.rules,
        match: r.match ?? undefined,
        justification: r.justification,
        owner: r.owner,
        ticket: r.ticket ?? undefined,
        expiresAt: r.expiresAt?.toISOString() ?? undefined,
      }),
      toData: (v) => ({
        name: v.name,
        rules: v.rules,
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

  /** The contract lets clients omit the name; one is generated so findings can say which waiver applied. */
  override create(input: unknown, actor: string) {
    const named =
      input && typeof input === 'object' && !Array.isArray(input) && !('name' in input)
        ? { name: `exception-${randomBytes(4).toString('hex')}`, ...input }
        : input;
    return super.create(named, actor);
  }
}
