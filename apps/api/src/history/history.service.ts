import { Inject, Injectable } from '@nestjs/common';
import type { Database, Evaluation, Prisma } from '#db';
import {
  compileRuleSet,
  RESULT_SCHEMA_VERSION,
  type EvaluatedRule,
  type EvaluationResult,
  type RuleDefinition,
  type Verdict,
} from '#policy';
import { documentSources } from '#k8s';
import { AppError } from '../common/errors/app-error.js';
import { requireId } from '../http/ids.js';
import { decodeCursor, encodeCursor, type Page } from '../http/pagination.js';
import { DATABASE } from '../database/database.service.js';

/** One workload's document as submitted (`document` is its index in the input, as findings and fixes name it). */
export interface RecordedDocument {
  document: number;
  text: string;
}

export interface EvaluationFilter {
  verdict?: Verdict;
  namespace?: string;
  rule?: string;
  cluster?: string;
  repository?: string;
  pipeline?: string;
  since?: Date;
  until?: Date;
}

/** One recorded evaluation without its full result: what lists and dashboards show. */
export interface EvaluationSummaryResponse {
  id: string;
  createdAt: string;
  verdict: string;
  cluster: string | null;
  namespaces: string[];
  source: { repository: string | null; commit: string | null; pipeline: string | null };
  summary: {
    documents: number;
    workloads: number;
    slots: number;
    findings: { deny: number; warn: number; audit: number; waived: number };
  };
  ruleVersions: { id: string; name: string; version: number }[];
  createdBy: string | null;
}

@Injectable()
export class HistoryService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async list(filter: EvaluationFilter, limit: number, cursor?: string): Promise<Page<EvaluationSummaryResponse>> {
    const where = whereOf(filter);
    const after = decodeAfter(cursor);
    const page = after ? { OR: [{ createdAt: { lt: after.at } }, { createdAt: after.at, id: { lt: after.id } }] } : {};
    const [rows, totalCount] = await Promise.all([
      this.db.prisma.evaluation.findMany({
        where: { AND: [where, page] },
        orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
        take: limit + 1,
        omit: { result: true, manifests: true, context: true },
      }),
      this.db.prisma.evaluation.count({ where }),
    ]);
    const items = rows.slice(0, limit);
    const last = items.at(-1);
    return {
      items: items.map(toSummary),
      nextCursor: rows.length > limit && last ? encodeCursor(`${last.createdAt.toISOString()}|${last.id}`) : null,
      totalCount,
    };
  }

  /** The full recorded result (same shape POST /v1/evaluations returned) plus its provenance. */
  async get(id: string): Promise<EvaluationSummaryResponse & { result: unknown; context: unknown }> {
    const row = await this.db.prisma.evaluation.findUnique({
      where: { id: requireId(id, 'evaluation') },
      omit: { manifests: true },
    });
    if (!row) throw notRecorded(id);
    return this.recorded(row);
  }

  /** As `get`, with `documents` too, from one read of the row. */
  async getWithDocuments(id: string) {
    const row = await this.db.prisma.evaluation.findUnique({ where: { id: requireId(id, 'evaluation') } });
    if (!row) throw notRecorded(id);
    return { ...(await this.recorded(row)), documents: workloadDocuments(row) };
  }

  private async recorded(row: Omit<Evaluation, 'manifests'>) {
    const result = await this.currentShape(row);
    return { ...toSummary(row), result: { id: row.id, ...result }, context: row.context };
  }

  /**
   * The submitted text of each document that holds a workload of the result, so a reader can show a fix applied
   * to it. Only those: the other documents of the input (a Secret beside the Deployment) are never handed out.
   */
  async documents(id: string): Promise<RecordedDocument[]> {
    const row = await this.db.prisma.evaluation.findUnique({
      where: { id: requireId(id, 'evaluation') },
      select: { manifests: true, result: true },
    });
    if (!row) throw notRecorded(id);
    return workloadDocuments(row);
  }

  /**
   * A stored result in the current shape (libs/policy result-schema-version.ts), decided by the version stored
   * beside it, so that every reader (REST, GraphQL, the renderings, chat-ops `why`) meets one shape.
   */
  private async currentShape(row: Pick<Evaluation, 'id' | 'result' | 'resultSchemaVersion' | 'ruleVersions'>) {
    const stored = row.result as Partial<EvaluationResult>;
    switch (row.resultSchemaVersion) {
      case RESULT_SCHEMA_VERSION:
        return stored;
      case 2:
        // Version 2 predates node inventories: no slot had a fleet.
        return withoutFleet(stored);
      case 1:
        // Version 1 listed no rules and no skipped resources. Nothing was recorded as skipped; the rules are the
        // versions the row names (`ruleVersions`, every enabled rule at the time), read back from the rule
        // history, so a report counts the checks this evaluation ran and not today's rule set.
        return withoutFleet({ ...stored, skipped: [], rules: await this.rulesAsRecorded(row.ruleVersions) });
      default:
        // Written by a newer pullwise (a replica of a later release sharing the database): not guessed at.
        throw new AppError(
          'internal',
          `evaluation ${row.id} was recorded in result schema version ${row.resultSchemaVersion}; this pullwise reads up to version ${RESULT_SCHEMA_VERSION}`,
        );
    }
  }

  /** The rules a version 1 record names, as the engine lists the rules it ran (enabled and valid, name order). */
  private async rulesAsRecorded(ruleVersions: unknown): Promise<readonly EvaluatedRule[]> {
    const named = (Array.isArray(ruleVersions) ? ruleVersions : []) as EvaluationSummaryResponse['ruleVersions'];
    if (named.length === 0) return [];
    const versions = await this.db.prisma.ruleVersion.findMany({
      where: { OR: named.map((r) => ({ ruleId: r.id, version: r.version })) },
    });
    const definitions = versions.map((v): RuleDefinition => ({
      id: v.ruleId,
      name: v.name,
      version: v.version,
      kind: v.kind as RuleDefinition['kind'],
      params: v.params as Record<string, unknown>,
      match: v.match as RuleDefinition['match'],
      exclude: v.exclude as RuleDefinition['exclude'],
      enforcement: v.enforcement,
      severity: v.severity,
      enabled: v.enabled,
      description: v.description,
    }));
    return compileRuleSet(definitions).evaluatedRules;
  }
}

function whereOf(f: EvaluationFilter): Prisma.EvaluationWhereInput {
  return {
    ...(f.verdict ? { verdict: f.verdict } : {}),
    ...(f.namespace ? { namespaces: { has: f.namespace } } : {}),
    ...(f.cluster ? { cluster: f.cluster } : {}),
    ...(f.repository ? { repository: f.repository } : {}),
    ...(f.pipeline ? { pipeline: f.pipeline } : {}),
    ...(f.rule ? { findings: { some: { ruleName: f.rule } } } : {}),
    ...(f.since || f.until
      ? { createdAt: { ...(f.since ? { gte: f.since } : {}), ...(f.until ? { lt: f.until } : {}) } }
      : {}),
  };
}

function decodeAfter(cursor: string | undefined): { at: Date; id: string } | undefined {
  const key = decodeCursor(cursor);
  if (!key) return undefined;
  const [at, id] = key.split('|');
  const date = new Date(at ?? '');
  if (!id || Number.isNaN(date.getTime()))
    throw AppError.invalid('cursor is not a cursor issued by this API', [
      { path: 'cursor', message: 'invalid cursor' },
    ]);
  return { at: date, id };
}

function workloadDocuments(row: Pick<Evaluation, 'manifests' | 'result'>): RecordedDocument[] {
  const workloads = (row.result as Partial<EvaluationResult>).workloads ?? [];
  const sources = documentSources(row.manifests, new Set(workloads.map((w) => w.document)));
  return [...sources].sort(([a], [b]) => a - b).map(([document, text]) => ({ document, text }));
}

function notRecorded(id: string): AppError {
  return new AppError('not-found', `evaluation ${id} does not exist (it may have been removed by retention)`);
}

function toSummary(r: Omit<Evaluation, 'result' | 'manifests' | 'context'>): EvaluationSummaryResponse {
  return {
    id: r.id,
    createdAt: r.createdAt.toISOString(),
    verdict: r.verdict,
    cluster: r.cluster,
    namespaces: r.namespaces,
    source: { repository: r.repository, commit: r.commit, pipeline: r.pipeline },
    summary: {
      documents: r.documents,
      workloads: r.workloads,
      slots: r.slots,
      findings: { deny: r.denyCount, warn: r.warnCount, audit: r.auditCount, waived: r.waivedCount },
    },
    ruleVersions: r.ruleVersions as EvaluationSummaryResponse['ruleVersions'],
    createdBy: r.createdBy,
  };
}

/** A result recorded before slots had a `fleet`, in the current shape: every slot's fleet is null. */
function withoutFleet(result: Partial<EvaluationResult>): Partial<EvaluationResult> {
  if (!result.workloads) return result;
  return {
    ...result,
    workloads: result.workloads.map((w) => ({ ...w, slots: w.slots.map((s) => ({ ...s, fleet: s.fleet ?? null })) })),
  };
}
