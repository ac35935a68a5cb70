import { shapeOf, type JsonSchema, type SchemaRoot } from './json-schema';

/** A problem as the API locates it: `params.tags`, `match.namespaces[0]`, `name`. */
export interface PathProblem {
  path: string;
  message: string;
}

/** Each problem with the rendered field it belongs to (none when the form shows no field for it). */
export interface AssignedProblem extends PathProblem {
  field?: string;
}

/** A problem as a field shows it: `rest` is what the API's path says beyond the field (`[1]`, `.team`). */
export interface FieldProblem {
  message: string;
  rest: string;
}

export interface FieldErrors {
  /** Problems per rendered field path. */
  byField: ReadonlyMap<string, readonly FieldProblem[]>;
  /** Every problem in the API's order, for the summary. */
  all: readonly AssignedProblem[];
}

export function joinPath(base: string, key: string): string {
  return base ? `${base}.${key}` : key;
}

/** A DOM id for a field path: `rule-match-namespaces`, `rule-params-rewrites-0-from`. */
export function fieldId(prefix: string, path: string): string {
  return `${prefix}-${path.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;
}

/**
 * The paths the form renders a field or fieldset for, walking the schema as SchemaFields does: objects by their
 * properties, rows by the items the value has.
 */
export function renderedPaths(root: SchemaRoot, schema: JsonSchema, value: unknown, base = ''): string[] {
  const out: string[] = [];
  const walk = (input: JsonSchema, required: boolean, v: unknown, path: string) => {
    const { schema: s, widget } = shapeOf(root, input, required);
    if (path) out.push(path);
    if (widget.type === 'object') {
      const obj = isRecord(v) ? v : {};
      for (const [key, child] of Object.entries(s.properties ?? {}))
        walk(child, s.required?.includes(key) ?? false, obj[key], joinPath(path, key));
    } else if (widget.type === 'rows' && Array.isArray(v)) {
      v.forEach((item, i) => walk(widget.item, true, item, `${path}[${i}]`));
    }
  };
  walk(schema, true, value, base);
  return out;
}

/**
 * Gives each problem to the deepest rendered field its path falls under: `match.namespaces[0]` belongs to the
 * `match.namespaces` text area, `params.strict` (a parameter the kind does not take) to the `params` fieldset.
 */
export function assignErrors(paths: readonly string[], problems: readonly PathProblem[]): FieldErrors {
  const byField = new Map<string, FieldProblem[]>();
  const all = problems.map((p) => {
    const field = paths
      .filter((f) => p.path === f || p.path.startsWith(`${f}.`) || p.path.startsWith(`${f}[`))
      .sort((a, b) => b.length - a.length)[0];
    if (field !== undefined)
      byField.set(field, [...(byField.get(field) ?? []), { message: p.message, rest: p.path.slice(field.length) }]);
    return { ...p, field };
  });
  return { byField, all };
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
