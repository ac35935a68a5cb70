import { LineCounter, isNode, parseDocument, type Document } from 'yaml';
import type { DefinitionProblem } from '../rule-types.js';

/** A problem with a bundle document, with the line it is on when the text is known. */
export interface LocatedProblem extends DefinitionProblem {
  line?: number;
}

export interface BundleText {
  /** The document as plain data, for validateBundle. */
  raw: unknown;
  /** The line of the value at a problem's path (`rules[3].params.tags`), or of its nearest written parent. */
  lineOf(path: string): number | null;
}

/** A bundle is small: a document with more aliases than this is refused rather than expanded (billion laughs). */
const MAX_ALIAS_COUNT = 100;

/** `rules[3].params[app.kubernetes.io/name]` → ['rules', 3, 'params', 'app.kubernetes.io/name']. */
export function pathSegments(path: string): Array<string | number> {
  const out: Array<string | number> = [];
  for (const m of path.matchAll(/\[([^\]]*)\]|\.?([^.[\]]+)/g)) {
    if (m[1] !== undefined) out.push(/^\d+$/.test(m[1]) ? Number(m[1]) : m[1]);
    else out.push(m[2]!);
  }
  return out;
}

function lineFinder(doc: Document, counter: LineCounter) {
  return (path: string): number | null => {
    const segments = pathSegments(path);
    for (let n = segments.length; n >= 0; n--) {
      const node: unknown = n === 0 ? doc.contents : doc.getIn(segments.slice(0, n), true);
      if (isNode(node) && node.range) return counter.linePos(node.range[0]).line;
    }
    return null;
  };
}

/**
 * Reads one bundle document, YAML or JSON (JSON is YAML 1.2): syntax problems come with their line, and the
 * answer keeps the document so that validation problems can name lines too.
 */
export function readBundleText(
  text: string,
): { ok: true; value: BundleText } | { ok: false; problems: LocatedProblem[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  if (doc.errors.length > 0)
    return {
      ok: false,
      problems: doc.errors.map((e) => ({
        path: '',
        line: lineCounter.linePos(e.pos[0]).line,
        message: e.message.split('\n')[0]!,
      })),
    };
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (err) {
    return { ok: false, problems: [{ path: '', message: (err as Error).message.split('\n')[0]! }] };
  }
  return { ok: true, value: { raw, lineOf: lineFinder(doc, lineCounter) } };
}

/** Problems with the lines of their paths. */
export function locateProblems(problems: readonly DefinitionProblem[], text: BundleText): LocatedProblem[] {
  return problems.map((p) => {
    const line = text.lineOf(p.path);
    return line === null ? p : { ...p, line };
  });
}
