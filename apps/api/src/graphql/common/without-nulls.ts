/**
 * GraphQL passes explicit nulls for omitted optional input fields; the application's schemas expect them absent.
 * Strips them from an input object and from the nested input objects named in `nested`, never from inside a JSON
 * scalar (a rule's params, feature gates), where a null is the caller's value.
 */
export function withoutNulls<T extends object>(input: T, nested: readonly (keyof T & string)[] = []): Partial<T> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === null || v === undefined) continue;
    out[k] = nested.includes(k as keyof T & string) && typeof v === 'object' ? withoutNulls(v as object) : v;
  }
  return out as Partial<T>;
}
