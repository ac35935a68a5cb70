import { ApiError } from '../../api/errors';

/** The form's fields, by the id of the control that takes them. */
export type FieldName =
  | 'name'
  | 'rules'
  | 'owner'
  | 'justification'
  | 'ticket'
  | 'expiresAt'
  | 'namespaces'
  | 'images'
  | 'kinds'
  | 'clusters'
  | 'labels'
  | 'slots';

const TOP = new Set<string>(['name', 'rules', 'owner', 'justification', 'ticket', 'expiresAt']);
const MATCH = new Set<string>(['namespaces', 'images', 'kinds', 'clusters', 'labels', 'slots']);

/** `rules[1]` → rules, `match.labels.matchLabels[bad key!]` → labels; anything else has no field. */
function fieldOf(path: string | null | undefined): FieldName | undefined {
  if (!path) return undefined;
  const [head, next] = path.split(/[.[]/, 2);
  if (head && TOP.has(head)) return head as FieldName;
  if (head === 'match' && next && MATCH.has(next)) return next as FieldName;
  return undefined;
}

export interface FormErrors {
  /** Messages per field, shown beside it. */
  fields: Partial<Record<FieldName, string[]>>;
  /** What names no field (or a failure that is not about the input). */
  general?: string;
  generalDetails: string[];
}

/** The API's answer, sorted to the fields its `errors[].path` name. */
export function formErrors(error: unknown): FormErrors {
  const out: FormErrors = { fields: {}, generalDetails: [] };
  if (!(error instanceof ApiError)) {
    out.general = error instanceof Error ? error.message : String(error);
    return out;
  }
  for (const p of error.errors) {
    const field = fieldOf(p.path);
    // The field's own path needs no repeating; a deeper one (`rules[1]`) says which entry.
    const text =
      p.path && field && p.path !== field && p.path !== `match.${field}` ? `${p.path}: ${p.message}` : p.message;
    if (field) (out.fields[field] ??= []).push(text);
    else out.generalDetails.push(p.path ? `${p.path}: ${p.message}` : p.message);
  }
  const located = Object.values(out.fields).reduce((n, list) => n + list.length, 0);
  out.general = located
    ? `The exception was not saved: ${located === 1 ? 'one problem is' : `${located} problems are`} marked below.`
    : error.message;
  return out;
}
