import type { EvaluationError } from '#k8s';
import { SEVERITIES, type EvaluationResult, type LocatedFinding, type WorkloadResult } from '#policy';
import { findingsOf, fixText, imageText, ruleCatalogue, slotIndex, slotOf, type SlotRef } from './model.js';
import type { ReportRule, ResolvedOptions } from './types.js';

/**
 * `wgpolicyk8s.io/v1alpha2` PolicyReport, the report Kyverno, Policy Reporter and others read. The
 * CRD is namespaced, so there is one report per namespace; several are wrapped in a `v1` `List`, which
 * `kubectl apply -f` accepts. Tested against the CRD's openAPIV3Schema (libs/reports/fixtures/).
 *
 * Result per finding (the CRD's enum is pass | fail | warn | error | skip):
 * - unwaived `deny` -> `fail`;
 * - unwaived `warn` -> `warn`;
 * - unwaived `audit` -> `warn` with `scored: false` (not met, and not counted against the workload;
 *   the CRD defines warn as "not met and not scored"), `properties.enforcement` tells it from `warn`;
 * - waived (any enforcement) -> `skip`, `properties.waivedBy` names the exception;
 * - a workload x rule of the catalogue without a finding -> `pass`;
 * - an input error -> `error` (rule `input`), in the namespace of its workload when the document has
 *   one, else in the first namespace of the stream (`default` when there is none).
 * Severity is the rule's (critical | high | medium | low | info, the v1alpha2 enum).
 */

type ResultValue = 'pass' | 'fail' | 'warn' | 'error' | 'skip';

interface ObjectReference {
  kind: string;
  name: string;
  namespace: string;
}

interface PolicyReportResult {
  source: string;
  policy: string;
  rule: string;
  category?: string;
  severity?: string;
  timestamp: { seconds: number; nanos: number };
  result: ResultValue;
  scored: boolean;
  resources?: ObjectReference[];
  message: string;
  properties: Record<string, string>;
}

interface PolicyReport {
  apiVersion: 'wgpolicyk8s.io/v1alpha2';
  kind: 'PolicyReport';
  metadata: {
    name: string;
    namespace: string;
    labels: Record<string, string>;
    annotations: Record<string, string>;
  };
  summary: Record<ResultValue, number>;
  results: PolicyReportResult[];
}

/** The CRD's severity enum is the rule severities' set; a value outside it is left out, not sent. */
const REPORT_SEVERITIES: ReadonlySet<string> = new Set(SEVERITIES);

/** A DNS subdomain (RFC 1123) for metadata.name, from the source name: `pullwise-deploy-app.yaml`. */
export function reportName(sourceName: string): string {
  const slug = sourceName
    .toLowerCase()
    .replace(/[^a-z0-9.-]+/g, '-')
    .replace(/[.-]{2,}/g, (run) => (run.includes('.') ? '.' : '-'))
    .replace(/^[.-]+|[.-]+$/g, '');
  const labels = `pullwise${slug ? `-${slug}` : ''}`
    .split('.')
    .map((label) => label.slice(0, 63).replace(/-+$/, ''))
    .filter((label) => label !== '');
  return labels
    .join('.')
    .slice(0, 253)
    .replace(/[.-]+$/, '');
}

function timestamp(d: Date) {
  const ms = d.getTime();
  return { seconds: Math.floor(ms / 1000), nanos: (((ms % 1000) + 1000) % 1000) * 1_000_000 };
}

function resource(w: WorkloadResult): ObjectReference {
  return { kind: w.kind, name: w.name, namespace: w.namespace };
}

function findingResult(
  f: LocatedFinding,
  ref: SlotRef | undefined,
  rule: ReportRule | undefined,
  base: Base,
): PolicyReportResult {
  const result: ResultValue = f.waived ? 'skip' : f.enforcement === 'deny' ? 'fail' : 'warn';
  const properties: Record<string, string> = {
    enforcement: f.enforcement,
    slot: f.slot,
    line: String(f.line),
    document: String(f.document),
    ruleId: f.ruleId,
    ruleVersion: String(f.ruleVersion),
  };
  if (ref) {
    properties.container = ref.slot.name;
    properties.image = imageText(ref.slot);
  }
  if (f.fix) {
    properties.fix = fixText(f);
    if (f.fix.patch.length > 0) properties.patch = JSON.stringify(f.fix.patch);
  }
  if (f.waived) properties.waivedBy = f.waivedBy ?? '';
  return {
    ...base.common,
    rule: f.rule,
    category: f.kind || rule?.kind || '',
    ...(REPORT_SEVERITIES.has(f.severity) ? { severity: f.severity } : {}),
    result,
    scored: f.waived || f.enforcement !== 'audit',
    ...(ref ? { resources: [resource(ref.workload)] } : {}),
    message: f.message,
    properties,
  };
}

function passResult(w: WorkloadResult, rule: ReportRule, base: Base): PolicyReportResult {
  return {
    ...base.common,
    rule: rule.name,
    category: rule.kind,
    ...(REPORT_SEVERITIES.has(rule.severity) ? { severity: rule.severity } : {}),
    result: 'pass',
    scored: true,
    resources: [resource(w)],
    message: `${w.kind}/${w.name} meets ${rule.name}`,
    properties: { enforcement: rule.enforcement, ruleId: rule.id, ruleVersion: String(rule.version) },
  };
}

function errorResult(e: EvaluationError, w: WorkloadResult | undefined, base: Base): PolicyReportResult {
  const properties: Record<string, string> = {};
  if (e.document !== null) properties.document = String(e.document);
  if (e.path !== null) properties.path = e.path;
  if (e.line !== null) properties.line = String(e.line);
  return {
    ...base.common,
    rule: 'input',
    category: 'input',
    result: 'error',
    scored: true,
    ...(w ? { resources: [resource(w)] } : {}),
    message: e.message,
    properties,
  };
}

interface Base {
  common: { source: string; policy: string; timestamp: { seconds: number; nanos: number } };
}

function policyReports(result: EvaluationResult, o: ResolvedOptions): PolicyReport[] {
  const base: Base = { common: { source: 'pullwise', policy: 'pullwise', timestamp: timestamp(o.generatedAt) } };
  const rules = ruleCatalogue(result, o.rules);
  const ruleByName = new Map(rules.map((r) => [r.name, r]));
  const slots = slotIndex(result);
  const byNamespace = new Map<string, PolicyReportResult[]>();
  const into = (ns: string) => {
    let list = byNamespace.get(ns);
    if (!list) byNamespace.set(ns, (list = []));
    return list;
  };

  for (const w of result.workloads) {
    const list = into(w.namespace);
    const findings = findingsOf(result, w);
    for (const rule of rules) {
      const mine = findings.filter((f) => f.rule === rule.name);
      if (mine.length === 0) list.push(passResult(w, rule, base));
      else for (const f of mine) list.push(findingResult(f, slotOf(slots, f), ruleByName.get(f.rule), base));
    }
  }
  const fallback = result.workloads[0]?.namespace ?? 'default';
  for (const e of result.errors) {
    const w = e.document === null ? undefined : result.workloads.find((x) => x.document === e.document);
    into(w?.namespace ?? fallback).push(errorResult(e, w, base));
  }
  if (byNamespace.size === 0) into('default');

  const name = reportName(o.sourceName);
  const annotations: Record<string, string> = { 'pullwise/source': o.sourceName, 'pullwise/verdict': result.verdict };
  if (o.evaluationId) annotations['pullwise/evaluation-id'] = o.evaluationId;
  return [...byNamespace].map(([namespace, results]) => {
    const summary: Record<ResultValue, number> = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 };
    for (const r of results) summary[r.result]++;
    return {
      apiVersion: 'wgpolicyk8s.io/v1alpha2',
      kind: 'PolicyReport',
      metadata: {
        name,
        namespace,
        labels: { 'app.kubernetes.io/managed-by': 'pullwise' },
        annotations: { ...annotations },
      },
      summary,
      results,
    };
  });
}

export function renderPolicyReport(result: EvaluationResult, o: ResolvedOptions): string {
  const reports = policyReports(result, o);
  if (reports.length === 1) return JSON.stringify(reports[0]);
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: {}, items: reports });
}
