import type { RuleException } from '#db';
import type { ExceptionDefinition, MatchSpec } from '#policy';

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

export function toExceptionDefinition(e: RuleException): ExceptionDefinition {
  return {
    id: e.id,
    name: e.name,
    rules: e.rules,
    match: (e.match as MatchSpec | null) ?? null,
    justification: e.justification,
    owner: e.owner,
    ticket: e.ticket,
    expiresAt: e.expiresAt,
  };
}

export function toExceptionResponse(e: RuleException, now = new Date()): ExceptionResponse {
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
