import { AppError } from '../common/errors/app-error.js';

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
}

const JSON_TYPES = ['application/json', 'application/problem+json'];
const REPORT_TYPES = [
  ...JSON_TYPES,
  'application/sarif+json',
  'application/sarif',
  'application/junit+xml',
  'application/xml',
  'text/xml',
  'text/markdown',
  'text/x-markdown',
];

/** What each REST route can answer with (`METHOD path-pattern`); every other /v1 route answers JSON only. */
const PRODUCES: Record<string, readonly string[]> = {
  'POST /v1/evaluations': REPORT_TYPES,
  'GET /v1/evaluations/:id': REPORT_TYPES,
  'GET /v1/chatops/ask': [...JSON_TYPES, 'text/markdown'],
  'POST /v1/chatops/ask': [...JSON_TYPES, 'text/markdown'],
};

/**
 * 406 when the Accept header of a /v1 request rules out every media type the route can produce. Absent,
 * empty or unparseable headers accept anything (as do wildcards); `?format=` names a rendering explicitly
 * and wins over Accept, so it is not checked here.
 */
export function checkAccept(method: string, routeUrl: string | undefined, accept: unknown, hasFormat: boolean): void {
  if (!routeUrl?.startsWith('/v1/') || hasFormat || typeof accept !== 'string') return;
  const ranges = parseAccept(accept);
  if (ranges.length === 0) return;
  const produces = PRODUCES[`${method} ${routeUrl}`] ?? JSON_TYPES;
  if (produces.some((type) => quality(ranges, type) > 0)) return;
  const offered = [...new Set(produces.filter((t) => t !== 'application/problem+json'))];
  throw new AppError(
    'not-acceptable',
    `None of the media types in Accept (${JSON.stringify(accept.slice(0, 200))}) can be produced here; this route answers ${offered.join(', ')}.`,
    [{ path: 'Accept', message: `acceptable: ${offered.join(', ')}` }],
  );
}

function parseAccept(accept: string): MediaRange[] {
  const ranges: MediaRange[] = [];
  for (const part of accept.split(',').slice(0, 64)) {
    const [range = '', ...params] = part.split(';').map((s) => s.trim());
    const m = /^([!#$%&'*+.^_`|~0-9a-z-]+)\/([!#$%&'*+.^_`|~0-9a-z-]+)$/i.exec(range);
    if (!m) continue;
    let q = 1;
    for (const p of params) {
      const qm = /^q\s*=\s*([0-9.]+)$/i.exec(p);
      if (qm) q = Number(qm[1]);
    }
    if (!Number.isFinite(q) || q < 0 || q > 1) q = 0;
    ranges.push({ type: m[1]!.toLowerCase(), subtype: m[2]!.toLowerCase(), q });
  }
  return ranges;
}

/** Quality of a media type: that of its most specific matching range (RFC 9110 §12.5.1), 0 when none matches. */
function quality(ranges: MediaRange[], mediaType: string): number {
  const [type, subtype] = mediaType.split('/') as [string, string];
  let best = -1;
  let q = 0;
  for (const r of ranges) {
    const s =
      r.type === type && r.subtype === subtype
        ? 3
        : r.type === type && r.subtype === '*'
          ? 2
          : r.type === '*' && r.subtype === '*'
            ? 1
            : 0;
    if (s > best && s > 0) {
      best = s;
      q = r.q;
    }
  }
  return q;
}
