// The fixed inputs of the examples the OpenAPI document shows: requests, rules, stored resources and problems.
// The engine's answers to them are computed from these (evaluation.ts, chatops.ts, admission.ts, impact.ts).
import type { ErrorCode, ProblemLocation } from '../../common/errors/app-error.js';
import { toProblem } from '../../common/errors/problem-details.js';

export const RULE_ID = '7d0b1f3c-5a4e-4c1b-9f6e-2b8d4a9c0e11';
export const EVALUATION_ID = '9b2f4e61-0c3a-4d8e-b7f5-1a6e2c9d4b80';

/** Two containers: one with a mutable tag and IfNotPresent (warn, with a JSON patch), one with `latest` (deny). */
export const EVALUATE_MANIFESTS =
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  namespace: prod-shop',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: app',
    '          image: nginx:1.27',
    '          imagePullPolicy: IfNotPresent',
    '        - name: log-shipper',
    '          image: busybox:latest',
  ].join('\n') + '\n';

/** Swagger UI's default: a "Try it out" evaluates without storing anything. */
export const EVALUATE_REQUEST = {
  manifests: EVALUATE_MANIFESTS,
  source: { repository: 'github.com/acme/shop', commit: '4f2c1e9', pipeline: 'deploy-prod' },
};

/** The same, recorded in the history (`why <id>`, trends, impact previews): the named example `recorded`. */
export const EVALUATE_RECORDED_REQUEST = { ...EVALUATE_REQUEST, record: true };

/** The two rules the evaluation example ran with. */
export const EVALUATION_RULES = [
  {
    name: 'no-latest-in-prod',
    description: 'Production workloads must not run images tagged latest or *-SNAPSHOT.',
    kind: 'disallowed-tags',
    params: {
      tags: ['latest', '*-SNAPSHOT'],
    },
    match: {
      namespaces: ['prod-*'],
    },
    enforcement: 'deny',
    severity: 'high',
  },
  {
    name: 'mutable-tags-pull-always',
    kind: 'mutable-tag-requires-always',
    params: { immutableTags: ['v*.*.*'] },
    enforcement: 'warn',
    severity: 'medium',
  },
];

export const CREATE_RULE_REQUEST = EVALUATION_RULES[0]!;

export const RULE = {
  id: '7d0b1f3c-5a4e-4c1b-9f6e-2b8d4a9c0e11',
  name: 'no-latest-in-prod',
  description: 'Production workloads must not run images tagged latest or *-SNAPSHOT.',
  kind: 'disallowed-tags',
  params: {
    tags: ['latest', '*-SNAPSHOT'],
  },
  match: {
    namespaces: ['prod-*'],
  },
  exclude: null,
  enforcement: 'deny',
  severity: 'high',
  enabled: true,
  version: 1,
  createdAt: '2026-11-02T09:14:07.512Z',
  updatedAt: '2026-11-02T09:14:07.512Z',
  createdBy: 'platform-team',
  updatedBy: 'platform-team',
};

export const EXCEPTION_REQUEST = {
  name: 'legacy-batch',
  rules: ['pin-digests'],
  match: { kinds: ['CronJob'] },
  justification: 'Vendor image only published by tag',
  owner: 'team-batch',
  ticket: 'OPS-1234',
  expiresAt: '2027-06-30T23:59:59Z',
};

export const EXCEPTION = {
  id: 'c9d52376-d6d9-4cc4-bb1b-81639d61b9db',
  name: 'legacy-batch',
  rules: ['pin-digests'],
  match: {
    kinds: ['CronJob'],
  },
  justification: 'Vendor image only published by tag',
  owner: 'team-batch',
  ticket: 'OPS-1234',
  expiresAt: '2027-06-30T23:59:59.000Z',
  expired: false,
  version: 1,
  createdAt: '2026-11-02T09:14:07.512Z',
  updatedAt: '2026-11-02T09:14:07.512Z',
  createdBy: 'team-batch',
  updatedBy: 'team-batch',
};

export const CLUSTER_REQUEST = {
  name: 'prod-eu',
  labels: { env: 'prod', region: 'eu-west-1' },
  admissionPlugins: ['AlwaysPullImages'],
  kubeletVersion: '1.34',
  credentialVerificationPolicy: 'NeverVerifyPreloadedImages',
  preloadedImages: ['registry.k8s.io/pause:3.10'],
};

export const CLUSTER = {
  id: '30c9588a-68bc-4812-9ee1-1be5a5e360e6',
  name: 'prod-eu',
  labels: {
    env: 'prod',
    region: 'eu-west-1',
  },
  admissionPlugins: ['AlwaysPullImages'],
  kubeletVersion: '1.34',
  credentialVerificationPolicy: 'NeverVerifyPreloadedImages',
  verificationAllowlist: [],
  preloadedImages: ['registry.k8s.io/pause:3.10'],
  podTemplatePaths: [],
  version: 1,
  createdAt: '2026-11-02T09:14:07.512Z',
  updatedAt: '2026-11-02T09:14:07.512Z',
  createdBy: 'platform-team',
  updatedBy: 'platform-team',
};

/** POST /v1/rules with three mistakes: every one is named. */
export const INVALID_RULE_REQUEST = {
  name: 'Bad Name',
  kind: 'pull-policy',
  params: { allowed: ['Sometimes'] },
  enforcement: 'block',
};

/** The request id the problem examples show (the id a caller sent as `X-Request-Id`, or a generated UUID). */
export const EXAMPLE_REQUEST_ID = 'ci-run-4711.step-3';

export const INVALID_RULE_PROBLEM = {
  type: 'urn:pullwise:problem:invalid-input',
  title: 'Invalid input',
  status: 400,
  detail:
    'The rule is not valid: name: "Bad Name" is not a valid name: use lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit (e.g. "require-digest-prod"); enforcement: "block" is not allowed; allowed values: deny, warn, audit; params.allowed[0]: "Sometimes" is not allowed; allowed values: Always, IfNotPresent, Never',
  errors: [
    {
      path: 'name',
      message:
        '"Bad Name" is not a valid name: use lowercase letters, digits, \'-\' and \'.\', starting and ending with a letter or digit (e.g. "require-digest-prod")',
    },
    {
      path: 'enforcement',
      message: '"block" is not allowed; allowed values: deny, warn, audit',
    },
    {
      path: 'params.allowed[0]',
      message: '"Sometimes" is not allowed; allowed values: Always, IfNotPresent, Never',
    },
  ],
  instance: '/v1/rules',
  requestId: EXAMPLE_REQUEST_ID,
};

export const UNSUPPORTED_MEDIA_TYPE_PROBLEM = {
  type: 'urn:pullwise:problem:unsupported-media-type',
  title: 'Unsupported media type',
  status: 415,
  detail: 'Content-Type "text/plain" is not supported; send application/json or application/yaml.',
  instance: '/v1/evaluations',
  errors: [{ path: 'Content-Type', message: '"text/plain" is not supported' }],
  requestId: EXAMPLE_REQUEST_ID,
};

export const UNREADABLE_MANIFESTS_PROBLEM = {
  type: 'urn:pullwise:problem:unreadable-manifests',
  title: 'Unreadable manifests',
  status: 422,
  detail: 'No Kubernetes object could be read from the input: its document has errors (listed in errors).',
  instance: '/v1/evaluations',
  errors: [
    {
      document: 0,
      path: null,
      line: 1,
      message: 'document 0 is a string: a Kubernetes object must be a mapping with apiVersion and kind',
    },
  ],
  requestId: EXAMPLE_REQUEST_ID,
};

/** A problem as the filter sends it (`instance` is the request path). */
export function problemExample(code: ErrorCode, detail: string, instance: string, errors: ProblemLocation[] = []) {
  return { ...toProblem(code, detail, errors), instance, requestId: EXAMPLE_REQUEST_ID };
}

/** What Slack posts for `/pullwise check nginx:1.27 in prod` (urlencoded; shown as its fields). */
export const SLACK_SLASH_COMMAND = {
  token: 'gIkuvaNzQIHg97ATvDxqgjtO',
  team_id: 'T0001',
  team_domain: 'acme',
  channel_id: 'C2147483705',
  channel_name: 'platform',
  user_id: 'U2147483697',
  user_name: 'alice',
  command: '/pullwise',
  text: 'check nginx:1.27 in prod',
  api_app_id: 'A0123456789',
  is_enterprise_install: 'false',
  response_url: 'https://hooks.slack.com/commands/T0001/1234/5678',
  trigger_id: '13345224609.738474920.8088930838d88f008e0',
};

/**
 * kubectl apply of a Pod in prod-shop (what the API server sends, trimmed of managedFields and the service-account
 * volume): app with a mutable tag and IfNotPresent, log-shipper with `latest` (defaulted to Always).
 */
export const ADMISSION_REVIEW = {
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  request: {
    uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
    kind: { group: '', version: 'v1', kind: 'Pod' },
    resource: { group: '', version: 'v1', resource: 'pods' },
    requestKind: { group: '', version: 'v1', kind: 'Pod' },
    requestResource: { group: '', version: 'v1', resource: 'pods' },
    name: 'web',
    namespace: 'prod-shop',
    operation: 'CREATE',
    userInfo: { username: 'alice@example.com', groups: ['platform', 'system:authenticated'] },
    object: {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web', namespace: 'prod-shop', labels: { app: 'web' } },
      spec: {
        containers: [
          {
            name: 'app',
            image: 'nginx:1.27',
            imagePullPolicy: 'IfNotPresent',
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
          {
            name: 'log-shipper',
            image: 'busybox:latest',
            imagePullPolicy: 'Always',
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
          },
        ],
        restartPolicy: 'Always',
        terminationGracePeriodSeconds: 30,
        dnsPolicy: 'ClusterFirst',
        serviceAccountName: 'default',
        schedulerName: 'default-scheduler',
        enableServiceLinks: true,
      },
      status: { phase: 'Pending' },
    },
    oldObject: null,
    dryRun: false,
    options: { kind: 'CreateOptions', apiVersion: 'meta.k8s.io/v1', fieldManager: 'kubectl-client-side-apply' },
  },
};

/** A set-pull-policy rule for the mutate example (Always in prod-* namespaces). */
export const ADMISSION_RULE = {
  name: 'prod-pull-always',
  kind: 'set-pull-policy',
  params: { policy: 'Always' },
  match: { namespaces: ['prod-*'] },
  enforcement: 'audit',
  severity: 'low',
};
