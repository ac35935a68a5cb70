// Rules (POST/PATCH /v1/rules bodies, rule responses, versions): libs/policy/src/validate-rule.ts,
// rule-types.ts (MatchSpec), rule-params.ts (params per kind), apps/api/src/rules/rule.mapper.ts.
import { RULE_KINDS, type RuleKind as RuleKindName } from '#policy';
import { ACTOR, DATE_TIME, type JsonSchema, schemaRef } from './json-schema.js';

/** What each kind checks (docs/design.md "Rule kinds"). */
const RULE_KIND_DESCRIPTIONS = {
  'pull-policy':
    'The effective pull policy is one of `allowed` (optionally only for digest-pinned or unpinned images).',
  'explicit-pull-policy': 'The manifest sets `imagePullPolicy` instead of relying on defaulting.',
  'mutable-tag-requires-always':
    'An image referenced by tag without digest has effective policy `Always` (unless the tag matches `immutableTags`).',
  'require-digest': 'The image is pinned by digest.',
  'disallowed-tags': 'The tag is not in a list of globs (`latest`, `*-SNAPSHOT`); untagged counts as `latest`.',
  'allowed-registries': 'The normalised `registry/repository` matches one of the patterns.',
  'denied-registries': 'The normalised `registry/repository` matches none of the patterns.',
  'never-requires-preloaded':
    'Effective `Never` only for images every node the pod can land on holds: by the node inventory when the ' +
    'cluster profile has one, else its `preloadedImages`.',
  'mutable-tag-drift':
    "A tag the cluster's nodes hold at different digests (from the node inventory) with an effective policy that " +
    'reuses the cached copy (`IfNotPresent`, `Never`): pods would run different contents per node.',
  'pull-secrets-for-registries': 'Images from the listed registries come with `imagePullSecrets`.',
  'set-pull-policy':
    'A scoped AlwaysPullImages: the mutating admission webhook sets the pull policy to `policy` (default `Always`) ' +
    'where the rule applies; elsewhere a finding says what the webhook will change.',
} as const satisfies Record<RuleKindName, string>;

/** `pull-policy` -> `PullPolicy`: component names of a kind's params (`PullPolicyParams`) and variant (`PullPolicyRule`). */
export function kindSchemaName(kind: RuleKindName): string {
  return kind.replace(/(^|-)([a-z])/g, (_m, _dash: string, c: string) => c.toUpperCase());
}

export const RuleKind = {
  type: 'string',
  enum: [...RULE_KINDS],
  description: RULE_KINDS.map((k) => `- \`${k}\`: ${RULE_KIND_DESCRIPTIONS[k]}`).join('\n'),
} as const satisfies JsonSchema;

const pattern = {
  type: ['array', 'null'],
  minItems: 1,
  items: { type: 'string' },
} as const;

export const LabelSelectorRequirement = {
  type: 'object',
  description: 'Kubernetes LabelSelectorRequirement.',
  required: ['key', 'operator'],
  additionalProperties: false,
  properties: {
    key: { type: 'string' },
    operator: { type: 'string', enum: ['In', 'NotIn', 'Exists', 'DoesNotExist'] },
    values: {
      type: ['array', 'null'],
      items: { type: 'string' },
      description: 'Required (non-empty) for In and NotIn, absent for Exists and DoesNotExist.',
    },
  },
} as const satisfies JsonSchema;

export const LabelSelector = {
  type: 'object',
  description: 'Kubernetes label selector on the workload labels.',
  additionalProperties: false,
  properties: {
    matchLabels: { type: ['object', 'null'], additionalProperties: { type: 'string' } },
    matchExpressions: { type: ['array', 'null'], items: { $ref: '#/components/schemas/LabelSelectorRequirement' } },
  },
} as const satisfies JsonSchema;

export const MatchSpec = {
  type: 'object',
  description:
    'Where a rule or exception applies. Every field is optional and an absent (or null) field matches everything; a ' +
    'given list must not be empty. Strings accept `*` globs; `images` match the normalised reference ' +
    '`registry/repository[:tag][@digest]`.',
  additionalProperties: false,
  properties: {
    clusters: { ...pattern, description: 'Cluster profile names or globs.', examples: [['prod-*']] },
    namespaces: { ...pattern, description: 'Namespace names or globs.', examples: [['prod-*', 'payments']] },
    kinds: { ...pattern, description: 'Workload kinds or globs.', examples: [['Deployment', 'StatefulSet']] },
    labels: { oneOf: [{ $ref: '#/components/schemas/LabelSelector' }, { type: 'null' }] },
    images: { ...pattern, description: 'Image patterns.', examples: [['docker.io/library/*']] },
    slots: {
      type: ['array', 'null'],
      minItems: 1,
      items: { $ref: '#/components/schemas/SlotType' },
    },
  },
} as const satisfies JsonSchema;

const NAME = {
  type: 'string',
  minLength: 1,
  maxLength: 253,
  pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$',
  description: "Lowercase letters, digits, '-' and '.', starting and ending with a letter or digit; unique.",
  examples: ['no-latest-in-prod'],
} as const;
const DESCRIPTION = { type: ['string', 'null'], maxLength: 4096 } as const;
const MATCH = { oneOf: [{ $ref: '#/components/schemas/MatchSpec' }, { type: 'null' }] } as const;

/** The oneOf + discriminator on `kind` that ties each kind to its params schema. */
function kindVariants() {
  return {
    oneOf: RULE_KINDS.map((k) => schemaRef(`${kindSchemaName(k)}Rule`)),
    discriminator: {
      propertyName: 'kind',
      mapping: Object.fromEntries(RULE_KINDS.map((k) => [k, schemaRef(`${kindSchemaName(k)}Rule`).$ref])),
    },
  };
}

/**
 * `{ kind: "<kind>", params: <Kind>Params }` for each kind; `params` is required when the kind has required
 * parameters (an omitted `params` is read as `{}`).
 */
export function ruleKindVariantSchemas(paramsRequired: (kind: RuleKindName) => boolean): Record<string, JsonSchema> {
  return Object.fromEntries(
    RULE_KINDS.map((k) => [
      `${kindSchemaName(k)}Rule`,
      {
        type: 'object',
        title: `${k} rule`,
        description: RULE_KIND_DESCRIPTIONS[k],
        required: paramsRequired(k) ? ['kind', 'params'] : ['kind'],
        properties: { kind: { const: k }, params: schemaRef(`${kindSchemaName(k)}Params`) },
      },
    ]),
  );
}

export const RuleInput = {
  type: 'object',
  description:
    'A rule to create. `params` depends on `kind` (see the variants); severity defaults to `medium`, enabled to true.',
  required: ['name', 'kind', 'enforcement'],
  additionalProperties: false,
  properties: {
    name: NAME,
    description: DESCRIPTION,
    kind: { $ref: '#/components/schemas/RuleKind' },
    params: { type: 'object', description: 'Parameters of the kind; `{}` when omitted.' },
    match: MATCH,
    exclude: { ...MATCH, description: 'Where the rule does not apply even if `match` says so; must name something.' },
    enforcement: { $ref: '#/components/schemas/Enforcement' },
    severity: { $ref: '#/components/schemas/Severity', default: 'medium' },
    enabled: { type: 'boolean', default: true },
  },
  ...kindVariants(),
} as const satisfies JsonSchema;

export function rulePatchSchema(): JsonSchema {
  return {
    type: 'object',
    description:
      'The fields to change; the result is validated as a whole rule. `description`, `match` and `exclude` are ' +
      'cleared with null. Changing `kind` needs `params` valid for the new kind (unless the stored ones are).',
    additionalProperties: false,
    properties: {
      name: NAME,
      description: DESCRIPTION,
      kind: { $ref: '#/components/schemas/RuleKind' },
      params: {
        description: 'Parameters of the (new) kind.',
        anyOf: RULE_KINDS.map((k) => schemaRef(`${kindSchemaName(k)}Params`)),
      },
      match: MATCH,
      exclude: MATCH,
      enforcement: { $ref: '#/components/schemas/Enforcement' },
      severity: { $ref: '#/components/schemas/Severity' },
      enabled: { type: 'boolean' },
    },
  };
}

const storedRule = {
  id: { type: 'string', format: 'uuid' },
  name: NAME,
  description: DESCRIPTION,
  kind: { $ref: '#/components/schemas/RuleKind' },
  params: { type: 'object' },
  match: MATCH,
  exclude: MATCH,
  enforcement: { $ref: '#/components/schemas/Enforcement' },
  severity: { $ref: '#/components/schemas/Severity' },
  enabled: { type: 'boolean' },
  version: { type: 'integer', minimum: 1, description: 'Starts at 1; every change adds one (ETag `"v<version>"`).' },
} as const;
const storedRuleRequired = Object.keys(storedRule) as (keyof typeof storedRule)[];

export const Rule = {
  type: 'object',
  description: 'A stored rule.',
  required: [...storedRuleRequired, 'createdAt', 'updatedAt', 'createdBy', 'updatedBy'],
  properties: {
    ...storedRule,
    createdAt: DATE_TIME,
    updatedAt: DATE_TIME,
    createdBy: ACTOR,
    updatedBy: ACTOR,
  },
  ...kindVariants(),
} as const satisfies JsonSchema;

export const RuleVersion = {
  type: 'object',
  description:
    'One version of a rule as it was after a change. A deleted rule keeps its history, ending in a `deleted` version.',
  required: [...storedRuleRequired, 'change', 'changedAt', 'changedBy'],
  properties: {
    ...storedRule,
    id: { type: 'string', format: 'uuid', description: 'The rule id.' },
    change: { type: 'string', enum: ['created', 'updated', 'restored', 'deleted'] },
    changedAt: DATE_TIME,
    changedBy: ACTOR,
  },
  ...kindVariants(),
} as const satisfies JsonSchema;

export const RuleVersionList = {
  type: 'object',
  required: ['items'],
  properties: {
    items: { type: 'array', items: { $ref: '#/components/schemas/RuleVersion' }, description: 'Newest first.' },
  },
} as const satisfies JsonSchema;
