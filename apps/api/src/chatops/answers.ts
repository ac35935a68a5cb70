import type { EvaluationError, NodeOutcome } from '#k8s';
import {
  enforcementRank,
  severityRank,
  type ApplicableRule,
  type EffectivePolicyAnswer,
  type EvaluationResult,
  type Finding,
  type LocatedFinding,
  type RuleDefinition,
} from '#policy';
import type { EvaluationSummaryResponse } from '../history/history.service.js';
import { bold, code, truncate, type Answer, type AnswerBlock, type Inline, type Line } from './answer-model.js';
import { USAGE, type CommandName } from './command-parser.js';

/**
 * The wording of every chat answer, built from what the services return. Pure: the service fetches,
 * these functions phrase, the renderers lay out.
 */

/** How many findings or rules an answer lists before "…and N more". */
export const MAX_FINDINGS = 8;
export const MAX_RULES = 20;

const SLOT_WORDS: Record<string, string> = {
  container: 'container',
  initContainer: 'init container',
  ephemeralContainer: 'ephemeral container',
  imageVolume: 'image volume',
};

export function helpAnswer(): Answer {
  return {
    summary: 'Pullwise commands: check, why, rules, help',
    blocks: [
      { type: 'heading', text: 'Pullwise: what will Kubernetes do with this image?' },
      {
        type: 'list',
        items: [
          [code(USAGE.check), ' — effective pull policy, what a node does with the image, and rule findings'],
          [code(USAGE.why), ' — summary of a recorded evaluation: verdict, counts, top findings with fixes'],
          [code(USAGE.rules), ' — the rules that apply in a namespace (all rules without one)'],
          [code(USAGE.help), ' — this message'],
        ],
        more: 0,
      },
      { type: 'note', lines: [['Example: ', code('check nginx:1.27 in prod')]] },
    ],
  };
}

/** A known command used wrongly. */
export function usageAnswer(command: CommandName, problem: string): Answer {
  return {
    summary: `${problem} Usage: ${USAGE[command]}`,
    blocks: [
      { type: 'text', lines: [[problem]] },
      { type: 'note', lines: [['Usage: ', code(USAGE[command])]] },
    ],
  };
}

export function unknownAnswer(word: string): Answer {
  const usage = (Object.keys(USAGE) as CommandName[]).map((c) => USAGE[c]);
  return {
    summary: `Unknown command "${word}". Try: ${usage.join(' | ')}`,
    blocks: [
      { type: 'text', lines: [['I don’t know ', code(word), '. Try one of these:']] },
      { type: 'list', items: usage.map((u) => [code(u)]), more: 0 },
    ],
  };
}

/** The services refused the question (unknown cluster, bad id, ...): say so briefly, not as an error page. */
export function problemAnswer(message: string, hint?: Line): Answer {
  const blocks: AnswerBlock[] = [{ type: 'text', lines: [[message]] }];
  if (hint) blocks.push({ type: 'note', lines: [hint] });
  return { summary: message, blocks };
}

/** The asker lacks the scope the command reads with: say which, and how to get it; nothing of the data. */
export function scopeAnswer(command: CommandName, scope: string, holder: string, remedy: string): Answer {
  return {
    summary: `${holder} lacks the "${scope}" scope, which "${command}" needs.`,
    blocks: [
      { type: 'text', lines: [[`${holder} lacks the `, code(scope), ' scope, which ', code(command), ' needs.']] },
      { type: 'note', lines: [[remedy]] },
    ],
  };
}

export function internalErrorAnswer(): Answer {
  return problemAnswer('Something went wrong while answering; it has been logged. Please try again.');
}

export function workingAnswer(): Answer {
  return {
    summary: 'Working on it…',
    blocks: [{ type: 'text', lines: [['Working on it… the answer follows here.']] }],
  };
}

// ---------------------------------------------------------------------------------------------------------
// check

export interface CheckQuestion {
  image: string;
  namespace?: string;
  cluster?: string;
  policy?: string;
}

export function checkAnswer(q: CheckQuestion, a: EffectivePolicyAnswer): Answer {
  const p = a.pullPolicy;
  const blocks: AnswerBlock[] = [
    {
      type: 'heading',
      text: truncate(
        `${a.image.reference || q.image} in ${a.namespace}${q.cluster ? ` on ${q.cluster}` : ''}${q.policy ? ` with ${q.policy}` : ''}`,
        150,
      ),
    },
  ];
  const lines: Line[] = [[bold(`Pull policy ${p.effective}`), ' — ', policyWhy(a)]];
  if (a.image.error !== null)
    lines.push([
      bold('Invalid image name'),
      ' — ',
      a.image.error,
      '. The API server accepts it; the kubelet refuses the container with ',
      code('InvalidImageName'),
      ' and never pulls.',
    ]);
  // An image that does not parse cannot be judged: say so, as every other answer says verdict error.
  if (a.image.error !== null)
    lines.push([bold('Verdict: error'), ' — the image could not be judged, so no rule finding can clear it.']);
  blocks.push({ type: 'text', lines });

  const node: Line[] = [
    ['Image not on the node: ', ...outcome(a.node.imageAbsent)],
    ['Image already on the node: ', ...outcome(a.node.imagePresent)],
  ];
  const unverified = a.node.imagePresentUnverified;
  if (unverified && !sameOutcome(unverified, a.node.imagePresent))
    node.push(['Cached, but pulled with credentials this pod cannot prove: ', ...outcome(unverified)]);
  blocks.push({ type: 'list', title: [bold('On the node')], items: node, more: 0 });
  if (a.fleet) blocks.push(fleetBlock(a.fleet, q.cluster));

  blocks.push(findingsBlock(a.findings));

  const notes: Line[] = [];
  if (a.assumptions.length) notes.push([`Assuming ${a.assumptions.join('; ')}.`]);
  blocks.push({ type: 'note', lines: notes.length ? notes : [['Evaluated as a single-container Pod.']] });

  const denies = a.findings.filter((f) => !f.waived && f.enforcement === 'deny').length;
  const n = denies || a.findings.length;
  const verdict =
    a.image.error !== null
      ? `error: could not be judged (${a.image.error})`
      : `${n} ${denies ? 'deny ' : ''}finding${n === 1 ? '' : 's'}`;
  const fleet = a.fleet
    ? `; on ${a.fleet.eligibleNodes} nodes: ${a.fleet.summary.pull} pull, ${a.fleet.summary.useLocal} use-local, ${a.fleet.summary.fail} fail, ${a.fleet.summary.unknown} unknown`
    : '';
  return {
    summary: `${a.image.reference} in ${a.namespace}: ${p.effective}; absent → ${a.node.imageAbsent.action}, present → ${a.node.imagePresent.action}${fleet}; ${verdict}`,
    blocks,
  };
}

/** Why the effective policy is what it is, in one line (libs/k8s gives the long form in `reasons`). */
export function policyWhy(a: Pick<EffectivePolicyAnswer, 'image' | 'pullPolicy'>): string {
  const p = a.pullPolicy;
  if (p.admittedBy)
    return `forced by the ${p.admittedBy} admission plugin${p.declared ? ` (the manifest says ${p.declared})` : ''}.`;
  if (p.declared) return 'set explicitly, and no admission plugin changes it.';
  const img = a.image;
  if (img.error !== null) return `not set; defaults to ${p.default} (defaulting ignores that the name does not parse).`;
  if (p.default === 'Always') {
    const implied = !img.reference.slice(img.reference.lastIndexOf('/') + 1).includes(':');
    return `not set; defaults to Always because the tag is ${implied ? 'an implied "latest"' : '"latest"'}.`;
  }
  if (img.tag === null && img.digest !== null)
    return 'not set; defaults to IfNotPresent because the image is pinned by digest.';
  return `not set; defaults to IfNotPresent because the tag is "${img.tag}", not "latest".`;
}

function outcome(o: NodeOutcome): Inline[] {
  const registry = o.contactsRegistry ? 'contacts the registry' : 'no registry contact';
  switch (o.action) {
    case 'pull':
      return [bold('pulls'), ` (${registry})`];
    case 'use-local':
      return [bold('uses the cached copy'), ` (${registry})`];
    case 'fail':
      return [bold('fails'), ...(o.reason ? [' with ', code(o.reason)] : []), ` (${registry})`];
  }
}

/** Groups of nodes shown before the rest are counted. */
const MAX_FLEET_GROUPS = 5;

/** The slot on the cluster's own nodes: the counts, then the largest groups with a few of their nodes. */
function fleetBlock(f: NonNullable<EffectivePolicyAnswer['fleet']>, cluster: string | undefined): AnswerBlock {
  const s = f.summary;
  const counts = [
    s.pull && `${s.pull} pull`,
    s.useLocal && `${s.useLocal} use the cached copy`,
    s.fail && `${s.fail} fail`,
    s.unknown && `${s.unknown} cannot tell (status.images is capped)`,
  ].filter(Boolean);
  const title: Line = [
    bold(`On ${cluster ? `${cluster}'s` : 'the'} ${f.eligibleNodes} eligible node${f.eligibleNodes === 1 ? '' : 's'}`),
    `${f.ineligibleNodes ? ` (${f.ineligibleNodes} ruled out)` : ''}: ${counts.join(', ') || 'none'}`,
  ];
  const items: Line[] = f.groups.slice(0, MAX_FLEET_GROUPS).map((g) => {
    const what = g.action === null ? ['no prediction'] : outcomeWords(g.action, g.reason);
    const names =
      g.nodes.map((n) => n).join(', ') + (g.count > g.nodes.length ? `, … ${g.count - g.nodes.length} more` : '');
    return [`${g.count} × kubelet ${g.kubeletVersion}, image ${g.image}: `, ...what, ` — ${names}`];
  });
  if (f.observedAt) items.push([`Inventory stored ${f.observedAt}; nodes report images with some lag.`]);
  return { type: 'list', title, items, more: Math.max(0, f.groups.length - MAX_FLEET_GROUPS) };
}

function outcomeWords(action: NodeOutcome['action'], reason: string | null): Inline[] {
  if (action === 'fail') return [bold('fails'), ...(reason ? [' with ', code(reason)] : [])];
  return [bold(action === 'pull' ? 'pulls' : 'uses the cached copy')];
}

function sameOutcome(a: NodeOutcome, b: NodeOutcome): boolean {
  return a.action === b.action && a.contactsRegistry === b.contactsRegistry && a.reason === b.reason;
}

function findingsBlock(findings: Finding[]): AnswerBlock {
  if (findings.length === 0) return { type: 'text', lines: [[bold('Findings'), ': none (no rule objects).']] };
  const sorted = sortFindings(findings);
  const shown = sorted.slice(0, MAX_FINDINGS);
  return {
    type: 'list',
    title: [bold('Findings'), ` (${countLine(findings)})`],
    items: shown.map((f) => findingLine(f)),
    more: sorted.length - shown.length,
  };
}

function findingLine(f: Finding, where: Inline[] = []): Line {
  const line: Line = [bold(f.enforcement), ` · ${f.severity} `, code(f.rule), ...where, ': ', f.message];
  if (f.waived) line.push(' (waived', ...(f.waivedBy ? [' by ', code(f.waivedBy)] : []), ')');
  if (f.fix) {
    line.push(' — fix: ', f.fix.description);
    if (f.fix.image) line.push(' → ', code(f.fix.image));
  }
  return line;
}

function sortFindings<T extends Finding>(findings: T[]): T[] {
  return [...findings].sort(
    (a, b) =>
      Number(a.waived) - Number(b.waived) ||
      enforcementRank(a.enforcement) - enforcementRank(b.enforcement) ||
      severityRank(a.severity) - severityRank(b.severity),
  );
}

function countLine(findings: Finding[]): string {
  const counts = { deny: 0, warn: 0, audit: 0, waived: 0 };
  for (const f of findings) counts[f.waived ? 'waived' : f.enforcement]++;
  return countsText(counts);
}

function countsText(c: { deny: number; warn: number; audit: number; waived: number }): string {
  return `${c.deny} deny, ${c.warn} warn, ${c.audit} audit, ${c.waived} waived`;
}

// ---------------------------------------------------------------------------------------------------------
// why

export type RecordedEvaluation = EvaluationSummaryResponse & { result: unknown };

export function whyAnswer(e: RecordedEvaluation): Answer {
  const result = e.result as Partial<EvaluationResult>;
  const findings = (result.findings ?? []) as LocatedFinding[];
  const s = e.summary;
  const blocks: AnswerBlock[] = [{ type: 'heading', text: `Evaluation ${e.id}` }];
  const lines: Line[] = [
    [bold(`Verdict: ${e.verdict}`), ` — ${countsText(s.findings)}`],
    [
      `${s.workloads} workload${s.workloads === 1 ? '' : 's'}, ${s.slots} image slot${s.slots === 1 ? '' : 's'}`,
      ...(e.namespaces.length ? [' in ', ...joinCodes(e.namespaces)] : []),
      ...(e.cluster ? [' on ', code(e.cluster)] : []),
    ],
  ];
  const errors = result.errors ?? [];
  if (errors.length)
    lines.push([
      `${errors.length} input error${errors.length === 1 ? '' : 's'}: parts of the input could not be judged, so the verdict is error whatever the findings.`,
    ]);
  blocks.push({ type: 'text', lines });
  if (errors.length) {
    const shown = errors.slice(0, MAX_FINDINGS);
    blocks.push({
      type: 'list',
      title: [bold('Input errors')],
      items: shown.map((x) => errorLine(x)),
      more: errors.length - shown.length,
    });
  }

  const open = sortFindings(findings.filter((f) => !f.waived));
  if (open.length === 0) {
    blocks.push({ type: 'text', lines: [[bold('Findings'), ': none open', findings.length ? ' (all waived).' : '.']] });
  } else {
    const shown = open.slice(0, MAX_FINDINGS);
    blocks.push({
      type: 'list',
      title: [bold('Top findings')],
      items: shown.map((f) => findingLine(f, [' in ', code(f.workload), ' ', slotName(result, f)])),
      more: open.length - shown.length,
    });
  }

  const source = [e.source.repository, e.source.commit?.slice(0, 12), e.source.pipeline].filter(Boolean);
  const note: Line = [`Recorded ${e.createdAt}`];
  if (e.createdBy) note.push(` by ${e.createdBy}`);
  if (source.length) note.push(` from ${source.join(' @ ')}`);
  blocks.push({ type: 'note', lines: [note] });
  return {
    summary: `Evaluation ${e.id}: ${e.verdict} (${countsText(s.findings)})`,
    blocks,
  };
}

/** `document 2, spec.containers[0].imagePullPolicy, line 14: message`. */
function errorLine(e: EvaluationError): Line {
  const where: Inline[] = [e.document === null ? 'the stream' : `document ${e.document}`];
  if (e.path) where.push(', ', code(e.path));
  if (e.line !== null) where.push(`, line ${e.line}`);
  return [...where, ': ', e.message];
}

// ---------------------------------------------------------------------------------------------------------
// rules

export function rulesAnswer(q: { namespace: string; cluster?: string }, applicable: ApplicableRule[]): Answer {
  const where = `in ${q.namespace}${q.cluster ? ` on ${q.cluster}` : ''}`;
  const blocks: AnswerBlock[] = [{ type: 'heading', text: truncate(`Rules ${where}`, 150) }];
  if (applicable.length === 0) {
    blocks.push({ type: 'text', lines: [['No enabled rule applies ', ...whereInline(q), '.']] });
    return { summary: `No enabled rule applies ${where}`, blocks };
  }
  const shown = applicable.slice(0, MAX_RULES);
  blocks.push({
    type: 'list',
    title: [`${applicable.length} enabled rule${applicable.length === 1 ? '' : 's'} apply `, ...whereInline(q), ':'],
    items: shown.map((a) => {
      const line = ruleLine(a.rule, a.summary);
      if (a.conditional) line.push(` (${a.conditions.join('; ')})`);
      return line;
    }),
    more: applicable.length - shown.length,
  });
  return { summary: `${applicable.length} rules apply ${where}`, blocks };
}

export function allRulesAnswer(rules: RuleDefinition[], summaries: (r: RuleDefinition) => string): Answer {
  const enabled = rules.filter((r) => r.enabled);
  const disabled = rules.length - enabled.length;
  const blocks: AnswerBlock[] = [{ type: 'heading', text: 'All rules' }];
  const off = disabled ? ` (${disabled} disabled, not shown)` : '';
  if (enabled.length === 0) {
    blocks.push({ type: 'text', lines: [[`No enabled rules${off}.`]] });
    return { summary: `No enabled rules${off}`, blocks };
  }
  const shown = enabled.slice(0, MAX_RULES);
  blocks.push({
    type: 'list',
    title: [`${enabled.length} enabled rule${enabled.length === 1 ? '' : 's'}${off}:`],
    items: shown.map((r) => {
      const line = ruleLine(r, summaries(r));
      const ns = r.match?.namespaces;
      line.push(ns?.length ? ' — namespaces ' : ' — all namespaces', ...(ns?.length ? joinCodes(ns) : []));
      return line;
    }),
    more: enabled.length - shown.length,
  });
  blocks.push({ type: 'note', lines: [['Name a namespace for what applies there: ', code('rules prod')]] });
  return { summary: `${enabled.length} enabled rules${off}`, blocks };
}

function ruleLine(r: RuleDefinition, summary: string): Line {
  const params = paramsText(r.params);
  return [
    bold(r.enforcement),
    ` · ${r.severity} `,
    code(r.name),
    ` (${r.kind}${params ? `; ${params}` : ''}): `,
    r.description || summary,
  ];
}

/** `allowed=Always; registries=ghcr.io,quay.io`, shortened: what a rule kind's summary leaves open. */
export function paramsText(params: Record<string, unknown> | null | undefined): string {
  const parts = Object.entries(params ?? {})
    .filter(([, v]) => v !== undefined && v !== null)
    .map(([k, v]) => `${k}=${Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`);
  return truncate(parts.join('; '), 120);
}

/** `container "web"` for a located finding, from the slot in the recorded result (else the slot path). */
function slotName(result: Partial<EvaluationResult>, f: LocatedFinding): Inline {
  const slot = result.workloads?.find((w) => w.document === f.document)?.slots.find((s) => s.path === f.slot);
  return slot ? `${SLOT_WORDS[slot.type] ?? slot.type} "${slot.name}"` : code(f.slot);
}

function whereInline(q: { namespace: string; cluster?: string }): Inline[] {
  return ['in ', code(q.namespace), ...(q.cluster ? [' on ', code(q.cluster)] : [])];
}

function joinCodes(values: string[], max = 5): Inline[] {
  const out: Inline[] = [];
  values.slice(0, max).forEach((v, i) => out.push(...(i ? [', '] : []), code(v)));
  if (values.length > max) out.push(` …and ${values.length - max} more`);
  return out;
}
