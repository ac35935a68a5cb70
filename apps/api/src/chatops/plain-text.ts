import { formatFromAccept } from '#reports';
import type { Answer, Inline, Line } from './answer-model.js';

/** Renders an answer as Markdown (CommonMark), for bots other than Slack. */
export function toMarkdown(answer: Answer): string {
  const parts: string[] = [];
  for (const b of answer.blocks) {
    switch (b.type) {
      case 'heading':
        parts.push(`### ${escapeMarkdown(b.text)}`);
        break;
      case 'text':
        parts.push(...b.lines.map(markdownLine));
        break;
      case 'list': {
        const items = b.items.map((l) => `- ${markdownLine(l)}`);
        if (b.more > 0) items.push(`- …and ${b.more} more`);
        parts.push([...(b.title ? [markdownLine(b.title), ''] : []), ...items].join('\n'));
        break;
      }
      case 'note':
        parts.push(...b.lines.map((l) => `> ${markdownLine(l)}`));
        break;
    }
  }
  return `${parts.join('\n\n')}\n`;
}

/**
 * Backslash-escapes the characters that would start emphasis, links or HTML. Backticks are left alone: the
 * engine's messages use them for commands and names, as code.
 */
export function escapeMarkdown(text: string): string {
  return text.replace(/[\\*_[\]<>]/g, '\\$&');
}

function inline(i: Inline): string {
  if (typeof i === 'string') return escapeMarkdown(i);
  if ('code' in i) {
    // A code span is delimited by more backticks than it contains (CommonMark 6.1).
    const longest = Math.max(0, ...(i.code.match(/`+/g) ?? []).map((r) => r.length));
    const fence = '`'.repeat(longest + 1);
    const pad = i.code.startsWith('`') || i.code.endsWith('`') ? ' ' : '';
    return `${fence}${pad}${i.code}${pad}${fence}`;
  }
  return `**${escapeMarkdown(i.bold)}**`;
}

export function markdownLine(line: Line): string {
  return line.map(inline).join('').replace(/\n/g, ' ');
}

/**
 * True when Accept ranks Markdown above JSON, by the one negotiator every route uses (#reports formatFromAccept:
 * JSON is the default, a tie goes to the range written first, `text/*` means Markdown).
 */
export function prefersMarkdown(accept: string | undefined): boolean {
  return formatFromAccept(accept) === 'markdown';
}
