import { AppError } from '../common/errors/app-error.js';

interface InputLimits {
  /** Deepest nesting of objects and arrays (the top-level value is depth 1). */
  maxDepth: number;
  /** Longest string, in UTF-16 code units; Infinity to skip. */
  maxStringLength: number;
}

/** Path segments from the root name: ['body', 'source', 'repository'] or ['query', 'namespace']. */
export type InputPath = readonly (string | number)[];

export interface InspectOptions extends InputLimits {
  /** Strings at these paths are not held to maxStringLength (raw manifest text: bounded by the body limit). */
  lengthExempt?: (path: InputPath) => boolean;
}

// With the `u` flag a paired surrogate is one code point, so this matches NUL and *unpaired* surrogates only.
const BAD_CHAR = /[\0\uD800-\uDFFF]/u;

interface Frame {
  value: unknown;
  parent: Frame | null;
  key: string | number;
  depth: number;
}

/**
 * Walks a parsed request value (JSON body, GraphQL variables, query parameters) without recursion and throws
 * a 400 naming the path of the first value PostgreSQL or the engine cannot take: NUL (U+0000) or an unpaired
 * UTF-16 surrogate in a string or key, a non-finite number, a string longer than maxStringLength, or nesting
 * deeper than maxDepth. Nothing deeper than the limit is visited, so a 10,000-deep body costs little.
 */
export function inspectInput(value: unknown, root: string, options: InspectOptions): void {
  const stack: Frame[] = [{ value, parent: null, key: root, depth: 0 }];
  while (stack.length) {
    const frame = stack.pop()!;
    const v = frame.value;
    if (typeof v === 'string') {
      checkString(v, frame, options);
      continue;
    }
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) fail(frame, 'is not a finite number (too large for a JSON number)');
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    const depth = frame.depth + 1;
    if (depth > options.maxDepth) {
      const p = pathOf(frame);
      throw AppError.invalid(
        `The request is nested deeper than ${options.maxDepth} levels (PULLWISE_MAX_DEPTH) at ${p}.`,
        [{ path: p, message: `nesting deeper than ${options.maxDepth} levels` }],
      );
    }
    if (Array.isArray(v)) {
      for (let k = v.length - 1; k >= 0; k--) stack.push({ value: v[k], parent: frame, key: k, depth });
      continue;
    }
    const keys = Object.keys(v);
    for (let k = keys.length - 1; k >= 0; k--) {
      const key = keys[k]!;
      const child: Frame = { value: (v as Record<string, unknown>)[key], parent: frame, key, depth };
      if (BAD_CHAR.test(key)) fail(child, `has a name with ${badCharName(key)}`);
      stack.push(child);
    }
  }
}

function checkString(s: string, frame: Frame, options: InspectOptions): void {
  if (BAD_CHAR.test(s)) fail(frame, `contains ${badCharName(s)}`);
  if (s.length > options.maxStringLength) {
    const segments = segmentsOf(frame);
    if (options.lengthExempt?.(segments)) return;
    const p = formatPath(segments);
    throw AppError.invalid(`${p} is longer than ${options.maxStringLength} characters (PULLWISE_MAX_STRING_LENGTH).`, [
      { path: p, message: `longer than ${options.maxStringLength} characters` },
    ]);
  }
}

function badCharName(s: string): string {
  return s.includes('\0')
    ? 'a NUL character (U+0000), which is not allowed'
    : 'an unpaired UTF-16 surrogate, which is not valid Unicode';
}

function fail(frame: Frame, what: string): never {
  const p = pathOf(frame);
  throw AppError.invalid(`${p} ${what}.`, [{ path: p, message: what }]);
}

function segmentsOf(frame: Frame): (string | number)[] {
  const out: (string | number)[] = [];
  for (let f: Frame | null = frame; f; f = f.parent) out.push(f.key);
  return out.reverse();
}

function pathOf(frame: Frame): string {
  return formatPath(segmentsOf(frame));
}

const IDENT = /^[A-Za-z_$][\w$-]*$/;

/** `body.source.repository`, `body.manifests[0]`, `body["odd key"]`; unprintable characters escaped. */
function formatPath(segments: InputPath): string {
  let out = '';
  for (const s of segments) {
    if (typeof s === 'number') out += `[${s}]`;
    else if (out === '') out = s;
    else if (IDENT.test(s)) out += `.${s}`;
    // JSON.stringify escapes NUL and unpaired surrogates, so the path itself is printable, valid Unicode.
    else out += `[${JSON.stringify(s.length > 64 ? `${s.slice(0, 64)}…` : s)}]`;
  }
  return out;
}
