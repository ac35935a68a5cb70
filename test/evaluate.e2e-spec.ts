// What a user sees from POST /v1/evaluations (JSON and YAML bodies) and GraphQL `evaluate`:
// docs/kubernetes-semantics.md §8(a) (image string -> parsed reference -> default policy) and §8(b) (kubelet
// behaviour for the inputs the API takes), workload kinds, slot paths and lines, summary counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  TRANSPORTS,
  evaluateVia,
  fixture,
  lineOf,
  podYaml,
  transportsFor,
  type EvalContext,
  type Transport,
} from './support/evaluate-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

const HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const DIGEST = `sha256:${HEX}`;

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
});
afterAll(() => t?.close());

/** The one slot of a one-container manifest, through `via`. */
async function slotVia(via: Transport, yaml: string, context?: EvalContext) {
  const result = await evaluateVia(t, via, yaml, context);
  expect(result.workloads).toHaveLength(1);
  expect(result.workloads[0].slots).toHaveLength(1);
  return { result, slot: result.workloads[0].slots[0] };
}

const pulling = (img: string) => ({ type: 'Normal', reason: 'Pulling', message: `Pulling image "${img}"` });
/** `Successfully pulled image "<img>" in <d> (<d2> including waiting). Image size: <n> bytes.`, values as placeholders. */
const pulled = (img: string) => ({
  type: 'Normal',
  reason: 'Pulled',
  message: expect.stringMatching(
    new RegExp(
      `^Successfully pulled image "${escape(img)}" in <[a-z]+> \\(<[a-z]+> including waiting\\)\\. Image size: <[a-z]+> bytes\\.$`,
    ),
  ),
});
const alreadyPresent = (img: string) => ({
  type: 'Normal',
  reason: 'Pulled',
  message: `Container image "${img}" already present on machine`,
});
const alreadyPresentAccessible = (img: string) => ({
  type: 'Normal',
  reason: 'Pulled',
  message: `Container image "${img}" already present on machine and can be accessed by the pod`,
});
const neverPull = (img: string) => [
  {
    type: 'Warning',
    reason: 'ErrImageNeverPull',
    message: `Container image "${img}" is not present with pull policy of Never`,
  },
  { type: 'Warning', reason: 'Failed', message: 'Error: ErrImageNeverPull' },
];
const PULL = (img: string) => ({
  action: 'pull',
  contactsRegistry: true,
  reason: null,
  events: [pulling(img), pulled(img)],
});
const USE_LOCAL_GATE_OFF = (img: string) => ({
  action: 'use-local',
  contactsRegistry: false,
  reason: null,
  events: [alreadyPresent(img)],
});
const USE_LOCAL_GATE_ON = (img: string) => ({
  action: 'use-local',
  contactsRegistry: false,
  reason: null,
  events: [alreadyPresentAccessible(img)],
});
const NEVER_PULL = (img: string) => ({
  action: 'fail',
  contactsRegistry: false,
  reason: 'ErrImageNeverPull',
  events: neverPull(img),
});

function escape(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// ---------------------------------------------------------------------------------------------------
// docs/kubernetes-semantics.md §8(a): 38 image strings as Pod containers without imagePullPolicy.
// ---------------------------------------------------------------------------------------------------
type Row8a = [
  no: number,
  image: string,
  registry: string | null,
  repository: string | null,
  tag: string | null,
  digest: string | null,
  policy: 'Always' | 'IfNotPresent',
  error: string | null,
];
const A = 'Always' as const;
const I = 'IfNotPresent' as const;
const BAD = 'invalid reference format';
const ROWS_8A: Row8a[] = [
  [1, 'nginx', 'docker.io', 'library/nginx', 'latest', null, A, null],
  [2, 'nginx:latest', 'docker.io', 'library/nginx', 'latest', null, A, null],
  [3, 'nginx:1.25', 'docker.io', 'library/nginx', '1.25', null, I, null],
  [4, 'nginx:LATEST', 'docker.io', 'library/nginx', 'LATEST', null, I, null],
  [5, 'nginx:Latest', 'docker.io', 'library/nginx', 'Latest', null, I, null],
  [6, 'busybox:latest-glibc', 'docker.io', 'library/busybox', 'latest-glibc', null, I, null],
  [7, `nginx@${DIGEST}`, 'docker.io', 'library/nginx', null, DIGEST, I, null],
  [8, `nginx:latest@${DIGEST}`, 'docker.io', 'library/nginx', 'latest', DIGEST, A, null],
  [9, `nginx:1.25@${DIGEST}`, 'docker.io', 'library/nginx', '1.25', DIGEST, I, null],
  [10, 'library/nginx', 'docker.io', 'library/nginx', 'latest', null, A, null],
  [11, 'docker.io/nginx', 'docker.io', 'library/nginx', 'latest', null, A, null],
  [12, 'index.docker.io/library/nginx:1.25', 'docker.io', 'library/nginx', '1.25', null, I, null],
  [13, 'user/repo', 'docker.io', 'user/repo', 'latest', null, A, null],
  [14, 'localhost:5000/app', 'localhost:5000', 'app', 'latest', null, A, null],
  [15, 'localhost:5000/app:latest', 'localhost:5000', 'app', 'latest', null, A, null],
  [16, `localhost:5000/app:v1@${DIGEST}`, 'localhost:5000', 'app', 'v1', DIGEST, I, null],
  [17, 'localhost/app', 'localhost', 'app', 'latest', null, A, null],
  [18, 'localhost:5000', 'docker.io', 'library/localhost', '5000', null, I, null],
  [19, 'localhost', 'docker.io', 'library/localhost', 'latest', null, A, null],
  [20, 'example.com', 'docker.io', 'library/example.com', 'latest', null, A, null],
  [21, 'host:5000/app', 'host:5000', 'app', 'latest', null, A, null],
  [22, 'host:5000/app:v1', 'host:5000', 'app', 'v1', null, I, null],
  [23, '127.0.0.1:5000/app', '127.0.0.1:5000', 'app', 'latest', null, A, null],
  [24, '[::1]:5000/app:v1', '[::1]:5000', 'app', 'v1', null, I, null],
  [25, 'registry.k8s.io/pause:3.9', 'registry.k8s.io', 'pause', '3.9', null, I, null],
  [26, `gcr.io/project/app@${DIGEST}`, 'gcr.io', 'project/app', null, DIGEST, I, null],
  [27, `ghcr.io/org/app:latest@${DIGEST}`, 'ghcr.io', 'org/app', 'latest', DIGEST, A, null],
  [28, 'MyRegistry.io/app', 'MyRegistry.io', 'app', 'latest', null, A, null],
  [29, 'myregistry.io/App', null, null, null, null, I, `${BAD}: repository name (App) must be lowercase`],
  [30, 'Nginx', null, null, null, null, I, `${BAD}: repository name (library/Nginx) must be lowercase`],
  [31, 'nginx:', null, null, null, null, I, BAD],
  [32, 'nginx:1.25:extra', null, null, null, null, I, BAD],
  [33, 'nginx@sha256:abc', null, null, null, null, I, BAD],
  [34, HEX, null, null, null, null, I, `invalid repository name (${HEX}), cannot specify 64-byte hexadecimal strings`],
  [35, DIGEST, 'docker.io', 'library/sha256', HEX, null, I, null],
  [36, '', null, null, null, null, I, BAD],
  [37, 'nginx:latest ', null, null, null, null, I, BAD],
  [38, 'http://registry.example.com/app', null, null, null, null, I, BAD],
];

/** One Pod, one container per row (`row-N`), no imagePullPolicy anywhere. */
const VECTORS_POD = [
  'apiVersion: v1',
  'kind: Pod',
  'metadata:',
  '  name: vectors-8a',
  'spec:',
  '  containers:',
  ...ROWS_8A.flatMap(([no, image]) => [`    - name: row-${no}`, `      image: ${JSON.stringify(image)}`]),
  '',
].join('\n');

describe.each(TRANSPORTS)('§8(a) image strings, via %s', (via) => {
  let result: any;
  beforeAll(async () => {
    result = await evaluateVia(t, via, VECTORS_POD);
  });
  const slot = (no: number) => result.workloads[0].slots[no - 1];

  it('reads all 38 containers, in order, with their paths and lines', () => {
    expect(result.summary).toMatchObject({ documents: 1, workloads: 1, slots: 38 });
    expect(result.workloads[0].slots.map((s: any) => [s.name, s.type, s.path, s.line])).toEqual(
      ROWS_8A.map(([no], i) => [
        `row-${no}`,
        'container',
        `spec.containers[${i}]`,
        lineOf(VECTORS_POD, `name: row-${no}`),
      ]),
    );
  });

  it.each(ROWS_8A)(
    '#%i %j parses like distribution/reference and defaults the policy from the tag',
    (no, image, registry, repository, tag, digest, policy, error) => {
      const s = slot(no);
      expect(s.image).toEqual({ reference: image, registry, repository, tag, digest, error });
      expect(s.pullPolicy).toMatchObject({ declared: null, default: policy, effective: policy });
      if (error === null) {
        // B1/B13: the image as written, never the tag-defaulted or normalised form, in the events.
        expect(s.node.imageAbsent).toEqual(PULL(image));
      } else {
        // B16: the kubelet refuses it with InvalidImageName, whatever the node has cached.
        const invalid = {
          action: 'fail',
          contactsRegistry: false,
          reason: 'InvalidImageName',
          events: [
            {
              type: 'Warning',
              reason: 'InspectFailed',
              message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${error}`,
            },
            { type: 'Warning', reason: 'Failed', message: 'Error: InvalidImageName' },
          ],
        };
        expect(s.node.imageAbsent).toEqual(invalid);
        expect(s.node.imagePresent).toEqual(invalid);
      }
    },
  );

  it("#36 (empty) and #37 (trailing space) are API validation errors; the other unparsable ones are the kubelet's", () => {
    // The API server does not parse references (only empty and surrounding whitespace are refused); every other
    // reference the kubelet cannot parse is an error too, in the kubelet's words: every node fails it.
    const kubeletErrors = ROWS_8A.filter(([no, , , , , , , error]) => error !== null && no !== 36 && no !== 37).map(
      ([no, image, , , , , , error]) => ({
        code: 'invalid-image',
        document: 0,
        path: `spec.containers[${no - 1}].image`,
        line: lineOf(VECTORS_POD, `image: ${JSON.stringify(image)}`),
        message: `spec.containers[${no - 1}].image: Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${error} (the API server accepts this reference, but every node fails the container with InvalidImageName)`,
      }),
    );
    expect(kubeletErrors.length).toBeGreaterThanOrEqual(6);
    expect(result.verdict).toBe('error');
    expect(result.errors).toEqual(
      [
        ...kubeletErrors,
        {
          code: 'required-value',
          document: 0,
          path: 'spec.containers[35].image',
          line: expect.any(Number),
          message: 'spec.containers[35].image: Required value',
        },
        {
          code: 'invalid-value',
          document: 0,
          path: 'spec.containers[36].image',
          line: expect.any(Number),
          message:
            'spec.containers[36].image: Invalid value: "nginx:latest ": must not have leading or trailing whitespace',
        },
      ].sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true })),
    );
  });
});

it('§8(a): REST (JSON body), REST (YAML body) and GraphQL give the same answer', async () => {
  const [json, yaml, gql] = await Promise.all(TRANSPORTS.map((via) => evaluateVia(t, via, VECTORS_POD)));
  expect(yaml).toEqual(json);
  expect(gql).toEqual(json);
});

// ---------------------------------------------------------------------------------------------------
// docs/kubernetes-semantics.md §8(b): kubelet behaviour, for the inputs the API takes.
// ---------------------------------------------------------------------------------------------------
describe('§8(b) kubelet behaviour', () => {
  const IMG = 'nginx:1.27';
  /** Runs `check` for every transport that can carry `context`. */
  async function eachTransport(
    yaml: string,
    context: EvalContext | undefined,
    check: (slot: any, via: Transport, result: any) => void,
  ) {
    for (const via of transportsFor(context)) {
      const { slot, result } = await slotVia(via, yaml, context);
      try {
        check(slot, via, result);
      } catch (err) {
        (err as Error).message = `[via ${via}] ${(err as Error).message}`;
        throw err;
      }
    }
  }

  it('B1: IfNotPresent, image absent -> Pulling, then Pulled with placeholders for the measured values', async () => {
    await eachTransport(podYaml({ image: IMG }), { kubeletVersion: '1.34' }, (s) => {
      expect(s.pullPolicy).toMatchObject({ declared: null, default: 'IfNotPresent', effective: 'IfNotPresent' });
      expect(s.node.imageAbsent).toEqual(PULL(IMG));
    });
  });

  it('B2: IfNotPresent, present, gate off (kubelet 1.34) -> use-local, "already present on machine"', async () => {
    await eachTransport(podYaml({ image: IMG }), { kubeletVersion: '1.34' }, (s) => {
      expect(s.node.imagePresent).toEqual(USE_LOCAL_GATE_OFF(IMG));
      // No credential verification on 1.34 by default: there is no "unverified" case.
      expect(s.node.imagePresentUnverified).toBeNull();
    });
  });

  it('B2: the gate switched off on 1.35 through featureGates behaves like 1.34', async () => {
    const ctx = { kubeletVersion: '1.35', featureGates: { KubeletEnsureSecretPulledImages: false } };
    await eachTransport(podYaml({ image: IMG }), ctx, (s) => {
      expect(s.node.imagePresent).toEqual(USE_LOCAL_GATE_OFF(IMG));
      expect(s.node.imagePresentUnverified).toBeNull();
    });
  });

  it('B3: IfNotPresent, present, gate on (1.35 default) -> "… and can be accessed by the pod"', async () => {
    await eachTransport(podYaml({ image: IMG }), { kubeletVersion: '1.35' }, (s, _via, result) => {
      expect(s.node.imagePresent).toEqual(USE_LOCAL_GATE_ON(IMG));
      expect(result.errors).toEqual([]);
    });
  });

  it('B3: the gate switched on for kubelet 1.34 (alpha opt-in) uses the 1.35 wording', async () => {
    const ctx = { kubeletVersion: '1.34', featureGates: { KubeletEnsureSecretPulledImages: true } };
    await eachTransport(podYaml({ image: IMG }), ctx, (s) => {
      expect(s.node.imagePresent).toEqual(USE_LOCAL_GATE_ON(IMG));
      expect(s.node.imagePresentUnverified).toEqual(PULL(IMG));
    });
  });

  it('B3: without any context, stock Kubernetes is the newest kubelet (1.35+): gate on, NeverVerifyPreloadedImages', async () => {
    await eachTransport(podYaml({ image: IMG }), undefined, (s) => {
      expect(s.node.imagePresent).toEqual(USE_LOCAL_GATE_ON(IMG));
      expect(s.node.imagePresentUnverified).toEqual(PULL(IMG));
    });
  });

  it('B4: IfNotPresent, preloaded, gate on, NeverVerifyPreloadedImages (default) -> use-local', async () => {
    const ctx = { kubeletVersion: '1.35', preloadedImages: ['docker.io/library/nginx:1.27'] };
    await eachTransport(podYaml({ image: IMG }), ctx, (s) => {
      expect(s.node.imagePresent).toEqual(USE_LOCAL_GATE_ON(IMG));
    });
  });

  it('B5: IfNotPresent, preloaded, AlwaysVerify -> must pull with the pod’s credentials', async () => {
    const ctx = { kubeletVersion: '1.35', credentialVerificationPolicy: 'AlwaysVerify', preloadedImages: [IMG] };
    await eachTransport(podYaml({ image: IMG }), ctx, (s) => {
      expect(s.node.imagePresent).toEqual(PULL(IMG));
      expect(JSON.stringify(s.node.imagePresent)).not.toContain('already present');
    });
  });

  it.each([
    ['docker.io/library/nginx:1.27', 'pull'],
    ['index.docker.io/library/nginx:1.27', 'pull'],
    ['nginx:1.26', 'use-local'],
    ['nginx', 'use-local'],
  ])(
    'B5/B7: AlwaysVerify with preloadedImages [%s] for image nginx:1.27 -> %s (matched on the normalised reference and tag)',
    async (preloaded, action) => {
      const ctx = {
        kubeletVersion: '1.35',
        credentialVerificationPolicy: 'AlwaysVerify',
        preloadedImages: [preloaded],
      };
      await eachTransport(podYaml({ image: IMG }), ctx, (s) => {
        expect(s.node.imagePresent).toEqual(action === 'pull' ? PULL(IMG) : USE_LOCAL_GATE_ON(IMG));
      });
    },
  );

  it('B5: IfNotPresent, preloaded, NeverVerifyAllowlistedImages with the image not allowlisted -> pull', async () => {
    const img = 'registry.example.com/team/app:1.0';
    const ctx = {
      kubeletVersion: '1.35',
      credentialVerificationPolicy: 'NeverVerifyAllowlistedImages',
      verificationAllowlist: ['registry.example.com/other/*'],
      preloadedImages: [img],
    };
    await eachTransport(podYaml({ image: img }), ctx, (s) => {
      expect(s.node.imagePresent).toEqual(PULL(img));
    });
  });

  it('B4/B5: …and with the image allowlisted (prefix entry) -> no verification, use-local', async () => {
    const img = 'registry.example.com/team/app:1.0';
    const ctx = {
      kubeletVersion: '1.35',
      credentialVerificationPolicy: 'NeverVerifyAllowlistedImages',
      verificationAllowlist: ['registry.example.com/team/*'],
      preloadedImages: [img],
    };
    await eachTransport(podYaml({ image: img }), ctx, (s) => {
      expect(s.node.imagePresent).toEqual(USE_LOCAL_GATE_ON(img));
      expect(s.node.imagePresentUnverified).toEqual(USE_LOCAL_GATE_ON(img));
    });
  });

  it.each(['NeverVerifyPreloadedImages', 'AlwaysVerify'])(
    'B6: IfNotPresent, pulled earlier with credentials this pod cannot prove, %s -> imagePresentUnverified pulls',
    async (policy) => {
      const ctx = { kubeletVersion: '1.35', credentialVerificationPolicy: policy };
      await eachTransport(podYaml({ image: IMG }), ctx, (s) => {
        expect(s.node.imagePresentUnverified).toEqual(PULL(IMG));
        // B7: with credentials the pod holds, the cached image is used.
        expect(s.node.imagePresent).toEqual(USE_LOCAL_GATE_ON(IMG));
      });
    },
  );

  it('B8: NeverVerify -> no verification at all: present is used, there is no "unverified" case', async () => {
    const ctx = { kubeletVersion: '1.35', credentialVerificationPolicy: 'NeverVerify' };
    await eachTransport(podYaml({ image: IMG }), ctx, (s) => {
      expect(s.node.imagePresent).toEqual(USE_LOCAL_GATE_ON(IMG));
      expect(s.node.imagePresentUnverified).toBeNull();
    });
  });

  it.each(['1.34', '1.35'])(
    'B9: Never, image absent (kubelet %s) -> fail ErrImageNeverPull, Warning events incl. "Error: ErrImageNeverPull"',
    async (kubeletVersion) => {
      await eachTransport(podYaml({ image: IMG, policy: 'Never' }), { kubeletVersion }, (s) => {
        expect(s.pullPolicy).toMatchObject({ declared: 'Never', default: 'IfNotPresent', effective: 'Never' });
        expect(s.node.imageAbsent).toEqual(NEVER_PULL(IMG));
      });
    },
  );

  it('B10: Never, present, gate off -> use-local, "already present on machine"', async () => {
    await eachTransport(podYaml({ image: IMG, policy: 'Never' }), { kubeletVersion: '1.34' }, (s) => {
      expect(s.node.imagePresent).toEqual(USE_LOCAL_GATE_OFF(IMG));
      expect(s.node.imagePresentUnverified).toBeNull();
    });
  });

  it('B11: Never, present but unverifiable, gate on -> ErrImageNeverPull with the "is not present" text', async () => {
    await eachTransport(podYaml({ image: IMG, policy: 'Never' }), { kubeletVersion: '1.35' }, (s) => {
      expect(s.node.imagePresentUnverified).toEqual(NEVER_PULL(IMG));
    });
  });

  it('B12: Never, preloaded, gate on, NeverVerifyPreloadedImages -> use-local', async () => {
    const ctx = { kubeletVersion: '1.35', preloadedImages: [IMG] };
    await eachTransport(podYaml({ image: IMG, policy: 'Never' }), ctx, (s) => {
      expect(s.node.imagePresent).toEqual(USE_LOCAL_GATE_ON(IMG));
    });
  });

  it.each([
    ['nginx', undefined, '1.34'],
    ['nginx', undefined, '1.35'],
    [IMG, 'Always', '1.35'],
    [IMG, 'Always', '1.34'],
  ])(
    'B13: %s with policy %s on kubelet %s -> pulls whether present or not, never "already present"',
    async (image, policy, kubeletVersion) => {
      const ctx = { kubeletVersion, preloadedImages: [image] };
      await eachTransport(podYaml({ image, policy }), ctx, (s) => {
        expect(s.pullPolicy.effective).toBe('Always');
        expect(s.node.imageAbsent).toEqual(PULL(image));
        expect(s.node.imagePresent).toEqual(PULL(image));
        if (s.node.imagePresentUnverified !== null) expect(s.node.imagePresentUnverified).toEqual(PULL(image));
        expect(JSON.stringify(s.node)).not.toContain('already present');
      });
    },
  );

  it.each([
    ['Nginx', undefined, `${BAD}: repository name (library/Nginx) must be lowercase`],
    ['nginx:', 'Always', BAD],
    ['http://registry.example.com/app', 'Never', BAD],
    [HEX, 'IfNotPresent', `invalid repository name (${HEX}), cannot specify 64-byte hexadecimal strings`],
  ])(
    'B16: invalid name %s (policy %s) -> InvalidImageName before any policy decision',
    async (image, policy, error) => {
      // No preloadedImages: an unparsable entry there is refused (it could never match an image).
      const ctx = { kubeletVersion: '1.35' };
      await eachTransport(podYaml({ image, policy }), ctx, (s, _via, result) => {
        const invalid = {
          action: 'fail',
          contactsRegistry: false,
          reason: 'InvalidImageName',
          events: [
            {
              type: 'Warning',
              reason: 'InspectFailed',
              message: `Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${error}`,
            },
            { type: 'Warning', reason: 'Failed', message: 'Error: InvalidImageName' },
          ],
        };
        expect(s.image.error).toBe(error);
        expect(s.node.imageAbsent).toEqual(invalid);
        expect(s.node.imagePresent).toEqual(invalid);
        expect(s.node.imagePresentUnverified).toEqual(invalid);
        // The API server does not parse references, so only the kubelet's refusal is an error, and it decides.
        expect(result.errors).toEqual([
          expect.objectContaining({
            path: 'spec.containers[0].image',
            message: expect.stringContaining('every node fails the container with InvalidImageName'),
          }),
        ]);
        expect(result.verdict).toBe('error');
      });
    },
  );

  const B20_POD = `apiVersion: v1
kind: Pod
metadata:
  name: tenant-pod
spec:
  initContainers:
    - name: init
      image: busybox:1.36
  containers:
    - name: declared-ifnotpresent
      image: nginx:1.27
      imagePullPolicy: IfNotPresent
    - name: declared-never
      image: nginx:1.27
      imagePullPolicy: Never
    - name: defaulted
      image: nginx:1.27
  ephemeralContainers:
    - name: debug
      image: busybox:1.36
`;

  it('B20: Pod create with AlwaysPullImages -> init, regular (IfNotPresent, Never, empty) and ephemeral become Always', async () => {
    for (const via of TRANSPORTS) {
      const r = await evaluateVia(t, via, B20_POD, { kubeletVersion: '1.35', admissionPlugins: ['AlwaysPullImages'] });
      const slots = r.workloads[0].slots;
      expect(
        slots.map((s: any) => [s.name, s.type, s.pullPolicy.declared, s.pullPolicy.effective]),
        via,
      ).toEqual([
        ['init', 'initContainer', null, 'Always'],
        ['declared-ifnotpresent', 'container', 'IfNotPresent', 'Always'],
        ['declared-never', 'container', 'Never', 'Always'],
        ['defaulted', 'container', null, 'Always'],
        ['debug', 'ephemeralContainer', null, 'Always'],
      ]);
      for (const s of slots) {
        // …and so behave as B13.
        expect(s.node.imagePresent, `${via} ${s.name}`).toEqual(PULL(s.image.reference));
        expect(s.pullPolicy.reasons.join('\n'), `${via} ${s.name}`).toContain('AlwaysPullImages');
      }
    }
  });

  it('B20: without AlwaysPullImages the same Pod keeps its own policies', async () => {
    const r = await evaluateVia(t, 'rest-json', B20_POD, { kubeletVersion: '1.35' });
    expect(r.workloads[0].slots.map((s: any) => s.pullPolicy.effective)).toEqual([
      'IfNotPresent',
      'IfNotPresent',
      'Never',
      'IfNotPresent',
      'IfNotPresent',
    ]);
  });

  it('B21: Deployment template with IfNotPresent + AlwaysPullImages -> effective Always; the template stays unchanged', async () => {
    const ctx = { kubeletVersion: '1.35', admissionPlugins: ['AlwaysPullImages'] };
    await eachTransport(podYaml({ kind: 'Deployment', image: IMG, policy: 'IfNotPresent' }), ctx, (s) => {
      expect(s.path).toBe('spec.template.spec.containers[0]');
      expect(s.pullPolicy).toMatchObject({ declared: 'IfNotPresent', default: 'IfNotPresent', effective: 'Always' });
      const reasons = s.pullPolicy.reasons.join('\n');
      expect(reasons).toMatch(/template/i);
      expect(reasons).toMatch(/unchanged|stays|does not change/i);
      expect(s.node.imagePresent).toEqual(PULL(IMG));
    });
  });

  it('B21: every template kind becomes Always through AlwaysPullImages, with the template-unchanged reason', async () => {
    const yaml = fixture('kinds.yaml');
    for (const via of TRANSPORTS) {
      const r = await evaluateVia(t, via, yaml, { admissionPlugins: ['NamespaceLifecycle', 'AlwaysPullImages'] });
      expect(r.workloads).toHaveLength(9);
      for (const w of r.workloads) {
        const s = w.slots[0];
        expect(s.pullPolicy, `${via} ${w.kind}`).toMatchObject({
          declared: null,
          default: 'IfNotPresent',
          effective: 'Always',
        });
        const reasons = s.pullPolicy.reasons.join('\n');
        if (w.kind === 'Pod') expect(reasons, via).not.toMatch(/template/i);
        else expect(reasons, `${via} ${w.kind}`).toMatch(/template/i);
      }
    }
  });

  it('B23: image volume with IfNotPresent + AlwaysPullImages becomes Always (the plugin rewrites image volumes since 1.31)', async () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata:
  name: model-server
spec:
  containers:
    - name: server
      image: ghcr.io/acme/server:2.0
      volumeMounts: [{name: weights, mountPath: /weights}]
  volumes:
    - name: weights
      image:
        reference: ghcr.io/acme/weights:v7
        pullPolicy: IfNotPresent
`;
    for (const via of TRANSPORTS) {
      const r = await evaluateVia(t, via, yaml, { kubeletVersion: '1.35', admissionPlugins: ['AlwaysPullImages'] });
      const [server, volume] = r.workloads[0].slots;
      expect(server.pullPolicy.effective, via).toBe('Always');
      expect(volume, via).toMatchObject({
        name: 'weights',
        type: 'imageVolume',
        path: 'spec.volumes[0].image',
        image: { reference: 'ghcr.io/acme/weights:v7', registry: 'ghcr.io', repository: 'acme/weights', tag: 'v7' },
        pullPolicy: {
          declared: 'IfNotPresent',
          default: 'IfNotPresent',
          effective: 'Always',
          admittedBy: 'AlwaysPullImages',
        },
      });
      expect(volume.pullPolicy.reasons.join('\n'), via).toContain(
        'AlwaysPullImages admission rewrites image.pullPolicy to Always',
      );
      // …so B13 applies to the volume: pulled whether cached or not.
      expect(volume.node.imageAbsent, via).toEqual(PULL('ghcr.io/acme/weights:v7'));
      expect(volume.node.imagePresent, via).toEqual(PULL('ghcr.io/acme/weights:v7'));
      expect(volume.node.imagePresentUnverified, via).toEqual(PULL('ghcr.io/acme/weights:v7'));
    }
  });

  it.each([
    ['nginx', undefined, 'Always'],
    ['index.docker.io/library/nginx:1.25', undefined, 'IfNotPresent'],
    ['docker.io/nginx', 'Never', 'Never'],
    [`nginx:latest@${DIGEST}`, undefined, 'Always'],
  ])('events quote %s exactly as written (policy %s)', async (image, policy, effective) => {
    await eachTransport(podYaml({ image, policy }), { kubeletVersion: '1.34' }, (s) => {
      expect(s.pullPolicy.effective).toBe(effective);
      const quoted = [s.node.imageAbsent, s.node.imagePresent]
        .flatMap((o: any) => o.events)
        .map((e: any) => /"([^"]*)"/.exec(e.message)?.[1])
        .filter((q: string | undefined) => q !== undefined);
      expect(quoted.length).toBeGreaterThan(0);
      expect(new Set(quoted)).toEqual(new Set([image]));
    });
  });
});

// ---------------------------------------------------------------------------------------------------
// Workload kinds, slot types, paths, lines, namespaces, summary.
// ---------------------------------------------------------------------------------------------------
describe.each(TRANSPORTS)('workloads and slots, via %s', (via) => {
  const yaml = fixture('workloads.yaml');
  let r: any;
  beforeAll(async () => {
    r = await evaluateVia(t, via, yaml);
  });
  const workload = (name: string) => r.workloads.find((w: any) => w.name === name);

  it('counts documents (the ConfigMap and the List count once each), workloads and slots; verdict pass, no findings, no errors', () => {
    expect(r.summary).toEqual({
      documents: 4,
      workloads: 3,
      slots: 7,
      findings: { deny: 0, warn: 0, audit: 0, waived: 0 },
    });
    expect(r.verdict).toBe('pass');
    expect(r.findings).toEqual([]);
    expect(r.errors).toEqual([]);
    expect(r.workloads.flatMap((w: any) => w.slots.map((s: any) => s.findings))).toEqual(Array(7).fill([]));
    // Neither the ConfigMap nor the Service in the List is a workload.
    expect(r.workloads.map((w: any) => [w.document, w.kind, w.name])).toEqual([
      [0, 'CronJob', 'nightly-report'],
      [2, 'Pod', 'debug-target'],
      [3, 'Deployment', 'web'],
    ]);
  });

  it('CronJob: init containers (incl. a native sidecar) and containers under spec.jobTemplate.spec.template.spec', () => {
    const w = workload('nightly-report');
    expect(w).toMatchObject({ namespace: 'jobs', line: lineOf(yaml, 'apiVersion: batch/v1') });
    const base = 'spec.jobTemplate.spec.template.spec';
    expect(w.slots.map((s: any) => [s.name, s.type, s.path, s.line])).toEqual([
      ['migrate', 'initContainer', `${base}.initContainers[0]`, lineOf(yaml, 'name: migrate')],
      ['log-shipper', 'initContainer', `${base}.initContainers[1]`, lineOf(yaml, 'name: log-shipper')],
      ['report', 'container', `${base}.containers[0]`, lineOf(yaml, 'name: report')],
    ]);
    expect(w.slots.map((s: any) => s.pullPolicy.effective)).toEqual(['IfNotPresent', 'IfNotPresent', 'IfNotPresent']);
    expect(w.slots[2].image).toMatchObject({
      registry: 'registry.example.com',
      repository: 'batch/report',
      tag: null,
      digest: DIGEST,
    });
  });

  it('Pod: container, ephemeral container and image volume (the second volume) with their paths and lines', () => {
    const w = workload('debug-target');
    expect(w).toMatchObject({ document: 2, namespace: 'default', line: lineOf(yaml, 'kind: Pod') - 1 });
    expect(w.slots.map((s: any) => [s.name, s.type, s.path, s.line])).toEqual([
      ['app', 'container', 'spec.containers[0]', lineOf(yaml, '- name: app')],
      ['debugger', 'ephemeralContainer', 'spec.ephemeralContainers[0]', lineOf(yaml, 'name: debugger')],
      ['models', 'imageVolume', 'spec.volumes[1].image', lineOf(yaml, 'reference: quay.io/acme/models:v3')],
    ]);
    expect(w.slots.map((s: any) => [s.image.reference, s.pullPolicy.declared, s.pullPolicy.effective])).toEqual([
      ['nginx:1.27', 'Never', 'Never'],
      ['busybox', null, 'Always'],
      ['quay.io/acme/models:v3', 'IfNotPresent', 'IfNotPresent'],
    ]);
  });

  it('List: items are unwrapped, keep the List’s document index, and their paths start with items[i]', () => {
    const w = workload('web');
    expect(w).toMatchObject({
      document: 3,
      kind: 'Deployment',
      namespace: 'shop',
      line: lineOf(yaml, '- apiVersion: apps/v1'),
    });
    expect(w.slots).toHaveLength(1);
    expect(w.slots[0]).toMatchObject({
      name: 'web',
      type: 'container',
      path: 'items[0].spec.template.spec.containers[0]',
      line: lineOf(yaml, '- name: web'),
      image: { registry: 'ghcr.io', repository: 'acme/web', tag: 'latest' },
      pullPolicy: { default: 'Always', effective: 'Always' },
    });
  });

  it('context.namespace applies to documents without metadata.namespace only', async () => {
    const withNs = await evaluateVia(t, via, yaml, { namespace: 'team-a' });
    expect(withNs.workloads.map((w: any) => [w.name, w.namespace])).toEqual([
      ['nightly-report', 'jobs'],
      ['debug-target', 'team-a'],
      ['web', 'shop'],
    ]);
  });
});

describe('workload kinds', () => {
  const yaml = fixture('kinds.yaml');
  const KINDS: [kind: string, path: string][] = [
    ['Deployment', 'spec.template.spec.containers[0]'],
    ['StatefulSet', 'spec.template.spec.containers[0]'],
    ['DaemonSet', 'spec.template.spec.containers[0]'],
    ['ReplicaSet', 'spec.template.spec.containers[0]'],
    ['Job', 'spec.template.spec.containers[0]'],
    ['ReplicationController', 'spec.template.spec.containers[0]'],
    ['PodTemplate', 'template.spec.containers[0]'],
    ['CronJob', 'spec.jobTemplate.spec.template.spec.containers[0]'],
    ['Pod', 'spec.containers[0]'],
  ];
  let r: any;
  beforeAll(async () => {
    r = await evaluateVia(t, 'rest-json', yaml);
  });

  it('every pod-carrying kind is a workload; a Service is counted and skipped', () => {
    expect(r.summary).toMatchObject({ documents: KINDS.length + 1, workloads: KINDS.length, slots: KINDS.length });
    expect(r.workloads.map((w: any) => w.kind)).toEqual(KINDS.map(([k]) => k));
    expect(r.errors).toEqual([]);
  });

  it.each(KINDS)('%s: the container sits at %s', (kind, path) => {
    const w = r.workloads.find((x: any) => x.kind === kind);
    expect(w.name).toBe(kind.toLowerCase());
    expect(w.slots[0]).toMatchObject({ path, line: lineOf(yaml, `example.com/${kind.toLowerCase()}:1`) });
    expect(w.slots[0].image).toMatchObject({ registry: 'example.com', repository: kind.toLowerCase(), tag: '1' });
  });
});

describe('kubeletVersion spellings', () => {
  it.each([
    ['v1.35', 'gate on'],
    ['1.35.2', 'gate on'],
    ['v1.34.1', 'gate off'],
    ['v1.30.4-gke.1348000', 'gate off'],
    ['1.29.3+k3s1', 'gate off'],
  ])('%s is understood (%s)', async (kubeletVersion, gate) => {
    for (const via of TRANSPORTS) {
      const { slot } = await slotVia(via, podYaml({ image: 'nginx:1.27' }), { kubeletVersion });
      expect(slot.node.imagePresent.events[0].message, via).toBe(
        gate === 'gate on'
          ? 'Container image "nginx:1.27" already present on machine and can be accessed by the pod'
          : 'Container image "nginx:1.27" already present on machine',
      );
    }
  });
});

describe('JSON bodies with objects instead of text', () => {
  const pod = (name: string, image: string) => ({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name },
    spec: { containers: [{ name: 'main', image }] },
  });

  it('one object is one document', async () => {
    const res = await t
      .http()
      .post('/v1/evaluations')
      .send({ manifests: pod('a', 'nginx'), context: { kubeletVersion: '1.35' } })
      .expect(200);
    expect(res.body.summary).toMatchObject({ documents: 1, workloads: 1, slots: 1 });
    expect(res.body.workloads[0].slots[0]).toMatchObject({
      path: 'spec.containers[0]',
      pullPolicy: { effective: 'Always' },
    });
    expect(res.body.errors).toEqual([]);
  });

  it('an array is a stream: element i is document i; non-workloads are counted and skipped', async () => {
    const res = await t
      .http()
      .post('/v1/evaluations')
      .send({
        manifests: [
          pod('a', 'nginx:1.27'),
          { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c' } },
          pod('b', 'nginx'),
        ],
      })
      .expect(200);
    expect(res.body.summary).toMatchObject({ documents: 3, workloads: 2, slots: 2 });
    expect(res.body.workloads.map((w: any) => [w.document, w.name, w.namespace])).toEqual([
      [0, 'a', 'default'],
      [2, 'b', 'default'],
    ]);
  });
});

it('a stream of only non-workloads answers with zero workloads, verdict pass and no errors', async () => {
  for (const via of TRANSPORTS) {
    const r = await evaluateVia(t, via, 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\ndata: {a: b}\n');
    expect(r, via).toMatchObject({
      verdict: 'pass',
      summary: { documents: 1, workloads: 0, slots: 0 },
      workloads: [],
      errors: [],
    });
  }
});
