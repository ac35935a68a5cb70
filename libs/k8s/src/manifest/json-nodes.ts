import { Pair, Scalar, YAMLMap, YAMLSeq, type LineCounter, type ParsedNode } from 'yaml';
import { childPath, indexPath } from './field-path.js';

/**
 * Already-parsed input (objects from a JSON request body). loadManifests renders each one with
 * JSON.stringify(value, null, 2) so that positions refer to that text, and reads the text here instead of with
 * yaml: JSON.stringify's output is plain JSON (double-quoted keys, no duplicates, no anchors, tags or merge
 * keys), for which this gives the same nodes, values and start offsets as yaml's Composer, without yaml's
 * per-token cost (a Pod with 100,000 containers: well under a second instead of several).
 * Both functions are iterative, so no input depth can overflow the stack.
 */

/** Why a value cannot be rendered as one document, with the path of the culprit ('' for the value itself). */
export interface ValueProblem {
  problem: 'too-deep' | 'circular' | 'too-large';
  path: string;
}

/**
 * The most array elements and object members (counted as JSON.stringify would write them, so a value shared by
 * several parents counts every time) an already-parsed document may have. Far above any real manifest; it
 * stops a value that shares parts with itself (`a = [b, b]`, `b = [c, c]`, …) from rendering 2^60 values.
 */
export const MAX_RENDERED_VALUES = 10_000_000;

interface ValueFrame {
  value: object;
  depth: number;
  parent: ValueFrame | null;
  segment: string | number;
}

function framePath(frame: ValueFrame | null): string {
  const segments: Array<string | number> = [];
  for (let f = frame; f !== null && f.parent !== null; f = f.parent) segments.push(f.segment);
  let path = '';
  for (let i = segments.length - 1; i >= 0; i--) {
    const segment = segments[i]!;
    path = typeof segment === 'number' ? indexPath(path, segment) : childPath(path, segment);
  }
  return path;
}

/** Too deep, or circular when the path passes an object twice: then the path up to where it first returns. */
function deepProblem(frame: ValueFrame): ValueProblem {
  const chain: ValueFrame[] = [];
  for (let f: ValueFrame | null = frame; f !== null; f = f.parent) chain.push(f);
  const seen = new Set<object>();
  for (let i = chain.length - 1; i >= 0; i--) {
    const f = chain[i]!;
    if (seen.has(f.value)) return { problem: 'circular', path: framePath(f) };
    seen.add(f.value);
  }
  return { problem: 'too-deep', path: framePath(frame) };
}

/** A child JSON.stringify would descend into: an array or object without a toJSON method (a Date is a leaf). */
function isContainer(child: unknown): child is object {
  return child !== null && typeof child === 'object' && typeof (child as { toJSON?: unknown }).toJSON !== 'function';
}

/**
 * Checks, before JSON.stringify (which recurses, so a deep value overflows the stack, and which writes a shared
 * value out every time it occurs), that arrays and objects nest at most `maxDepth` levels and have at most
 * MAX_RENDERED_VALUES members in all. Iterative, and it stops at the first problem, so its work is bounded by
 * the limits whatever the value. A path deeper than `maxDepth` that passes the same object twice is reported
 * as a circular reference (every cycle ends up too deep).
 */
export function valueProblem(root: unknown, maxDepth: number): ValueProblem | null {
  if (!isContainer(root)) return null;
  let members = 0;
  const pending: ValueFrame[] = [{ value: root, depth: 1, parent: null, segment: '' }];
  while (pending.length > 0) {
    const frame = pending.pop()!;
    const { value, depth } = frame;
    if (depth > maxDepth) return deepProblem(frame);
    if (Array.isArray(value)) {
      members += value.length;
      if (members > MAX_RENDERED_VALUES) return { problem: 'too-large', path: framePath(frame) };
      for (let i = value.length - 1; i >= 0; i--) {
        const child: unknown = value[i];
        if (isContainer(child)) pending.push({ value: child, depth: depth + 1, parent: frame, segment: i });
      }
    } else {
      const keys = Object.keys(value);
      members += keys.length;
      if (members > MAX_RENDERED_VALUES) return { problem: 'too-large', path: framePath(frame) };
      for (let i = keys.length - 1; i >= 0; i--) {
        const child: unknown = (value as Record<string, unknown>)[keys[i]!];
        if (isContainer(child)) pending.push({ value: child, depth: depth + 1, parent: frame, segment: keys[i]! });
      }
    }
  }
  return null;
}

interface OpenCollection {
  node: YAMLMap | YAMLSeq;
  start: number;
  /** For a mapping: the key read, waiting for its value. */
  key: Scalar | null;
}

/**
 * Reads JSON text (as JSON.stringify writes it) into yaml nodes with source ranges, adding every line start
 * to `lineCounter`. Throws a SyntaxError on anything that is not JSON.
 */
export function jsonToNodes(text: string, lineCounter: LineCounter): ParsedNode {
  lineCounter.addNewLine(0);
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', nl + 1)) lineCounter.addNewLine(nl + 1);
  return new JsonReader(text).read();
}

const CLOSE_BRACE = 0x7d;
const CLOSE_BRACKET = 0x5d;

class JsonReader {
  private pos = 0;
  private readonly stack: OpenCollection[] = [];
  private root: ParsedNode | null = null;

  constructor(private readonly text: string) {}

  read(): ParsedNode {
    const { text, stack } = this;
    let expectValue = true;
    for (;;) {
      if (expectValue) {
        this.skipSpace();
        const start = this.pos;
        const c = text.charCodeAt(start);
        if (c === 0x7b /* { */ || c === 0x5b /* [ */) {
          const node = c === 0x7b ? new YAMLMap() : new YAMLSeq();
          node.flow = true;
          this.pos++;
          this.skipSpace();
          if (text.charCodeAt(this.pos) === (c === 0x7b ? CLOSE_BRACE : CLOSE_BRACKET)) {
            this.pos++;
            this.place(node, start);
            expectValue = false;
          } else {
            const open: OpenCollection = { node, start, key: null };
            stack.push(open);
            if (node instanceof YAMLMap) this.readKey(open);
          }
          continue;
        }
        this.place(this.readScalar(), start);
        expectValue = false;
        continue;
      }
      const top = stack[stack.length - 1];
      if (top === undefined) break;
      this.skipSpace();
      const c = text.charCodeAt(this.pos);
      if (c === 0x2c /* , */) {
        this.pos++;
        if (top.node instanceof YAMLMap) this.readKey(top);
        expectValue = true;
      } else if (c === (top.node instanceof YAMLMap ? CLOSE_BRACE : CLOSE_BRACKET)) {
        this.pos++;
        stack.pop();
        this.place(top.node, top.start);
      } else {
        this.fail('"," or the end of the collection');
      }
    }
    this.skipSpace();
    if (this.pos !== text.length || this.root === null) this.fail('the end of the text');
    return this.root;
  }

  /** Sets the node's range (start to the current position) and puts it where it belongs. */
  private place(node: Scalar | YAMLMap | YAMLSeq, start: number): void {
    node.range = [start, this.pos, this.pos];
    const top = this.stack[this.stack.length - 1];
    if (top === undefined) this.root = node as ParsedNode;
    else if (top.node instanceof YAMLSeq) top.node.items.push(node);
    else {
      top.node.items.push(new Pair(top.key, node));
      top.key = null;
    }
  }

  private readKey(open: OpenCollection): void {
    this.skipSpace();
    const start = this.pos;
    if (this.text.charCodeAt(start) !== 0x22 /* " */) this.fail('a key');
    const key = new Scalar(this.readString());
    key.type = Scalar.QUOTE_DOUBLE;
    key.range = [start, this.pos, this.pos];
    this.skipSpace();
    if (this.text.charCodeAt(this.pos) !== 0x3a /* : */) this.fail('":"');
    this.pos++;
    open.key = key;
  }

  private readScalar(): Scalar {
    const { text } = this;
    if (text.charCodeAt(this.pos) === 0x22) {
      const scalar = new Scalar(this.readString());
      scalar.type = Scalar.QUOTE_DOUBLE;
      return scalar;
    }
    const start = this.pos;
    while (this.pos < text.length && !/[\s,\]}]/.test(text[this.pos]!)) this.pos++;
    const token = text.slice(start, this.pos);
    if (token === 'true' || token === 'false') return new Scalar(token === 'true');
    if (token === 'null') return new Scalar(null);
    if (!/^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?$/.test(token)) this.fail('a JSON value');
    return new Scalar(Number(token));
  }

  /** A double-quoted string at the current position; JSON.parse unescapes it when it has escapes. */
  private readString(): string {
    const { text } = this;
    const start = this.pos;
    let quote = text.indexOf('"', start + 1);
    for (;;) {
      if (quote < 0) this.fail('the end of a string');
      let backslashes = 0;
      while (text.charCodeAt(quote - 1 - backslashes) === 0x5c) backslashes++;
      if (backslashes % 2 === 0) break;
      quote = text.indexOf('"', quote + 1);
    }
    this.pos = quote + 1;
    const body = text.slice(start + 1, quote);
    return body.includes('\\') ? (JSON.parse(text.slice(start, quote + 1)) as string) : body;
  }

  private skipSpace(): void {
    const { text } = this;
    for (;;) {
      const c = text.charCodeAt(this.pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) this.pos++;
      else return;
    }
  }

  private fail(expected: string): never {
    throw new SyntaxError(`expected ${expected} at offset ${this.pos}`);
  }
}
