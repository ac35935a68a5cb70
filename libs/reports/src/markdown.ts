import type { EvaluationError, NodeOutcome, SkippedResource } from '#k8s';
import type { EvaluationResult, LocatedFinding, SlotResult } from '#policy';
import { byImportance, imageText, sentence, slotIndex, slotOf, workloadTitle, type SlotRef } from './model.js';
import type { ResolvedOptions } from './types.js';

/**
 * A summary for a pull-request comment (GitHub / GitLab flavoured Markdown): verdict, counts, findings,
 * fixes, waivers, input errors, and per slot the effective policy and what the node does.
 * Text from the manifests and rules is escaped, so it can neither break a table nor inject markup.
 */

const VERDICT_WORD: Record<string, string> = { pass: 'PASS', warn: 'WARN', fail: 'FAIL', error: 'ERROR' };

/** Plain text: one line, Markdown punctuation backslash-escaped, control characters removed. */
export function mdText(value: string): string {
  return oneLine(value).replace(/[\\`*_[\]<>|~&]/g, (c) => `\\${c}`);
}

/**
 * A code span that survives any content (CommonMark §6.1): the fence is longer than the longest backtick
 * run inside. In a table cell `|` is escaped too (GFM tables split cells before reading code spans).
 */
export function mdCode(value: string, inTable: boolean): string {
  let text = oneLine(value);
  if (text === '') return '';
  if (inTable) text = text.replace(/\|/g, '\\|');
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = /^[` ]|[` ]$/.test(text) ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function oneLine(value: string): string {
  return (
    value
      .replace(/\r\n|[\r\n\t]/g, ' ')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
      // eslint-disable-next-line no-control-regex -- removing control characters is the point
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '')
  );
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`;
}

function table(header: string[], rows: string[][]): string[] {
  return [row(header), row(header.map(() => '---')), ...rows.map(row)];
}

function plural(n: number, word: string, words = `${word}s`): string {
  return `${n} ${n === 1 ? word : words}`;
}

function slotCell(f: LocatedFinding, ref: SlotRef | undefined): string {
  if (!ref) return mdCode(f.slot, true);
  return `${mdCode(ref.slot.name, true) || mdText('(unnamed)')} (${ref.slot.type}, line ${ref.slot.line})`;
}

function imageCell(ref: SlotRef | undefined): string {
  return ref ? mdCode(imageText(ref.slot), true) : '';
}

function outcome(o: NodeOutcome): string {
  const action = o.action === 'use-local' ? 'use local' : o.action;
  return o.reason ? `${action} (${mdText(o.reason)})` : action;
}

/** The slot on the cluster's own nodes: eligible nodes by outcome, and the nodes where it fails (first three). */
function fleetCell(f: SlotResult['fleet']): string {
  if (!f) return '-';
  const s = f.summary;
  const counts = [
    s.pull && `${s.pull} pull`,
    s.useLocal && `${s.useLocal} use local`,
    s.fail && `${s.fail} fail`,
    s.unknown && `${s.unknown} unknown`,
  ].filter(Boolean);
  const failing = f.nodes.filter((n) => n.outcome?.action === 'fail').map((n) => n.node);
  const where = failing.length
    ? ` (fails on ${failing
        .slice(0, 3)
        .map((n) => mdCode(n, true))
        .join(', ')}${failing.length > 3 ? `, +${failing.length - 3}` : ''})`
    : '';
  return `${f.eligibleNodes} of ${f.eligibleNodes + f.ineligibleNodes} nodes: ${counts.join(', ') || 'none'}${where}`;
}

function policyCell(slot: SlotResult): [string, string] {
  return [slot.pullPolicy.declared ?? 'unset', slot.pullPolicy.effective];
}

function errorLine(e: EvaluationError): string {
  const parts = [e.document === null ? 'stream' : `document ${e.document}`];
  if (e.path) parts.push(mdCode(e.path, false));
  if (e.line !== null) parts.push(`line ${e.line}`);
  return `- ${parts.join(', ')}: ${mdText(e.message)}`;
}

function skippedLine(s: SkippedResource): string {
  const what = `${s.kind ?? '(no kind)'} ${s.name ?? '(no name)'}`;
  const paths = s.imagePaths.map((p) => mdCode(p, false)).join(', ');
  return `- document ${s.document}, ${mdText(what)}${s.apiVersion ? ` (${mdCode(s.apiVersion, false)})` : ''}: ${mdText(sentence(s.reason))} Image fields: ${paths}`;
}

export function renderMarkdown(result: EvaluationResult, o: ResolvedOptions): string {
  const slots = slotIndex(result);
  const { documents, workloads, slots: slotCount, findings: c } = result.summary;
  const active = result.findings.filter((f) => !f.waived).sort(byImportance);
  const waived = result.findings.filter((f) => f.waived).sort(byImportance);
  const out: string[] = [];

  out.push(`## pullwise: ${VERDICT_WORD[result.verdict] ?? result.verdict.toUpperCase()}`, '');
  out.push(
    `Source ${mdCode(o.sourceName, false)}: ${plural(documents, 'document')}, ${plural(workloads, 'workload')}, ${plural(slotCount, 'slot')}.`,
  );
  out.push(
    `Findings: ${c.deny} deny, ${c.warn} warn, ${c.audit} audit, ${c.waived} waived. Input errors: ${result.errors.length}.`,
    '',
  );
  if (result.errors.length > 0)
    out.push(
      `**Not judged in full:** ${plural(result.errors.length, 'input error')} (listed under Input errors) kept part of the input from being evaluated; the findings cover only what could be read.`,
      '',
    );

  out.push('### Findings', '');
  if (active.length === 0) out.push('No findings.', '');
  else {
    out.push(
      ...table(
        ['Enforcement', 'Severity', 'Rule', 'Workload', 'Slot', 'Image', 'Message'],
        active.map((f) => {
          const ref = slotOf(slots, f);
          return [
            f.enforcement,
            f.severity,
            mdText(f.rule),
            mdText(ref ? workloadTitle(ref.workload) : `${f.workload} (${f.namespace})`),
            slotCell(f, ref),
            imageCell(ref),
            mdText(f.message),
          ];
        }),
      ),
      '',
    );
  }

  const withFix = active.filter((f) => f.fix);
  if (withFix.length > 0) {
    out.push('### Fixes', '');
    for (const f of withFix) {
      const ref = slotOf(slots, f);
      const fix = f.fix!;
      const parts = [
        `- **${mdText(f.rule)}** on ${mdText(`${f.workload} (${f.namespace})`)} ${mdCode(ref?.slot.name ?? f.slot, false)}: ${mdText(sentence(fix.description))}`,
      ];
      if (fix.image) parts.push(`New image: ${mdCode(fix.image, false)}.`);
      if (fix.patch.length > 0)
        parts.push(`Patch (document ${fix.document}): ${mdCode(JSON.stringify(fix.patch), false)}`);
      out.push(parts.join(' '));
    }
    out.push('');
  }

  if (waived.length > 0) {
    out.push('### Waived', '');
    out.push(
      ...table(
        ['Enforcement', 'Rule', 'Workload', 'Slot', 'Exception', 'Message'],
        waived.map((f) => {
          const ref = slotOf(slots, f);
          return [
            f.enforcement,
            mdText(f.rule),
            mdText(`${f.workload} (${f.namespace})`),
            slotCell(f, ref),
            mdText(f.waivedBy ?? '(unnamed)'),
            mdText(f.message),
          ];
        }),
      ),
      '',
    );
  }

  if (result.errors.length > 0) {
    out.push('### Input errors', '', ...result.errors.map(errorLine), '');
  }
  const skipped = result.skipped ?? [];
  if (skipped.length > 0) {
    out.push('### Not evaluated', '', 'Read, but pullwise does not know where their pod templates are:', '');
    out.push(...skipped.map(skippedLine), '');
  }

  const allSlots = result.workloads.flatMap((w) => w.slots.map((slot) => ({ w, slot })));
  if (allSlots.length > 0) {
    const unverified = allSlots.some(({ slot }) => slot.node.imagePresentUnverified !== null);
    const header = ['Workload', 'Slot', 'Image', 'Declared', 'Effective', 'Image absent', 'Image present'];
    if (unverified) header.push('Present, pulled with other credentials');
    const fleet = allSlots.some(({ slot }) => slot.fleet);
    if (fleet) header.push("On the cluster's nodes");
    out.push('### Slots', '');
    out.push(
      ...table(
        header,
        allSlots.map(({ w, slot }) => {
          const cells = [
            mdText(workloadTitle(w)),
            `${mdCode(slot.name, true) || mdText('(unnamed)')} (${slot.type})`,
            mdCode(imageText(slot), true),
            ...policyCell(slot),
            outcome(slot.node.imageAbsent),
            outcome(slot.node.imagePresent),
          ];
          if (unverified)
            cells.push(slot.node.imagePresentUnverified ? outcome(slot.node.imagePresentUnverified) : '-');
          if (fleet) cells.push(fleetCell(slot.fleet));
          return cells;
        }),
      ),
      '',
    );
  }

  if (result.assumptions.length > 0) out.push(`Assumptions: ${result.assumptions.map(mdText).join('; ')}.`, '');
  const footer = [`pullwise ${mdText(o.toolVersion)}`];
  if (o.evaluationId) footer.push(`evaluation ${mdCode(o.evaluationId, false)}`);
  footer.push(o.generatedAt.toISOString());
  out.push(`<sub>${footer.join(', ')}</sub>`, '');
  return out.join('\n');
}
