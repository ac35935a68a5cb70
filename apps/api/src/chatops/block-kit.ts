import { plain, truncate, type Answer, type Inline, type Line } from './answer-model.js';

/**
 * Renders an answer as a Slack message (Block Kit, https://api.slack.com/reference/block-kit/blocks) within
 * Slack's limits: at most 50 blocks, 3000 characters per section or context text, 150 per header. What does
 * not fit is replaced by "…and N more".
 */
export const SLACK_LIMITS = { blocks: 50, sectionText: 3000, headerText: 150, contextElements: 10, fallback: 3000 };

export type SlackBlock =
  | { type: 'header'; text: { type: 'plain_text'; text: string; emoji?: boolean } }
  | { type: 'section'; text: { type: 'mrkdwn'; text: string } }
  | { type: 'context'; elements: { type: 'mrkdwn'; text: string }[] }
  | { type: 'divider' };

export interface SlackMessage {
  response_type: 'ephemeral' | 'in_channel';
  /** Notification and accessibility fallback. */
  text: string;
  blocks: SlackBlock[];
}

/** `&`, `<` and `>` are Slack's control characters in text (https://api.slack.com/reference/surfaces/formatting). */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function inline(i: Inline): string {
  if (typeof i === 'string') return escapeMrkdwn(i);
  if ('code' in i) return `\`${escapeMrkdwn(i.code.replace(/`/g, "'"))}\``;
  return `*${escapeMrkdwn(i.bold.replace(/\*/g, ''))}*`;
}

/** One line as mrkdwn, at most `max` characters (formatting is dropped from a line that would be longer). */
export function mrkdwnLine(line: Line, max = SLACK_LIMITS.sectionText): string {
  const text = line.map(inline).join('');
  if (text.length <= max) return text;
  // Formatting is dropped and the plain text cut between characters, so that no entity or code span is cut.
  let out = '';
  for (const ch of plain(line)) {
    const escaped = escapeMrkdwn(ch);
    if (out.length + escaped.length > max - 1) break;
    out += escaped;
  }
  return `${out}…`;
}

/** A rendered block with the number of list items it carries (for "…and N more" when it is dropped). */
interface Unit {
  block: SlackBlock;
  items: number;
}

export function toBlockKit(answer: Answer, responseType: SlackMessage['response_type'] = 'ephemeral'): SlackMessage {
  const units: Unit[] = [];
  const section = (text: string, items = 0) => units.push({ block: mrkdwnSection(text), items });
  for (const b of answer.blocks) {
    switch (b.type) {
      case 'heading':
        units.push({
          block: {
            type: 'header',
            text: { type: 'plain_text', text: truncate(b.text, SLACK_LIMITS.headerText), emoji: true },
          },
          items: 0,
        });
        break;
      case 'text':
        for (const chunk of chunkLines(b.lines.map((l) => mrkdwnLine(l)))) section(chunk.text);
        break;
      case 'list': {
        const lines = b.items.map((l) => `• ${mrkdwnLine(l, SLACK_LIMITS.sectionText - 2)}`);
        const counts = b.items.map(() => 1);
        if (b.title) {
          lines.unshift(mrkdwnLine(b.title));
          counts.unshift(0);
        }
        if (b.more > 0) {
          lines.push(`…and ${b.more} more`);
          counts.push(b.more);
        }
        for (const chunk of chunkLines(lines, counts)) section(chunk.text, chunk.items);
        break;
      }
      case 'note': {
        const chunks = chunkLines(b.lines.map((l) => mrkdwnLine(l)));
        for (const chunk of chunks.slice(0, SLACK_LIMITS.contextElements))
          units.push({ block: { type: 'context', elements: [{ type: 'mrkdwn', text: chunk.text }] }, items: 0 });
        break;
      }
    }
  }
  return {
    response_type: responseType,
    text: truncate(answer.summary, SLACK_LIMITS.fallback),
    blocks: capBlocks(units),
  };
}

function mrkdwnSection(text: string): SlackBlock {
  return { type: 'section', text: { type: 'mrkdwn', text } };
}

/** Joins lines with newlines into texts of at most 3000 characters, counting the items each carries. */
function chunkLines(lines: string[], counts: number[] = []): { text: string; items: number }[] {
  const out: { text: string; items: number }[] = [];
  let current: { text: string; items: number } | undefined;
  lines.forEach((line, i) => {
    const items = counts[i] ?? 0;
    if (current && current.text.length + 1 + line.length <= SLACK_LIMITS.sectionText) {
      current.text += `\n${line}`;
      current.items += items;
    } else {
      current = { text: line, items };
      out.push(current);
    }
  });
  return out;
}

/** At most 50 blocks: the last one says how many list items the dropped blocks carried. */
function capBlocks(units: Unit[]): SlackBlock[] {
  if (units.length <= SLACK_LIMITS.blocks) return units.map((u) => u.block);
  const kept = units.slice(0, SLACK_LIMITS.blocks - 1);
  const dropped = units.slice(SLACK_LIMITS.blocks - 1).reduce((n, u) => n + u.items, 0);
  return [
    ...kept.map((u) => u.block),
    mrkdwnSection(dropped > 0 ? `…and ${dropped} more` : '…(shortened to fit Slack)'),
  ];
}
