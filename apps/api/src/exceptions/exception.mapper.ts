import type { Prisma } from '#db';
import { ALL_RULES, type ExceptionDefinition, type MatchSpec } from '#policy';

/** What every read of an exception includes: its rules by id, with their current names. */
export const EXCEPTION_INCLUDE = {
  ruleLinks: { select: { position: true, rule: { select: { id: true, name: true } } } },
} satisfies Prisma.RuleExceptionInclude;

export type ExceptionRow = Prisma.RuleExceptionGetPayload<{ include: typeof EXCEPTION_INCLUDE }>;

export interface ExceptionResponse {
  id: string;
  name: string;
  rules: string[];
  match: MatchSpec | null;
  justification: string;
  owner: string;
  ticket: string | null;
  expiresAt: string | null;
  /** True once expiresAt has passed: the exception then waives nothing. */
  expired: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
}

/** The rules as the API shows them: the current name of each linked rule, in the order written; `*` first. */
function ruleNamesOf(e: ExceptionRow): string[] {
  const names = [...e.ruleLinks].sort((a, b) => a.position - b.position).map((l) => l.rule.name);
  return e.allRules ? [ALL_RULES, ...names] : names;
}

export function toExceptionDefinition(e: ExceptionRow): ExceptionDefinition {
  return {
    id: e.id,
    name: e.name,
    rules: ruleNamesOf(e),
    match: (e.match as MatchSpec | null) ?? null,
    justification: e.justification,
    owner: e.owner,
    ticket: e.ticket,
    expiresAt: e.expiresAt,
  };
}

export function toExceptionResponse(e: ExceptionRow, now = new Date()): ExceptionResponse {
  const { expiresAt, ...definition } = toExceptionDefinition(e);
  return {
    ...definition,
    match: definition.match ?? null,
    ticket: definition.ticket ?? null,
    expiresAt: expiresAt?.toISOString() ?? null,
    expired: expiresAt != null && expiresAt.getTime() <= now.getTime(),
    version: e.version,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
    createdBy: e.createdBy,
    updatedBy: e.updatedBy,
  };
}
