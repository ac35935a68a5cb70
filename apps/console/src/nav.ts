import type { Scope } from './session';

/**
 * The console's pages, in navigation order, with the scope each one needs (the API's own rule, docs/access.md):
 * a key sees only the links it can use. The labels are part of the console's contract: tests find the links by role and name.
 */
export const PAGES = [
  { path: '/', label: 'Overview', scope: 'rules:read' },
  { path: '/rules', label: 'Rules', scope: 'rules:read' },
  { path: '/exceptions', label: 'Exceptions', scope: 'rules:read' },
  { path: '/clusters', label: 'Clusters', scope: 'rules:read' },
  { path: '/evaluations', label: 'Evaluations', scope: 'rules:read' },
  { path: '/playground', label: 'Playground', scope: 'evaluate' },
] as const satisfies readonly { path: string; label: string; scope: Scope }[];

export type Page = (typeof PAGES)[number];

/** The page a path belongs to (`/rules/abc` → Rules). */
export function pageOf(path: string): Page | undefined {
  return PAGES.find((p) => (p.path === '/' ? path === '/' : path === p.path || path.startsWith(`${p.path}/`)));
}
