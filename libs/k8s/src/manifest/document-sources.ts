import { LineCounter } from 'yaml';
import { MAX_DEPTH_LIMIT } from './manifest-types.js';
import { parseStream } from './parse-stream.js';

/**
 * The source text of some documents of a manifest stream, by the index loadManifests gives them (non-empty
 * documents, counted from 0), exactly as submitted from the document's first node to its last (comments inside
 * kept). Lets a reader show one workload's document, and a fix applied to it, without handing out the rest of
 * the input (a Secret beside the Deployment stays unread).
 */
export function documentSources(text: string, wanted: ReadonlySet<number>): Map<number, string> {
  const found = new Map<number, string>();
  if (wanted.size === 0) return found;
  const last = Math.max(...wanted);
  const limits = { maxDocuments: last + 1, maxDepth: MAX_DEPTH_LIMIT };
  for (const item of parseStream(text, 0, limits, new LineCounter())) {
    if ('limitError' in item) break;
    const { index, root } = item.document;
    if (root?.range && wanted.has(index)) found.set(index, text.slice(root.range[0], root.range[2]).trimEnd());
    if (index >= last) break;
  }
  return found;
}
