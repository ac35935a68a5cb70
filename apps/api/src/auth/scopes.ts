/**
 * What a key may do. `admin` implies every other scope.
 * - `evaluate`: evaluate manifests (and record them), effective policy, chat-ops questions.
 * - `rules:read`: read rules, their versions, exceptions, cluster profiles, recorded evaluations, trends, impact previews.
 * - `rules:write`: create, change, restore and delete rules, exceptions and cluster profiles, and read them (so that a
 *   writer can obtain the ETag it sends in If-Match); not recorded evaluations, trends or impact previews.
 * - `admin`: API keys and maintenance (retention).
 */
export const SCOPES = ['rules:read', 'rules:write', 'evaluate', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/**
 * How a route or GraphQL root field is protected: open, any valid key, a key holding a scope, or a key holding any
 * one of several scopes (a list).
 */
export type Access = 'public' | 'authenticated' | Scope | readonly Scope[];

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

export function grants(held: readonly Scope[], access: Access): boolean {
  if (access === 'public' || access === 'authenticated') return true;
  if (held.includes('admin')) return true;
  return typeof access === 'string' ? held.includes(access) : access.some((s) => held.includes(s));
}

/** The scopes an entry names, in words: `"rules:read"`, or `"rules:read" or "rules:write"`. */
export function scopeNames(access: Scope | readonly Scope[], quote: (s: Scope) => string = (s) => `"${s}"`): string {
  return (typeof access === 'string' ? [access] : access).map(quote).join(' or ');
}
