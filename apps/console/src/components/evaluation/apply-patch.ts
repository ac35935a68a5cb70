import { diffLines } from 'diff';
import { isCollection, isMap, isNode, isScalar, isSeq, parseAllDocuments, type Document } from 'yaml';
import type { JsonPatchOperation } from './types';

export type PatchedDocument = { ok: true; text: string; changedLines: number[] } | { ok: false; reason: string };

/** As the API reads manifests (libs/k8s parse-stream.ts): merge keys on, duplicate keys left to the server. */
const PARSE_OPTIONS = { merge: true, uniqueKeys: false, prettyErrors: false } as const;
/** No folding of long scalars: the printed document differs from the source only where the patch changed it. */
const PRINT_OPTIONS = { lineWidth: 0 } as const;

/**
 * The document `index` of `source` with an RFC 6902 patch applied, printed as YAML. The patch is applied to the
 * parsed Document (not to plain data) so comments, key order and scalar styles survive. `index` counts the
 * non-empty documents of the stream as the API does (a comments-only document takes no index; a List's items
 * share the List's index and their paths start with `/items/i`).
 */
export function patchedDocument(source: string, index: number, patch: readonly JsonPatchOperation[]): PatchedDocument {
  let docs: Document.Parsed[];
  try {
    docs = documentsOf(source);
  } catch (e) {
    return { ok: false, reason: `the manifests could not be parsed here (${(e as Error).message})` };
  }
  const doc = docs[index];
  if (!doc) return { ok: false, reason: `document ${index + 1} is not in the submitted text` };
  if (doc.errors.length > 0) return { ok: false, reason: `document ${index + 1} has YAML errors` };
  try {
    const original = doc.toString(PRINT_OPTIONS);
    const patched = doc.clone();
    for (const op of uniqueOps(patch)) applyOperation(patched, op);
    const text = patched.toString(PRINT_OPTIONS);
    return { ok: true, text, changedLines: changedLines(original, text) };
  } catch (e) {
    return { ok: false, reason: (e as Error).message };
  }
}

/** Every finding of one result patches the same text: it is parsed once (each patch works on a clone). */
let parsedCache: { source: string; docs: Document.Parsed[] } | undefined;

function documentsOf(source: string): Document.Parsed[] {
  if (parsedCache?.source !== source) {
    const parsed = parseAllDocuments(source, PARSE_OPTIONS);
    parsedCache = { source, docs: Array.isArray(parsed) ? parsed.filter((d) => !isEmptyDocument(d)) : [] };
  }
  return parsedCache.docs;
}

/** Mirrors the API's isEmptyDocument: no errors and no content (comments only, or a trailing `---`). */
function isEmptyDocument(doc: Document.Parsed): boolean {
  if (doc.errors.length > 0) return false;
  const root = doc.contents;
  if (root === null) return true;
  return isScalar(root) && root.value === null && root.range?.[0] === root.range?.[1] && !root.anchor && !root.tag;
}

/** Fixes of several findings may repeat one operation (same path, same value); applying it twice would not be. */
function uniqueOps(patch: readonly JsonPatchOperation[]): JsonPatchOperation[] {
  const seen = new Set<string>();
  return patch.filter((op) => {
    const key = JSON.stringify(op);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** RFC 6901: `/a~1b/0` → ['a/b', '0']. */
function pointerTokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`"${pointer}" is not a JSON pointer`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** The yaml path for pointer tokens: numbers where the node at that point is a sequence. */
function yamlPath(doc: Document, tokens: readonly string[]): (string | number)[] {
  const path: (string | number)[] = [];
  let node: unknown = doc.contents;
  for (const token of tokens) {
    const key = isSeq(node) && /^(0|[1-9]\d*)$/.test(token) ? Number(token) : token;
    path.push(key);
    node = isCollection(node) ? node.get(key, true) : undefined;
  }
  return path;
}

/** Plain scalars are passed as they are, so an existing scalar node keeps its comments; the rest become nodes. */
function nodeValue(doc: Document, value: unknown): unknown {
  return value === null || typeof value !== 'object' ? value : doc.createNode(value);
}

function applyOperation(doc: Document, op: JsonPatchOperation): void {
  const tokens = pointerTokens(op.path);
  const path = yamlPath(doc, tokens);
  const exists = tokens.length === 0 ? doc.contents !== null : doc.hasIn(path);
  switch (op.op) {
    case 'replace':
      if (!exists) throw new Error(`${op.path} does not exist, so it cannot be replaced`);
      if (tokens.length === 0) doc.contents = doc.createNode(op.value) as Document['contents'];
      else doc.setIn(path, nodeValue(doc, op.value));
      return;
    case 'add': {
      if (tokens.length === 0) {
        doc.contents = doc.createNode(op.value) as Document['contents'];
        return;
      }
      const parentPath = path.slice(0, -1);
      const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
      const last = tokens[tokens.length - 1]!;
      if (isSeq(parent)) {
        // An array index inserts before it; `-` appends (RFC 6902 §4.1).
        const at = last === '-' ? parent.items.length : Number(last);
        if (!Number.isInteger(at) || at < 0 || at > parent.items.length)
          throw new Error(`${op.path}: index out of range`);
        parent.items.splice(at, 0, doc.createNode(op.value));
      } else if (isMap(parent)) {
        parent.set(last, nodeValue(doc, op.value));
      } else {
        throw new Error(`${op.path}: the parent of this path does not exist`);
      }
      return;
    }
    case 'remove':
      if (!exists || !doc.deleteIn(path)) throw new Error(`${op.path} does not exist, so it cannot be removed`);
      return;
    case 'test': {
      const node: unknown = tokens.length === 0 ? doc.contents : doc.getIn(path, true);
      const actual = isNode(node) ? node.toJS(doc) : node;
      if (!sameJson(actual, op.value)) throw new Error(`the document no longer matches the patch's test at ${op.path}`);
      return;
    }
    default:
      throw new Error(`the patch operation "${(op as { op: string }).op}" is not supported here`);
  }
}

function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** 1-based line numbers of `after` that are new or changed compared to `before`. */
function changedLines(before: string, after: string): number[] {
  const lines: number[] = [];
  let line = 1;
  for (const part of diffLines(before, after)) {
    const count = part.count ?? part.value.split('\n').length - 1;
    if (part.removed) continue;
    if (part.added) for (let i = 0; i < count; i++) lines.push(line + i);
    line += count;
  }
  return lines;
}
