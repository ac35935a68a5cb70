// `pullwise policy plan --markdown`: the plan as a pull-request comment. A table of the changes, the impact per
// rule, then one collapsed section per change whose fenced `diff` GitHub and GitLab colour line by line.
import { mdFile as codeSpan } from './output.js';
import {
  changedFields,
  entryFields,
  impactText,
  unmanagedLine,
  valueText,
  type PlanAnswer,
  type PlanChangeView,
} from './policy-diff.js';

function html(text: string): string {
  return text.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

/** The change as diff lines: an update's field as its old line and its new line. */
function diffLines(c: PlanChangeView): string[] {
  const field = (mark: string, k: string, v: unknown) => `${mark} ${k}: ${valueText(v)}`;
  if (c.action === 'create') return entryFields(c.after).map(([k, v]) => field('+', k, v));
  if (c.action === 'delete') return entryFields(c.before).map(([k, v]) => field('-', k, v));
  return changedFields(c).flatMap((k) => [
    ...(c.before?.[k] !== undefined ? [field('-', k, c.before[k])] : []),
    ...(c.after?.[k] !== undefined ? [field('+', k, c.after[k])] : []),
  ]);
}

/** A fenced block no value can close early: the fence is longer than any backtick run inside. */
function fenced(lang: string, lines: readonly string[]): string[] {
  const longest = Math.max(0, ...lines.flatMap((l) => (l.match(/`+/g) ?? []).map((r) => r.length)));
  const fence = '`'.repeat(Math.max(3, longest + 1));
  return [`${fence}${lang}`, ...lines, fence];
}

function details(c: PlanChangeView): string[] {
  return [
    `<details><summary>${c.action} ${c.type} <code>${html(c.name)}</code></summary>`,
    '',
    ...fenced('diff', diffLines(c)),
    '',
    '</details>',
    '',
  ];
}

function impactCell(c: PlanChangeView): string {
  return c.impact ? `flips ${c.impact.flipped} of ${c.impact.evaluated}` : '';
}

export function renderPlanMarkdown(answer: PlanAnswer): string {
  const s = answer.summary;
  const changes = answer.changes.filter((c) => c.action !== 'unchanged');
  const out = ['## pullwise policy plan', ''];
  if (changes.length === 0)
    out.push(`No changes: the store already matches the bundle (policy version ${answer.policyVersion}).`, '');
  else
    out.push(
      `**${s.create} to create, ${s.update} to update, ${s.delete} to delete**, ${s.unchanged} unchanged (policy version ${answer.policyVersion}).`,
      '',
      '| Change | Type | Name | Fields | Impact |',
      '| --- | --- | --- | --- | --- |',
      ...changes.map(
        (c) =>
          `| ${c.action} | ${c.type} | ${codeSpan(c.name)} | ${c.action === 'update' ? changedFields(c).join(', ') : ''} | ${impactCell(c)} |`,
      ),
      '',
    );
  const kept = unmanagedLine(answer.changes);
  if (kept !== null) out.push(kept.replace('--prune', '`--prune`'), '');
  const impacts = changes.filter((c) => c.impact);
  if (impacts.length > 0) {
    out.push('### Impact', '', '| Rule | Impact |', '| --- | --- |');
    for (const c of impacts) out.push(`| ${codeSpan(c.name)} | ${impactText(c.impact!)} |`);
    out.push('');
  }
  if (changes.length > 0) out.push('### Changes', '', ...changes.flatMap(details));
  out.push(`<sub>${changeCountNote(answer)}</sub>`);
  return `${out.join('\n')}\n`;
}

function changeCountNote(answer: PlanAnswer): string {
  const prune = answer.prune ? 'with --prune' : 'without --prune';
  return `Planned ${prune} against policy version ${answer.policyVersion}; bundle ${answer.bundleDigest}.`;
}
