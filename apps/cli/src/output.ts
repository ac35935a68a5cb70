import type { Verdict } from '#policy';
import { renderReport, type RenderOptions, type ReportFormat } from '#reports';
import { overallVerdict } from './exit-codes.js';
import type { EvaluationResponse } from './server-client.js';

export interface FileResult {
  name: string;
  /** Relative to the repository root: SARIF artifact URI, JUnit `file`. */
  artifactPath: string;
  result: EvaluationResponse;
}

export interface OutputOptions {
  format: ReportFormat;
  /** Use the merged multi-file shape (a directory or several -f), even for one file. */
  multi: boolean;
  toolVersion: string;
  generatedAt: Date;
}

/**
 * Every file is rendered on its own by #reports (so lines, artifact URIs and JUnit `file` attributes are
 * that file's), then the renderings are merged. A single file (or stdin) is exactly the server's rendering.
 */
export function renderOutput(files: readonly FileResult[], o: OutputOptions): string {
  const render = (f: FileResult) =>
    renderReport(f.result, o.format, {
      sourceName: f.name,
      artifactPath: f.artifactPath,
      toolVersion: o.toolVersion,
      evaluationId: f.result.id,
      generatedAt: o.generatedAt,
    } satisfies RenderOptions).body;
  if (!o.multi && files.length === 1) return withNewline(render(files[0]!));
  const verdict = overallVerdict(files.map((f) => f.result.verdict));
  const bodies = files.map((f) => ({ ...f, body: render(f) }));
  switch (o.format) {
    case 'json':
      return withNewline(mergeJson(bodies, verdict));
    case 'sarif':
      return withNewline(mergeSarif(bodies, verdict));
    case 'junit':
      return withNewline(mergeJunit(bodies));
    case 'markdown':
      return withNewline(mergeMarkdown(bodies, verdict));
    case 'policyreport':
      return withNewline(mergePolicyReports(bodies));
  }
}

type Rendered = FileResult & { body: string };

function withNewline(s: string): string {
  return s.endsWith('\n') ? s : `${s}\n`;
}

/** `{ verdict, files: { "<path>": <the server's JSON for that file> } }`, in input order. */
function mergeJson(files: Rendered[], verdict: Verdict): string {
  // fromEntries defines own properties, so even a file called __proto__ stays a key.
  return JSON.stringify({ verdict, files: Object.fromEntries(files.map((f) => [f.name, JSON.parse(f.body)])) });
}

/* eslint-disable @typescript-eslint/no-explicit-any -- SARIF logs are handled as the JSON #reports wrote */
/**
 * One log, one run, one artifact per file: driver rules are the union (by id) with `ruleIndex` renumbered,
 * every location points at its file's artifact index, notifications are concatenated, and the run's
 * properties keep each file's verdict and summary.
 */
function mergeSarif(files: Rendered[], verdict: Verdict): string {
  const runs = files.map((f) => (JSON.parse(f.body) as any).runs[0]);
  const first = JSON.parse(files[0]!.body) as any;
  const rules: any[] = [];
  const ruleIndex = new Map<string, number>();
  for (const run of runs)
    for (const rule of run.tool.driver.rules) if (!ruleIndex.has(rule.id)) ruleIndex.set(rule.id, rules.push(rule) - 1);
  const relocate = (locations: any[] | undefined, index: number) =>
    locations?.forEach((l) => {
      if (l.physicalLocation?.artifactLocation) l.physicalLocation.artifactLocation.index = index;
    });
  const results: any[] = [];
  const notifications: any[] = [];
  runs.forEach((run, i) => {
    for (const r of run.results) {
      relocate(r.locations, i);
      results.push({ ...r, ruleIndex: ruleIndex.get(r.ruleId) });
    }
    for (const n of run.invocations[0].toolExecutionNotifications) {
      relocate(n.locations, i);
      notifications.push(n);
    }
  });
  const run = {
    tool: { driver: { ...runs[0].tool.driver, rules } },
    invocations: [{ ...runs[0].invocations[0], toolExecutionNotifications: notifications }],
    artifacts: runs.map((r) => r.artifacts[0]),
    results,
    properties: { verdict, files: runs.map((r) => r.properties) },
  };
  return JSON.stringify({ ...first, runs: [run] });
}
/* eslint-enable @typescript-eslint/no-explicit-any */

const JUNIT_COUNTS = ['tests', 'failures', 'errors', 'skipped'] as const;

/**
 * One `<testsuites>` holding every file's suites (each suite keeps its `file` attribute), counts summed.
 * Text-level: #reports prints the declaration, the root element on its own line, children indented.
 */
function mergeJunit(files: Rendered[]): string {
  const totals = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  const children: string[] = [];
  let timestamp = '';
  for (const f of files) {
    const lines = f.body.trimEnd().split('\n');
    const root = lines[1] ?? '';
    for (const key of JUNIT_COUNTS) totals[key] += Number(attr(root, key) ?? 0);
    timestamp ||= attr(root, 'timestamp') ?? '';
    if (!root.endsWith('/>')) children.push(...lines.slice(2, -1));
  }
  const counts = JUNIT_COUNTS.map((k) => ` ${k}="${totals[k]}"`).join('');
  const open = `<testsuites name="pullwise (${files.length} files)"${counts} time="0" timestamp="${timestamp}"`;
  const body = children.length > 0 ? [`${open}>`, ...children, '</testsuites>'] : [`${open}/>`];
  return ['<?xml version="1.0" encoding="UTF-8"?>', ...body].join('\n');
}

function attr(element: string, name: string): string | null {
  return new RegExp(` ${name}="([^"]*)"`).exec(element)?.[1] ?? null;
}

/** A code span for a file name, safe in a table cell (CommonMark: a fence longer than any backtick run). */
export function mdFile(name: string): string {
  const text = name.replace(/[\r\n|]/g, (c) => (c === '|' ? '\\|' : ' '));
  const fence = '`'.repeat(Math.max(0, ...(text.match(/`+/g) ?? []).map((r) => r.length)) + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

const WORD: Record<Verdict, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', error: 'ERROR' };

/** A verdict table over the files, then each file's own report with its heading naming the file. */
function mergeMarkdown(files: Rendered[], verdict: Verdict): string {
  const rows = files.map(({ name, result: r }) => {
    const c = r.summary.findings;
    return `| ${mdFile(name)} | ${WORD[r.verdict]} | ${c.deny} | ${c.warn} | ${c.audit} | ${c.waived} | ${r.errors.length} |`;
  });
  const out = [
    `# pullwise: ${WORD[verdict]}`,
    '',
    `${files.length} files.`,
    '',
    '| File | Verdict | Deny | Warn | Audit | Waived | Input errors |',
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...rows,
    '',
  ];
  for (const f of files) {
    const [heading, ...rest] = f.body.split('\n');
    const named = heading?.startsWith('## pullwise: ') ? `## ${mdFile(f.name)}: ${WORD[f.result.verdict]}` : heading;
    out.push(named ?? '', ...rest);
  }
  return out.join('\n');
}

/** One `v1` List of every file's PolicyReports (names derive from the file name, so they do not clash). */
function mergePolicyReports(files: Rendered[]): string {
  const items = files.flatMap((f) => {
    const doc = JSON.parse(f.body) as { kind: string; items?: unknown[] };
    return doc.kind === 'List' ? (doc.items ?? []) : [doc];
  });
  return JSON.stringify({ apiVersion: 'v1', kind: 'List', metadata: {}, items });
}
