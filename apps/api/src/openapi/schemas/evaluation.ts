// The evaluation result as POST /v1/evaluations answers it (docs/design.md "The evaluation result"), from
// libs/policy/src/evaluation-result.ts and libs/k8s/src/types.ts. Field names are the contract.
import { ENGINE_ERROR_CODES, PULL_POLICIES } from '#k8s';
import { ENFORCEMENTS, SEVERITIES, SLOT_TYPES, VERDICTS } from '#policy';
import { type JsonSchema } from './json-schema.js';

export const PullPolicy = {
  type: 'string',
  enum: [...PULL_POLICIES],
  description: 'A container imagePullPolicy.',
} as const satisfies JsonSchema;

export const Verdict = {
  type: 'string',
  enum: [...VERDICTS],
  description:
    '`error` whenever `errors` is not empty (part of the input could not be judged), whatever the findings; else ' +
    '`fail` if an unwaived `deny` finding exists, else `warn` if an unwaived `warn` finding exists, else `pass`.',
} as const satisfies JsonSchema;

export const Enforcement = {
  type: 'string',
  enum: [...ENFORCEMENTS],
  description:
    '`deny` fails the evaluation, `warn` makes it `warn`, `audit` only records the finding (verdict unchanged).',
} as const satisfies JsonSchema;

export const Severity = {
  type: 'string',
  enum: [...SEVERITIES],
} as const satisfies JsonSchema;

export const SlotType = {
  type: 'string',
  enum: [...SLOT_TYPES],
  description: 'Where an image sits in a pod spec.',
} as const satisfies JsonSchema;

export const SlotImage = {
  type: 'object',
  description:
    'An image reference as Kubernetes parses it. `registry` is the normalised domain (`docker.io` for Docker Hub), ' +
    '`repository` the path (`library/nginx`); `tag` is `latest` when neither tag nor digest is written. A reference ' +
    'that does not parse has `error` set and the other parts null.',
  required: ['reference', 'registry', 'repository', 'tag', 'digest', 'error'],
  properties: {
    reference: { type: 'string', description: 'Exactly as written in the manifest.', examples: ['nginx:1.27'] },
    registry: { type: ['string', 'null'], examples: ['docker.io'] },
    repository: { type: ['string', 'null'], examples: ['library/nginx'] },
    tag: { type: ['string', 'null'], examples: ['1.27'] },
    digest: { type: ['string', 'null'], description: '`algorithm:hex`.', examples: ['sha256:e3b0c442…'] },
    error: {
      type: ['string', 'null'],
      description: "The parser's own wording, e.g. `invalid reference format`.",
    },
  },
} as const satisfies JsonSchema;

export const PullPolicyResolution = {
  type: 'object',
  description:
    'Declared (what the manifest says), default (what API-server defaulting gives) and effective (what the kubelet ' +
    'uses after admission) pull policy.',
  required: ['declared', 'default', 'effective', 'admittedBy', 'reasons'],
  properties: {
    declared: { oneOf: [{ $ref: '#/components/schemas/PullPolicy' }, { type: 'null' }] },
    default: { $ref: '#/components/schemas/PullPolicy' },
    effective: { $ref: '#/components/schemas/PullPolicy' },
    admittedBy: {
      type: ['string', 'null'],
      description: 'The admission plugin that set the effective policy (`AlwaysPullImages`), or null.',
    },
    reasons: { type: 'array', items: { type: 'string' }, description: 'How the effective policy came about.' },
  },
} as const satisfies JsonSchema;

export const KubeletEvent = {
  type: 'object',
  description:
    'An event the kubelet records, in its own words with the image as written; measured values are placeholders such as `<duration>` or `<bytes>`.',
  required: ['type', 'reason', 'message'],
  properties: {
    type: { type: 'string', enum: ['Normal', 'Warning'] },
    reason: { type: 'string', examples: ['Pulling', 'Pulled', 'ErrImageNeverPull'] },
    message: { type: 'string', examples: ['Pulling image "nginx:1.27"'] },
  },
} as const satisfies JsonSchema;

export const NodeOutcome = {
  type: 'object',
  description: "The kubelet's action in one node state.",
  required: ['action', 'contactsRegistry', 'reason', 'events'],
  properties: {
    action: { type: 'string', enum: ['pull', 'use-local', 'fail'] },
    contactsRegistry: { type: 'boolean' },
    reason: {
      type: ['string', 'null'],
      description: 'The container waiting reason (`ErrImageNeverPull`, `InvalidImageName`, …) or null.',
    },
    events: { type: 'array', items: { $ref: '#/components/schemas/KubeletEvent' } },
  },
} as const satisfies JsonSchema;

export const NodeBehaviour = {
  type: 'object',
  description: 'What the kubelet does with the effective policy, with the image absent from and present on the node.',
  required: ['imageAbsent', 'imagePresent', 'imagePresentUnverified', 'notes'],
  properties: {
    imageAbsent: { $ref: '#/components/schemas/NodeOutcome' },
    imagePresent: {
      $ref: '#/components/schemas/NodeOutcome',
      description:
        'The image is on the node and usable by this pod (preloaded, or pulled with credentials the pod holds).',
    },
    imagePresentUnverified: {
      oneOf: [{ $ref: '#/components/schemas/NodeOutcome' }, { type: 'null' }],
      description:
        'The kubelet pulled the image earlier with credentials this pod cannot prove; only when credential verification ' +
        'is active (KEP-2535), else null.',
    },
    notes: {
      type: 'array',
      items: { type: 'string' },
      description: 'Short notes: pull secrets, AlwaysPullImages/KEP-2535 interplay, version caveats.',
    },
  },
} as const satisfies JsonSchema;

export const JsonPatchOperation = {
  type: 'object',
  description: 'An RFC 6902 operation against the submitted document.',
  required: ['op', 'path'],
  properties: {
    op: { type: 'string', enum: ['add', 'replace', 'remove', 'test'] },
    path: {
      type: 'string',
      description: 'JSON Pointer.',
      examples: ['/spec/template/spec/containers/0/imagePullPolicy'],
    },
    value: { description: 'For add, replace and test.' },
  },
} as const satisfies JsonSchema;

export const Fix = {
  type: 'object',
  description: 'How to fix a finding: a patch at the exact path, a rewritten image reference, or an instruction.',
  required: ['description', 'document', 'patch', 'image'],
  properties: {
    description: { type: 'string' },
    document: { type: 'integer', minimum: 0, description: 'Index of the document the patch applies to.' },
    patch: { type: 'array', items: { $ref: '#/components/schemas/JsonPatchOperation' } },
    image: {
      type: ['string', 'null'],
      description: 'A rewritten image reference, when the fix is an image change (e.g. another registry).',
    },
  },
} as const satisfies JsonSchema;

const findingProperties = {
  rule: { type: 'string', description: 'Rule name.' },
  ruleId: { type: 'string', format: 'uuid' },
  ruleVersion: { type: 'integer', minimum: 1 },
  kind: { $ref: '#/components/schemas/RuleKind' },
  enforcement: { $ref: '#/components/schemas/Enforcement' },
  severity: { $ref: '#/components/schemas/Severity' },
  message: { type: 'string' },
  waived: { type: 'boolean', description: 'Waived findings do not count towards the verdict.' },
  waivedBy: { type: ['string', 'null'], description: 'Name of the exception that waives it.' },
  expiredWaiver: {
    type: ['string', 'null'],
    description: 'An exception that would have waived it but has expired (it waives nothing).',
  },
  fix: { oneOf: [{ $ref: '#/components/schemas/Fix' }, { type: 'null' }] },
  fixConflict: {
    description:
      "Present when another rule's fix patches the same path of this slot differently: that fix stays (unwaived before waived, then deny, warn, audit) and this finding's `fix` is null.",
    oneOf: [
      {
        type: 'object',
        required: ['rule', 'path'],
        properties: {
          rule: { type: 'string', description: 'The rule whose fix stays.' },
          path: { type: 'string', description: 'RFC 6901 pointer both fixes patch.' },
        },
      },
      { type: 'null' },
    ],
  },
} as const;
const findingRequired = [
  'rule',
  'ruleId',
  'ruleVersion',
  'kind',
  'enforcement',
  'severity',
  'message',
  'waived',
  'waivedBy',
  'fix',
] as const;

export const Finding = {
  type: 'object',
  description: 'One rule broken by one slot.',
  required: [...findingRequired],
  properties: findingProperties,
} as const satisfies JsonSchema;

export const LocatedFinding = {
  type: 'object',
  description: 'A finding with where it is: the same fields as Finding plus document, workload, slot, namespace, line.',
  required: [...findingRequired, 'document', 'workload', 'slot', 'namespace', 'line'],
  properties: {
    ...findingProperties,
    document: { type: 'integer', minimum: 0 },
    workload: { type: 'string', description: '`Kind/name`.', examples: ['Deployment/web'] },
    slot: {
      type: 'string',
      description: 'Slot path within the document.',
      examples: ['spec.template.spec.containers[0]'],
    },
    namespace: { type: 'string' },
    line: { type: 'integer', minimum: 1 },
  },
} as const satisfies JsonSchema;

export const SlotResult = {
  type: 'object',
  required: ['name', 'type', 'path', 'line', 'image', 'pullPolicy', 'node', 'findings'],
  properties: {
    name: { type: 'string', description: 'Container or volume name.' },
    type: { $ref: '#/components/schemas/SlotType' },
    path: { type: 'string', examples: ['spec.template.spec.containers[0]'] },
    line: { type: 'integer', minimum: 1, description: '1-based line in the submitted text.' },
    image: { $ref: '#/components/schemas/SlotImage' },
    pullPolicy: { $ref: '#/components/schemas/PullPolicyResolution' },
    node: { $ref: '#/components/schemas/NodeBehaviour' },
    findings: { type: 'array', items: { $ref: '#/components/schemas/Finding' } },
  },
} as const satisfies JsonSchema;

export const WorkloadResult = {
  type: 'object',
  description: 'A manifest document that carries a pod spec (Pod, Deployment, …, CronJob, PodTemplate).',
  required: ['document', 'kind', 'name', 'namespace', 'line', 'slots'],
  properties: {
    document: { type: 'integer', minimum: 0, description: '0-based index in the stream (List items unwrapped).' },
    kind: { type: 'string' },
    name: { type: 'string' },
    namespace: { type: 'string' },
    line: { type: 'integer', minimum: 1 },
    slots: { type: 'array', items: { $ref: '#/components/schemas/SlotResult' } },
  },
} as const satisfies JsonSchema;

export const FindingCounts = {
  type: 'object',
  description: 'Unwaived findings by enforcement, and waived findings.',
  required: ['deny', 'warn', 'audit', 'waived'],
  properties: {
    deny: { type: 'integer', minimum: 0 },
    warn: { type: 'integer', minimum: 0 },
    audit: { type: 'integer', minimum: 0 },
    waived: { type: 'integer', minimum: 0 },
  },
} as const satisfies JsonSchema;

export const EvaluationSummary = {
  type: 'object',
  description: 'Documents read (workloads and others), workloads, image slots, findings.',
  required: ['documents', 'workloads', 'slots', 'findings'],
  properties: {
    documents: { type: 'integer', minimum: 0 },
    workloads: { type: 'integer', minimum: 0 },
    slots: { type: 'integer', minimum: 0 },
    findings: { $ref: '#/components/schemas/FindingCounts' },
  },
} as const satisfies JsonSchema;

export const EvaluationError = {
  type: 'object',
  description:
    'A document that could not be read, or an object the API server would refuse; the others are still evaluated ' +
    'and the verdict is `error`.',
  required: ['document', 'path', 'line', 'message'],
  properties: {
    code: {
      type: 'string',
      enum: ENGINE_ERROR_CODES,
      description:
        'What kind of problem it is; branch on this, not on `message` (worded for people). Absent in results ' +
        'recorded before errors carried a code.',
    },
    document: { type: ['integer', 'null'], minimum: 0 },
    path: { type: ['string', 'null'] },
    line: { type: ['integer', 'null'], minimum: 1 },
    message: { type: 'string' },
  },
} as const satisfies JsonSchema;

export const SkippedResource = {
  type: 'object',
  description:
    'An object that was read but not evaluated although it holds image-like fields (a custom resource whose pod ' +
    'templates pullwise does not know). Listed so nobody believes it was checked; it does not change the verdict.',
  required: ['document', 'apiVersion', 'kind', 'name', 'reason', 'imagePaths'],
  properties: {
    document: { type: 'integer', minimum: 0 },
    apiVersion: { type: ['string', 'null'] },
    kind: { type: ['string', 'null'] },
    name: { type: ['string', 'null'] },
    reason: { type: 'string', description: 'Why it was not evaluated, and how to make pullwise read it.' },
    imagePaths: {
      type: 'array',
      items: { type: 'string' },
      description: 'Field paths of the image-like values found, e.g. `spec.runner.image`.',
    },
  },
} as const satisfies JsonSchema;

export const EvaluatedRule = {
  type: 'object',
  description:
    'A rule the evaluation ran (enabled and valid), with or without findings. JUnit has one test case per workload ' +
    'and rule of this list, SARIF lists them as the driver rules, PolicyReport passes them per workload.',
  required: ['id', 'name', 'kind', 'version', 'enforcement', 'severity', 'description'],
  properties: {
    id: { type: 'string' },
    name: { type: 'string' },
    kind: { type: 'string' },
    version: { type: 'integer', minimum: 1 },
    enforcement: { $ref: '#/components/schemas/Enforcement' },
    severity: { $ref: '#/components/schemas/Severity' },
    description: { type: ['string', 'null'] },
  },
} as const satisfies JsonSchema;

export const EvaluationResult = {
  type: 'object',
  description:
    'Per-workload, per-slot results, the findings, the verdict. `id` is set when the evaluation was recorded ' +
    '(`record: true`), else null.',
  required: ['id', 'verdict', 'summary', 'workloads', 'findings', 'errors', 'skipped', 'rules', 'assumptions'],
  properties: {
    id: { type: ['string', 'null'], format: 'uuid' },
    verdict: { $ref: '#/components/schemas/Verdict' },
    summary: { $ref: '#/components/schemas/EvaluationSummary' },
    workloads: { type: 'array', items: { $ref: '#/components/schemas/WorkloadResult' } },
    findings: { type: 'array', items: { $ref: '#/components/schemas/LocatedFinding' } },
    errors: { type: 'array', items: { $ref: '#/components/schemas/EvaluationError' } },
    skipped: { type: 'array', items: { $ref: '#/components/schemas/SkippedResource' } },
    rules: { type: 'array', items: { $ref: '#/components/schemas/EvaluatedRule' } },
    assumptions: {
      type: 'array',
      items: { type: 'string' },
      description: 'Facts the answers assumed (kubelet version, feature gates, verification policy).',
    },
  },
} as const satisfies JsonSchema;

export const EffectivePolicyAnswer = {
  type: 'object',
  description: 'The answer for one image in one namespace (as a single-container Pod), with the same shapes as a slot.',
  required: ['image', 'pullPolicy', 'node', 'findings', 'namespace', 'assumptions'],
  properties: {
    image: { $ref: '#/components/schemas/SlotImage' },
    pullPolicy: { $ref: '#/components/schemas/PullPolicyResolution' },
    node: { $ref: '#/components/schemas/NodeBehaviour' },
    findings: { type: 'array', items: { $ref: '#/components/schemas/Finding' } },
    namespace: { type: 'string' },
    assumptions: { type: 'array', items: { type: 'string' } },
  },
} as const satisfies JsonSchema;
