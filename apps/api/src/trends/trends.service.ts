import { Inject, Injectable } from '@nestjs/common';
import type { Database } from '#db';
import { ENFORCEMENTS, SEVERITIES } from '#policy';
import { AppError } from '../common/errors/app-error.js';
import { DATABASE } from '../database/database.service.js';
import {
  GROUP_COLUMN,
  type ImageRow,
  type OffenderStats,
  type PassRateRow,
  type ViolationRow,
  type WaivedRow,
  type WorkloadRow,
  passRateSql,
  topImagesSql,
  topWorkloadsSql,
  violationsSql,
  waivedSql,
} from './trend-queries.js';
import type { TrendFilter, TrendRange } from './trend-range.js';
import {
  TrendGroupBy,
  type OffendingImageModel,
  type OffendingWorkloadModel,
  type PassRateDayModel,
  type PassRateModel,
  type ViolationTrendModel,
  type WaivedCountModel,
  type WaivedCountsModel,
} from './trends.model.js';

/** Severities and enforcements keep their natural order in a legend; other keys go by size. */
const NATURAL_ORDER: Partial<Record<TrendGroupBy, readonly string[]>> = {
  [TrendGroupBy.SEVERITY]: SEVERITIES,
  [TrendGroupBy.ENFORCEMENT]: ENFORCEMENTS,
};

/** Dashboard aggregates over recorded findings and evaluations: one SQL statement each (trend-queries.ts). */
@Injectable()
export class TrendsService {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async violationsOverTime(
    range: TrendRange,
    groupBy: TrendGroupBy,
    opts: TrendFilter & { includeWaived?: boolean },
  ): Promise<ViolationTrendModel> {
    if (!GROUP_COLUMN[groupBy]) {
      const allowed = Object.keys(GROUP_COLUMN).join(', ');
      throw AppError.invalid(`groupBy must be one of ${allowed}`, [
        { path: 'groupBy', message: `must be one of ${allowed}` },
      ]);
    }
    const rows = await this.db.prisma.$queryRaw<ViolationRow[]>(violationsSql(range, groupBy, opts));

    const index = new Map(range.days.map((d, i) => [d, i]));
    const counts = new Map<string, number[]>();
    for (const r of rows) {
      const i = index.get(r.day);
      if (i === undefined) continue;
      let perDay = counts.get(r.key);
      if (!perDay) counts.set(r.key, (perDay = range.days.map(() => 0)));
      perDay[i]! += Number(r.count);
    }
    const natural = NATURAL_ORDER[groupBy];
    const series = [...counts].map(([key, perDay]) => ({
      key,
      total: perDay.reduce((a, b) => a + b, 0),
      points: perDay.map((count, i) => ({ day: range.days[i]!, count })),
    }));
    series.sort((a, b) =>
      natural ? natural.indexOf(a.key) - natural.indexOf(b.key) : b.total - a.total || byText(a.key, b.key),
    );
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      groupBy,
      days: range.days,
      total: series.reduce((a, s) => a + s.total, 0),
      series,
    };
  }

  async topOffendingImages(range: TrendRange, limit: number): Promise<OffendingImageModel[]> {
    const rows = await this.db.prisma.$queryRaw<ImageRow[]>(topImagesSql(range, limit));
    return rows.map((r) => ({ image: r.image, registry: r.registry, ...offender(r) }));
  }

  async topOffendingWorkloads(range: TrendRange, limit: number): Promise<OffendingWorkloadModel[]> {
    const rows = await this.db.prisma.$queryRaw<WorkloadRow[]>(topWorkloadsSql(range, limit));
    return rows.map((r) => ({ namespace: r.namespace, kind: r.kind, name: r.name, ...offender(r) }));
  }

  async passRate(range: TrendRange, filter: TrendFilter): Promise<PassRateModel> {
    const rows = await this.db.prisma.$queryRaw<PassRateRow[]>(passRateSql(range, filter));
    const byDay = new Map(rows.map((r) => [r.day, r]));
    const days: PassRateDayModel[] = range.days.map((day) => {
      const r = byDay.get(day);
      const n = (v: number | undefined) => Number(v ?? 0);
      return withRate({
        day,
        total: n(r?.total),
        pass: n(r?.pass),
        warn: n(r?.warn),
        fail: n(r?.fail),
        error: n(r?.error),
      });
    });
    const sum = (k: 'total' | 'pass' | 'warn' | 'fail' | 'error') => days.reduce((a, d) => a + d[k], 0);
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      ...withRate({
        total: sum('total'),
        pass: sum('pass'),
        warn: sum('warn'),
        fail: sum('fail'),
        error: sum('error'),
      }),
      days,
    };
  }

  async waivedCounts(range: TrendRange): Promise<WaivedCountsModel> {
    const rows = await this.db.prisma.$queryRaw<WaivedRow[]>(waivedSql(range));
    const pick = (byRule: boolean): WaivedCountModel[] =>
      rows
        .filter((r) => (Number(r.byRule) === 1) === byRule)
        .map((r) => ({ key: r.key, count: Number(r.count), lastSeen: iso(r.lastSeen) }))
        .sort((a, b) => b.count - a.count || byText(a.key, b.key));
    const byException = pick(false);
    return {
      from: range.from.toISOString(),
      to: range.to.toISOString(),
      total: byException.reduce((a, r) => a + r.count, 0),
      byException,
      byRule: pick(true),
    };
  }
}

/** The shared numbers of an offender row, with counts as numbers whatever the driver returned. */
function offender(r: OffenderStats) {
  return {
    findings: Number(r.findings),
    ruleCount: Number(r.ruleCount),
    rules: [...r.rules].sort(),
    worstSeverity: r.worstSeverity,
    lastSeen: iso(r.lastSeen),
  };
}

function withRate<T extends { total: number; pass: number }>(r: T): T & { rate: number | null } {
  return { ...r, rate: r.total ? r.pass / r.total : null };
}

/** timestamptz as ISO-8601 UTC, whether the driver gave a Date or text. */
function iso(v: Date | string): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

function byText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
