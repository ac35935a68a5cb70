// Dashboard aggregates on 100,000 recorded findings (issue "Dashboards", item 4):
//   node --conditions=source --import @swc-node/register/esm-register bench/trends.ts [--keep] [--candidates]
// Creates a fresh PostgreSQL database (BENCH_ADMIN_URL, default postgresql://postgres@127.0.0.1:5432/postgres),
// applies the migrations, seeds 5,000 evaluations over 90 days with 20 findings each (50 rules, 40 namespaces,
// 500 images, 2,000 workloads, skewed like real traffic, 5% waived) with INSERT … SELECT generate_series, then times each
// aggregate through TrendsService (median of 15 runs after 3 warm-ups), prints EXPLAIN (ANALYZE, BUFFERS)
// summaries of the same statements, and finally times retention removing the oldest 30 days in batches.
// --candidates also creates the indexes recommended in the report and measures again.
// --keep leaves the database, with every finding (retention is not run), for inspection.
import 'reflect-metadata';
import pg from 'pg';
import { Database, defaultMigrationsDir, type Prisma } from '#db';
import type { AppConfig } from '../apps/api/src/config/app-config.js';
import { RetentionService } from '../apps/api/src/trends/retention.service.js';
import {
  passRateSql,
  topImagesSql,
  topWorkloadsSql,
  violationsSql,
  waivedSql,
} from '../apps/api/src/trends/trend-queries.js';
import { parseRange, type TrendRange } from '../apps/api/src/trends/trend-range.js';
import { TrendGroupBy } from '../apps/api/src/trends/trends.model.js';
import { TrendsService } from '../apps/api/src/trends/trends.service.js';

const ADMIN_URL = process.env.BENCH_ADMIN_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const DB_NAME = 'pullwise_bench_trends';
const EVALUATIONS = 5_000;
const FINDINGS_PER_EVALUATION = 20;
const TARGET_MS = 200;
const keep = process.argv.includes('--keep');
const candidates = process.argv.includes('--candidates');

/** Indexes the report recommends; created only with --candidates, to measure them. */
const CANDIDATE_INDEXES = [
  // @@index([cluster, createdAt]) on Finding: violationsOverTime(cluster: …) without a full scan.
  `CREATE INDEX "Finding_cluster_createdAt_idx" ON "Finding" ("cluster", "createdAt")`,
  // @@index([waived, createdAt, waivedBy, ruleName]) on Finding: waivedCounts as an index-only scan of the waived rows.
  `CREATE INDEX "Finding_waived_createdAt_waivedBy_ruleName_idx" ON "Finding" ("waived", "createdAt", "waivedBy", "ruleName")`,
];

const dbUrl = (() => {
  const u = new URL(ADMIN_URL);
  u.pathname = `/${DB_NAME}`;
  return u.toString();
})();

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: ADMIN_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

async function seed(pool: pg.Pool): Promise<void> {
  await pool.query(`SELECT setseed(0.42)`);
  await pool.query(
    `INSERT INTO "Evaluation" ("id", "createdAt", "verdict", "cluster", "namespaces", "repository", "commit", "pipeline",
       "documents", "workloads", "slots", "denyCount", "warnCount", "auditCount", "waivedCount",
       "ruleVersions", "context", "manifests", "result", "createdBy")
     SELECT gen_random_uuid(),
            now() - random() * interval '90 days',
            (ARRAY['pass', 'warn', 'fail'])[1 + floor(random() * 3)::int]::"Verdict",
            (ARRAY['prod', 'staging', 'dev', 'edge'])[1 + i % 4],
            ARRAY['ns-' || (i % 40), 'ns-' || ((i * 7 + 3) % 40)],
            'github.com/acme/repo-' || (i % 25), md5(i::text), 'ci', 3, 2, 4, 0, 0, 0, 0,
            '[]', '{}', '', '{"verdict": "x"}', 'bench'
     FROM generate_series(1, $1::int) AS i`,
    [EVALUATIONS],
  );
  // 2,000 workloads (namespace w % 40, image w % 500); a workload breaks the same few rules every time it
  // is evaluated (up to 4 of the 50, picked by its number), and some workloads are evaluated far more often
  // than others (w skewed towards 0), as on a real dashboard.
  await pool.query(
    `INSERT INTO "Finding" ("id", "evaluationId", "createdAt", "ruleName", "ruleVersion", "ruleKind", "enforcement",
       "severity", "waived", "waivedBy", "namespace", "cluster", "workloadKind", "workloadName", "slotName",
       "slotType", "image", "registry", "message")
     SELECT gen_random_uuid(), s.id, s."createdAt", 'rule-' || s.r, 1, 'require-digest',
            (ARRAY['deny', 'warn', 'audit'])[1 + s.r % 3]::"Enforcement",
            (ARRAY['critical', 'high', 'medium', 'low', 'info'])[1 + s.r % 5]::"Severity",
            s.u < 0.05, CASE WHEN s.u < 0.05 THEN 'exception-' || (s.r % 12) END,
            'ns-' || (s.w % 40), s.cluster,
            (ARRAY['Deployment', 'StatefulSet', 'CronJob', 'DaemonSet'])[1 + s.w % 4], 'app-' || s.w,
            'main', 'container',
            'registry.example.com/team-' || (s.w % 500 % 17) || '/app-' || (s.w % 500) || ':1.' || (s.w % 500 % 9),
            'registry.example.com',
            'image registry.example.com/team-' || (s.w % 500 % 17) || '/app-' || (s.w % 500) || ' breaks rule-' || s.r
              || ': it is not pinned by digest, so nodes may run different code under the same tag'
     FROM (
       SELECT q.*, (q.w * 7 + floor(random() * 4)::int * 11) % 50 AS r
       FROM (
         SELECT e."id", e."createdAt", e."cluster", k, floor(2000 * power(random(), 2))::int AS w, random() AS u
         FROM "Evaluation" e CROSS JOIN generate_series(1, $1::int) AS k
       ) q
     ) s`,
    [FINDINGS_PER_EVALUATION],
  );
  await pool.query(`VACUUM ANALYZE "Evaluation"`);
  await pool.query(`VACUUM ANALYZE "Finding"`);
}

async function medianMs(fn: () => Promise<unknown>, runs = 15, warmup = 3): Promise<{ median: number; max: number }> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, max: times.at(-1)! };
}

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  Plans?: PlanNode[];
}

/** "Seq Scan Finding, Index Scan Finding_image_createdAt_idx, …", exec time and buffers of one statement. */
async function explain(pool: pg.Pool, sql: Prisma.Sql) {
  const res = await pool.query(`EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql.text}`, sql.values as unknown[]);
  const [top] = res.rows[0]['QUERY PLAN'] as {
    Plan: PlanNode & { 'Shared Hit Blocks': number; 'Shared Read Blocks': number };
    'Execution Time': number;
  }[];
  const scans: string[] = [];
  const walk = (n: PlanNode) => {
    if (/Scan/.test(n['Node Type']) && !['CTE Scan', 'Subquery Scan'].includes(n['Node Type']))
      scans.push(`${n['Node Type']} ${n['Index Name'] ?? n['Relation Name'] ?? ''}`.trim());
    n.Plans?.forEach(walk);
  };
  walk(top!.Plan);
  return {
    execMs: +top!['Execution Time'].toFixed(1),
    buffers: `hit=${top!.Plan['Shared Hit Blocks']} read=${top!.Plan['Shared Read Blocks']}`,
    scans: [...new Set(scans)].join(', '),
  };
}

async function measure(db: Database, pool: pg.Pool, label: string) {
  const trends = new TrendsService(db);
  const now = Date.now();
  const days = (n: number) => new Date(now - n * 86_400_000).toISOString();
  const r90: TrendRange = parseRange(days(90), days(-1));
  const r7: TrendRange = parseRange(days(7), days(0));
  const cases: [string, () => Promise<unknown>, Prisma.Sql][] = [
    ...Object.values(TrendGroupBy).map(
      (g) =>
        [`violationsOverTime ${g} 91d`, () => trends.violationsOverTime(r90, g, {}), violationsSql(r90, g, {})] as [
          string,
          () => Promise<unknown>,
          Prisma.Sql,
        ],
    ),
    [
      'violationsOverTime RULE 91d +waived',
      () => trends.violationsOverTime(r90, TrendGroupBy.RULE, { includeWaived: true }),
      violationsSql(r90, TrendGroupBy.RULE, { includeWaived: true }),
    ],
    [
      'violationsOverTime RULE 91d ns-3',
      () => trends.violationsOverTime(r90, TrendGroupBy.RULE, { namespace: 'ns-3' }),
      violationsSql(r90, TrendGroupBy.RULE, { namespace: 'ns-3' }),
    ],
    [
      'violationsOverTime RULE 91d cluster',
      () => trends.violationsOverTime(r90, TrendGroupBy.RULE, { cluster: 'prod' }),
      violationsSql(r90, TrendGroupBy.RULE, { cluster: 'prod' }),
    ],
    [
      'violationsOverTime RULE 7d',
      () => trends.violationsOverTime(r7, TrendGroupBy.RULE, {}),
      violationsSql(r7, TrendGroupBy.RULE, {}),
    ],
    ['topOffendingImages 91d limit 10', () => trends.topOffendingImages(r90, 10), topImagesSql(r90, 10)],
    ['topOffendingImages 91d limit 100', () => trends.topOffendingImages(r90, 100), topImagesSql(r90, 100)],
    ['topOffendingImages 7d limit 10', () => trends.topOffendingImages(r7, 10), topImagesSql(r7, 10)],
    ['topOffendingWorkloads 91d limit 10', () => trends.topOffendingWorkloads(r90, 10), topWorkloadsSql(r90, 10)],
    ['topOffendingWorkloads 91d limit 100', () => trends.topOffendingWorkloads(r90, 100), topWorkloadsSql(r90, 100)],
    ['passRate 91d', () => trends.passRate(r90, {}), passRateSql(r90, {})],
    [
      'passRate 91d cluster+ns',
      () => trends.passRate(r90, { cluster: 'prod', namespace: 'ns-3' }),
      passRateSql(r90, { cluster: 'prod', namespace: 'ns-3' }),
    ],
    ['waivedCounts 91d', () => trends.waivedCounts(r90), waivedSql(r90)],
  ];

  const timings = [];
  const plans = [];
  for (const [name, run, sql] of cases) {
    const { median, max } = await medianMs(run);
    timings.push({ query: name, medianMs: +median.toFixed(1), maxMs: +max.toFixed(1), ok: median < TARGET_MS });
    plans.push({ query: name, ...(await explain(pool, sql)) });
  }
  console.log(`\n== ${label}: TrendsService (Prisma + pg adapter), median of 15 runs ==`);
  console.table(timings);
  console.log(`\n== ${label}: EXPLAIN (ANALYZE, BUFFERS) ==`);
  console.table(plans);
  return timings;
}

async function main() {
  await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${DB_NAME}`);
  const db = await Database.open({ kind: 'postgres', url: dbUrl }, { poolMax: 4 });
  const pool = (db.target as { kind: 'postgres'; pool: pg.Pool }).pool;
  try {
    await db.migrate(defaultMigrationsDir());
    let t0 = Date.now();
    await seed(pool);
    const { rows } = await pool.query(
      `SELECT (SELECT count(*) FROM "Evaluation")::int AS evaluations, (SELECT count(*) FROM "Finding")::int AS findings,
              (SELECT count(DISTINCT "ruleName") FROM "Finding")::int AS rules,
              (SELECT count(DISTINCT "namespace") FROM "Finding")::int AS namespaces,
              (SELECT count(DISTINCT "image") FROM "Finding")::int AS images,
              (SELECT count(*) FROM "Finding" WHERE "waived")::int AS waived,
              pg_size_pretty(pg_total_relation_size('"Finding"')) AS "findingSize",
              (SELECT version()) AS server`,
    );
    console.log(`seeded in ${Date.now() - t0} ms:`, rows[0]);

    const base = await measure(db, pool, 'schema indexes');
    if (candidates) {
      for (const sql of CANDIDATE_INDEXES) await pool.query(sql);
      await pool.query(`ANALYZE "Finding"`);
      await measure(db, pool, 'with candidate indexes');
    }
    const slowest = base.reduce((a, b) => (b.medianMs > a.medianMs ? b : a));
    console.log(`\nslowest aggregate: ${slowest.query} ${slowest.medianMs} ms (target < ${TARGET_MS} ms)`);

    // Retention: remove everything older than 60 days (about a third), RETENTION_BATCH evaluations a statement.
    if (keep) return console.log(`\n--keep: ${dbUrl} left with all 100,000 findings (retention not run)`);
    const before = (await pool.query(`SELECT count(*)::int AS n FROM "Finding"`)).rows[0].n as number;
    const retention = new RetentionService(db, { retentionDays: 60 } as AppConfig);
    t0 = Date.now();
    const removed = await retention.run();
    const ms = Date.now() - t0;
    const after = (await pool.query(`SELECT count(*)::int AS n FROM "Finding"`)).rows[0].n as number;
    console.log(
      `\nretention 60 days: removed ${removed} evaluations and ${before - after} findings in ${ms} ms ` +
        `(${Math.ceil(removed / 1000)} statements, ${(ms / Math.max(1, Math.ceil(removed / 1000))).toFixed(0)} ms each)`,
    );
  } finally {
    await db.close();
    if (!keep) await admin(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  }
}

await main();
