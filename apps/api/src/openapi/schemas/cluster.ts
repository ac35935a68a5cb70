// Cluster profiles: apps/api/src/clusters/cluster.mapper.ts (the input schema comes from cluster-input.ts's zod).
import { CREDENTIAL_VERIFICATION_POLICIES } from '#k8s';
import { ACTOR, DATE_TIME, type JsonSchema } from './json-schema.js';

export const CredentialVerificationPolicy = {
  type: 'string',
  enum: [...CREDENTIAL_VERIFICATION_POLICIES],
  description: "The kubelet's imagePullCredentialsVerificationPolicy (KEP-2535).",
} as const satisfies JsonSchema;

const PODSPEC_PATH_DESCRIPTION =
  'Where a custom resource embeds a pod spec: objects of exactly this `apiVersion` (`group/version`, a custom resource group) and `kind` have a PodSpec at `path`: field names separated by `.`, with `[*]` (or `[]`) after a list field for every element, e.g. `spec.jobs[*].template.spec`.';

const podTemplatePath = {
  type: 'object',
  description: PODSPEC_PATH_DESCRIPTION,
  required: ['apiVersion', 'kind', 'path'],
  additionalProperties: false,
  properties: {
    apiVersion: { type: 'string', maxLength: 317, examples: ['batch.example.com/v1'] },
    kind: { type: 'string', maxLength: 63, examples: ['BatchRun'] },
    path: { type: 'string', maxLength: 256, examples: ['spec.jobs[*].template.spec'] },
  },
} as const satisfies JsonSchema;

export const ClusterProfile = {
  type: 'object',
  description: "A target cluster's facts; evaluations name it with `cluster`.",
  required: [
    'id',
    'name',
    'labels',
    'admissionPlugins',
    'kubeletVersion',
    'credentialVerificationPolicy',
    'verificationAllowlist',
    'preloadedImages',
    'podTemplatePaths',
    'version',
    'createdAt',
    'updatedAt',
    'createdBy',
    'updatedBy',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string', examples: ['prod-eu'] },
    labels: { type: 'object', additionalProperties: { type: 'string' } },
    admissionPlugins: { type: 'array', items: { type: 'string' }, examples: [['AlwaysPullImages']] },
    kubeletVersion: {
      type: ['string', 'null'],
      description: 'Kubelet minor version, e.g. `1.34`; null: the newest modelled.',
    },
    credentialVerificationPolicy: {
      oneOf: [{ $ref: '#/components/schemas/CredentialVerificationPolicy' }, { type: 'null' }],
    },
    verificationAllowlist: { type: 'array', items: { type: 'string' } },
    preloadedImages: {
      type: 'array',
      items: { type: 'string' },
      description: 'Images on every node before any pod runs.',
    },
    podTemplatePaths: {
      type: 'array',
      items: podTemplatePath,
      description: 'Pod specs inside custom resources beyond the ones pullwise reads by itself.',
    },
    version: { type: 'integer', minimum: 1 },
    createdAt: DATE_TIME,
    updatedAt: DATE_TIME,
    createdBy: ACTOR,
    updatedBy: ACTOR,
  },
} as const satisfies JsonSchema;

// Mirrors the zod schema of libs/policy/src/validate-cluster.ts (not exported from #policy), with the defaults a
// create applies; the e2e spec replays the examples against the app so the two cannot drift silently.
const clusterInputProperties = {
  name: {
    type: 'string',
    maxLength: 253,
    pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$',
    description: 'Unique; what evaluations name with `cluster`.',
    examples: ['prod-eu'],
  },
  labels: {
    type: 'object',
    propertyNames: { minLength: 1, maxLength: 317 },
    additionalProperties: { type: 'string', maxLength: 63 },
    default: {},
  },
  admissionPlugins: {
    type: 'array',
    maxItems: 64,
    items: { type: 'string', minLength: 1, maxLength: 128 },
    default: [],
    description: 'Admission plugins enabled on the API server, e.g. `AlwaysPullImages`.',
  },
  kubeletVersion: {
    type: ['string', 'null'],
    maxLength: 32,
    default: null,
    description: 'Kubelet minor version `1.NN` within the modelled range; null: the newest modelled.',
  },
  credentialVerificationPolicy: {
    oneOf: [{ $ref: '#/components/schemas/CredentialVerificationPolicy' }, { type: 'null' }],
    default: null,
  },
  verificationAllowlist: {
    type: 'array',
    maxItems: 1000,
    items: { type: 'string', maxLength: 512 },
    default: [],
    description: 'preloadedImagesVerificationAllowlist entries (image patterns).',
  },
  preloadedImages: {
    type: 'array',
    maxItems: 10_000,
    items: { type: 'string', maxLength: 512 },
    default: [],
    description: 'Image references on every node before any pod runs.',
  },
  podTemplatePaths: {
    type: 'array',
    maxItems: 100,
    items: podTemplatePath,
    default: [],
    description:
      'Pod specs inside custom resources pullwise does not read by itself; their containers are then evaluated (else such objects are listed in `skipped`).',
  },
} as const;

export const ClusterProfileInput = {
  type: 'object',
  description: 'A cluster profile to create; omitted fields take the defaults shown.',
  required: ['name'],
  additionalProperties: false,
  properties: clusterInputProperties,
} as const satisfies JsonSchema;

function allowsNull(s: JsonSchema): boolean {
  const alternatives = (s.oneOf ?? s.anyOf ?? []) as JsonSchema[];
  return (Array.isArray(s.type) && s.type.includes('null')) || alternatives.some((a) => a.type === 'null');
}

export const ClusterProfilePatch = {
  type: 'object',
  description: 'The fields to change; the result is validated as a whole. null resets a field to its default.',
  additionalProperties: false,
  properties: Object.fromEntries(
    Object.entries(clusterInputProperties as Record<string, JsonSchema>).map(([key, prop]) => {
      const { default: _default, ...rest } = prop;
      return [key, key === 'name' || allowsNull(rest) ? rest : { anyOf: [rest, { type: 'null' }] }];
    }),
  ),
} as const satisfies JsonSchema;
