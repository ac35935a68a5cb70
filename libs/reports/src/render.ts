import type { EvaluationResult } from '#policy';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderPolicyReport } from './policy-report.js';
import { renderSarif } from './sarif.js';
import { resolveOptions, type RenderOptions, type RenderedReport, type ReportFormat } from './types.js';

export const REPORT_FORMATS: readonly ReportFormat[] = Object.freeze([
  'json',
  'sarif',
  'junit',
  'markdown',
  'policyreport',
]);

export const REPORT_CONTENT_TYPES: Readonly<Record<ReportFormat, string>> = Object.freeze({
  json: 'application/json',
  sarif: 'application/sarif+json',
  junit: 'application/xml',
  markdown: 'text/markdown; charset=utf-8',
  policyreport: 'application/json',
});

export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value);
}

/** Renders one evaluation result. JSON is the result itself, compact. */
export function renderReport(result: EvaluationResult, format: ReportFormat, opts?: RenderOptions): RenderedReport {
  const o = resolveOptions(opts);
  const contentType = REPORT_CONTENT_TYPES[format];
  switch (format) {
    case 'json':
      return { contentType, body: JSON.stringify(result) };
    case 'sarif':
      return { contentType, body: renderSarif(result, o) };
    case 'junit':
      return { contentType, body: renderJunit(result, o) };
    case 'markdown':
      return { contentType, body: renderMarkdown(result, o) };
    case 'policyreport':
      return { contentType, body: renderPolicyReport(result, o) };
    default:
      throw new TypeError(`unknown report format ${JSON.stringify(format)}: one of ${REPORT_FORMATS.join(', ')}`);
  }
}

/** Media types each format answers to, most specific first. PolicyReport is asked for by `?format=` only. */
const MEDIA_TYPES: [string, ReportFormat][] = [
  ['application/json', 'json'],
  ['application/sarif+json', 'sarif'],
  ['application/sarif', 'sarif'],
  ['application/junit+xml', 'junit'],
  ['application/xml', 'junit'],
  ['text/xml', 'junit'],
  ['text/markdown', 'markdown'],
  ['text/x-markdown', 'markdown'],
];

/** Every media type a rendering of an evaluation answers to (what `Accept` may name for one). */
export const REPORT_MEDIA_TYPES: readonly string[] = Object.freeze(MEDIA_TYPES.map(([type]) => type));

/** One range of an Accept header: `type/subtype`, its quality, and where it was written. */
export interface MediaRange {
  type: string;
  subtype: string;
  q: number;
  position: number;
}

/**
 * The media ranges of an Accept header, lower-cased; parts that are not `type/subtype` are skipped, and a `q` that is
 * not a number in [0, 1] counts as 0. `maxRanges` reads only the first ranges written (a bound on the work).
 */
export function parseAccept(accept: string, maxRanges = Infinity): MediaRange[] {
  const ranges: MediaRange[] = [];
  accept
    .split(',')
    .slice(0, maxRanges)
    .forEach((part, position) => {
      const [range = '', ...params] = part.split(';').map((s) => s.trim());
      const m = /^([!#$%&'*+.^_`|~0-9a-z-]+)\/([!#$%&'*+.^_`|~0-9a-z-]+)$/i.exec(range);
      if (!m) return;
      let q = 1;
      for (const p of params) {
        const qm = /^q\s*=\s*(.*)$/i.exec(p);
        if (qm) {
          q = /^[0-9.]+$/.test(qm[1]!) ? Number(qm[1]) : NaN;
          if (!Number.isFinite(q) || q < 0 || q > 1) q = 0;
        }
      }
      // `*/subtype` is not a valid range; kept (it matches nothing) so that the header still counts as parsed.
      ranges.push({ type: m[1]!.toLowerCase(), subtype: m[2]!.toLowerCase(), q, position });
    });
  return ranges;
}

/** How specifically a range matches a media type: 3 exact, 2 a subtype wildcard, 1 the full wildcard, 0 none. */
function specificity(range: MediaRange, mediaType: string): number {
  const [type, subtype] = mediaType.split('/') as [string, string];
  if (range.type === type && range.subtype === subtype) return 3;
  if (range.type === type && range.subtype === '*') return 2;
  if (range.type === '*' && range.subtype === '*') return 1;
  return 0;
}

/** The range that decides a media type's quality: its most specific match, the first written on a tie. */
function bestMatch(ranges: readonly MediaRange[], mediaType: string): { range: MediaRange; spec: number } | null {
  let match: { range: MediaRange; spec: number } | null = null;
  for (const range of ranges) {
    const spec = specificity(range, mediaType);
    if (spec > (match?.spec ?? 0)) match = { range, spec };
  }
  return match;
}

/** Ranges read when checking whether anything is acceptable at all: enough for any real client. */
const MAX_CHECKED_RANGES = 64;

/**
 * Whether an Accept header admits at least one of `mediaTypes` (RFC 9110 §12.5.1: a media type takes the quality
 * of its most specific matching range; `q=0` refuses it). A header with no parseable range admits anything.
 */
export function acceptsAnyOf(accept: string, mediaTypes: readonly string[]): boolean {
  const ranges = parseAccept(accept, MAX_CHECKED_RANGES);
  if (ranges.length === 0) return true;
  return mediaTypes.some((type) => (bestMatch(ranges, type)?.range.q ?? 0) > 0);
}

/**
 * Content negotiation (RFC 9110 §12.5.1): the format whose media type the `Accept` header ranks highest.
 * Each media type takes the quality of its most specific matching range (`q=0` refuses it); ties go to
 * the more specific match, then to the range written first, then to JSON. Wildcards name a format only
 * where it is unambiguous: the full wildcard and `application/` + wildcard mean JSON, `text/` + wildcard
 * means Markdown. Null when the header is absent or accepts none of the formats (the caller's default).
 */
export function formatFromAccept(accept: string | undefined): ReportFormat | null {
  if (!accept || accept.trim() === '') return null;
  const ranges = parseAccept(accept);
  let best: { format: ReportFormat; q: number; spec: number; position: number } | null = null;
  for (const [mediaType, format] of MEDIA_TYPES) {
    const found = bestMatch(ranges, mediaType);
    if (!found || found.range.q <= 0) continue;
    const { range: match, spec } = found;
    const wildcardOk = mediaType === 'application/json' || (mediaType === 'text/markdown' && spec === 2);
    if (spec < 3 && !wildcardOk) continue;
    const better =
      !best ||
      match.q > best.q ||
      (match.q === best.q && (spec > best.spec || (spec === best.spec && match.position < best.position)));
    if (better) best = { format, q: match.q, spec, position: match.position };
  }
  return best?.format ?? null;
}

/**
 * Of `offered` media types (the first is the default), the one Accept ranks highest: the quality of its most specific
 * matching range, ties to the more specific match, then to the range written first, then to the order offered. Null
 * when Accept refuses them all; the first when it is absent.
 */
export function preferredMediaType(accept: string | undefined, offered: readonly string[]): string | null {
  if (!accept || accept.trim() === '') return offered[0] ?? null;
  const ranges = parseAccept(accept, MAX_CHECKED_RANGES);
  if (ranges.length === 0) return offered[0] ?? null;
  let best: { type: string; q: number; spec: number; position: number } | null = null;
  for (const type of offered) {
    const found = bestMatch(ranges, type);
    if (!found || found.range.q <= 0) continue;
    const { q, position } = found.range;
    const better =
      !best ||
      q > best.q ||
      (q === best.q && (found.spec > best.spec || (found.spec === best.spec && position < best.position)));
    if (better) best = { type, q, spec: found.spec, position };
  }
  return best?.type ?? null;
}
