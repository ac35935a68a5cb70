import {
  CST,
  Composer,
  Lexer,
  Parser,
  Scalar,
  YAMLMap,
  YAMLSeq,
  isScalar,
  type Document,
  type LineCounter,
  type ParsedNode,
} from 'yaml';
import { childPath, indexPath } from './field-path.js';
import type { ManifestError } from './manifest-types.js';
import { positionAt } from './positions.js';

interface StreamDocument {
  /** Index among the non-empty documents of the whole input. */
  index: number;
  /** Composed root node, or null when the document failed to parse. */
  root: ParsedNode | null;
  /** Syntax errors of this document (then root is null). */
  errors: ManifestError[];
}

export interface StreamLimits {
  /** Documents read before the stream stops with an error. */
  maxDocuments: number;
  /** Deepest collection nesting; must be small enough for yaml's recursive composer (see MAX_DEPTH_LIMIT). */
  maxDepth: number;
  /** Time budget of the whole stream; checked every 1,024 lexemes. */
  maxParseMs?: number;
}

/** What parseStream yields: a document, or the error that ends the stream early (maxDocuments). */
export type StreamItem = { document: StreamDocument } | { limitError: ManifestError };

/**
 * Options for yaml's Composer.
 * - `merge: true`: Kubernetes reads manifests with sigs.k8s.io/yaml on go-yaml, which applies `<<` merge keys,
 *   so a manifest kubectl accepts must load here too. yaml 2 leaves them off by default (YAML 1.2 core schema).
 * - `uniqueKeys: false`, because yaml's own check compares every key with every earlier key of its mapping
 *   (60,000 keys took seconds). Duplicate keys are still an error, as in sigs.k8s.io/yaml's strict decoding:
 *   duplicateKeyErrors finds them with a Set per mapping and reports them exactly as yaml did.
 * - Scalars resolve with the YAML 1.2 core schema (yaml's default): `on`/`yes` stay strings; a number where a
 *   string is needed is reported by the readers, as the API server would reject it.
 */
const COMPOSE_OPTIONS = { merge: true, uniqueKeys: false, prettyErrors: false } as const;

const DUPLICATE_KEY_MESSAGE = 'Map keys must be unique';

/** Lexemes that mark a state change and stand for no source text (yaml's parse/cst.ts). */
const ZERO_WIDTH_LEXEMES: ReadonlySet<string> = new Set([CST.DOCUMENT, CST.FLOW_END]);

/**
 * Parses a YAML (or JSON) stream document by document, lazily: the caller may stop iterating at any time and
 * nothing more is parsed. This is what yaml's parseAllDocuments does (Lexer -> Parser -> Composer), with three
 * additions:
 * - after `maxDocuments` non-empty documents it yields a limit error and stops;
 * - nesting is bounded while parsing: yaml's Parser keeps the collections being built on a stack, and once
 *   that stack is deeper than `maxDepth` collections the document is abandoned (an error naming the nesting
 *   limit, the path and the position) and the lexer alone skips to the next document. So a document of
 *   100,000 `[` costs one lexer pass, and yaml's composer, which recurses once per level, never sees it;
 * - duplicate keys are found in linear time (see COMPOSE_OPTIONS).
 * Empty documents (comments only, a trailing `---`) are dropped without taking an index. A document with
 * syntax errors keeps its index, contributes its errors (position from the error offset, message without
 * yaml's code excerpt) and has no root, so the caller skips it while the other documents still load.
 * `lineCounter` receives every line start of `text`, also of skipped documents.
 */
export function* parseStream(
  text: string,
  firstIndex: number,
  limits: StreamLimits,
  lineCounter: LineCounter,
): Generator<StreamItem, void> {
  const { maxDocuments, maxDepth, maxParseMs = Infinity } = limits;
  const deadline = performance.now() + maxParseMs;
  let lexemes = 0;
  const composer = new Composer(COMPOSE_OPTIONS);
  let parser = new Parser(lineCounter.addNewLine);
  lineCounter.addNewLine(0);
  let index = firstIndex;

  /** Whether one more document may be read; otherwise yields the limit error (at `position`). */
  function* admit(position: { line: number | null; column: number | null }): Generator<StreamItem, boolean> {
    if (index - firstIndex < maxDocuments) return true;
    const message = `more than ${maxDocuments} documents; the rest of the input was not loaded`;
    const { line, column } = position;
    yield { limitError: { code: 'too-many-documents', document: index, path: null, line, column, message } };
    return false;
  }

  /** Yields a composed document unless it is empty; false when the document limit stops the stream. */
  function* emit(doc: Document.Parsed): Generator<StreamItem, boolean> {
    if (isEmptyDocument(doc)) return true;
    if (!(yield* admit(positionAt(lineCounter, doc.contents?.range?.[0] ?? doc.range[0])))) return false;
    yield { document: { index, ...composedDocument(doc, index, lineCounter) } };
    index++;
    return true;
  }

  /** Yields an abandoned document with its nesting error. */
  function* emitTooDeep(tooDeep: TooDeep): Generator<StreamItem, boolean> {
    if (!(yield* admit(positionAt(lineCounter, tooDeep.documentOffset)))) return false;
    yield { document: { index, root: null, errors: [{ ...tooDeep.error, document: index }] } };
    index++;
    return true;
  }

  // While `skip` is set, the lexemes of an abandoned (too deep) document go by without the parser.
  let skip: { offset: number; atScalar: boolean } | null = null;
  for (const lexeme of new Lexer().lex(text)) {
    if ((++lexemes & 1023) === 0 && performance.now() > deadline) {
      const { line, column } = positionAt(lineCounter, parser.offset);
      const message = `reading the input took longer than ${maxParseMs} ms; the rest of the input was not loaded`;
      yield { limitError: { code: 'parse-timeout', document: index, path: null, line, column, message } };
      return;
    }
    if (skip !== null) {
      if (skip.atScalar) {
        skip.atScalar = false;
      } else if (lexeme === CST.SCALAR) {
        skip.atScalar = true;
        continue;
      } else {
        const type = CST.tokenType(lexeme);
        if (type === 'doc-start' || type === 'doc-mode') {
          // The next document starts: a fresh parser picks up at this offset.
          parser = new Parser(lineCounter.addNewLine);
          parser.offset = skip.offset;
          skip = null;
        }
      }
      if (skip !== null) {
        skip.offset = skipLexeme(lexeme, skip.offset, lineCounter);
        continue;
      }
    }
    for (const token of parser.next(lexeme)) for (const doc of composer.next(token)) if (!(yield* emit(doc))) return;
    const tooDeep = tooDeepError(parser.stack, maxDepth, lineCounter);
    if (tooDeep !== null) {
      for (const doc of composer.end()) if (!(yield* emit(doc))) return;
      if (!(yield* emitTooDeep(tooDeep))) return;
      skip = { offset: parser.offset, atScalar: false };
    }
  }
  if (skip === null)
    for (const token of parser.end()) for (const doc of composer.next(token)) if (!(yield* emit(doc))) return;
  for (const doc of composer.end()) if (!(yield* emit(doc))) return;
}

function composedDocument(
  doc: Document.Parsed,
  index: number,
  lineCounter: LineCounter,
): Omit<StreamDocument, 'index'> {
  const root = doc.contents;
  const found = doc.errors.map((error): OffsetMessage => ({
    code: 'yaml-syntax',
    offset: error.pos[0],
    message: cleanMessage(error.message),
  }));
  const all = root === null ? found : mergeByOffset(found, duplicateKeyErrors(root));
  const errors = all.map(({ code, offset, message }): ManifestError => {
    const { line, column } = positionAt(lineCounter, offset);
    return { code, document: index, path: null, line, column, message };
  });
  return { root: errors.length > 0 ? null : root, errors };
}

/** Advances over one lexeme of a skipped document, recording its line starts as yaml's Parser would. */
function skipLexeme(lexeme: string, offset: number, lineCounter: LineCounter): number {
  if (ZERO_WIDTH_LEXEMES.has(lexeme)) return offset;
  for (let nl = lexeme.indexOf('\n'); nl >= 0; nl = lexeme.indexOf('\n', nl + 1))
    lineCounter.addNewLine(offset + nl + 1);
  return offset + lexeme.length;
}

type CstToken = CST.Token;
type CstCollection = CST.BlockMap | CST.BlockSequence | CST.FlowCollection;

function isCstCollection(token: CstToken | undefined): token is CstCollection {
  return token?.type === 'block-map' || token?.type === 'block-seq' || token?.type === 'flow-collection';
}

/**
 * The error for a document whose parser stack holds more than `maxDepth` collections, or null. The stack is
 * [document, collection, …, collection, maybe a scalar being read], so the check is O(1) per lexeme; the
 * path and position are those of the first collection beyond the limit (what checkDocument would report).
 */
interface TooDeep {
  error: ManifestError;
  /** Where the abandoned document starts. */
  documentOffset: number;
}

function tooDeepError(stack: readonly CstToken[], maxDepth: number, lineCounter: LineCounter): TooDeep | null {
  const depth = stack.length - 1 - (isCstCollection(stack[stack.length - 1]) ? 0 : 1);
  if (depth <= maxDepth) return null;
  let path = '';
  let level = 0;
  for (let i = 1; i < stack.length; i++) {
    const token = stack[i]!;
    if (!isCstCollection(token)) continue;
    level++;
    if (level > maxDepth) {
      const { line, column } = positionAt(lineCounter, token.offset);
      const message = `nesting is deeper than ${maxDepth} levels`;
      const error: ManifestError = { code: 'too-deep', document: null, path: path || null, line, column, message };
      return { error, documentOffset: stack[0]!.offset };
    }
    path = childSegment(path, token);
  }
  return null;
}

/** The path of the collection a CST collection is building right now (its last, unfinished item). */
function childSegment(path: string, parent: CstCollection): string {
  const items = parent.items as ReadonlyArray<CST.CollectionItem>;
  const last = items[items.length - 1];
  const isSequence =
    parent.type === 'block-seq' || (parent.type === 'flow-collection' && parent.start.type === 'flow-seq-start');
  if (isSequence) {
    const open = last !== undefined && !last.value && !last.key && !last.sep;
    return indexPath(path, open ? items.length - 1 : items.length);
  }
  const key = last?.sep ? last.key : undefined;
  if (key?.type === 'scalar' && key.source === '<<') return path === '' ? '<<' : `${path}.<<`;
  const value = key ? CST.resolveAsScalar(key)?.value : undefined;
  return childPath(path, value ?? '?');
}

/** Nothing but comments, directives or markers: yaml composes these to an empty null scalar. */
function isEmptyDocument(doc: Document.Parsed): boolean {
  if (doc.errors.length > 0) return false;
  const root = doc.contents;
  if (root === null) return true;
  return isScalar(root) && root.value === null && root.range[0] === root.range[1] && !root.anchor && !root.tag;
}

/** yaml messages are already plain (prettyErrors is off); keep the first line and no trailing colon. */
function cleanMessage(message: string): string {
  const firstLine = message.split('\n', 1)[0] ?? message;
  return firstLine.replace(/:\s*$/, '').trim() || 'YAML syntax error';
}

interface OffsetMessage {
  code: 'yaml-syntax' | 'duplicate-key';
  offset: number;
  message: string;
}

/** yaml's errors in yaml's order, with each of `extra` (sorted) placed before the first later-positioned one. */
function mergeByOffset(errors: OffsetMessage[], extra: OffsetMessage[]): OffsetMessage[] {
  if (extra.length === 0) return errors;
  const out: OffsetMessage[] = [];
  let e = 0;
  for (const error of errors) {
    while (e < extra.length && extra[e]!.offset < error.offset) out.push(extra[e++]!);
    out.push(error);
  }
  while (e < extra.length) out.push(extra[e++]!);
  return out;
}

/** Below this many keys a mapping compares keys pairwise instead of allocating a Set. */
const SMALL_MAP = 8;

/**
 * Duplicate keys, as yaml's uniqueKeys check defines them (compose/util-map-includes.ts): two keys are equal
 * when they are the same node or both scalars with `===` values (so `1` and `"1"` differ, two `<<` merge keys
 * differ, NaN never equals itself). Reported at the later key, in document order. Iterative, linear.
 */
function duplicateKeyErrors(root: ParsedNode): OffsetMessage[] {
  const errors: OffsetMessage[] = [];
  const pending: Array<YAMLMap | YAMLSeq> = [];
  const visit = (node: unknown) => {
    if (node instanceof YAMLMap || node instanceof YAMLSeq) pending.push(node);
  };
  visit(root);
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (node instanceof YAMLMap) {
      const pairs = node.items as ReadonlyArray<{ key: unknown; value: unknown }>;
      checkKeys(pairs, errors);
      for (let i = pairs.length - 1; i >= 0; i--) {
        visit(pairs[i]!.value);
        visit(pairs[i]!.key);
      }
    } else {
      for (let i = node.items.length - 1; i >= 0; i--) visit(node.items[i]);
    }
  }
  return errors.sort((a, b) => a.offset - b.offset);
}

/** What makes two keys equal: the node, or a scalar's value (NaN: a fresh object, equal to nothing). */
function keyIdentity(key: unknown): unknown {
  if (!(key instanceof Scalar)) return key;
  const value: unknown = key.value;
  return typeof value === 'number' && Number.isNaN(value) ? {} : value;
}

function checkKeys(pairs: ReadonlyArray<{ key: unknown }>, errors: OffsetMessage[]): void {
  const count = pairs.length;
  if (count < 2) return;
  if (count <= SMALL_MAP) {
    for (let i = 1; i < count; i++) {
      const id = keyIdentity(pairs[i]!.key);
      for (let j = 0; j < i; j++) {
        if (keyIdentity(pairs[j]!.key) === id) {
          reportDuplicate(pairs[i]!.key, errors);
          break;
        }
      }
    }
    return;
  }
  const seen = new Set<unknown>();
  for (const { key } of pairs) {
    const id = keyIdentity(key);
    if (seen.has(id)) reportDuplicate(key, errors);
    else seen.add(id);
  }
}

function reportDuplicate(key: unknown, errors: OffsetMessage[]): void {
  const offset = (key as { range?: readonly number[] } | null)?.range?.[0];
  if (offset !== undefined) errors.push({ code: 'duplicate-key', offset, message: DUPLICATE_KEY_MESSAGE });
}
