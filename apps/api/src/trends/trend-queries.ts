import { Prisma } from '#db';
import type { TrendFilter, TrendRange } from './trend-range.js';
import { TrendGroupBy } from './trends.model.js';

// The SQL behind each dashboard aggregate, as Prisma.Sql values (text + parameters), so the service runs
// them and bench/trends.ts can EXPLAIN exactly the same statements. Plain PostgreSQL: works on servers
// (15+) and on PGlite. Every statement is bounded by a `createdAt` range, counts are cast to int (count(*)
// is bigint) and days are computed as UTC text so neither driver turns them into local-time Dates.

/** The Finding column each grouping reads; enum columns as text. */
export const GROUP_COLUMN: Record<TrendGroupBy, Prisma.Sql> = {
  [TrendGroupBy.RULE]: Prisma.sql`"ruleName"`,
  [TrendGroupBy.NAMESPACE]: Prisma.sql`"namespace"`,
  [TrendGroupBy.SEVERITY]: Prisma.sql`"severity"::text`,
  [TrendGroupBy.ENFORCEMENT]: Prisma.sql`"enforcement"::text`,
};

/** A row's UTC day as a date: cheap to hash; formatted as text only after grouping (byDay). */
const DAY = Prisma.sql`("createdAt" AT TIME ZONE 'UTC')::date`;

/** Formats the grouped day column `d` of `inner` as YYYY-MM-DD, leaving the other columns as they are. */
function byDay(columns: Prisma.Sql, inner: Prisma.Sql): Prisma.Sql {
  return Prisma.sql`SELECT to_char(s."d", 'YYYY-MM-DD') AS "day", ${columns} FROM (${inner}) s`;
}

export interface ViolationRow {
  day: string;
  key: string;
  count: number;
}

export interface OffenderStats {
  findings: number;
  ruleCount: number;
  rules: string[];
  worstSeverity: string;
  lastSeen: Date | string;
}

export interface ImageRow extends OffenderStats {
  image: string;
  registry: string | null;
}

export interface WorkloadRow extends OffenderStats {
  namespace: string;
  kind: string;
  name: string;
}

export interface PassRateRow {
  day: string;
  total: number;
  pass: number;
  warn: number;
  fail: number;
  error: number;
}

export interface WaivedRow {
  byRule: number;
  key: string;
  count: number;
  lastSeen: Date | string;
}

/** Findings per (UTC day, key); unwaived only unless includeWaived. */
export function violationsSql(
  range: TrendRange,
  groupBy: TrendGroupBy,
  opts: TrendFilter & { includeWaived?: boolean },
): Prisma.Sql {
  return byDay(
    Prisma.sql`s."key", s."count"`,
    Prisma.sql`
      SELECT ${DAY} AS "d", ${GROUP_COLUMN[groupBy]} AS "key", count(*)::int AS "count"
      FROM "Finding"
      WHERE ${findingWhere(range, opts, opts.includeWaived ? undefined : false)}
      GROUP BY 1, 2`,
  );
}

/*
 * Top offenders: two hash aggregates over one scan. Per (offender, rule) first — few rows, since an
 * offender breaks the same rules evaluation after evaluation — then per offender, so counting and listing
 * the distinct rules needs no sort of the findings themselves.
 */

/** Images with the most unwaived findings in the range. */
export function topImagesSql(range: TrendRange, limit: number): Prisma.Sql {
  return Prisma.sql`
    WITH "perRule" AS (
      SELECT "image", "ruleName", max("registry") AS "registry",
             count(*) AS "n", min("severity") AS "worst", max("createdAt") AS "last"
      FROM "Finding"
      WHERE ${findingWhere(range, {}, false)}
      GROUP BY "image", "ruleName"
    )
    SELECT "image",
           max("registry") AS "registry",
           sum("n")::int AS "findings",
           count(*)::int AS "ruleCount",
           array_agg("ruleName") AS "rules",
           min("worst")::text AS "worstSeverity",
           max("last") AS "lastSeen"
    FROM "perRule"
    GROUP BY "image"
    ORDER BY "findings" DESC, "image"
    LIMIT ${limit}`;
}

/** Workloads (namespace, kind, name — in whichever cluster) with the most unwaived findings in the range. */
export function topWorkloadsSql(range: TrendRange, limit: number): Prisma.Sql {
  return Prisma.sql`
    WITH "perRule" AS (
      SELECT "namespace", "workloadKind", "workloadName", "ruleName",
             count(*) AS "n", min("severity") AS "worst", max("createdAt") AS "last"
      FROM "Finding"
      WHERE ${findingWhere(range, {}, false)}
      GROUP BY "namespace", "workloadKind", "workloadName", "ruleName"
    )
    SELECT "namespace",
           "workloadKind" AS "kind",
           "workloadName" AS "name",
           sum("n")::int AS "findings",
           count(*)::int AS "ruleCount",
           array_agg("ruleName") AS "rules",
           min("worst")::text AS "worstSeverity",
           max("last") AS "lastSeen"
    FROM "perRule"
    GROUP BY "namespace", "workloadKind", "workloadName"
    ORDER BY "findings" DESC, "namespace", "workloadKind", "workloadName"
    LIMIT ${limit}`;
}

/** Evaluations per UTC day by verdict; `namespace` matches evaluations that covered it. */
export function passRateSql(range: TrendRange, filter: TrendFilter): Prisma.Sql {
  const where = [Prisma.sql`"createdAt" >= ${range.from}`, Prisma.sql`"createdAt" < ${range.to}`];
  if (filter.cluster) where.push(Prisma.sql`"cluster" = ${filter.cluster}`);
  if (filter.namespace) where.push(Prisma.sql`"namespaces" @> ARRAY[${filter.namespace}]::text[]`);
  return byDay(
    Prisma.sql`s."total", s."pass", s."warn", s."fail", s."error"`,
    Prisma.sql`
      SELECT ${DAY} AS "d",
             count(*)::int AS "total",
             (count(*) FILTER (WHERE "verdict" = 'pass'))::int AS "pass",
             (count(*) FILTER (WHERE "verdict" = 'warn'))::int AS "warn",
             (count(*) FILTER (WHERE "verdict" = 'fail'))::int AS "fail",
             (count(*) FILTER (WHERE "verdict" = 'error'))::int AS "error"
      FROM "Evaluation"
      WHERE ${Prisma.join(where, ' AND ')}
      GROUP BY 1`,
  );
}

/** Waived findings by exception and by rule in one scan; `byRule` is 1 for the rule grouping. */
export function waivedSql(range: TrendRange): Prisma.Sql {
  return Prisma.sql`
    SELECT GROUPING("waivedBy")::int AS "byRule",
           coalesce("waivedBy", "ruleName", '(unknown)') AS "key",
           count(*)::int AS "count",
           max("createdAt") AS "lastSeen"
    FROM "Finding"
    WHERE ${findingWhere(range, {}, true)}
    GROUP BY GROUPING SETS (("waivedBy"), ("ruleName"))`;
}

/** `createdAt` in range, optionally cluster / namespace, and `waived` when given. */
function findingWhere(range: TrendRange, filter: TrendFilter, waived: boolean | undefined): Prisma.Sql {
  const where = [Prisma.sql`"createdAt" >= ${range.from}`, Prisma.sql`"createdAt" < ${range.to}`];
  if (waived === true) where.push(Prisma.sql`"waived"`);
  if (waived === false) where.push(Prisma.sql`NOT "waived"`);
  if (filter.cluster) where.push(Prisma.sql`"cluster" = ${filter.cluster}`);
  if (filter.namespace) where.push(Prisma.sql`"namespace" = ${filter.namespace}`);
  return Prisma.join(where, ' AND ');
}
