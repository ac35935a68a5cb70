import { LineCounter, isMap, isSeq, type ParsedNode, type YAMLMap } from 'yaml';
import { acceptedByApiServer } from './api-server-refusals.js';
import { checkDocument, type DocumentLimits } from './check-document.js';
import type { EngineErrorCode } from './error-codes.js';
import { readObject } from './extract-workload.js';
import { CustomResourcePaths, readCustomResource } from './read-custom-resource.js';
import { unreadResource } from './unread-resources.js';
import { indexPath } from './field-path.js';
import { MAX_RENDERED_VALUES, jsonToNodes, valueProblem, type ValueProblem } from './json-nodes.js';
import { MAX_DEPTH_LIMIT, type LoadedManifests, type LoadOptions, type ManifestError } from './manifest-types.js';
import { parseStream } from './parse-stream.js';
import { positionOf } from './positions.js';
import { ReadContext, SlotBudget, SlotLimitReached, readTypeMeta, type TypeMeta } from './read-context.js';
import { isListKind, workloadKind } from './workload-kinds.js';
import { NodeReader, describeNode } from './yaml-nodes.js';

const DEFAULT_MAX_ALIAS_COUNT = 100;
const DEFAULT_MAX_DEPTH = 100;

/** The limits of one call, resolved from LoadOptions. */
interface LoadState {
  limits: DocumentLimits;
  maxDocuments: number;
  maxParseMs: number;
  budget: SlotBudget;
  customResources: CustomResourcePaths;
}

/** A nesting limit usable everywhere: at least 1, at most MAX_DEPTH_LIMIT (NaN and Infinity mean the maximum). */
function effectiveDepth(maxDepth: number | undefined): number {
  const requested = maxDepth ?? DEFAULT_MAX_DEPTH;
  if (!Number.isFinite(requested)) return MAX_DEPTH_LIMIT;
  return Math.min(Math.max(Math.floor(requested), 1), MAX_DEPTH_LIMIT);
}

/**
 * Loads Kubernetes manifests and extracts workloads and their image slots with source positions.
 * Never throws: every problem is an entry in `errors`, and a bad document does not stop the others (only the
 * limits maxDocuments and maxSlots stop the whole input).
 *
 * Input:
 * - a string: a YAML stream (JSON is YAML), positions refer to it;
 * - a Uint8Array: decoded as UTF-8 text;
 * - an array (a JSON body listing objects): element i is document i, rendered with JSON.stringify(el, null, 2),
 *   so its positions refer to that pretty-printed element (see json-nodes.ts);
 * - any other value: rendered the same way as one document.
 *
 * `kind: List` / `<Kind>List` documents are unwrapped: each item keeps the List's document index and all its
 * paths start with `items[i].` (see workload-kinds.ts, isListKind).
 */
export function loadManifests(input: string | unknown, options: LoadOptions = {}): LoadedManifests {
  const result: LoadedManifests = { documents: 0, workloads: [], skipped: [], unread: [], errors: [] };
  const state: LoadState = {
    limits: {
      maxAliasCount: options.maxAliasCount ?? DEFAULT_MAX_ALIAS_COUNT,
      maxDepth: effectiveDepth(options.maxDepth),
      maxStringLength: options.maxStringLength ?? Infinity,
    },
    maxDocuments: options.maxDocuments ?? Infinity,
    maxParseMs: options.maxParseMs ?? Infinity,
    budget: new SlotBudget(options.maxSlots ?? Infinity),
    customResources: new CustomResourcePaths(options.podTemplatePaths, result.errors),
  };
  try {
    if (typeof input === 'string') loadText(input, 0, state.maxDocuments, state, result);
    else if (input instanceof Uint8Array)
      loadText(new TextDecoder().decode(input), 0, state.maxDocuments, state, result);
    else if (Array.isArray(input)) loadObjects(input, state, result);
    else loadObjects([input], state, result);
  } catch (error) {
    if (error instanceof SlotLimitReached) result.errors.push(error.error);
    // Last resort (nothing known reaches it): report, never throw.
    else result.errors.push(errorAt('read-failed', null, `could not load the manifests: ${messageOf(error)}`));
  }
  return result;
}

function loadObjects(objects: readonly unknown[], state: LoadState, result: LoadedManifests): void {
  const { maxDocuments } = state;
  for (let i = 0; i < objects.length; i++) {
    if (i >= maxDocuments) {
      const message = `more than ${maxDocuments} documents; the rest of the input was not loaded`;
      result.errors.push(errorAt('too-many-documents', i, message));
      return;
    }
    const object: unknown = objects[i];
    let text: string | undefined;
    try {
      const problem = valueProblem(object, state.limits.maxDepth);
      if (problem) {
        const message =
          problem.problem === 'too-deep'
            ? `nesting is deeper than ${state.limits.maxDepth} levels`
            : `document ${i} cannot be rendered as JSON: ${
                problem.problem === 'circular'
                  ? `${problem.path || 'it'} contains itself (a circular reference)`
                  : `it has more than ${MAX_RENDERED_VALUES} array elements and object members (shared values count each time they occur)`
              }`;
        const code = VALUE_PROBLEM_CODES[problem.problem];
        result.errors.push({ ...errorAt(code, i, message), path: problem.path || null });
        result.documents++;
        continue;
      }
      text = JSON.stringify(object, null, 2);
    } catch (error) {
      // A toJSON that returns a deeper value than valueProblem could see fails here, as RangeError.
      const tooDeep = error instanceof RangeError;
      const reason = tooDeep ? 'it is nested too deeply' : messageOf(error);
      const message = `document ${i} cannot be rendered as JSON: ${reason}`;
      result.errors.push(errorAt(tooDeep ? 'too-deep' : 'unrenderable-value', i, message));
      result.documents++;
      continue;
    }
    // JSON.stringify gives undefined for undefined, functions and symbols; load those as `null` (an error).
    text ??= 'null';
    const lineCounter = new LineCounter();
    let root: ParsedNode;
    try {
      root = jsonToNodes(text, lineCounter);
    } catch {
      // Not expected for JSON.stringify output; yaml reads any JSON.
      loadText(text, i, 1, state, result);
      continue;
    }
    result.documents++;
    readDocument(root, i, lineCounter, state, result);
  }
}

function loadText(
  text: string,
  firstIndex: number,
  maxDocuments: number,
  state: LoadState,
  result: LoadedManifests,
): void {
  const lineCounter = new LineCounter();
  const limits = { maxDocuments, maxDepth: state.limits.maxDepth, maxParseMs: state.maxParseMs };
  for (const item of parseStream(text, firstIndex, limits, lineCounter)) {
    if ('limitError' in item) {
      result.errors.push(item.limitError);
      return;
    }
    const { index, root, errors } = item.document;
    result.documents++;
    for (const error of errors) result.errors.push(error);
    if (root !== null) readDocument(root, index, lineCounter, state, result);
  }
}

/** loadDocument, with anything unexpected reported for this document only (the slot limit stops everything). */
function readDocument(
  root: ParsedNode,
  index: number,
  lineCounter: LineCounter,
  state: LoadState,
  result: LoadedManifests,
): void {
  try {
    loadDocument(root, index, lineCounter, state, result);
  } catch (error) {
    if (error instanceof SlotLimitReached) throw error;
    const position = positionOf(lineCounter, root);
    result.errors.push({
      ...errorAt('read-failed', index, `document ${index} could not be read: ${messageOf(error)}`),
      line: position?.line ?? null,
      column: position?.column ?? null,
    });
  }
}

function loadDocument(
  root: ParsedNode,
  index: number,
  lineCounter: LineCounter,
  state: LoadState,
  result: LoadedManifests,
): void {
  const check = checkDocument(root, state.limits);
  const ctx = new ReadContext(index, lineCounter, new NodeReader(check.aliases), result.errors, state.budget);
  if (check.failure) {
    const { code, node, path, message } = check.failure;
    const position = positionOf(lineCounter, node ?? root);
    result.errors.push({
      code,
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
      'not-an-object',
      null,
      object ?? root,
      `document ${index} is ${describeNode(object)}: a Kubernetes object must be a mapping with apiVersion and kind`,
    );
    return;
  }
  // A List is unwrapped one level; its items keep this document index and get the path prefix `items[i]`.
  const typeMeta = readTypeMeta(object, '', ctx);
  if (typeMeta === null) return;
  const items = isListKind(typeMeta.kind) ? ctx.reader.field(object, 'items') : null;
  if (items === null) {
    readAnyObject(object, '', ctx, typeMeta, state, result);
    return;
  }
  if (!isSeq(items)) {
    ctx.mismatch('items', items, 'a list');
    return;
  }
  items.items.forEach((item, i) => {
    const path = indexPath('items', i);
    const element = ctx.reader.resolve(item);
    if (isMap(element)) collectItem(element as YAMLMap, path, ctx, state, result);
    else ctx.mismatch(path, element, 'a mapping (a Kubernetes object)');
  });
}

function collectItem(
  element: YAMLMap,
  path: string,
  ctx: ReadContext,
  state: LoadState,
  result: LoadedManifests,
): void {
  const typeMeta = readTypeMeta(element, path, ctx);
  if (typeMeta !== null) readAnyObject(element, path, ctx, typeMeta, state, result);
}

/**
 * A built-in workload, a custom resource whose pod specs are known (custom-resource-kinds.ts, or the cluster
 * profile's podTemplatePaths), or a skipped object; a skipped custom resource with image-like fields is also
 * listed in `unread`.
 */
function readAnyObject(
  object: YAMLMap,
  prefix: string,
  ctx: ReadContext,
  typeMeta: TypeMeta,
  state: LoadState,
  result: LoadedManifests,
): void {
  if (!acceptedByApiServer(object, prefix, ctx, typeMeta)) return;
  const plan =
    workloadKind(typeMeta.kind, typeMeta.apiVersion) === null
      ? state.customResources.plan(typeMeta.kind, typeMeta.apiVersion)
      : null;
  if (plan !== null) {
    result.workloads.push(...readCustomResource(object, prefix, ctx, typeMeta, plan));
    return;
  }
  const entry = readObject(object, prefix, ctx, typeMeta);
  if ('slots' in entry) {
    result.workloads.push(entry);
    return;
  }
  result.skipped.push(entry);
  const unread = unreadResource(object, prefix, ctx, typeMeta, state.customResources);
  if (unread !== null) result.unread.push(unread);
}

function errorAt(code: EngineErrorCode, document: number | null, message: string): ManifestError {
  return { code, document, path: null, line: null, column: null, message };
}

const VALUE_PROBLEM_CODES = {
  'too-deep': 'too-deep',
  circular: 'unrenderable-value',
  'too-large': 'too-many-values',
} as const satisfies Record<ValueProblem['problem'], EngineErrorCode>;

function messageOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n', 1)[0] ?? message;
}
