// Components and query parameters derived from the zod schemas the API validates with, so the document
// cannot drift from validation: z.toJSONSchema with the 2020-12 target (OpenAPI 3.1's dialect), on the input
// side (defaults make fields optional; transforms describe what the client sends).
import type { ParameterObject } from '@nestjs/swagger';
import { z } from 'zod';
import { RULE_KINDS, RULE_PARAM_SCHEMAS } from '#policy';
import {
  admissionRequestSchema,
  admissionReviewSchema,
  groupVersionKindSchema,
  groupVersionResourceSchema,
  userInfoSchema,
} from '../admission/admission-review.js';
import { contextSchema, evaluateRequestSchema, sourceSchema } from '../evaluations/dto/evaluate-request.js';
import { querySchema as yamlQuerySchema } from '../evaluations/dto/yaml-query.js';
import { schema as evaluationFilterSchema } from '../history/evaluation-filter.js';
import { requestSchema as impactRequestSchema } from '../impact/impact.service.js';
import { type JsonSchema, SCHEMA_PREFIX, schemaRef } from './schemas/json-schema.js';
import { kindSchemaName } from './schemas/rule.js';

type MutableSchema = { [keyword: string]: unknown; properties?: Record<string, MutableSchema> };

/** Field descriptions zod does not carry, by component and property. */
const DESCRIPTIONS: Record<string, Record<string, string>> = {
  EvaluateRequest: {
    manifests:
      'YAML or JSON text (multi-document streams and List kinds are unwrapped), one manifest object, or an array of them.',
    cluster: 'Name of a stored cluster profile whose facts apply (GET /v1/clusters).',
    context: 'Facts given inline; they override the cluster profile field by field.',
    record: 'Store the evaluation (GET /v1/evaluations) and return its id.',
    source: 'Where the manifests come from, kept with a recorded evaluation.',
  },
  EvaluationContext: {
    namespace: 'Namespace for documents without metadata.namespace (else `default`).',
    admissionPlugins: 'Admission plugins enabled on the API server, e.g. `["AlwaysPullImages"]`.',
    kubeletVersion: 'Kubelet minor version `1.NN` (1.27 up to the newest modelled, the default).',
    credentialVerificationPolicy: "The kubelet's imagePullCredentialsVerificationPolicy (KEP-2535).",
    verificationAllowlist: 'preloadedImagesVerificationAllowlist entries.',
    preloadedImages: 'Images on every node before any pod runs.',
    featureGates: 'Kubelet feature-gate overrides, e.g. `{"KubeletEnsureSecretPulledImages": false}`.',
  },
  AdmissionReview: {
    request: 'What the API server asks about; fields it adds in later versions are accepted and ignored.',
  },
  AdmissionRequest: {
    uid: 'Echoed in the answer.',
    kind: 'The kind of `object`; kinds that carry no pod spec pullwise knows are allowed untouched.',
    resource: 'The resource; `pods` with `subResource: ephemeralcontainers` judges the ephemeral containers.',
    subResource:
      'Subresources other than `pods/ephemeralcontainers` (status, binding, exec, scale, …) are allowed untouched.',
    namespace: 'Namespace for an object without metadata.namespace.',
    operation: 'CREATE and UPDATE are judged; DELETE and CONNECT are allowed.',
    userInfo: 'Who made the request: `admission:<username>` is the recorded evaluation’s `createdBy`.',
    object: 'The object as admitted so far (defaulted, mutated by earlier webhooks); null for DELETE.',
    oldObject: 'UPDATE: the stored object; findings it already had neither reject nor mutate.',
    dryRun: 'A dry run is answered like any request but never recorded (sideEffects: NoneOnDryRun).',
  },
  ImpactRequest: {
    rule: 'The proposed rule, as POST /v1/rules takes it.',
    replaces: 'Id or name of the stored rule it replaces; by default the rule with the same name.',
    last: 'How many of the most recent recorded evaluations to replay.',
  },
};

/** Strips what a component must not carry ($schema, $id) and adds descriptions. */
function tidy(name: string, schema: MutableSchema): MutableSchema {
  const { $schema: _s, $id: _i, ...rest } = schema;
  for (const [prop, description] of Object.entries(DESCRIPTIONS[name] ?? {})) {
    const target = rest.properties?.[prop];
    if (target) target.description = description;
  }
  return rest;
}

/** The zod-derived components: request bodies and the params of every rule kind. */
export function zodComponentSchemas(): Record<string, JsonSchema> {
  const registry = z.registry<{ id: string }>();
  registry.add(evaluateRequestSchema, { id: 'EvaluateRequest' });
  registry.add(contextSchema, { id: 'EvaluationContext' });
  registry.add(sourceSchema, { id: 'EvaluationSourceInput' });
  registry.add(impactRequestSchema, { id: 'ImpactRequest' });
  registry.add(admissionReviewSchema, { id: 'AdmissionReview' });
  registry.add(admissionRequestSchema, { id: 'AdmissionRequest' });
  registry.add(groupVersionKindSchema, { id: 'GroupVersionKind' });
  registry.add(groupVersionResourceSchema, { id: 'GroupVersionResource' });
  registry.add(userInfoSchema, { id: 'UserInfo' });
  for (const kind of RULE_KINDS) registry.add(RULE_PARAM_SCHEMAS[kind], { id: `${kindSchemaName(kind)}Params` });
  const { schemas } = z.toJSONSchema(registry, {
    target: 'draft-2020-12',
    io: 'input',
    uri: (id) => `${SCHEMA_PREFIX}${id}`,
  }) as { schemas: Record<string, MutableSchema> };
  const out = Object.fromEntries(Object.entries(schemas).map(([name, s]) => [name, tidy(name, s)]));
  // The impact request takes a whole rule definition; zod only checks it is an object, the rule validator does the rest.
  out.ImpactRequest!.properties!.rule = { ...schemaRef('RuleInput'), description: DESCRIPTIONS.ImpactRequest!.rule };
  for (const kind of RULE_KINDS) out[`${kindSchemaName(kind)}Params`]!.title = `${kind} params`;
  return out;
}

/** Whether a rule kind's params have required fields (then `params` itself is required). */
export function kindHasRequiredParams(kind: (typeof RULE_KINDS)[number]): boolean {
  const schema = z.toJSONSchema(RULE_PARAM_SCHEMAS[kind], { target: 'draft-2020-12', io: 'input' });
  return Array.isArray(schema.required) && schema.required.length > 0;
}

/**
 * One OpenAPI query parameter per field of a zod object schema. Fields that take a single value or a list
 * (`a=x&a=y`, or comma-separated) are documented as arrays (form style, exploded).
 */
function zodQueryParameters(schema: z.ZodObject, descriptions: Record<string, string> = {}): ParameterObject[] {
  const json = z.toJSONSchema(schema, { target: 'draft-2020-12', io: 'input' }) as MutableSchema;
  const required = new Set((json.required as string[] | undefined) ?? []);
  return Object.entries(json.properties ?? {}).map(([name, prop]) => {
    const alternatives = (prop.anyOf as MutableSchema[] | undefined) ?? [];
    const list = alternatives.find((a) => a.type === 'array');
    return {
      name,
      in: 'query',
      required: required.has(name),
      ...(descriptions[name] ? { description: descriptions[name] } : {}),
      schema: (list ?? prop) as ParameterObject['schema'],
      ...(list ? { style: 'form', explode: true } : {}),
    };
  });
}

export const YAML_QUERY_PARAMETERS = zodQueryParameters(yamlQuerySchema, {
  cluster: 'YAML body only: name of a stored cluster profile.',
  namespace: 'YAML body only: namespace for documents without metadata.namespace.',
  admissionPlugins: 'YAML body only: enabled admission plugins (repeat or comma-separate).',
  kubeletVersion: 'YAML body only: kubelet minor version, e.g. `1.35`.',
  credentialVerificationPolicy: 'YAML body only: imagePullCredentialsVerificationPolicy.',
  preloadedImages: 'YAML body only: images on every node (repeat or comma-separate).',
  verificationAllowlist: 'YAML body only: verification allowlist entries (repeat or comma-separate).',
  record: 'YAML body only: store the evaluation and return its id.',
  repository: 'YAML body only: source repository, kept with a recorded evaluation.',
  commit: 'YAML body only: source commit.',
  pipeline: 'YAML body only: source pipeline.',
});

export const EVALUATION_FILTER_PARAMETERS = zodQueryParameters(evaluationFilterSchema, {
  verdict: 'Only evaluations with this verdict.',
  namespace: 'Only evaluations with a workload in this namespace.',
  rule: 'Only evaluations with a finding of this rule (by name).',
  cluster: 'Only evaluations that named this cluster profile.',
  repository: 'Only evaluations from this source repository.',
  pipeline: 'Only evaluations from this pipeline.',
  since: 'Recorded at or after this time (ISO-8601 with zone).',
  until: 'Recorded before this time (ISO-8601 with zone).',
});
