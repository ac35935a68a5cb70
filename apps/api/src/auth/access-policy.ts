import type { Access, Scope } from './scopes.js';

/** What may be changed with `rules:write` can be read with it too, so a writer can send the ETag it read in If-Match. */
const READ_OR_WRITE: readonly Scope[] = ['rules:read', 'rules:write'];

/**
 * Who may call what, in one table so that a review of the access model reads one file. The guard looks every
 * request up here by Fastify route pattern (REST) or `Type.field` (GraphQL root fields); anything missing is
 * refused and named at start-up (see AuthGuard.assertCovered), so a new route cannot ship unprotected.
 */
export const REST_ACCESS: Readonly<Record<string, Access>> = {
  'GET /healthz': 'public',
  'GET /readyz': 'public',
  // PULLWISE_METRICS=authenticated narrows it to `admin` (observability/metrics-access.guard.ts); off removes it.
  'GET /metrics': 'public',
  // Verified by Slack's request signature instead of a key (chatops/slack-signature.ts).
  'POST /v1/chatops/slack': 'public',
  // Called by the Kubernetes API server, which sends no API key: reachable from it alone (NetworkPolicy), or
  // behind PULLWISE_ADMISSION_TOKEN (admission/admission-token.ts).
  'POST /admission/validate': 'public',
  'POST /admission/validate/:cluster': 'public',
  'POST /admission/mutate': 'public',
  'POST /admission/mutate/:cluster': 'public',

  'GET /v1/whoami': 'authenticated',

  'POST /v1/evaluations': 'evaluate',
  'GET /v1/effective-policy': 'evaluate',
  'POST /v1/chatops/ask': 'evaluate',
  'GET /v1/chatops/ask': 'evaluate',

  'GET /v1/rules': READ_OR_WRITE,
  'GET /v1/rules/:id': READ_OR_WRITE,
  'GET /v1/rules/:id/versions': READ_OR_WRITE,
  'POST /v1/rules/impact': 'rules:read',
  'GET /v1/exceptions': READ_OR_WRITE,
  'GET /v1/exceptions/:id': READ_OR_WRITE,
  'GET /v1/clusters': READ_OR_WRITE,
  'GET /v1/clusters/:id': READ_OR_WRITE,
  'GET /v1/evaluations': 'rules:read',
  'GET /v1/evaluations/:id': 'rules:read',

  'POST /v1/rules': 'rules:write',
  'PATCH /v1/rules/:id': 'rules:write',
  'DELETE /v1/rules/:id': 'rules:write',
  'POST /v1/rules/:id/versions/:version/restore': 'rules:write',
  'POST /v1/exceptions': 'rules:write',
  'PATCH /v1/exceptions/:id': 'rules:write',
  'DELETE /v1/exceptions/:id': 'rules:write',
  'POST /v1/clusters': 'rules:write',
  'PATCH /v1/clusters/:id': 'rules:write',
  'DELETE /v1/clusters/:id': 'rules:write',

  'GET /v1/api-keys': 'admin',
  'POST /v1/api-keys': 'admin',
  'GET /v1/api-keys/:id': 'admin',
  'DELETE /v1/api-keys/:id': 'admin',
};

export const GRAPHQL_ACCESS: Readonly<Record<string, Access>> = {
  'Query.health': 'public',
  'Query.whoami': 'authenticated',

  'Query.evaluate': 'evaluate',
  'Query.effectivePolicy': 'evaluate',
  'Query.reviewAdmission': 'evaluate',

  'Query.rules': READ_OR_WRITE,
  'Query.rule': READ_OR_WRITE,
  'Query.ruleVersions': READ_OR_WRITE,
  'Query.ruleImpact': 'rules:read',
  'Query.exceptions': READ_OR_WRITE,
  'Query.exception': READ_OR_WRITE,
  'Query.clusters': READ_OR_WRITE,
  'Query.cluster': READ_OR_WRITE,
  'Query.evaluations': 'rules:read',
  'Query.evaluation': 'rules:read',
  'Query.violationsOverTime': 'rules:read',
  'Query.topOffendingImages': 'rules:read',
  'Query.topOffendingWorkloads': 'rules:read',
  'Query.passRate': 'rules:read',
  'Query.waivedCounts': 'rules:read',

  'Mutation.createRule': 'rules:write',
  'Mutation.updateRule': 'rules:write',
  'Mutation.deleteRule': 'rules:write',
  'Mutation.restoreRuleVersion': 'rules:write',
  'Mutation.createException': 'rules:write',
  'Mutation.updateException': 'rules:write',
  'Mutation.deleteException': 'rules:write',
  'Mutation.createClusterProfile': 'rules:write',
  'Mutation.updateClusterProfile': 'rules:write',
  'Mutation.deleteClusterProfile': 'rules:write',

  'Query.apiKeys': 'admin',
  'Query.apiKey': 'admin',
  'Mutation.createApiKey': 'admin',
  'Mutation.revokeApiKey': 'admin',
  'Mutation.runRetention': 'admin',
};
