// The OpenAPI description of policy as code (apps/api/src/openapi/openapi.ts explains the pattern).
import { ApiHeader, ApiOkResponse, ApiOperation, ApiResponse, ApiTags, type HeaderObject } from '@nestjs/swagger';
import { BUNDLE_SCHEMA_PATH, admissionPoliciesYaml, compileAdmissionPolicies } from '#policy';
import {
  ApiDocs,
  ApiProblems,
  ApiQueries,
  examples,
  jsonContent,
  queryParameter,
  routeInstance,
  schema,
} from '../openapi/decorators.js';
import {
  INVALID_POLICY_BUNDLE_YAML,
  POLICY_APPLY_RESULT,
  POLICY_BUNDLE,
  POLICY_BUNDLE_YAML,
  POLICY_EXPORT,
  POLICY_EXPORT_YAML,
  POLICY_PLAN,
  invalidPolicyBundleProblem,
  problemExample,
} from '../openapi/examples.js';

const YAML_TYPE = 'application/yaml';

const PRUNE = queryParameter(
  'prune',
  { type: 'boolean', default: false },
  {
    description:
      'Delete every rule, exception and cluster profile the bundle does not name (a missing list counts as ' +
      'empty). Without it they are kept, and the plan lists them as `unchanged` and `unmanaged`.',
  },
);

const POLICY_ETAG = (what: string): HeaderObject => ({
  description: `${what}, in double quotes (\`"7"\`): send it as If-Match to apply only to that version.`,
  schema: { type: 'string', pattern: '^"[0-9]+"$', examples: ['"7"'] },
});

/** A bundle, as JSON (PolicyBundle) or as the YAML text kept in git. */
const BUNDLE_BODY = {
  required: true,
  description:
    `A policy bundle, JSON or YAML (\`Content-Type: ${YAML_TYPE}\`; also \`application/x-yaml\`, \`text/yaml\`, ` +
    `\`text/x-yaml\`): one document, whose JSON Schema is served at \`GET ${BUNDLE_SCHEMA_PATH}\`. Problems in YAML ` +
    'name their line.',
  content: {
    'application/json': {
      schema: schema('PolicyBundle'),
      examples: examples({ bundle: { summary: 'The export, edited', value: POLICY_BUNDLE } }),
    },
    [YAML_TYPE]: {
      schema: { type: 'string', description: 'The bundle as YAML text (a PolicyBundle).' },
      examples: examples({ bundle: { summary: 'The same bundle as YAML', value: POLICY_BUNDLE_YAML } }),
    },
  },
};

/** The 400 of plan and apply: an invalid bundle, every problem named by its path and line. */
const INVALID_BUNDLE = (extra: string) => ({
  description:
    'The bundle is not valid (every problem is named by its path, `rules[3].params.tags`, and in YAML its line), ' +
    `\`prune\` is not true or false${extra}. Nothing was changed.`,
  examples: {
    'invalid-bundle': {
      summary: 'Every problem named, with its line',
      description: `The answer to this YAML body:\n\n\`\`\`yaml\n${INVALID_POLICY_BUNDLE_YAML}\`\`\``,
      value: invalidPolicyBundleProblem(routeInstance()),
    },
  },
});

const NOT_ACCEPTABLE = 'Accept rules out JSON (the answer is always `application/json`).';
const TOO_LARGE = 'The body is larger than the configured limit (PULLWISE_BODY_LIMIT).';
const UNSUPPORTED = 'The body is neither JSON nor YAML.';

/** A small export, computed by the compiler itself: one deny rule for a profile without a node inventory. */
const ADMISSION_LIST = compileAdmissionPolicies({
  rules: [
    {
      id: 'example',
      version: 1,
      name: 'no-latest',
      kind: 'disallowed-tags',
      params: { tags: ['latest'] },
      enforcement: 'deny',
      severity: 'high',
      enabled: true,
    },
    {
      id: 'example-2',
      version: 1,
      name: 'explicit-pull-policy',
      kind: 'explicit-pull-policy',
      params: {},
      enforcement: 'warn',
      severity: 'low',
      enabled: true,
    },
  ],
  exceptions: [],
  cluster: { name: 'prod-eu', preloadedImages: [], hasNodeInventory: false },
  now: new Date('2026-12-07T00:00:00Z'),
}).list;

export const PolicyDocs = {
  controller: ApiTags('Policy as code') as ClassDecorator,
  admissionPolicies: ApiDocs(
    ApiOperation({
      operationId: 'exportAdmissionPolicies',
      summary: 'The rules as native Kubernetes admission policies for one cluster',
      description:
        'A `List` of `admissionregistration.k8s.io/v1` objects that enforce the stored rules and exceptions inside ' +
        'the API server, with no webhook in the Pod-creation path: a ValidatingAdmissionPolicy and binding per rule ' +
        '(validation actions Deny, Warn or Audit from its enforcement), a MutatingAdmissionPolicy and binding per ' +
        'pod-spec location for `set-pull-policy` rules (Kubernetes 1.36+). Rules CEL cannot express faithfully are ' +
        'listed with the reason in the `pullwise.io/not-exported` annotation (a JSON array of `{rule, reason}`). ' +
        'Expired exceptions are not exported; `pullwise.io/expires` on a policy says when to export again. YAML by ' +
        'default, JSON with `Accept: application/json`.',
    }),
    ApiQueries([
      queryParameter(
        'cluster',
        { type: 'string' },
        { required: true, description: 'The cluster profile to export for.' },
      ),
    ]),
    ApiOkResponse({
      description: 'The objects, ready for `kubectl apply -f -`.',
      content: {
        [YAML_TYPE]: {
          schema: { type: 'string', description: 'A v1 List as YAML.' },
          examples: examples({
            list: { summary: 'One rule exported, one not', value: admissionPoliciesYaml(ADMISSION_LIST) },
          }),
        },
        'application/json': {
          schema: { type: 'object', description: 'The same List as JSON.' },
          examples: examples({ list: { summary: 'One rule exported, one not', value: ADMISSION_LIST } }),
        },
      },
    }),
    ApiProblems({
      400: '`cluster` is missing, or an unknown query parameter was sent.',
      404: 'No cluster profile has that name.',
      406: 'Accept rules out YAML and JSON.',
    }),
  ),
  export: ApiDocs(
    ApiOperation({
      operationId: 'exportPolicy',
      summary: 'Export the whole policy as a bundle',
      description:
        'Rules, exceptions and cluster profiles (without node inventories) as one PolicyBundle, JSON or YAML by ' +
        '`Accept` (`application/json`, the default, or `application/yaml`), sorted by name in a fixed field order: ' +
        'exporting an unchanged policy gives the same bytes. `metadata.policyVersion` and the ETag are the policy ' +
        `version it was read at. The YAML starts with \`# yaml-language-server: $schema=<server>${BUNDLE_SCHEMA_PATH}\` ` +
        'and the JSON carries `$schema`, so editors complete and check the file.',
    }),
    ApiOkResponse({
      description: 'The bundle, in the media type Accept prefers.',
      headers: {
        ETag: POLICY_ETAG('The policy version the bundle was read at'),
        Vary: {
          description: 'The representation depends on Accept.',
          schema: { type: 'string', examples: ['Accept'] },
        },
      },
      content: {
        'application/json': {
          schema: schema('PolicyBundle'),
          examples: examples({ bundle: { summary: 'The policy at version 7', value: POLICY_EXPORT } }),
        },
        [YAML_TYPE]: {
          schema: { type: 'string', description: 'The bundle as YAML text (a PolicyBundle).' },
          examples: examples({ bundle: { summary: 'The same, as YAML', value: POLICY_EXPORT_YAML } }),
        },
      },
    }),
    ApiResponse({
      status: 304,
      description: 'If-None-Match names the current policy version: the bundle has not changed since.',
    }),
    ApiProblems({ 406: 'Accept rules out both JSON and YAML.' }),
  ),
  plan: ApiDocs(
    ApiOperation({
      operationId: 'planPolicy',
      summary: 'Plan a policy bundle',
      description:
        'What applying the bundle would change, object by object, compared on meaning (defaults, key order and ' +
        'equivalent spellings are no change). Writes nothing. Every entry is validated as its create body is ' +
        '(POST /v1/rules, /v1/exceptions, /v1/clusters), exceptions must have a name, names are unique per list, ' +
        "and an exception's rules must exist after the apply. Send the answer's `policyVersion` as If-Match to " +
        'apply exactly this plan.',
      requestBody: BUNDLE_BODY,
    }),
    ApiQueries([
      PRUNE,
      queryParameter(
        'impact',
        { type: 'integer', minimum: 1, maximum: 1000 },
        {
          description:
            'Replay the last N recorded evaluations under each created or updated rule (`impact` of its change, as ' +
            'POST /v1/rules/impact answers).',
        },
      ),
    ]),
    ApiOkResponse({
      description: 'The plan.',
      content: jsonContent('PolicyPlan', examples({ plan: { summary: 'The edited export', value: POLICY_PLAN } })),
    }),
    ApiProblems({
      400: INVALID_BUNDLE(', or `impact` is not an integer from 1 to 1000'),
      406: NOT_ACCEPTABLE,
      413: TOO_LARGE,
      415: UNSUPPORTED,
    }),
  ),
  apply: ApiDocs(
    ApiOperation({
      operationId: 'applyPolicy',
      summary: 'Apply a policy bundle',
      description:
        'Carries out the plan in one transaction (all or nothing, one policy version); each change writes its ' +
        'version and an audit event naming the bundle digest. Applying the same bundle again changes nothing ' +
        '(`applied: false`, no new version). Send If-Match with the `policyVersion` of the plan you reviewed (or ' +
        'the ETag of the export you edited): the apply is refused with 412 if the policy changed since.',
      requestBody: BUNDLE_BODY,
    }),
    ApiQueries([PRUNE]),
    ApiHeader({
      name: 'If-Match',
      required: false,
      description:
        'The policy version the plan or export was made at, in double quotes as the ETag gives it (`"7"`; weak ' +
        '`W/"7"` is read the same). Absent or `*`: no precondition.',
      schema: { type: 'string', pattern: '^(\\*|(W/)?"[0-9]{1,15}")$', examples: ['"7"'] },
    }),
    ApiOkResponse({
      description: 'The plan as carried out, with the policy version after it.',
      headers: { ETag: POLICY_ETAG('The policy version after the apply') },
      content: jsonContent(
        'PolicyApplyResult',
        examples({ applied: { summary: 'The edited export, applied with If-Match: "7"', value: POLICY_APPLY_RESULT } }),
      ),
    }),
    ApiProblems({
      400: INVALID_BUNDLE(', or If-Match is not a policy version in double quotes'),
      406: NOT_ACCEPTABLE,
      409: 'A change conflicts with the store (e.g. a cluster profile in use would be deleted), or another change to the policy ran at the same time; nothing was changed.',
      412: {
        description: 'If-Match names a policy version that is no longer current: plan again and review the changes.',
        examples: examples({
          stale: {
            summary: 'The policy moved on since the plan',
            value: problemExample(
              'precondition-failed',
              'the policy is at version 8, not 7: it changed since that plan or export; plan again and review the changes',
              routeInstance(),
              [{ path: 'If-Match', message: 'the current policy version is 8' }],
            ),
          },
        }),
      },
      413: TOO_LARGE,
      415: UNSUPPORTED,
    }),
  ),
};
