// Policy as code: the bundle (libs/policy/src/bundle/, validated by validateBundle with the create-body validators of
// rules, exceptions and cluster profiles), and the plan and apply answers (apps/api/src/policy/policy-results.ts).
// The closed sets come from #policy, so a new list, change type or action cannot be left out of the document.
import {
  BUNDLE_API_VERSION,
  BUNDLE_KIND,
  BUNDLE_LISTS,
  BUNDLE_SCHEMA_PATH,
  BUNDLE_TYPES,
  PLAN_ACTIONS,
  type BundleList,
} from '#policy';
import { ExceptionInput } from './exception.js';
import { type JsonSchema, schemaRef } from './json-schema.js';

/**
 * An exception in a bundle: the create body, with `name` required (it is the key a plan matches the stored
 * exception by, so it cannot be generated as POST /v1/exceptions does).
 */
export const PolicyBundleException = {
  ...ExceptionInput,
  description: `${ExceptionInput.description} In a bundle \`name\` is required: it is the key.`,
  required: ['name', ...ExceptionInput.required],
  properties: {
    ...ExceptionInput.properties,
    name: {
      ...ExceptionInput.properties.name,
      description: 'Unique in the bundle: the key an apply matches the stored exception by.',
    },
    rules: {
      ...ExceptionInput.properties.rules,
      description:
        'Names of rules of the bundle (or, without `prune`, stored rules the bundle leaves alone), or `"*"` for ' +
        'every rule (then `expiresAt` is required, at most PULLWISE_MAX_WILDCARD_EXCEPTION_DAYS, default 90, days ' +
        'ahead).',
    },
  },
} as const satisfies JsonSchema;

/** What each list holds: the create body of its resource (`RuleInput`, …) as a component name. */
const LIST_ITEMS: Record<BundleList, { schema: string; description: string }> = {
  rules: {
    schema: 'RuleInput',
    description: 'The rules, as POST /v1/rules takes them.',
  },
  exceptions: {
    schema: 'PolicyBundleException',
    description: 'The exceptions (waivers), as POST /v1/exceptions takes them, each with a name.',
  },
  clusters: {
    schema: 'ClusterProfileInput',
    description: 'The cluster profiles, as POST /v1/clusters takes them (node inventories are not part of a bundle).',
  },
};

const LIST_NOTE =
  ' Names are keys: each may appear once. Absent or null: an empty list (with `prune` the stored ones are deleted, ' +
  'without it they are kept).';

export const PolicyBundle = {
  type: 'object',
  title: 'pullwise policy bundle',
  description:
    'The whole policy (rules, exceptions, cluster profiles) as one document, YAML or JSON, for git: what ' +
    'GET /v1/policy exports and POST /v1/policy/plan and /v1/policy/apply take. Each entry is validated as its ' +
    "create body is; beyond what this schema says, names must be unique per list and an exception's `rules` must " +
    `name rules that exist after the apply. The schema alone is served at GET ${BUNDLE_SCHEMA_PATH}.`,
  required: ['apiVersion', 'kind'],
  additionalProperties: false,
  properties: {
    $schema: {
      type: 'string',
      description: `Where editors find this schema (\`<server>${BUNDLE_SCHEMA_PATH}\`); the service ignores it.`,
    },
    apiVersion: { type: 'string', const: BUNDLE_API_VERSION },
    kind: { type: 'string', const: BUNDLE_KIND },
    metadata: {
      type: ['object', 'null'],
      additionalProperties: false,
      properties: {
        policyVersion: {
          type: 'integer',
          minimum: 0,
          maximum: Number.MAX_SAFE_INTEGER,
          description:
            'The policy version an export was taken at (its ETag). Informational: an apply is made conditional ' +
            'with If-Match, not with this field.',
          examples: [7],
        },
      },
    },
    ...Object.fromEntries(
      BUNDLE_LISTS.map((list) => [
        list,
        {
          type: ['array', 'null'],
          items: schemaRef(LIST_ITEMS[list].schema),
          description: LIST_ITEMS[list].description + LIST_NOTE,
        },
      ]),
    ),
  },
} as const satisfies JsonSchema;

/** An entry as a bundle holds it (the stored side of a plan is written in the same canonical form). */
const ENTRY = {
  anyOf: [...BUNDLE_LISTS.map((list) => schemaRef(LIST_ITEMS[list].schema)), { type: 'null' }],
} as const;

export const PolicyPlanChange = {
  type: 'object',
  description:
    'What an apply does to one rule, exception or cluster profile. Entries are in canonical form (defaults ' +
    'filled, keys sorted, empty fields left out), so a change is a change of meaning.',
  required: ['action', 'type', 'name', 'before', 'after'],
  properties: {
    action: {
      type: 'string',
      enum: [...PLAN_ACTIONS],
      description:
        '`create`, `update` and `delete` are written by an apply; `unchanged` is not (also for stored objects the ' +
        'bundle does not name when `prune` is off: see `unmanaged`).',
    },
    type: { type: 'string', enum: [...BUNDLE_TYPES] },
    name: { type: 'string', examples: ['no-latest-in-prod'] },
    before: { ...ENTRY, description: 'The stored entry; null for a create.' },
    after: { ...ENTRY, description: 'The entry after the apply; null for a delete.' },
    fields: {
      type: 'array',
      items: { type: 'string' },
      description: 'For an update: the top-level fields it changes, in entry order.',
      examples: [['severity']],
    },
    unmanaged: {
      const: true,
      description: 'Stored but not named by the bundle, and kept because the plan does not prune.',
    },
    impact: {
      ...schemaRef('ImpactReport'),
      description: 'With `impact=N`, for a rule created or updated: what it flips among the last N evaluations.',
    },
  },
} as const satisfies JsonSchema;

const planProperties = {
  changes: {
    type: 'array',
    items: schemaRef('PolicyPlanChange'),
    description: 'Rules, then exceptions, then cluster profiles, each by name; every stored and named object once.',
  },
  summary: {
    type: 'object',
    description: 'How many changes of each action.',
    required: [...PLAN_ACTIONS],
    additionalProperties: false,
    properties: Object.fromEntries(PLAN_ACTIONS.map((a) => [a, { type: 'integer', minimum: 0 }])),
  },
  policyVersion: {
    type: 'integer',
    minimum: 0,
    description: 'The policy version the plan was computed against: send it as If-Match (`"7"`) to apply exactly it.',
  },
  bundleDigest: {
    type: 'string',
    pattern: '^sha256:[0-9a-f]{64}$',
    description:
      "sha256 of the bundle's canonical form: the YAML and the JSON of one bundle share it; the audit events of an " +
      'apply name it.',
  },
  prune: { type: 'boolean', description: 'Whether objects the bundle does not name are deleted.' },
} as const;

export const PolicyPlan = {
  type: 'object',
  description: 'What applying a bundle would change; nothing was written.',
  required: Object.keys(planProperties) as (keyof typeof planProperties)[],
  properties: planProperties,
} as const satisfies JsonSchema;

export const PolicyApplyResult = {
  type: 'object',
  description: 'The plan as carried out, in one transaction.',
  required: [...PolicyPlan.required, 'applied', 'previousPolicyVersion'],
  properties: {
    ...planProperties,
    policyVersion: {
      type: 'integer',
      minimum: 0,
      description: 'The policy version after the apply (also the ETag); the same as before when nothing changed.',
    },
    applied: {
      type: 'boolean',
      description: 'False when the store already matched the bundle: nothing was written, no version made.',
    },
    previousPolicyVersion: { type: 'integer', minimum: 0, description: 'The policy version before the apply.' },
  },
} as const satisfies JsonSchema;
