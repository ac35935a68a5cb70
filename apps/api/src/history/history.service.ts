import { Inject, Injectable } from '@nestjs/common';
import type { Database, Evaluation, Prisma } from '#db';
import type { Verdict } from '#policy';
import { AppError } from '../common/errors/app-error.js';
import { requireId } from '../common/http/ids.js';
import { decodeCursor, encodeCursor, type Page } from '../common/http/pagination.js';
import { DATABASE } from '../database/database.service.js';

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
    if (!row)
      throw new AppError('not-found', `evaluation ${id} does not exist (it may have been removed by retention)`);
    return { ...toSummary(row), result: { id: row.id, ...(row.result as object) }, context: row.context };
  }
}

export function whereOf(f: EvaluationFilter): Prisma.EvaluationWhereInput {
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
