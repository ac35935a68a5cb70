import { Composer, LineCounter, Parser, isScalar, type Document, type ParsedNode } from 'yaml';
import type { ManifestError } from './manifest-types.js';
import { positionAt } from './positions.js';

export interface StreamDocument {
  /** Index among the non-empty documents of the whole input. */
  index: number;
  /** Composed root node, or null when the document failed to parse. */
  root: ParsedNode | null;
  /** Syntax errors of this document (then root is null). */
  errors: ManifestError[];
}

export interface ParsedStream {
  lineCounter: LineCounter;
  documents: StreamDocument[];
  /** Set when the stream had more than maxDocuments documents. */
  limitError: ManifestError | null;
}

/**
 * Options for yaml's Composer.
 * - `merge: true`: Kubernetes reads manifests with sigs.k8s.io/yaml on go-yaml, which applies `<<` merge keys,
 *   so a manifest kubectl accepts must load here too. yaml 2 leaves them off by default (YAML 1.2 core schema).
 * - `uniqueKeys` stays on (the default): duplicate keys are an error, as in sigs.k8s.io/yaml's strict decoding.
 * - Scalars resolve with the YAML 1.2 core schema (yaml's default): `on`/`yes` stay strings; a number where a
 *   string is needed is reported by the readers, as the API server would reject it.
 */
const COMPOSE_OPTIONS = { merge: true, uniqueKeys: true, prettyErrors: false } as const;

/**
 * Parses a YAML (or JSON) stream document by document with yaml's Parser + Composer, which is what
 * parseAllDocuments does internally, but stops after `maxDocuments` instead of parsing the rest.
 * Empty documents (comments only, a trailing `---`) are dropped without taking an index. A document with
 * syntax errors keeps its index, contributes its errors (position from the error offset, message without
 * yaml's code excerpt) and has no root, so the caller skips it while the other documents still load.
 */
export function parseStream(text: string, firstIndex: number, maxDocuments: number): ParsedStream {
  const lineCounter = new LineCounter();
  const documents: StreamDocument[] = [];
  let limitError: ManifestError | null = null;
  const composer = new Composer(COMPOSE_OPTIONS);
  const docs = composer.compose(new Parser(lineCounter.addNewLine).parse(text));
  let index = firstIndex;
  for (const doc of docs) {
    if (isEmptyDocument(doc)) continue;
    const root = doc.contents;
    const offset = root?.range?.[0] ?? doc.range[0];
    if (index - firstIndex >= maxDocuments) {
      const { line, column } = positionAt(lineCounter, offset);
      const message = `more than ${maxDocuments} documents; the rest of the input was not loaded`;
      limitError = { document: index, path: null, line, column, message };
      break;
    }
    const errors = doc.errors.map((error): ManifestError => {
      const { line, column } = positionAt(lineCounter, error.pos[0]);
      return { document: index, path: null, line, column, message: cleanMessage(error.message) };
    });
    documents.push({ index, root: errors.length > 0 ? null : root, errors });
    index++;
  }
  return { lineCounter, documents, limitError };
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
