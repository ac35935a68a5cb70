import type { EvaluationError } from '#k8s';
import type { EvaluationResult, LocatedFinding, WorkloadResult } from '#policy';
import {
  byImportance,
  findingsOf,
  imageText,
  ruleCatalogue,
  slotIndex,
  slotOf,
  workloadTitle,
  type SlotRef,
} from './model.js';
import type { ReportRule, ResolvedOptions } from './types.js';
import { printXml, type XmlElement } from './xml.js';

/**
 * JUnit XML as CI servers read it (Jenkins, GitLab, Azure DevOps, surefire): a `<testsuite>` per workload
 * (`Kind/name (namespace)`), a `<testcase>` per workload x rule (classname = the suite name, name = the rule).
 *
 * - an unwaived `deny` finding fails the test case (`<failure>`, messages and fixes in the body);
 * - unwaived `warn` / `audit` findings pass it, with `<system-out>` and the property `pullwise.enforcement`;
 * - findings that are all waived skip it (`<skipped message="waived by exception …">`);
 * - no finding passes it.
 * Input errors form a `<testsuite name="input">` with one `<error>` test case each.
 * Without a rule catalogue, the rules are those that appear in findings.
 */

interface Counts {
  tests: number;
  failures: number;
  errors: number;
  skipped: number;
}

function describe(f: LocatedFinding, ref: SlotRef | undefined): string {
  const where = ref ? `${ref.slot.name} (${f.slot}), image ${imageText(ref.slot)}` : f.slot;
  const lines = [`[${f.enforcement}, ${f.severity}] ${where}, line ${f.line}`, f.message];
  if (f.waived) lines.push(`Waived by exception ${f.waivedBy ?? '(unnamed)'}.`);
  if (f.fix) lines.push(`Fix: ${f.fix.description}${f.fix.image ? ` (image: ${f.fix.image})` : ''}`);
  return lines.join('\n');
}

function testCase(
  suite: string,
  rule: ReportRule,
  findings: LocatedFinding[],
  slots: Map<string, SlotRef>,
  file: string,
  line: number,
  counts: Counts,
): XmlElement {
  counts.tests++;
  const sorted = [...findings].sort(byImportance);
  const active = sorted.filter((f) => !f.waived);
  const denies = active.filter((f) => f.enforcement === 'deny');
  const children: XmlElement[] = [];
  const body = sorted.map((f) => describe(f, slotOf(slots, f))).join('\n\n');
  const property = (name: string, value: string): XmlElement => ({ name: 'property', attrs: { name, value } });

  if (denies.length > 0) {
    counts.failures++;
    children.push({
      name: 'failure',
      attrs: { message: denies.map((f) => f.message).join('; '), type: rule.kind },
      text: body,
    });
  } else if (active.length > 0) {
    const strongest = active[0]!;
    children.push({
      name: 'properties',
      children: [
        property('pullwise.enforcement', strongest.enforcement),
        property('pullwise.severity', strongest.severity),
      ],
    });
    children.push({ name: 'system-out', text: body });
  } else if (sorted.length > 0) {
    counts.skipped++;
    const exceptions = [...new Set(sorted.map((f) => f.waivedBy ?? '(unnamed)'))];
    children.push({ name: 'skipped', attrs: { message: `waived by exception ${exceptions.join(', ')}` } });
    children.push({ name: 'system-out', text: body });
  }
  return {
    name: 'testcase',
    attrs: { classname: suite, name: rule.name, time: '0', file, line: sorted[0]?.line ?? line },
    children,
  };
}

function workloadSuite(
  result: EvaluationResult,
  w: WorkloadResult,
  rules: ReportRule[],
  slots: Map<string, SlotRef>,
  o: ResolvedOptions,
  total: Counts,
): XmlElement {
  const name = workloadTitle(w);
  const counts: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const findings = findingsOf(result, w);
  const cases = rules.map((r) =>
    testCase(
      name,
      r,
      findings.filter((f) => f.rule === r.name),
      slots,
      o.artifactPath,
      w.line,
      counts,
    ),
  );
  addCounts(total, counts);
  const properties: XmlElement = {
    name: 'properties',
    children: [
      ['pullwise.kind', w.kind],
      ['pullwise.name', w.name],
      ['pullwise.namespace', w.namespace],
      ['pullwise.document', String(w.document)],
      ['pullwise.line', String(w.line)],
    ].map(([n, v]) => ({ name: 'property', attrs: { name: n, value: v } })),
  };
  return {
    name: 'testsuite',
    attrs: { name, ...countAttrs(counts), time: '0', timestamp: timestamp(o.generatedAt), file: o.artifactPath },
    children: [properties, ...cases],
  };
}

function errorName(e: EvaluationError): string {
  const doc = e.document === null ? 'stream' : `document ${e.document}`;
  const where = e.path ? `${doc}, ${e.path}` : doc;
  return e.line === null ? where : `${where} (line ${e.line})`;
}

function inputSuite(errors: EvaluationError[], o: ResolvedOptions, total: Counts): XmlElement {
  const counts: Counts = { tests: errors.length, failures: 0, errors: errors.length, skipped: 0 };
  addCounts(total, counts);
  return {
    name: 'testsuite',
    attrs: {
      name: 'input',
      ...countAttrs(counts),
      time: '0',
      timestamp: timestamp(o.generatedAt),
      file: o.artifactPath,
    },
    children: errors.map((e) => ({
      name: 'testcase',
      attrs: { classname: 'input', name: errorName(e), time: '0', file: o.artifactPath, line: e.line },
      children: [
        { name: 'error', attrs: { message: e.message, type: 'input-error' }, text: `${errorName(e)}: ${e.message}` },
      ],
    })),
  };
}

function addCounts(into: Counts, c: Counts): void {
  into.tests += c.tests;
  into.failures += c.failures;
  into.errors += c.errors;
  into.skipped += c.skipped;
}

function countAttrs(c: Counts) {
  return { tests: c.tests, failures: c.failures, errors: c.errors, skipped: c.skipped };
}

/** JUnit's timestamp is ISO 8601 without a zone designator (the Ant schema); the time is UTC. */
function timestamp(d: Date): string {
  return d.toISOString().slice(0, 19);
}

export function renderJunit(result: EvaluationResult, o: ResolvedOptions): string {
  const rules = ruleCatalogue(result, o.rules);
  const slots = slotIndex(result);
  const total: Counts = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const suites = result.workloads.map((w) => workloadSuite(result, w, rules, slots, o, total));
  if (result.errors.length > 0) suites.push(inputSuite(result.errors, o, total));
  return printXml({
    name: 'testsuites',
    attrs: { name: `pullwise ${o.sourceName}`, ...countAttrs(total), time: '0', timestamp: timestamp(o.generatedAt) },
    children: suites,
  });
}
