import type { LabelSelector, LabelSelectorRequirement } from './types';

/**
 * Label selectors in kubectl's words (`app=web, tier in (a,b), !legacy`), both ways: the form reads one, the list
 * shows one. Equality goes to `matchLabels`, everything else to `matchExpressions`.
 */
export function formatSelector(s: LabelSelector | null | undefined): string {
  if (!s) return '';
  const parts = Object.entries(s.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`);
  for (const r of s.matchExpressions ?? []) parts.push(formatRequirement(r));
  return parts.join(', ');
}

function formatRequirement(r: LabelSelectorRequirement): string {
  const values = (r.values ?? []).join(',');
  switch (r.operator) {
    case 'In':
      return `${r.key} in (${values})`;
    case 'NotIn':
      return `${r.key} notin (${values})`;
    case 'Exists':
      return r.key;
    case 'DoesNotExist':
      return `!${r.key}`;
  }
}

/** Splits at commas outside parentheses. */
function terms(text: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of text) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0) {
      out.push(current);
      current = '';
    } else current += ch;
  }
  out.push(current);
  return out.map((t) => t.trim()).filter(Boolean);
}

const SET = /^(\S+)\s+(in|notin)\s*\(([^)]*)\)$/i;
const EQUALS = /^([^=!\s]+)\s*(==|=|!=)\s*(\S*)$/;
const KEY = /^!?\s*([^=!\s(),]+)$/;

/**
 * The selector the text means, or the term it cannot read. Keys and values are checked by the API (its message
 * then names the field), so this only finds the structure.
 */
export function parseSelector(text: string): { selector?: LabelSelector; error?: string } {
  const matchLabels: Record<string, string> = {};
  const matchExpressions: LabelSelectorRequirement[] = [];
  for (const term of terms(text)) {
    let m: RegExpExecArray | null;
    if ((m = SET.exec(term))) {
      const values = m[3]!
        .split(',')
        .map((v) => v.trim())
        .filter(Boolean);
      matchExpressions.push({ key: m[1]!, operator: m[2]!.toLowerCase() === 'in' ? 'In' : 'NotIn', values });
    } else if ((m = EQUALS.exec(term))) {
      if (m[2] === '!=') matchExpressions.push({ key: m[1]!, operator: 'NotIn', values: [m[3]!] });
      else matchLabels[m[1]!] = m[3]!;
    } else if ((m = KEY.exec(term))) {
      matchExpressions.push({ key: m[1]!, operator: term.startsWith('!') ? 'DoesNotExist' : 'Exists' });
    } else {
      return { error: `"${term}" is not a label requirement: write key=value, key!=value, key in (a,b), key or !key.` };
    }
  }
  if (!Object.keys(matchLabels).length && !matchExpressions.length) return {};
  return {
    selector: {
      ...(Object.keys(matchLabels).length ? { matchLabels } : {}),
      ...(matchExpressions.length ? { matchExpressions } : {}),
    },
  };
}
