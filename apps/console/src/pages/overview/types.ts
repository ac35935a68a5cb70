// The answers of the dashboard queries (apps/api/schema.gql), only the fields the Overview reads.

export type Verdict = 'pass' | 'warn' | 'fail' | 'error';

interface PassRateCounts {
  total: number;
  pass: number;
  warn: number;
  fail: number;
  error: number;
  /** pass / total; null without evaluations. */
  rate: number | null;
}

export interface PassRate extends PassRateCounts {
  days: (PassRateCounts & { day: string })[];
}

export type GroupBy = 'RULE' | 'NAMESPACE' | 'SEVERITY' | 'ENFORCEMENT';

interface TrendSeries {
  key: string;
  total: number;
  points: { day: string; count: number }[];
}

export interface ViolationTrend {
  days: string[];
  total: number;
  groupBy: GroupBy;
  series: TrendSeries[];
}

export interface OffendingImage {
  image: string;
  registry: string | null;
  findings: number;
  ruleCount: number;
  rules: string[];
  worstSeverity: string;
  lastSeen: string;
}

export interface OffendingWorkload {
  namespace: string;
  kind: string;
  name: string;
  findings: number;
  ruleCount: number;
  rules: string[];
  worstSeverity: string;
  lastSeen: string;
}

export interface OverviewData {
  passRate: PassRate;
  waivedCounts: { total: number };
  topOffendingImages: OffendingImage[];
  topOffendingWorkloads: OffendingWorkload[];
}
