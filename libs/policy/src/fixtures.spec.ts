import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { evaluateManifests, type ClusterContext } from '#k8s';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { evaluate } from './evaluate.js';
import { compileRuleSet } from './compile.js';
import type { EvaluationResult, JsonPatchOperation, Verdict } from './evaluation-result.js';
import type { LocatedPolicyFinding } from './exceptions.js';
import type { ExceptionDefinition, RuleContext, RuleDefinition } from './rule-types.js';
import { validateExceptionInput } from './validate-exception.js';
import { validateRuleInput } from './validate-rule.js';

/**
 * Golden fixtures: libs/policy/fixtures/<case>/{rules.yaml, manifests.yaml?, expected.json}.
 *
 * rules.yaml holds `rules:` (rule inputs as POST /v1/rules takes them), optional `exceptions:` and `context:`
 * (ClusterContext fields plus `cluster` and `now`), and `cases:`, each naming a manifest file and what is
 * expected of it. Without `cases:` the fixture has one case, its own manifests.yaml.
 * Peer fixtures (`peer-<peer>__<check>`) read the peer's manifests straight from the shared corpus
 * (`peer.folder`, relative to the repository root) and say per case what the peer expects (`peer:` verdict,
 * `peerFindings:` count, `workloads:` verdict per `Kind/name`). Our verdicts must equal the peer's, except
 * where `differences:` records on purpose what we decide instead and why.
 * `patchedTo:` names the peer's expected output of its mutation: applying our fixes' JSON patches to the
 * input must give the same effective pull policy, slot by slot.
 * expected.json is the full golden result; UPDATE_GOLDEN=1 rewrites it (review the diff by hand).
 */

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixturesRoot = path.join(repoRoot, 'libs/policy/fixtures');
const peerCasesRoot = path.resolve(repoRoot, '../shared/corpus/peer-cases');
const update = process.env.UPDATE_GOLDEN === '1';
const DEFAULT_NOW = '2026-03-01T12:00:00Z';

type PeerVerdict = 'pass' | 'fail';

interface FixtureCase {
  file: string;
  peer?: PeerVerdict;
  peerFindings?: number;
  workloads?: Record<string, PeerVerdict>;
  expect?: Verdict;
  rules?: Record<string, unknown>[];
  context?: Record<string, unknown>;
  patchedTo?: string[];
}

interface Difference {
  file: string;
  workload?: string;
  findings?: boolean;
  peer: string | number;
  ours: string | number;
  why: string;
}

interface FixtureFile {
  description?: string;
  peer?: { folder: string; check: string; translation?: string };
  context?: Record<string, unknown>;
  rules?: Record<string, unknown>[];
  exceptions?: Record<string, unknown>[];
  cases?: FixtureCase[];
  differences?: Difference[];
}

function fixtureNames(): string[] {
  return readdirSync(fixturesRoot, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .map((d) => d.name)
    .sort();
}

function loadFixture(name: string): FixtureFile {
  return parse(readFileSync(path.join(fixturesRoot, name, 'rules.yaml'), 'utf8')) as FixtureFile;
}

function toRules(inputs: Record<string, unknown>[], fixture: string): RuleDefinition[] {
  return inputs.map((input, i) => {
    const v = validateRuleInput(input);
    if (!v.ok) throw new Error(`${fixture}: rules[${i}] is invalid: ${JSON.stringify(v.problems)}`);
    return { ...v.value, id: `${fixture}/${v.value.name}`, version: 1 };
  });
}

function toExceptions(inputs: Record<string, unknown>[], fixture: string): ExceptionDefinition[] {
  return inputs.map((input, i) => {
    // Expiries are written relative to the fixtures' clock, as the service judges them against its own.
    const v = validateExceptionInput(input, { now: new Date(DEFAULT_NOW) });
    if (!v.ok) throw new Error(`${fixture}: exceptions[${i}] is invalid: ${JSON.stringify(v.problems)}`);
    return { ...v.value, id: `${fixture}/${v.value.name}` };
  });
}

function splitContext(raw: Record<string, unknown>): { cluster: ClusterContext; rule: Partial<RuleContext> } {
  const { cluster, now, ...clusterContext } = raw;
  return {
    cluster: clusterContext as ClusterContext,
    rule: {
      cluster: (cluster as string | undefined) ?? null,
      now: new Date((now as string | undefined) ?? DEFAULT_NOW),
    },
  };
}

/** Where a case's file lives: beside the peer's folder for peer fixtures, else in the fixture folder. */
function casePath(fixture: string, f: FixtureFile, file: string): string {
  return f.peer ? path.resolve(repoRoot, f.peer.folder, file) : path.join(fixturesRoot, fixture, file);
}

function workloadVerdicts(result: EvaluationResult): Record<string, Verdict> {
  const out: Record<string, Verdict> = {};
  const rank: Record<Verdict, number> = { pass: 0, warn: 1, fail: 2, error: 3 };
  for (const w of result.workloads) {
    const key = `${w.kind}/${w.name}`;
    let v: Verdict = 'pass';
    for (const s of w.slots)
      for (const f of s.findings) {
        if (f.waived) continue;
        if (f.enforcement === 'deny') v = 'fail';
        else if (f.enforcement === 'warn' && v !== 'fail') v = 'warn';
      }
    out[key] = out[key] !== undefined && rank[out[key]] > rank[v] ? out[key] : v;
  }
  return out;
}

/** The verdict without the input errors that make it `error`. */
function findingsVerdict(result: EvaluationResult): Verdict {
  const c = result.summary.findings;
  return c.deny > 0 ? 'fail' : c.warn > 0 ? 'warn' : 'pass';
}

function goldenView(file: string, result: EvaluationResult) {
  return {
    file,
    verdict: result.verdict,
    findings: result.summary.findings,
    workloads: workloadVerdicts(result),
    details: (result.findings as LocatedPolicyFinding[]).map((f) => ({
      workload: f.workload,
      slot: f.slot,
      rule: f.rule,
      enforcement: f.enforcement,
      message: f.message,
      ...(f.waived ? { waivedBy: f.waivedBy } : {}),
      ...(f.expiredWaiver ? { expiredWaiver: f.expiredWaiver } : {}),
      fix: f.fix,
    })),
    errors: result.errors,
  };
}

// --- a minimal RFC 6902 applier (add / replace on objects and arrays), for the patchedTo checks ---
function unescape(token: string): string {
  return token.replace(/~1/g, '/').replace(/~0/g, '~');
}

function applyPatch(doc: unknown, ops: JsonPatchOperation[]): void {
  for (const op of ops) {
    const tokens = op.path.split('/').slice(1).map(unescape);
    const last = tokens.pop()!;
    let target = doc as Record<string, unknown>;
    for (const t of tokens) {
      const next = target[t];
      if (next === null || typeof next !== 'object') throw new Error(`patch path ${op.path} does not exist`);
      target = next as Record<string, unknown>;
    }
    if (op.op === 'replace' && !Object.hasOwn(target, last)) throw new Error(`replace at ${op.path}: no such member`);
    if (op.op !== 'add' && op.op !== 'replace') throw new Error(`unexpected op ${op.op}`);
    target[last] = op.value;
  }
}

function nonEmptyDocuments(text: string): unknown[] {
  return parseAllDocuments(text)
    .filter((d) => d.contents !== null)
    .map((d) => d.toJS());
}

function effectivePolicies(input: unknown, ctx: ClusterContext): Record<string, string> {
  const out: Record<string, string> = {};
  for (const w of evaluateManifests(input, ctx).workloads)
    for (const s of w.slots) out[`${w.kind}/${w.name} ${s.path}`] = s.pullPolicy.effective;
  return out;
}

const fixtures = fixtureNames();

describe('policy fixtures', () => {
  it('finds the fixtures and the peer corpus', () => {
    expect(fixtures.length).toBeGreaterThan(26);
    expect(existsSync(peerCasesRoot)).toBe(true);
  });

  it('translates every peer case of the corpus, and only those', () => {
    const peerFolders = readdirSync(peerCasesRoot, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .map((d) => d.name)
      .sort();
    expect(fixtures.filter((f) => f.startsWith('peer-')).map((f) => f.slice('peer-'.length))).toEqual(peerFolders);
    for (const folder of peerFolders) {
      const f = loadFixture(`peer-${folder}`);
      expect(f.peer?.folder, folder).toBe(`../shared/corpus/peer-cases/${folder}`);
    }
  });

  describe.each(fixtures)('%s', (name) => {
    const f = loadFixture(name);
    const baseRules = f.rules ?? [];
    const cases: FixtureCase[] = f.cases ?? [{ file: 'manifests.yaml' }];
    const differences = f.differences ?? [];
    const expectedFile = path.join(fixturesRoot, name, 'expected.json');

    const run = () =>
      cases.map((c) => {
        const text = readFileSync(casePath(name, f, c.file), 'utf8');
        const set = compileRuleSet(toRules(c.rules ?? baseRules, name), toExceptions(f.exceptions ?? [], name));
        const { cluster, rule } = splitContext({ ...(f.context ?? {}), ...(c.context ?? {}) });
        const result = evaluate(text, {
          ruleSet: set,
          context: cluster,
          cluster: rule.cluster ?? null,
          now: rule.now!,
        });
        return { c, text, cluster, result };
      });

    it('matches expected.json', () => {
      const views = run().map(({ c, result }) =>
        goldenView(f.peer ? path.posix.join(f.peer.folder, c.file) : c.file, result),
      );
      if (update) {
        writeFileSync(expectedFile, `${JSON.stringify({ cases: views }, null, 2)}\n`);
        return;
      }
      expect(existsSync(expectedFile), `missing ${expectedFile}; run with UPDATE_GOLDEN=1`).toBe(true);
      expect({ cases: views }).toEqual(JSON.parse(readFileSync(expectedFile, 'utf8')));
    });

    it('gives the expected verdicts (the peer’s, except recorded differences)', () => {
      for (const { c, result } of run()) {
        const diff = (pred: (d: Difference) => boolean) => differences.find((d) => d.file === c.file && pred(d));
        if (c.expect !== undefined) expect(result.verdict, `${c.file}: verdict`).toBe(c.expect);
        expect(result.verdict === 'error', `${c.file}: verdict error exactly when there are input errors`).toBe(
          result.errors.length > 0,
        );
        if (c.peer !== undefined) {
          const d = diff((x) => x.workload === undefined && !x.findings);
          if (d) expect(d.peer, `${c.file}: difference records the peer's verdict`).toBe(c.peer);
          // Peers have no `error` verdict: what they judged is compared with what the findings alone say.
          expect(findingsVerdict(result), `${c.file}: verdict of the findings`).toBe(d ? d.ours : c.peer);
        }
        const verdictDiffers = diff((x) => x.workload === undefined && !x.findings) !== undefined;
        const findingsDiff = diff((x) => x.findings === true);
        // A recorded verdict difference explains a different count too, unless a count difference is recorded.
        if (c.peerFindings !== undefined && (!verdictDiffers || findingsDiff)) {
          const count = result.summary.findings.deny + result.summary.findings.warn;
          const d = findingsDiff;
          if (d) expect(d.peer).toBe(c.peerFindings);
          expect(count, `${c.file}: number of findings`).toBe(d ? d.ours : c.peerFindings);
        }
        const ours = workloadVerdicts(result);
        for (const [workload, peerVerdict] of Object.entries(c.workloads ?? {})) {
          const d = diff((x) => x.workload === workload);
          if (d) expect(d.peer).toBe(peerVerdict);
          expect(ours[workload] ?? 'absent', `${c.file}: ${workload}`).toBe(d ? d.ours : peerVerdict);
        }
      }
      for (const d of differences) {
        expect(
          cases.some((c) => c.file === d.file),
          `difference names an unknown case file ${d.file}`,
        ).toBe(true);
        expect(d.why.length, 'a difference says why').toBeGreaterThan(20);
      }
    });

    const patched = cases.filter((c) => c.patchedTo !== undefined);
    if (patched.length > 0) {
      it('our fixes produce the peer’s mutated result (same effective pull policy per slot)', () => {
        for (const { c, text, cluster, result } of run().filter((r) => r.c.patchedTo !== undefined)) {
          const docs = nonEmptyDocuments(text);
          for (const finding of result.findings)
            if (finding.fix) applyPatch(docs[finding.fix.document], finding.fix.patch);
          const expectedDocs = c.patchedTo!.flatMap((p) =>
            nonEmptyDocuments(readFileSync(casePath(name, f, p), 'utf8')),
          );
          expect(effectivePolicies(docs, cluster), c.file).toEqual(effectivePolicies(expectedDocs, cluster));
        }
      });
    }
  });
});
