import { isAlias, isMap, isScalar, isSeq, type Alias, type Node, type Scalar, type YAMLMap, type YAMLSeq } from 'yaml';

/** A node after alias resolution. YAML nulls (`~`, `null`, an empty value) read as absent, as JSON null does in Kubernetes. */
export type ValueNode = YAMLMap | YAMLSeq | Scalar;

const MISSING = Symbol('missing');

/**
 * Reads the yaml AST directly (no toJS) so only the fields we need are touched and every value keeps its range.
 * Aliases are resolved through the table built by checkDocument, which has already rejected recursive aliases,
 * so following aliases and merge keys here always terminates.
 */
export class NodeReader {
  constructor(private readonly aliases: ReadonlyMap<Alias, Node>) {}

  resolve(value: unknown): ValueNode | null {
    const node = isAlias(value) ? this.aliases.get(value) : value;
    if (isMap(node) || isSeq(node)) return node;
    if (isScalar(node)) return node.value === null ? null : node;
    return null;
  }

  /** `map[key]`, honouring merge keys: explicit keys win, then merge sources in order (yaml.org/type/merge.html). */
  field(map: YAMLMap, key: string): ValueNode | null {
    const value = this.lookup(map, key);
    return value === MISSING ? null : this.resolve(value);
  }

  /** All string-keyed entries, merged entries after explicit ones and never overriding them. */
  entries(map: YAMLMap): Array<[key: unknown, value: ValueNode | null]> {
    const seen = new Set<unknown>();
    const out: Array<[unknown, ValueNode | null]> = [];
    this.collect(map, seen, out);
    return out;
  }

  private collect(map: YAMLMap, seen: Set<unknown>, out: Array<[unknown, ValueNode | null]>): void {
    const merges: unknown[] = [];
    for (const pair of map.items) {
      const key = isScalar(pair.key) ? pair.key.value : pair.key;
      if (typeof key === 'symbol') merges.push(pair.value);
      else if (!seen.has(key)) {
        seen.add(key);
        out.push([key, this.resolve(pair.value)]);
      }
    }
    for (const source of this.mergeSources(merges)) this.collect(source, seen, out);
  }

  private lookup(map: YAMLMap, key: string): unknown {
    let merges: unknown[] | undefined;
    for (const pair of map.items) {
      const k = pair.key;
      if (!isScalar(k)) continue;
      if (k.value === key) return pair.value;
      // With `merge: true` yaml composes a plain `<<` key as a Scalar holding Symbol('<<').
      if (typeof k.value === 'symbol') (merges ??= []).push(pair.value);
    }
    if (merges) {
      for (const source of this.mergeSources(merges)) {
        const found = this.lookup(source, key);
        if (found !== MISSING) return found;
      }
    }
    return MISSING;
  }

  private mergeSources(values: unknown[]): YAMLMap[] {
    const maps: YAMLMap[] = [];
    for (const value of values) {
      const source = this.resolve(value);
      const items = isSeq(source) ? source.items : [source];
      for (const item of items) {
        const map = this.resolve(item);
        if (isMap(map)) maps.push(map);
      }
    }
    return maps;
  }
}

/** `a mapping`, `a list`, `a string`, `a number`, … for error messages. */
export function describeNode(node: ValueNode | null): string {
  if (node === null) return 'null';
  if (isMap(node)) return 'a mapping';
  if (isSeq(node)) return 'a list';
  const value = node.value;
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number' || typeof value === 'bigint') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return 'a scalar';
}

export function stringValue(node: ValueNode | null): string | null {
  return isScalar(node) && typeof node.value === 'string' ? node.value : null;
}
