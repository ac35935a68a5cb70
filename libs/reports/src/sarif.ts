import { createHash } from 'node:crypto';
import type { EvaluationError } from '#k8s';
import type { EvaluationResult, LocatedFinding } from '#policy';
import { ruleCatalogue, sentence, slotIndex, slotOf, type SlotRef } from './model.js';
import type { ReportRule, ResolvedOptions } from './types.js';

/**
 * SARIF 2.1.0 (OASIS), one run. Tested against the OASIS schema (shared/schemas/sarif-schema-2.1.0.json).
 *
 * - A result per finding; `ruleId` is the rule name, `ruleIndex` points into `tool.driver.rules`.
 * - Every result has a region: the slot's line, column 1 (the evaluation knows lines, not columns).
 * - Waived findings keep their level and carry an external suppression naming the exception.
 * - No `fixes`: SARIF fixes are text replacements (`artifactChanges` is required), and a JSON patch
 *   against the parsed document is not one. The fix is in the message and in `properties.fix`.
 * - Input errors are `toolExecutionNotifications` of level `error`; the run itself succeeded (unreadable
 *   documents are skipped and the rest evaluated), so `executionSuccessful` is true.
 */

export const SARIF_SCHEMA_URI =
  'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { deny: 'error', warn: 'warning', audit: 'note' };

/** GitHub code scanning's `security-severity` bands: critical >= 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9. */
const SECURITY_SEVERITY: Record<string, string> = { critical: '9.0', high: '7.0', medium: '5.0', low: '3.0' };

export function level(enforcement: string): 'error' | 'warning' | 'note' {
  return LEVEL[enforcement] ?? 'warning';
}

/** A URI reference for a file name: characters outside RFC 3986's path set are percent-encoded. */
export function artifactUri(name: string): string {
  const wellFormed = name.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
  return wellFormed.replace(/[^A-Za-z0-9\-._~!$&'()*+,;=:@/]/gu, (c) => encodeURIComponent(c));
}

function driverRule(r: ReportRule) {
  const description = r.description?.trim() || `${r.kind} rule ${r.name}`;
  const properties: Record<string, unknown> = {
    kind: r.kind,
    severity: r.severity,
    enforcement: r.enforcement,
    ruleId: r.id,
    version: r.version,
  };
  const securitySeverity = SECURITY_SEVERITY[r.severity];
  if (securitySeverity) properties['security-severity'] = securitySeverity;
  return {
    id: r.name,
    name: r.name,
    shortDescription: { text: `${r.name} (${r.kind}, ${r.enforcement}, ${r.severity})` },
    fullDescription: { text: description },
    defaultConfiguration: { level: level(r.enforcement) },
    properties,
  };
}

function location(uri: string, line: number | null) {
  return {
    physicalLocation: {
      artifactLocation: { uri, index: 0 },
      region: { startLine: line !== null && line >= 1 ? line : 1, startColumn: 1 },
    },
  };
}

function fingerprint(f: LocatedFinding): string {
  return createHash('sha256')
    .update(JSON.stringify([f.rule, f.namespace, f.workload, f.slot]))
    .digest('hex')
    .slice(0, 32);
}

function sarifResult(f: LocatedFinding, ruleIndex: number, uri: string, ref: SlotRef | undefined) {
  const workloadFqn = `${f.namespace}/${f.workload}`;
  const text = f.fix ? `${sentence(f.message)} Fix: ${f.fix.description}` : f.message;
  const properties: Record<string, unknown> = {
    document: f.document,
    namespace: f.namespace,
    workload: f.workload,
    slot: f.slot,
    severity: f.severity,
    enforcement: f.enforcement,
    ruleId: f.ruleId,
    ruleVersion: f.ruleVersion,
  };
  if (ref) {
    properties.container = ref.slot.name;
    properties.slotType = ref.slot.type;
    properties.image = ref.slot.image.reference;
  }
  if (f.fix)
    properties.fix = {
      description: f.fix.description,
      document: f.fix.document,
      patch: f.fix.patch,
      image: f.fix.image,
    };
  if (f.waivedBy) properties.waivedBy = f.waivedBy;
  return {
    ruleId: f.rule,
    ruleIndex,
    level: level(f.enforcement),
    message: { text },
    locations: [
      {
        ...location(uri, f.line),
        logicalLocations: [
          { name: f.workload, fullyQualifiedName: workloadFqn, kind: 'resource' },
          { name: f.slot, fullyQualifiedName: `${workloadFqn}/${f.slot}`, kind: 'member' },
        ],
      },
    ],
    partialFingerprints: { 'pullwise/v1': fingerprint(f) },
    ...(f.waived
      ? {
          suppressions: [
            {
              kind: 'external',
              status: 'accepted',
              justification: `waived by exception ${f.waivedBy ?? '(unnamed)'}`,
            },
          ],
        }
      : {}),
    properties,
  };
}

function notification(e: EvaluationError, uri: string) {
  const where = e.document === null ? {} : { document: e.document };
  return {
    level: 'error' as const,
    message: { text: e.message },
    ...(e.line !== null ? { locations: [location(uri, e.line)] } : {}),
    properties: {
      ...where,
      ...(e.path !== null ? { path: e.path } : {}),
      ...(e.line !== null ? { line: e.line } : {}),
    },
  };
}

export function renderSarif(result: EvaluationResult, o: ResolvedOptions): string {
  const uri = artifactUri(o.sourceName);
  const rules = ruleCatalogue(result, o.rules);
  const ruleIndex = new Map(rules.map((r, i) => [r.name, i]));
  const slots = slotIndex(result);
  const log = {
    $schema: SARIF_SCHEMA_URI,
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'pullwise',
            ...(o.informationUri ? { informationUri: o.informationUri } : {}),
            version: o.toolVersion,
            rules: rules.map(driverRule),
          },
        },
        invocations: [
          {
            executionSuccessful: true,
            endTimeUtc: o.generatedAt.toISOString(),
            toolExecutionNotifications: result.errors.map((e) => notification(e, uri)),
          },
        ],
        artifacts: [{ location: { uri } }],
        results: result.findings.map((f) => sarifResult(f, ruleIndex.get(f.rule)!, uri, slotOf(slots, f))),
        properties: {
          verdict: result.verdict,
          summary: result.summary,
          assumptions: result.assumptions,
          ...(o.evaluationId ? { evaluationId: o.evaluationId } : {}),
          sourceName: o.sourceName,
        },
      },
    ],
  };
  return JSON.stringify(log);
}
