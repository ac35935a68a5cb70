import { isMap, isSeq, type LineCounter, type ParsedNode } from 'yaml';
import { checkDocument, type DocumentLimits } from './check-document.js';
import { readObject } from './extract-workload.js';
import { indexPath } from './field-path.js';
import type { LoadedManifests, LoadOptions, ManifestError } from './manifest-types.js';
import { parseStream } from './parse-stream.js';
import { positionOf } from './positions.js';
import { ReadContext } from './read-context.js';
import { isListKind } from './workload-kinds.js';
import { NodeReader, describeNode, stringValue } from './yaml-nodes.js';

const DEFAULT_MAX_ALIAS_COUNT = 100;
const DEFAULT_MAX_DEPTH = 100;

/**
 * Loads Kubernetes manifests and extracts workloads and their image slots with source positions.
 * Never throws: every problem is an entry in `errors`, and a bad document does not stop the others.
 *
 * Input:
 * - a string: a YAML stream (JSON is YAML), positions refer to it;
 * - a Uint8Array: decoded as UTF-8 text;
 * - an array (a JSON body listing objects): element i is document i, rendered with JSON.stringify(el, null, 2)
 *   and loaded as text, so there is one code path; its positions refer to that pretty-printed element;
 * - any other value: rendered the same way as one document.
 *
 * `kind: List` / `<Kind>List` documents are unwrapped: each item keeps the List's document index and all its
 * paths start with `items[i].` (see workload-kinds.ts, isListKind).
 */
export function loadManifests(input: string | unknown, options: LoadOptions = {}): LoadedManifests {
  const result: LoadedManifests = { documents: 0, workloads: [], skipped: [], errors: [] };
  const limits = {
    maxAliasCount: options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT,
    maxDepth: options.maxDepth ?? DEFAULT_MAX_DEPTH,
  };
  const maxDocuments = options.maxDocuments ?? Infinity;
  try {
    if (typeof input === 'string') loadText(input, 0, maxDocuments, limits, result);
    else if (input instanceof Uint8Array) loadText(new TextDecoder().decode(input), 0, maxDocuments, limits, result);
    else if (Array.isArray(input)) loadObjects(input, maxDocuments, limits, result);
    else loadObjects([input], maxDocuments, limits, result);
  } catch (error) {
    // Last resort (e.g. a stack overflow on absurd input): report, never throw.
    result.errors.push(errorAt(null, `could not load the manifests: ${messageOf(error)}`));
  }
  return result;
}

function loadObjects(
  objects: readonly unknown[],
  maxDocuments: number,
  limits: DocumentLimits,
  result: LoadedManifests,
): void {
  for (let i = 0; i < objects.length; i++) {
    if (i >= maxDocuments) {
      result.errors.push(errorAt(i, `more than ${maxDocuments} documents; the rest of the input was not loaded`));
      return;
    }
    let text: string | undefined;
    try {
      text = JSON.stringify(objects[i], null, 2);
    } catch (error) {
      result.errors.push(errorAt(i, `document ${i} cannot be rendered as JSON: ${messageOf(error)}`));
      result.documents++;
      continue;
    }
    // JSON.stringify gives undefined for undefined, functions and symbols; load those as `null` (an error).
    loadText(text ?? 'null', i, 1, limits, result);
  }
}

function loadText(
  text: string,
  firstIndex: number,
  maxDocuments: number,
  limits: DocumentLimits,
  result: LoadedManifests,
): void {
  const stream = parseStream(text, firstIndex, maxDocuments);
  result.documents += stream.documents.length;
  for (const { index, root, errors } of stream.documents) {
    for (const error of errors) result.errors.push(error);
    if (root === null) continue;
    try {
      loadDocument(root, index, stream.lineCounter, limits, result);
    } catch (error) {
      const position = positionOf(stream.lineCounter, root);
      result.errors.push({
        ...errorAt(index, `document ${index} could not be read: ${messageOf(error)}`),
        line: position?.line ?? null,
        column: position?.column ?? null,
      });
    }
  }
  if (stream.limitError) result.errors.push(stream.limitError);
}

function loadDocument(
  root: ParsedNode,
  index: number,
  lineCounter: LineCounter,
  limits: DocumentLimits,
  result: LoadedManifests,
): void {
  const check = checkDocument(root, limits);
  const ctx = new ReadContext(index, lineCounter, new NodeReader(check.aliases), result.errors);
  if (check.failure) {
    const { node, path, message } = check.failure;
    const position = positionOf(lineCounter, node ?? root);
    result.errors.push({
      document: index,
      path: path || null,
      line: position?.line ?? null,
      column: position?.column ?? null,
      message,
    });
    return;
  }
  const object = ctx.reader.resolve(root);
  if (!isMap(object)) {
    ctx.report(
      null,
      object ?? root,
      `document ${index} is ${describeNode(object)}, not a Kubernetes object (a mapping)`,
    );
    return;
  }
  // A List is unwrapped one level; its items keep this document index and get the path prefix `items[i]`.
  const kind = stringValue(ctx.reader.field(object, 'kind'));
  const items = kind !== null && isListKind(kind) ? ctx.reader.field(object, 'items') : null;
  if (items === null) {
    collect(readObject(object, '', ctx), result);
    return;
  }
  if (!isSeq(items)) {
    ctx.mismatch('items', items, 'a list');
    return;
  }
  items.items.forEach((item, i) => {
    const path = indexPath('items', i);
    const element = ctx.reader.resolve(item);
    if (isMap(element)) collect(readObject(element, path, ctx), result);
    else ctx.mismatch(path, element, 'a mapping (a Kubernetes object)');
  });
}

function collect(entry: ReturnType<typeof readObject>, result: LoadedManifests): void {
  if (entry === null) return;
  if ('slots' in entry) result.workloads.push(entry);
  else result.skipped.push(entry);
}

function errorAt(document: number | null, message: string): ManifestError {
  return { document, path: null, line: null, column: null, message };
}

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? message;
}
