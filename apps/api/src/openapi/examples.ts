// Example requests and responses shown in the document. They are real: produced by the application for the
// requests below (ids and times fixed), and test/openapi.e2e-spec.ts validates every example against its schema and
// replays the requests against a booted app. Regenerate them when the behaviour they show changes.
import type { ErrorCode, ProblemLocation } from '../common/errors/app-error.js';
import { toProblem } from '../common/errors/problem-details.js';

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

export const EFFECTIVE_POLICY = {
  image: {
    reference: 'nginx:1.27',
    registry: 'docker.io',
    repository: 'library/nginx',
    tag: '1.27',
    digest: null,
    error: null,
  },
  pullPolicy: {
    declared: null,
    default: 'IfNotPresent',
    effective: 'IfNotPresent',
    admittedBy: null,
    reasons: [
      'imagePullPolicy is not set; Kubernetes defaults it to IfNotPresent because the tag is "1.27", not "latest" (SetDefaults_Container, pkg/apis/core/v1/defaults.go)',
      'no enabled admission plugin changes it, so the kubelet uses IfNotPresent',
    ],
  },
  node: {
    imageAbsent: {
      action: 'pull',
      contactsRegistry: true,
      reason: null,
      events: [
        {
          type: 'Normal',
          reason: 'Pulling',
          message: 'Pulling image "nginx:1.27"',
        },
        {
          type: 'Normal',
          reason: 'Pulled',
          message:
            'Successfully pulled image "nginx:1.27" in <duration> (<duration> including waiting). Image size: <bytes> bytes.',
        },
      ],
    },
    imagePresent: {
      action: 'use-local',
      contactsRegistry: false,
      reason: null,
      events: [
        {
          type: 'Normal',
          reason: 'Pulled',
          message: 'Container image "nginx:1.27" already present on machine and can be accessed by the pod',
        },
      ],
    },
    imagePresentUnverified: {
      action: 'pull',
      contactsRegistry: true,
      reason: null,
      events: [
        {
          type: 'Normal',
          reason: 'Pulling',
          message: 'Pulling image "nginx:1.27"',
        },
        {
          type: 'Normal',
          reason: 'Pulled',
          message:
            'Successfully pulled image "nginx:1.27" in <duration> (<duration> including waiting). Image size: <bytes> bytes.',
        },
      ],
    },
    notes: [
      "KEP-2535 (NeverVerifyPreloadedImages): a cached image that the kubelet pulled with credentials this pod cannot prove is pulled again with the pod's own credentials. Images without pull records (preloaded, or pulled before the gate was on or the node was upgraded) stay usable by every pod until garbage-collected.",
      'The pod lists no imagePullSecrets: pulls from docker.io use node credentials (config.json, credential-provider plugins) or go anonymous, and fail with ErrImagePull if the image is private — unless the ServiceAccount has imagePullSecrets, which ServiceAccount admission copies into Pods that list none, at creation only.',
      'A failed pull is retried with back-off per pod and image: 10 s, doubling up to 300 s; the container alternates between ErrImagePull and ImagePullBackOff, and the ImagePullBackOff message repeats the last pull error.',
    ],
  },
  findings: [
    {
      rule: 'pin-digests',
      ruleId: '5c81d2e4-6a9b-4f3d-8e27-0b4a9f1c6d52',
      ruleVersion: 1,
      kind: 'require-digest',
      enforcement: 'warn',
      severity: 'medium',
      message:
        'nginx:1.27 uses tag "1.27" without a digest; the registry can point the tag at different content, so the image must be pinned by digest',
      waived: false,
      waivedBy: null,
      fix: {
        description:
          'pin the digest: replace "nginx:1.27" with "docker.io/library/nginx:1.27@sha256:<digest>", where <digest> is the manifest digest "docker.io/library/nginx:1.27" points to now (e.g. `crane digest docker.io/library/nginx:1.27` or `docker buildx imagetools inspect docker.io/library/nginx:1.27`)',
        document: 0,
        patch: [],
        image: null,
      },
    },
  ],
  namespace: 'prod-shop',
  assumptions: [
    'kubelet 1.37 (the newest modelled; name kubeletVersion to change it)',
    'KubeletEnsureSecretPulledImages on, imagePullCredentialsVerificationPolicy NeverVerifyPreloadedImages',
  ],
};

export const EVALUATION_RESULT = {
  id: '9b2f4e61-0c3a-4d8e-b7f5-1a6e2c9d4b80',
  verdict: 'fail',
  summary: {
    documents: 1,
    workloads: 1,
    slots: 2,
    findings: {
      deny: 1,
      warn: 1,
      audit: 0,
      waived: 0,
    },
  },
  workloads: [
    {
      document: 0,
      kind: 'Deployment',
      name: 'web',
      namespace: 'prod-shop',
      line: 1,
      slots: [
        {
          name: 'app',
          type: 'container',
          path: 'spec.template.spec.containers[0]',
          line: 10,
          image: {
            reference: 'nginx:1.27',
            registry: 'docker.io',
            repository: 'library/nginx',
            tag: '1.27',
            digest: null,
            error: null,
          },
          pullPolicy: {
            declared: 'IfNotPresent',
            default: 'IfNotPresent',
            effective: 'IfNotPresent',
            admittedBy: null,
            reasons: [
              'imagePullPolicy is set to IfNotPresent in the manifest; defaulting only fills an empty field, so it is kept',
              'no enabled admission plugin changes it, so the kubelet uses IfNotPresent',
            ],
          },
          node: {
            imageAbsent: {
              action: 'pull',
              contactsRegistry: true,
              reason: null,
              events: [
                {
                  type: 'Normal',
                  reason: 'Pulling',
                  message: 'Pulling image "nginx:1.27"',
                },
                {
                  type: 'Normal',
                  reason: 'Pulled',
                  message:
                    'Successfully pulled image "nginx:1.27" in <duration> (<duration> including waiting). Image size: <bytes> bytes.',
                },
              ],
            },
            imagePresent: {
              action: 'use-local',
              contactsRegistry: false,
              reason: null,
              events: [
                {
                  type: 'Normal',
                  reason: 'Pulled',
                  message: 'Container image "nginx:1.27" already present on machine and can be accessed by the pod',
                },
              ],
            },
            imagePresentUnverified: {
              action: 'pull',
              contactsRegistry: true,
              reason: null,
              events: [
                {
                  type: 'Normal',
                  reason: 'Pulling',
                  message: 'Pulling image "nginx:1.27"',
                },
                {
                  type: 'Normal',
                  reason: 'Pulled',
                  message:
                    'Successfully pulled image "nginx:1.27" in <duration> (<duration> including waiting). Image size: <bytes> bytes.',
                },
              ],
            },
            notes: [
              "KEP-2535 (NeverVerifyPreloadedImages): a cached image that the kubelet pulled with credentials this pod cannot prove is pulled again with the pod's own credentials. Images without pull records (preloaded, or pulled before the gate was on or the node was upgraded) stay usable by every pod until garbage-collected.",
              'The pod lists no imagePullSecrets: pulls from docker.io use node credentials (config.json, credential-provider plugins) or go anonymous, and fail with ErrImagePull if the image is private — unless the ServiceAccount has imagePullSecrets, which ServiceAccount admission copies into Pods that list none, at creation only.',
              'A failed pull is retried with back-off per pod and image: 10 s, doubling up to 300 s; the container alternates between ErrImagePull and ImagePullBackOff, and the ImagePullBackOff message repeats the last pull error.',
            ],
          },
          findings: [
            {
              rule: 'mutable-tags-pull-always',
              ruleId: '3e9a6c2d-8b1f-4e07-a5d4-6f0c1b2e9a73',
              ruleVersion: 1,
              kind: 'mutable-tag-requires-always',
              enforcement: 'warn',
              severity: 'medium',
              message:
                'nginx:1.27 uses tag "1.27" without a digest and its effective imagePullPolicy is IfNotPresent (set in the manifest); mutable tags must be pulled with Always',
              waived: false,
              waivedBy: null,
              fix: {
                description:
                  'set imagePullPolicy: Always, or pin the image by digest (docker.io/library/nginx:1.27@sha256:<digest>)',
                document: 0,
                patch: [
                  {
                    op: 'replace',
                    path: '/spec/template/spec/containers/0/imagePullPolicy',
                    value: 'Always',
                  },
                ],
                image: null,
              },
            },
          ],
        },
        {
          name: 'log-shipper',
          type: 'container',
          path: 'spec.template.spec.containers[1]',
          line: 13,
          image: {
            reference: 'busybox:latest',
            registry: 'docker.io',
            repository: 'library/busybox',
            tag: 'latest',
            digest: null,
            error: null,
          },
          pullPolicy: {
            declared: null,
            default: 'Always',
            effective: 'Always',
            admittedBy: null,
            reasons: [
              'imagePullPolicy is not set; Kubernetes defaults it to Always because the tag is "latest"',
              'no enabled admission plugin changes it, so the kubelet uses Always',
            ],
          },
          node: {
            imageAbsent: {
              action: 'pull',
              contactsRegistry: true,
              reason: null,
              events: [
                {
                  type: 'Normal',
                  reason: 'Pulling',
                  message: 'Pulling image "busybox:latest"',
                },
                {
                  type: 'Normal',
                  reason: 'Pulled',
                  message:
                    'Successfully pulled image "busybox:latest" in <duration> (<duration> including waiting). Image size: <bytes> bytes.',
                },
              ],
            },
            imagePresent: {
              action: 'pull',
              contactsRegistry: true,
              reason: null,
              events: [
                {
                  type: 'Normal',
                  reason: 'Pulling',
                  message: 'Pulling image "busybox:latest"',
                },
                {
                  type: 'Normal',
                  reason: 'Pulled',
                  message:
                    'Successfully pulled image "busybox:latest" in <duration> (<duration> including waiting). Image size: <bytes> bytes.',
                },
              ],
            },
            imagePresentUnverified: {
              action: 'pull',
              contactsRegistry: true,
              reason: null,
              events: [
                {
                  type: 'Normal',
                  reason: 'Pulling',
                  message: 'Pulling image "busybox:latest"',
                },
                {
                  type: 'Normal',
                  reason: 'Pulled',
                  message:
                    'Successfully pulled image "busybox:latest" in <duration> (<duration> including waiting). Image size: <bytes> bytes.',
                },
              ],
            },
            notes: [
              'Always asks the container runtime to pull on every container start and restart (image_manager.go, EnsureImageExists): if the registry is down or the credentials are revoked, the container cannot start or restart (ErrImagePull, then ImagePullBackOff) even though the image is cached.',
              'KubeletEnsureSecretPulledImages is on (NeverVerifyPreloadedImages): the kubelet itself checks credentials for cached images under IfNotPresent and Never (KEP-2535), so forcing Always, for example with AlwaysPullImages, is no longer needed to stop pods from using private images pulled by other tenants.',
              'The pod lists no imagePullSecrets: pulls from docker.io use node credentials (config.json, credential-provider plugins) or go anonymous, and fail with ErrImagePull if the image is private — unless the ServiceAccount has imagePullSecrets, which ServiceAccount admission copies into Pods that list none, at creation only.',
              'A failed pull is retried with back-off per pod and image: 10 s, doubling up to 300 s; the container alternates between ErrImagePull and ImagePullBackOff, and the ImagePullBackOff message repeats the last pull error.',
            ],
          },
          findings: [
            {
              rule: 'no-latest-in-prod',
              ruleId: '7d0b1f3c-5a4e-4c1b-9f6e-2b8d4a9c0e11',
              ruleVersion: 1,
              kind: 'disallowed-tags',
              enforcement: 'deny',
              severity: 'high',
              message: 'busybox:latest uses tag "latest", which is disallowed',
              waived: false,
              waivedBy: null,
              fix: {
                description:
                  'use a specific version tag that this rule allows, or pin the image by digest (docker.io/library/busybox:latest@sha256:<digest>)',
                document: 0,
                patch: [],
                image: null,
              },
            },
          ],
        },
      ],
    },
  ],
  findings: [
    {
      rule: 'mutable-tags-pull-always',
      ruleId: '3e9a6c2d-8b1f-4e07-a5d4-6f0c1b2e9a73',
      ruleVersion: 1,
      kind: 'mutable-tag-requires-always',
      enforcement: 'warn',
      severity: 'medium',
      message:
        'nginx:1.27 uses tag "1.27" without a digest and its effective imagePullPolicy is IfNotPresent (set in the manifest); mutable tags must be pulled with Always',
      waived: false,
      waivedBy: null,
      fix: {
        description:
          'set imagePullPolicy: Always, or pin the image by digest (docker.io/library/nginx:1.27@sha256:<digest>)',
        document: 0,
        patch: [
          {
            op: 'replace',
            path: '/spec/template/spec/containers/0/imagePullPolicy',
            value: 'Always',
          },
        ],
        image: null,
      },
      document: 0,
      workload: 'Deployment/web',
      slot: 'spec.template.spec.containers[0]',
      namespace: 'prod-shop',
      line: 10,
    },
    {
      rule: 'no-latest-in-prod',
      ruleId: '7d0b1f3c-5a4e-4c1b-9f6e-2b8d4a9c0e11',
      ruleVersion: 1,
      kind: 'disallowed-tags',
      enforcement: 'deny',
      severity: 'high',
      message: 'busybox:latest uses tag "latest", which is disallowed',
      waived: false,
      waivedBy: null,
      fix: {
        description:
          'use a specific version tag that this rule allows, or pin the image by digest (docker.io/library/busybox:latest@sha256:<digest>)',
        document: 0,
        patch: [],
        image: null,
      },
      document: 0,
      workload: 'Deployment/web',
      slot: 'spec.template.spec.containers[1]',
      namespace: 'prod-shop',
      line: 13,
    },
  ],
  errors: [],
  skipped: [],
  rules: [
    {
      id: '3e9a6c2d-8b1f-4e07-a5d4-6f0c1b2e9a73',
      name: 'mutable-tags-pull-always',
      kind: 'mutable-tag-requires-always',
      version: 1,
      enforcement: 'warn',
      severity: 'medium',
      description: null,
    },
    {
      id: RULE_ID,
      name: 'no-latest-in-prod',
      kind: 'disallowed-tags',
      version: 1,
      enforcement: 'deny',
      severity: 'high',
      description: 'Production workloads must not run images tagged latest or *-SNAPSHOT.',
    },
  ],
  assumptions: [
    'kubelet 1.37 (the newest modelled; name kubeletVersion to change it)',
    'KubeletEnsureSecretPulledImages on, imagePullCredentialsVerificationPolicy NeverVerifyPreloadedImages',
  ],
};

/** POST /v1/rules/impact for CREATE_RULE_REQUEST over four recorded evaluations. */
export const IMPACT_REPORT = {
  rule: 'no-latest-in-prod',
  replaces: null,
  evaluated: 4,
  flipped: 2,
  summary: 'this change flips 2 of the last 4 evaluations',
  byTransition: {
    'warn->fail': 1,
    'pass->fail': 1,
  },
  evaluations: [
    {
      id: 'e1a4c7d2-3b6f-4e89-a0c5-7d2e9f1b4a63',
      createdAt: '2026-11-02T08:41:12.907Z',
      source: {
        repository: 'github.com/acme/pay',
        commit: 'a1b2c3d',
        pipeline: 'deploy',
      },
      cluster: null,
      before: 'warn',
      after: 'fail',
      addedFindings: 1,
      removedFindings: 0,
    },
    {
      id: 'f28b5d13-4c7a-4f9e-b1d6-8e3fa02c5b74',
      createdAt: '2026-11-02T08:39:55.318Z',
      source: {
        repository: 'github.com/acme/api',
        commit: 'a1b2c3d',
        pipeline: 'deploy',
      },
      cluster: null,
      before: 'pass',
      after: 'fail',
      addedFindings: 1,
      removedFindings: 0,
    },
  ],
  skipped: [],
};

/** The example evaluation as a recorded-evaluation summary (GET /v1/evaluations). */
export const EVALUATION_RECORD_SUMMARY = {
  id: EVALUATION_ID,
  createdAt: '2026-11-02T09:15:31.204Z',
  verdict: 'fail',
  cluster: null,
  namespaces: ['prod-shop'],
  source: EVALUATE_REQUEST.source,
  summary: EVALUATION_RESULT.summary,
  ruleVersions: [
    { id: EVALUATION_RESULT.findings[0]!.ruleId, name: 'mutable-tags-pull-always', version: 1 },
    { id: RULE_ID, name: 'no-latest-in-prod', version: 1 },
  ],
  createdBy: 'anonymous',
};

export const RECORDED_EVALUATION = { ...EVALUATION_RECORD_SUMMARY, result: EVALUATION_RESULT, context: {} };

/** The example evaluation with ?format=markdown&path=deploy/web.yaml. */
export const MARKDOWN_REPORT =
  '## pullwise: FAIL\n\nSource `deploy/web.yaml`: 1 document, 1 workload, 2 slots.\nFindings: 1 deny, 1 warn, 0 audit, 0 waived. Input errors: 0.\n\n### Findings\n\n| Enforcement | Severity | Rule | Workload | Slot | Image | Message |\n| --- | --- | --- | --- | --- | --- | --- |\n| deny | high | no-latest-in-prod | Deployment/web (prod-shop) | `log-shipper` (container, line 13) | `busybox:latest` | busybox:latest uses tag "latest", which is disallowed |\n| warn | medium | mutable-tags-pull-always | Deployment/web (prod-shop) | `app` (container, line 10) | `nginx:1.27` | nginx:1.27 uses tag "1.27" without a digest and its effective imagePullPolicy is IfNotPresent (set in the manifest); mutable tags must be pulled with Always |\n\n### Fixes\n\n- **no-latest-in-prod** on Deployment/web (prod-shop) `log-shipper`: use a specific version tag that this rule allows, or pin the image by digest (docker.io/library/busybox:latest@sha256:\\<digest\\>).\n- **mutable-tags-pull-always** on Deployment/web (prod-shop) `app`: set imagePullPolicy: Always, or pin the image by digest (docker.io/library/nginx:1.27@sha256:\\<digest\\>). Patch (document 0): `[{"op":"replace","path":"/spec/template/spec/containers/0/imagePullPolicy","value":"Always"}]`\n\n### Slots\n\n| Workload | Slot | Image | Declared | Effective | Image absent | Image present | Present, pulled with other credentials |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n| Deployment/web (prod-shop) | `app` (container) | `nginx:1.27` | IfNotPresent | IfNotPresent | pull | use local | pull |\n| Deployment/web (prod-shop) | `log-shipper` (container) | `busybox:latest` | unset | Always | pull | pull | pull |\n\nAssumptions: kubelet 1.37 (the newest modelled; name kubeletVersion to change it); KubeletEnsureSecretPulledImages on, imagePullCredentialsVerificationPolicy NeverVerifyPreloadedImages.\n\n<sub>pullwise 0.1.0, 2026-11-02T09:15:31.204Z</sub>\n';

/** The example evaluation with ?format=junit&path=deploy/web.yaml. */
export const JUNIT_REPORT =
  '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="pullwise deploy/web.yaml" tests="2" failures="1" errors="0" skipped="0" time="0" timestamp="2026-11-02T09:15:31">\n  <testsuite name="Deployment/web (prod-shop)" tests="2" failures="1" errors="0" skipped="0" time="0" timestamp="2026-11-02T09:15:31" file="deploy/web.yaml">\n    <properties>\n      <property name="pullwise.kind" value="Deployment"/>\n      <property name="pullwise.name" value="web"/>\n      <property name="pullwise.namespace" value="prod-shop"/>\n      <property name="pullwise.document" value="0"/>\n      <property name="pullwise.line" value="1"/>\n    </properties>\n    <testcase classname="Deployment/web (prod-shop)" name="mutable-tags-pull-always" time="0" file="deploy/web.yaml" line="10">\n      <properties>\n        <property name="pullwise.enforcement" value="warn"/>\n        <property name="pullwise.severity" value="medium"/>\n      </properties>\n      <system-out>[warn, medium] app (spec.template.spec.containers[0]), image nginx:1.27, line 10\nnginx:1.27 uses tag "1.27" without a digest and its effective imagePullPolicy is IfNotPresent (set in the manifest); mutable tags must be pulled with Always\nFix: set imagePullPolicy: Always, or pin the image by digest (docker.io/library/nginx:1.27@sha256:&lt;digest&gt;)</system-out>\n    </testcase>\n    <testcase classname="Deployment/web (prod-shop)" name="no-latest-in-prod" time="0" file="deploy/web.yaml" line="13">\n      <failure message="busybox:latest uses tag &quot;latest&quot;, which is disallowed" type="disallowed-tags">[deny, high] log-shipper (spec.template.spec.containers[1]), image busybox:latest, line 13\nbusybox:latest uses tag "latest", which is disallowed\nFix: use a specific version tag that this rule allows, or pin the image by digest (docker.io/library/busybox:latest@sha256:&lt;digest&gt;)</failure>\n    </testcase>\n  </testsuite>\n</testsuites>\n';

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

/** `check nginx:1.27 in prod` with the two EVALUATION_RULES: as Block Kit blocks (Slack and POST /v1/chatops/ask). */
export const CHECK_ANSWER_BLOCKS = [
  {
    type: 'header',
    text: {
      type: 'plain_text',
      text: 'nginx:1.27 in prod',
      emoji: true,
    },
  },
  {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: '*Pull policy IfNotPresent* — not set; defaults to IfNotPresent because the tag is "1.27", not "latest".',
    },
  },
  {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: '*On the node*\n• Image not on the node: *pulls* (contacts the registry)\n• Image already on the node: *uses the cached copy* (no registry contact)\n• Cached, but pulled with credentials this pod cannot prove: *pulls* (contacts the registry)',
    },
  },
  {
    type: 'section',
    text: {
      type: 'mrkdwn',
      text: '*Findings* (0 deny, 1 warn, 0 audit, 0 waived)\n• *warn* · medium `mutable-tags-pull-always`: nginx:1.27 uses tag "1.27" without a digest and its effective imagePullPolicy is IfNotPresent (defaulted because the tag is not "latest"); mutable tags must be pulled with Always — fix: set imagePullPolicy: Always, or pin the image by digest (docker.io/library/nginx:1.27@sha256:&lt;digest&gt;)',
    },
  },
  {
    type: 'context',
    elements: [
      {
        type: 'mrkdwn',
        text: 'Assuming kubelet 1.37 (the newest modelled; name kubeletVersion to change it); KubeletEnsureSecretPulledImages on, imagePullCredentialsVerificationPolicy NeverVerifyPreloadedImages.',
      },
    ],
  },
];

/** The same answer as a Slack message (POST /v1/chatops/slack). */
export const SLACK_CHECK_MESSAGE = {
  response_type: 'ephemeral',
  text: 'nginx:1.27 in prod: IfNotPresent; absent → pull, present → use-local; 1 finding',
  blocks: CHECK_ANSWER_BLOCKS,
};

/** The same answer as Markdown (`Accept: text/markdown` on /v1/chatops/ask). */
export const CHECK_ANSWER_MARKDOWN =
  '### nginx:1.27 in prod\n\n**Pull policy IfNotPresent** — not set; defaults to IfNotPresent because the tag is "1.27", not "latest".\n\n**On the node**\n\n- Image not on the node: **pulls** (contacts the registry)\n- Image already on the node: **uses the cached copy** (no registry contact)\n- Cached, but pulled with credentials this pod cannot prove: **pulls** (contacts the registry)\n\n**Findings** (0 deny, 1 warn, 0 audit, 0 waived)\n\n- **warn** · medium `mutable-tags-pull-always`: nginx:1.27 uses tag "1.27" without a digest and its effective imagePullPolicy is IfNotPresent (defaulted because the tag is not "latest"); mutable tags must be pulled with Always — fix: set imagePullPolicy: Always, or pin the image by digest (docker.io/library/nginx:1.27@sha256:\\<digest\\>)\n\n> Assuming kubelet 1.37 (the newest modelled; name kubeletVersion to change it); KubeletEnsureSecretPulledImages on, imagePullCredentialsVerificationPolicy NeverVerifyPreloadedImages.\n';

/** The same answer from /v1/chatops/ask as JSON. */
export const ASK_CHECK_RESPONSE = { text: CHECK_ANSWER_MARKDOWN, blocks: CHECK_ANSWER_BLOCKS };

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

/** POST /admission/validate with ADMISSION_REVIEW under EVALUATION_RULES. */
export const ADMISSION_DENIED = {
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  response: {
    uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
    allowed: false,
    status: {
      code: 403,
      reason: 'Forbidden',
      message:
        'pullwise: Pod/web has 1 unwaived deny finding:\n[no-latest-in-prod] Pod/web, container "log-shipper": ' +
        'busybox:latest uses tag "latest", which is disallowed. Fix: use a specific version tag that this rule allows, ' +
        'or pin the image by digest (docker.io/library/busybox:latest@sha256:<digest>).',
    },
    warnings: [
      '[mutable-tags-pull-always] Pod/web, container "app": nginx:1.27 uses tag "1.27" without a digest and its ' +
        'effective imagePullPolicy is IfNotPresent (set in the manifest); mutable tags must be pulled with Always',
    ],
  },
};

/** POST /admission/mutate with ADMISSION_REVIEW under ADMISSION_RULE: `[{"op":"replace",...,"value":"Always"}]`. */
export const ADMISSION_PATCHED = {
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  response: {
    uid: '705ab4f5-6393-11e8-b7cc-42010a800002',
    allowed: true,
    patchType: 'JSONPatch',
    patch:
      'W3sib3AiOiJyZXBsYWNlIiwicGF0aCI6Ii9zcGVjL2NvbnRhaW5lcnMvMC9pbWFnZVB1bGxQb2xpY3kiLCJ2YWx1ZSI6IkFsd2F5cyJ9XQ==',
    warnings: ['[prod-pull-always] Pod/web, container "app": imagePullPolicy set to Always'],
  },
};

/** POST /admission/mutate with the patched object: nothing left to change, so no patch. */
export const ADMISSION_UNCHANGED = {
  apiVersion: 'admission.k8s.io/v1',
  kind: 'AdmissionReview',
  response: { uid: '705ab4f5-6393-11e8-b7cc-42010a800002', allowed: true },
};
