import { createHash } from 'node:crypto';
import type { EvaluationError, SkippedResource } from '#k8s';
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
 * - Input errors are `toolExecutionNotifications` of level `error` at their location, and the invocation is
 *   `executionSuccessful: false`: the input was not judged in full, so the absence of results proves nothing.
 * - Objects read but not evaluated (`skipped`) are notifications of level `note`; they do not fail the run.
 * - Artifact URIs are relative to `%SRCROOT%`, the repository root, as GitHub code scanning resolves them.
 */

const SARIF_SCHEMA_URI = 'https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json';

/** The base every artifact URI is relative to: the root of the repository the manifests live in. */
const SRCROOT = '%SRCROOT%';

const LEVEL: Record<string, 'error' | 'warning' | 'note'> = { deny: 'error', warn: 'warning', audit: 'note' };

/** GitHub code scanning's `security-severity` bands: critical >= 9.0, high 7.0-8.9, medium 4.0-6.9, low 0.1-3.9. */
const SECURITY_SEVERITY: Record<string, string> = { critical: '9.0', high: '7.0', medium: '5.0', low: '3.0' };

function level(enforcement: string): 'error' | 'warning' | 'note' {
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
      artifactLocation: { uri, uriBaseId: SRCROOT, index: 0 },
      region: { startLine: line !== null && line >= 1 ? line : 1, startColumn: 1 },
    },
  };
}

/** The file, and the line when it is known (a notification about a whole stream has none). */
function fileLocation(uri: string, line: number | null) {
  if (line !== null && line >= 1) return location(uri, line);
  return { physicalLocation: { artifactLocation: { uri, uriBaseId: SRCROOT, index: 0 } } };
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
    locations: [fileLocation(uri, e.line)],
    properties: {
      ...where,
      ...(e.path !== null ? { path: e.path } : {}),
      ...(e.line !== null ? { line: e.line } : {}),
    },
  };
}

function skippedNotification(s: SkippedResource, uri: string) {
  const what = [s.kind ?? '(no kind)', s.name ?? '(no name)'].join(' ');
  return {
    level: 'note' as const,
    message: {
      text: `Not evaluated: ${what} (document ${s.document}): ${sentence(s.reason)} Image fields: ${s.imagePaths.join(', ')}.`,
    },
    locations: [fileLocation(uri, null)],
    properties: {
      document: s.document,
      apiVersion: s.apiVersion,
      kind: s.kind,
      name: s.name,
      imagePaths: s.imagePaths,
    },
  };
}

export function renderSarif(result: EvaluationResult, o: ResolvedOptions): string {
  const uri = artifactUri(o.artifactPath);
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
            executionSuccessful: result.errors.length === 0,
            endTimeUtc: o.generatedAt.toISOString(),
            toolExecutionNotifications: [
              ...result.errors.map((e) => notification(e, uri)),
              ...(result.skipped ?? []).map((x) => skippedNotification(x, uri)),
            ],
          },
        ],
        artifacts: [{ location: { uri, uriBaseId: SRCROOT } }],
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
