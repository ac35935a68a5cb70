/**
 * A chat answer, independent of where it is shown. The wording lives in answers.ts; block-kit.ts and
 * plain-text.ts only lay it out (Slack mrkdwn vs Markdown) and keep each medium's limits.
 */

/** A run of text: plain, `code` (names, images, ids) or bold. */
export type Inline = string | { code: string } | { bold: string };

/** One line of text, the inlines concatenated. */
export type Line = Inline[];

export type AnswerBlock =
  /** A short title (plain text). */
  | { type: 'heading'; text: string }
  /** A paragraph; each line on its own line. */
  | { type: 'text'; lines: Line[] }
  /** Bulleted items under an optional title; `more` items were left out. */
  | { type: 'list'; title?: Line; items: Line[]; more: number }
  /** Small print: assumptions, hints. */
  | { type: 'note'; lines: Line[] };

export interface Answer {
  /** One plain-text line: Slack's notification text, and the summary for logs. */
  summary: string;
  blocks: AnswerBlock[];
}

export const code = (text: string): Inline => ({ code: text });
export const bold = (text: string): Inline => ({ bold: text });

/** The line as plain text, without markup. */
export function plain(line: Line): string {
  return line.map((i) => (typeof i === 'string' ? i : 'code' in i ? i.code : i.bold)).join('');
}

/** The text, cut to at most `max` characters with a trailing "…" when it was longer. */
export function truncate(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, Math.max(0, max - 1))}…`;
}
