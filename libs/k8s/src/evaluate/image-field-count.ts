import type { EvaluationError } from './evaluation-types.js';

/**
 * The fast refusal of an input that is far over maxSlots, before the (comparatively slow) YAML parse: a
 * multi-megabyte Pod with 100,000 containers takes the loader seconds to compose and microseconds to count.
 * It counts `image` keys (block, flow or quoted in text; keys at any depth in parsed objects), counting stops
 * just past `maxSlots`. More `image` keys than maxSlots is answered as the loader's own limit would be (code
 * `too-many-slots`, the same message) but without a position, since nothing was parsed. An input it lets pass
 * is still held to maxSlots exactly by the loader.
 */
export function imageFieldLimitError(input: unknown, maxSlots: number): EvaluationError | null {
  if (!Number.isFinite(maxSlots)) return null;
  const count = typeof input === 'string' ? countImageKeysInText(input, maxSlots) : countImageKeys(input, maxSlots);
  if (count <= maxSlots) return null;
  return {
    code: 'too-many-slots',
    document: null,
    path: null,
    line: null,
    message: `too many image slots: the limit is ${maxSlots} per request`,
  };
}

/** `image:` keys in YAML or JSON text (block, flow or quoted), counting stops just past `max`. */
function countImageKeysInText(text: string, max: number): number {
  const re = /(?:^|[\s{,[-])["']?image["']?[ \t]*:/g;
  let n = 0;
  while (re.exec(text) !== null) if (++n > max) break;
  return n;
}

/** `image` keys in parsed manifest objects (iterative; the body depth is already bounded). */
function countImageKeys(value: unknown, max: number): number {
  let n = 0;
  const stack: unknown[] = [value];
  while (stack.length && n <= max) {
    const v = stack.pop();
    if (Array.isArray(v)) {
      for (const item of v) if (item && typeof item === 'object') stack.push(item);
    } else if (v && typeof v === 'object') {
      for (const [k, child] of Object.entries(v)) {
        if (k === 'image') n++;
        if (child && typeof child === 'object') stack.push(child);
      }
    }
  }
  return n;
}
