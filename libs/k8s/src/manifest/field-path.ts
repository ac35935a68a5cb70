/**
 * Field paths in the style of Kubernetes' field.Path (k8s.io/apimachinery/pkg/util/validation/field/path.go):
 * `spec.containers[0].image`, map keys that are not plain identifiers as `labels[app.kubernetes.io/name]`.
 */
const PLAIN_FIELD = /^[A-Za-z_$][A-Za-z0-9_$-]*$/;

export function childPath(parent: string, field: string): string {
  if (!PLAIN_FIELD.test(field)) return `${parent}[${field}]`;
  return parent === '' ? field : `${parent}.${field}`;
}

export function indexPath(parent: string, index: number): string {
  return `${parent}[${index}]`;
}

/** Joins a path prefix such as `items[3]` (or '') with a relative path such as `spec.containers`. */
export function joinPath(prefix: string, relative: string): string {
  if (prefix === '') return relative;
  return relative === '' ? prefix : `${prefix}.${relative}`;
}
