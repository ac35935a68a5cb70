import { isMap, type YAMLMap } from 'yaml';
import { childPath, indexPath } from './field-path.js';
import type { ReadContext } from './read-context.js';

/**
 * A path to fields of an object, written like a field path: `spec.template.spec`, with `[*]` (or `[]`) after a
 * field for every element of that list: `spec.templates[*].container`, `spec.jobs[].template.spec`.
 * Field names are JSON field names of Kubernetes API types (lowerCamel identifiers; `-` and `_` allowed, as in
 * field-path.ts's plain fields).
 */
interface FieldPatternStep {
  field: string;
  /** True for `field[*]`: every element of the list at `field`. */
  each: boolean;
}

export type FieldPattern = readonly FieldPatternStep[];

const MAX_PATTERN_LENGTH = 256;
const MAX_PATTERN_STEPS = 32;
const STEP = /^([A-Za-z_$][A-Za-z0-9_$-]*)(\[\*?\])?$/;

/** Parses a pattern; the error says what is wrong with it, in words a profile author can act on. */
export function parseFieldPattern(text: string): { pattern: FieldPattern } | { error: string } {
  if (text.length === 0) return { error: 'must not be empty' };
  if (text.length > MAX_PATTERN_LENGTH) return { error: `must be at most ${MAX_PATTERN_LENGTH} characters` };
  const parts = text.split('.');
  if (parts.length > MAX_PATTERN_STEPS) return { error: `must have at most ${MAX_PATTERN_STEPS} fields` };
  const steps: FieldPatternStep[] = [];
  for (const part of parts) {
    const m = STEP.exec(part);
    if (!m)
      return {
        error: `"${part}" is not a field: write field names separated by ".", with "[*]" after a list field for every element (e.g. spec.jobs[*].template.spec)`,
      };
    steps.push({ field: m[1]!, each: m[2] !== undefined });
  }
  return { pattern: steps };
}

export function formatFieldPattern(pattern: FieldPattern): string {
  return pattern.map((s) => (s.each ? `${s.field}[*]` : s.field)).join('.');
}

/** The fixed pattern of a plain path such as `spec.template.spec`. */
export function fixedPattern(path: string): FieldPattern {
  const parsed = parseFieldPattern(path);
  if ('error' in parsed) throw new Error(`invalid built-in pattern ${path}: ${parsed.error}`);
  return parsed.pattern;
}

/** A mapping the pattern reaches, with its exact path (`spec.templates[2].script`). */
export interface PatternMatch {
  node: YAMLMap;
  path: string;
  /** The mapping that holds the last field (the pod template for `….template.spec`). */
  parent: YAMLMap;
  parentPath: string;
}

/**
 * Every mapping `pattern` reaches from `object` (at `prefix`), in document order. A missing or null field on
 * the way means no match there; a value of the wrong type (a string where a mapping or list belongs, a list
 * element that is not a mapping) is reported, as the API server's schema validation refuses it.
 */
export function matchFieldPattern(
  object: YAMLMap,
  prefix: string,
  pattern: FieldPattern,
  ctx: ReadContext,
): PatternMatch[] {
  let frontier: Array<{ node: YAMLMap; path: string }> = [{ node: object, path: prefix }];
  const out: PatternMatch[] = [];
  pattern.forEach((step, i) => {
    const last = i === pattern.length - 1;
    const next: Array<{ node: YAMLMap; path: string }> = [];
    for (const { node, path } of frontier) {
      const fieldPath = childPath(path, step.field);
      const add = (child: YAMLMap, childPathText: string) => {
        next.push({ node: child, path: childPathText });
        if (last) out.push({ node: child, path: childPathText, parent: node, parentPath: path });
      };
      if (!step.each) {
        const child = ctx.map(node, step.field, path);
        if (child) add(child, fieldPath);
        continue;
      }
      const list = ctx.list(node, step.field, path);
      list?.items.forEach((item, index) => {
        const element = ctx.reader.resolve(item);
        const elementPath = indexPath(fieldPath, index);
        if (isMap(element)) add(element, elementPath);
        else if (element !== null) ctx.mismatch(elementPath, element, 'a mapping');
      });
    }
    frontier = next;
  });
  return out;
}
