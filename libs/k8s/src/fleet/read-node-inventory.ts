import { LineCounter, isMap, isSeq, type ParsedNode } from 'yaml';
import { checkDocument } from '../manifest/check-document.js';
import { childPath, indexPath } from '../manifest/field-path.js';
import { parseStream } from '../manifest/parse-stream.js';
import { positionOf } from '../manifest/positions.js';
import { NodeReader, type ValueNode } from '../manifest/yaml-nodes.js';
import { closedSet } from '../types.js';
import type { InventoryNode, NodeImage, NodeTaint } from './fleet-types.js';

/**
 * What kind of problem an inventory error is. Callers branch on the code, never on the message.
 * - `invalid-yaml`: the text is neither YAML nor JSON, or nests or aliases too much to read;
 * - `not-a-node-list`: the document is not a `List` / `NodeList` of Nodes nor one `Node`;
 * - `not-a-node`: an item of the list is not a Node object;
 * - `invalid-field`: a field we read has the wrong type or value;
 * - `duplicate-node`: a second node with the same metadata.name;
 * - `too-many-nodes`: more nodes than `maxNodes` (the rest were not read);
 * - `parse-timeout`: reading YAML took longer than `maxParseMs` (nothing was read).
 */
export const INVENTORY_ERROR_CODES = closedSet([
  'invalid-yaml',
  'not-a-node-list',
  'not-a-node',
  'invalid-field',
  'duplicate-node',
  'too-many-nodes',
  'parse-timeout',
]);
export type InventoryErrorCode = (typeof INVENTORY_ERROR_CODES)[number];

export interface InventoryError {
  code: InventoryErrorCode;
  /** Field path relative to the document (`items[3].spec.taints[0].effect`; `metadata.name` for a lone Node); null for syntax errors. */
  path: string | null;
  /** 1-based line of the field (or of the closest enclosing one present), null when unknown. */
  line: number | null;
  message: string;
}

export interface ReadInventoryOptions {
  /** Most nodes read; more is an error and the rest are not read. */
  maxNodes?: number;
  /**
   * Time budget for parsing YAML (JSON is read with JSON.parse, which needs none). The yaml parser reads a few
   * MB per second, so a 5,000-node `-o yaml` list takes tens of seconds.
   */
  maxParseMs?: number;
}

export interface ReadInventory {
  /** The well-formed nodes, in list order. A node with any error is left out. */
  nodes: InventoryNode[];
  errors: InventoryError[];
}

/**
 * Reads what `kubectl get nodes -o json` or `-o yaml` prints: a `List` or `NodeList` of `Node` objects, or one
 * `Node` (README.md "Fleet: your cluster's own nodes"). Only the fields a per-node prediction uses
 * are read; every other field (conditions, addresses, managedFields, …) is ignored. Never throws.
 *
 * JSON (text starting with `{`) is read with JSON.parse, an order of magnitude faster than a YAML parser on a
 * multi-megabyte node list; source lines are only looked up when there is an error to place.
 */
export function readNodeInventory(text: string, options: ReadInventoryOptions = {}): ReadInventory {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    const parsed = parseText(source, options.maxParseMs ?? Infinity);
    if ('errors' in parsed) return { nodes: [], errors: parsed.errors };
    const reader = new InventoryReader(options.maxNodes ?? Infinity);
    reader.readRoot(parsed.value);
    const lines = reader.errors.length === 0 ? [] : parsed.lines(reader.errors.map((e) => e.segments));
    return { nodes: reader.nodes, errors: reader.errors.map((e, i) => placeError(e, lines[i] ?? null)) };
  } catch (error) {
    // Last resort, not expected: report, never throw.
    const message = `could not read the input: ${error instanceof Error ? error.message : String(error)}`;
    return { nodes: [], errors: [{ code: 'invalid-yaml', path: null, line: null, message }] };
  }
}

type Segment = string | number;

/** An error found while reading values; its path text and line are worked out at the end. */
interface PendingError {
  code: InventoryErrorCode;
  segments: readonly Segment[];
  /** Message after the path. */
  detail: string;
}

/** The line of each field path (of the deepest part of it present in the source). */
type LineFinder = (paths: ReadonlyArray<readonly Segment[]>) => Array<number | null>;

type Parsed = { value: unknown; lines: LineFinder } | { errors: InventoryError[] };

function parseText(text: string, maxParseMs: number): Parsed {
  if (/^\s*\{/.test(text.slice(0, 4096))) {
    try {
      const value: unknown = JSON.parse(text);
      return { value, lines: (paths) => jsonLines(text, paths) };
    } catch (error) {
      // Not JSON after all (flow-style YAML, or a syntax error): yaml reads it and places any error.
      if (!(error instanceof SyntaxError)) throw error;
    }
  }
  return parseYaml(text, maxParseMs);
}

/** kubectl's Node objects nest about 7 levels; this bounds yaml's recursive composer and our reading. */
const MAX_DEPTH = 64;
/** yaml's own default for toJS (and the manifest loader's): alias expansion beyond this is refused. */
const MAX_ALIAS_COUNT = 100;

/** The manifest loader's bounded YAML stream parser (depth, time, linear duplicate-key check), for one document. */
function parseYaml(text: string, maxParseMs: number): Parsed {
  const lineCounter = new LineCounter();
  let root: ParsedNode | null = null;
  for (const item of parseStream(text, 0, { maxDocuments: 1, maxDepth: MAX_DEPTH, maxParseMs }, lineCounter)) {
    if ('limitError' in item) {
      const { code, line } = item.limitError;
      if (code === 'parse-timeout') return { errors: [{ code, path: null, line, message: item.limitError.message }] };
      // Only maxDocuments remains: a second document.
      return { errors: [rootError('expected one List, NodeList or Node, found more than one YAML document', line)] };
    }
    const { document } = item;
    if (document.errors.length > 0) {
      const errors = document.errors.map((e): InventoryError => ({
        code: 'invalid-yaml',
        path: e.path,
        line: e.line,
        message: e.message,
      }));
      return { errors };
    }
    root = document.root;
  }
  if (root === null) return { errors: [rootError('no Kubernetes object in the input', null)] };
  const check = checkDocument(root, { maxAliasCount: MAX_ALIAS_COUNT, maxDepth: MAX_DEPTH, maxStringLength: Infinity });
  if (check.failure !== null) {
    const { message, node, path } = check.failure;
    const line = positionOf(lineCounter, node)?.line ?? null;
    return { errors: [{ code: 'invalid-yaml', path: path || null, line, message }] };
  }
  const reader = new NodeReader(check.aliases);
  const value = toPlain(reader.resolve(root), reader);
  return { value, lines: (paths) => paths.map((path) => yamlLine(root, path, reader, lineCounter)) };
}

function rootError(message: string, line: number | null): InventoryError {
  return { code: 'not-a-node-list', path: null, line, message };
}

/**
 * The plain value of a checked document: aliases and merge keys resolved as NodeReader does, YAML null as null.
 * Recursion is bounded by MAX_DEPTH, and alias expansion by MAX_ALIAS_COUNT (checkDocument).
 */
function toPlain(node: ValueNode | null, reader: NodeReader): unknown {
  if (node === null) return null;
  if (isSeq(node)) return node.items.map((item) => toPlain(reader.resolve(item), reader));
  if (isMap(node)) {
    const out: Record<string, unknown> = {};
    for (const [key, value] of reader.entries(node)) setOwn(out, String(key), toPlain(value, reader));
    return out;
  }
  return node.value;
}

/** Walks the positioned nodes along a path: the line of the deepest field present. */
function yamlLine(
  root: ParsedNode,
  path: readonly Segment[],
  reader: NodeReader,
  lineCounter: LineCounter,
): number | null {
  let node: ValueNode | null = reader.resolve(root);
  let line = positionOf(lineCounter, node)?.line ?? null;
  for (const segment of path) {
    let next: ValueNode | null = null;
    if (typeof segment === 'number' && isSeq(node)) next = reader.resolve(node.items[segment]);
    else if (typeof segment === 'string' && isMap(node)) next = reader.field(node, segment);
    if (next === null) break;
    node = next;
    line = positionOf(lineCounter, node)?.line ?? line;
  }
  return line;
}

interface PathTrie {
  children: Map<Segment, PathTrie>;
  /** Line where this field's value starts, 0 until seen. */
  line: number;
  /** A wanted path ends here. */
  leaf: boolean;
}

const newTrie = (): PathTrie => ({ children: new Map(), line: 0, leaf: false });

/**
 * Lines of field paths in JSON text (already accepted by JSON.parse), in one pass that builds no values: only
 * the fields on a wanted path are looked at, and the scan stops once every wanted field was seen. This is
 * the error path only; a 100 MB kubectl list is scanned in well under a second.
 */
function jsonLines(text: string, paths: ReadonlyArray<readonly Segment[]>): Array<number | null> {
  const root = newTrie();
  let remaining = 0;
  for (const path of paths) {
    let t = root;
    for (const segment of path) {
      let child = t.children.get(segment);
      if (child === undefined) t.children.set(segment, (child = newTrie()));
      t = child;
    }
    if (!t.leaf) remaining++;
    t.leaf = true;
  }
  new JsonScanner(text).scan(root, () => --remaining === 0);
  return paths.map((path) => {
    let t: PathTrie | undefined = root;
    let line = root.line;
    for (const segment of path) {
      t = t.children.get(segment);
      if (t === undefined || t.line === 0) break;
      line = t.line;
    }
    return line === 0 ? null : line;
  });
}

interface ScanFrame {
  isArray: boolean;
  index: number;
  trie: PathTrie | null;
}

class JsonScanner {
  private pos = 0;
  private line = 1;

  constructor(private readonly text: string) {}

  /** Records the line of every trie field met; stops when `leafSeen` says all were. */
  scan(root: PathTrie, leafSeen: () => boolean): void {
    const { text } = this;
    const frames: ScanFrame[] = [];
    let next: PathTrie | null = root;
    for (;;) {
      // A value starts.
      this.skipSpace();
      if (next !== null && next.line === 0) {
        next.line = this.line;
        if (next.leaf && leafSeen()) return;
      }
      const c = text.charCodeAt(this.pos);
      if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
        this.pos++;
        this.skipSpace();
        const close = text.charCodeAt(this.pos);
        if (close === 0x7d || close === 0x5d) {
          this.pos++;
        } else {
          const frame: ScanFrame = { isArray: c === 0x5b, index: 0, trie: next };
          frames.push(frame);
          next = this.member(frame);
          continue;
        }
      } else if (c === 0x22 /* " */) {
        this.skipString();
      } else {
        while (this.pos < text.length && !/[\s,\]}]/.test(text[this.pos]!)) this.pos++;
      }
      // After a value: close collections, or go on to the next member.
      for (;;) {
        this.skipSpace();
        const frame = frames[frames.length - 1];
        if (frame === undefined) return;
        const d = text.charCodeAt(this.pos++);
        if (d === 0x2c /* , */) {
          frame.index++;
          next = this.member(frame);
          break;
        }
        frames.pop();
      }
    }
  }

  /** Reads up to the value of the frame's current member; the trie node of that member, if wanted. */
  private member(frame: ScanFrame): PathTrie | null {
    if (frame.isArray) return frame.trie?.children.get(frame.index) ?? null;
    this.skipSpace();
    const start = this.pos;
    this.skipString();
    // Keys are only made into strings where a wanted path goes on (most members are not looked at).
    let wanted: PathTrie | null = null;
    if (frame.trie !== null && frame.trie.children.size > 0) {
      const body = this.text.slice(start + 1, this.pos - 1);
      const key = body.includes('\\') ? (JSON.parse(`"${body}"`) as string) : body;
      wanted = frame.trie.children.get(key) ?? null;
    }
    this.skipSpace();
    this.pos++; // ':'
    return wanted;
  }

  /** Moves past the string that starts at the current position. */
  private skipString(): void {
    const { text } = this;
    let quote = text.indexOf('"', this.pos + 1);
    for (;;) {
      if (quote < 0) throw new SyntaxError('unterminated string');
      let backslashes = 0;
      while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes % 2 === 0) break;
      quote = text.indexOf('"', quote + 1);
    }
    this.pos = quote + 1;
  }

  private skipSpace(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x0a) this.line++;
      else if (c !== 0x20 && c !== 0x0d && c !== 0x09) return;
      this.pos++;
    }
  }
}

function formatPath(segments: readonly Segment[]): string {
  let path = '';
  for (const s of segments) path = typeof s === 'number' ? indexPath(path, s) : childPath(path, s);
  return path;
}

function placeError(e: PendingError, line: number | null): InventoryError {
  const path = formatPath(e.segments);
  const message = path === '' ? e.detail : `${path}${e.detail.startsWith(':') ? '' : ' '}${e.detail}`;
  return { code: e.code, path: path === '' ? null : path, line, message };
}

type JsonObject = Record<string, unknown>;

/** `obj[key] = value`, also for `__proto__` (JSON.parse makes it an own property; plain assignment would not). */
function setOwn<T>(obj: Record<string, T>, key: string, value: T): void {
  if (key === '__proto__')
    Object.defineProperty(obj, key, { value, enumerable: true, writable: true, configurable: true });
  else obj[key] = value;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describe(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  return `a ${typeof value}`;
}

const NODE_API_VERSION = 'v1';
const LIST_KINDS: readonly string[] = ['List', 'NodeList'];

/**
 * core/v1 TaintEffect values, in the order pkg/apis/core/validation/validation.go validateTaintEffect lists
 * them; a Node's taints require one (validateNodeTaints passes allowEmpty=false).
 */
const TAINT_EFFECTS: readonly string[] = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];
const SUPPORTED_EFFECTS = TAINT_EFFECTS.map((e) => `"${e}"`).join(', ');

/**
 * Reads plain values (JSON.parse or yaml toJS). JSON null reads as absent, as in Kubernetes' decoder. A node
 * with any error is reported (all its errors, not only the first) and left out of `nodes`.
 */
class InventoryReader {
  readonly nodes: InventoryNode[] = [];
  readonly errors: PendingError[] = [];
  private readonly names = new Map<string, string>();

  constructor(private readonly maxNodes: number) {}

  readRoot(root: unknown): void {
    if (!isObject(root)) {
      this.report('not-a-node-list', [], `expected a List, NodeList or Node object, found ${describe(root)}`);
      return;
    }
    const kind = root['kind'];
    const apiVersion = root['apiVersion'];
    if (apiVersion !== undefined && apiVersion !== null && apiVersion !== NODE_API_VERSION) {
      this.report(
        'not-a-node-list',
        ['apiVersion'],
        `: Unsupported value: ${JSON.stringify(apiVersion)}: supported values: "v1"`,
      );
      return;
    }
    if (kind === 'Node') {
      this.readNode(root, []);
    } else if (typeof kind === 'string' && LIST_KINDS.includes(kind)) {
      this.readItems(root['items'], kind === 'NodeList');
    } else {
      const found = typeof kind === 'string' ? `"${kind}"` : describe(kind);
      this.report('not-a-node-list', ['kind'], `must be "List", "NodeList" or "Node", found ${found}`);
    }
  }

  private readItems(items: unknown, isNodeList: boolean): void {
    if (items === undefined || items === null) return;
    if (!Array.isArray(items)) {
      this.report('not-a-node-list', ['items'], `must be a list, found ${describe(items)}`);
      return;
    }
    const count = Math.min(items.length, this.maxNodes);
    for (let i = 0; i < count; i++) {
      const item: unknown = items[i];
      const base = ['items', i];
      if (!isObject(item)) {
        this.report('not-a-node', base, `must be a Node object, found ${describe(item)}`);
        continue;
      }
      // The API server's NodeList leaves kind out of its items; a generic List (kubectl) always names it.
      const kind = item['kind'];
      const apiVersion = item['apiVersion'];
      if (kind !== 'Node' && !(isNodeList && (kind === undefined || kind === null))) {
        const found = typeof kind === 'string' ? `"${kind}"` : describe(kind);
        this.report('not-a-node', [...base, 'kind'], `must be "Node", found ${found}`);
        continue;
      }
      if (apiVersion !== undefined && apiVersion !== null && apiVersion !== NODE_API_VERSION) {
        this.report(
          'not-a-node',
          [...base, 'apiVersion'],
          `: Unsupported value: ${JSON.stringify(apiVersion)}: supported values: "v1"`,
        );
        continue;
      }
      this.readNode(item, base);
    }
    if (items.length > this.maxNodes) {
      const detail = `: more than ${this.maxNodes} nodes; the rest of the list was not read`;
      this.report('too-many-nodes', ['items', this.maxNodes], detail);
    }
  }

  private readNode(obj: JsonObject, base: readonly Segment[]): void {
    const before = this.errors.length;
    const metadata = this.object(obj, 'metadata', base);
    const spec = this.object(obj, 'spec', base);
    const status = this.object(obj, 'status', base);
    const metadataPath = [...base, 'metadata'];
    const name = this.name(metadata?.['name'], [...metadataPath, 'name']);
    const labels = this.labels(metadata?.['labels'], [...metadataPath, 'labels']);
    const specPath = [...base, 'spec'];
    const taints = this.taints(spec?.['taints'], [...specPath, 'taints']);
    const unschedulable = this.unschedulable(spec?.['unschedulable'], [...specPath, 'unschedulable']);
    const statusPath = [...base, 'status'];
    const nodeInfo = status === null ? null : this.object(status, 'nodeInfo', statusPath);
    const kubeletVersion = this.optionalString(nodeInfo?.['kubeletVersion'], [
      ...statusPath,
      'nodeInfo',
      'kubeletVersion',
    ]);
    const images = this.images(status?.['images'], [...statusPath, 'images']);
    if (this.errors.length > before || name === null) return;
    const first = this.names.get(name);
    if (first !== undefined) {
      this.report('duplicate-node', [...metadataPath, 'name'], `: Duplicate value: "${name}" (also ${first})`);
      return;
    }
    this.names.set(name, formatPath([...metadataPath, 'name']));
    this.nodes.push({ name, labels, taints, unschedulable, kubeletVersion, images });
  }

  /** `parent[key]` as a mapping; null when absent (or of the wrong type, reported). */
  private object(parent: JsonObject, key: string, base: readonly Segment[]): JsonObject | null {
    const value = parent[key];
    if (value === undefined || value === null) return null;
    if (isObject(value)) return value;
    this.mismatch([...base, key], 'a mapping', value);
    return null;
  }

  private name(value: unknown, path: Segment[]): string | null {
    if (value === undefined || value === null || value === '') {
      this.report('invalid-field', path, ': Required value');
      return null;
    }
    if (typeof value !== 'string') {
      this.mismatch(path, 'a string', value);
      return null;
    }
    return value;
  }

  private labels(value: unknown, path: Segment[]): Record<string, string> {
    const labels: Record<string, string> = {};
    if (value === undefined || value === null) return labels;
    if (!isObject(value)) {
      this.mismatch(path, 'a mapping of strings', value);
      return labels;
    }
    for (const [key, v] of Object.entries(value)) {
      if (v === null || v === undefined) setOwn(labels, key, '');
      else if (typeof v === 'string') setOwn(labels, key, v);
      else this.mismatch([...path, key], 'a string', v);
    }
    return labels;
  }

  private taints(value: unknown, path: Segment[]): NodeTaint[] {
    const list = this.list(value, path);
    const taints: NodeTaint[] = [];
    list.forEach((item, i) => {
      const at = [...path, i];
      if (!isObject(item)) {
        this.mismatch(at, 'a mapping', item);
        return;
      }
      const key = item['key'];
      if (key === undefined || key === null || key === '')
        this.report('invalid-field', [...at, 'key'], ': Required value');
      else if (typeof key !== 'string') this.mismatch([...at, 'key'], 'a string', key);
      const taintValue = this.optionalString(item['value'], [...at, 'value']);
      const effect = item['effect'];
      if (effect === undefined || effect === null || effect === '') {
        this.report('invalid-field', [...at, 'effect'], ': Required value');
      } else if (typeof effect !== 'string' || !TAINT_EFFECTS.includes(effect)) {
        const detail = `: Unsupported value: ${JSON.stringify(effect)}: supported values: ${SUPPORTED_EFFECTS}`;
        this.report('invalid-field', [...at, 'effect'], detail);
      }
      if (typeof key === 'string' && key !== '' && typeof effect === 'string' && TAINT_EFFECTS.includes(effect)) {
        taints.push({ key, value: taintValue, effect });
      }
    });
    return taints;
  }

  private unschedulable(value: unknown, path: Segment[]): boolean {
    if (value === undefined || value === null) return false;
    if (typeof value === 'boolean') return value;
    this.mismatch(path, 'a boolean', value);
    return false;
  }

  private images(value: unknown, path: Segment[]): NodeImage[] {
    const list = this.list(value, path);
    const images: NodeImage[] = [];
    list.forEach((item, i) => {
      const at = [...path, i];
      if (!isObject(item)) {
        this.mismatch(at, 'a mapping', item);
        return;
      }
      // core/v1 ContainerImage: `names` is optional (some runtimes report images without a name).
      const names: string[] = [];
      this.list(item['names'], [...at, 'names']).forEach((n, j) => {
        if (typeof n === 'string') names.push(n);
        else this.mismatch([...at, 'names', j], 'a string', n);
      });
      // `sizeBytes` is int64 with omitempty: absent means 0.
      const size = item['sizeBytes'];
      let sizeBytes = 0;
      if (typeof size === 'number' && Number.isInteger(size) && size >= 0) sizeBytes = size;
      else if (size !== undefined && size !== null) this.mismatch([...at, 'sizeBytes'], 'a non-negative integer', size);
      images.push({ names, sizeBytes });
    });
    return images;
  }

  private list(value: unknown, path: Segment[]): readonly unknown[] {
    if (value === undefined || value === null) return [];
    if (Array.isArray(value)) return value;
    this.mismatch(path, 'a list', value);
    return [];
  }

  private optionalString(value: unknown, path: Segment[]): string {
    if (value === undefined || value === null) return '';
    if (typeof value === 'string') return value;
    this.mismatch(path, 'a string', value);
    return '';
  }

  private mismatch(path: readonly Segment[], expected: string, value: unknown): void {
    const found =
      typeof value === 'number' || typeof value === 'boolean'
        ? `${describe(value)} (${String(value)})`
        : describe(value);
    this.report('invalid-field', path, `must be ${expected}, found ${found}`);
  }

  private report(code: InventoryErrorCode, segments: readonly Segment[], detail: string): void {
    this.errors.push({ code, segments, detail });
  }
}
