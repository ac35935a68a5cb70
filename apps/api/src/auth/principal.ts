import type { Scope } from './scopes.js';

/** Who is calling: the environment's admin token, a stored API key, or the replica's own warm-up. */
export interface Principal {
  kind: 'admin-token' | 'api-key' | 'warm-up';
  /** The key's id, or "admin-token". Used for rate limiting. */
  id: string;
  /** Shown in audit events: `key:<name> (pwk_<prefix>)` or `admin-token`. */
  actor: string;
  scopes: readonly Scope[];
}

/** What the guard leaves on the request (Fastify's request object, in REST and in GraphQL's context). */
export interface AuthenticatedRequest {
  principal?: Principal;
  /** Read by the audit actor decorator (http/actor.ts). */
  actor?: string;
}
