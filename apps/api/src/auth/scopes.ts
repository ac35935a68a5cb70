/**
 * What a key may do. `admin` implies every other scope.
 * - `evaluate`: evaluate manifests (and record them), effective policy, chat-ops questions.
 * - `rules:read`: read rules, their versions, exceptions, cluster profiles, recorded evaluations, trends, impact previews.
 * - `rules:write`: create, change, restore and delete rules, exceptions and cluster profiles.
 * - `admin`: API keys and maintenance (retention).
 */
export const SCOPES = ['rules:read', 'rules:write', 'evaluate', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** How a route or GraphQL root field is protected: open, any valid key, or a key holding a scope. */
export type Access = 'public' | 'authenticated' | Scope;

export function isScope(value: unknown): value is Scope {
  return typeof value === 'string' && (SCOPES as readonly string[]).includes(value);
}

export function grants(held: readonly Scope[], access: Access): boolean {
  if (access === 'public' || access === 'authenticated') return true;
  return held.includes('admin') || held.includes(access);
}
