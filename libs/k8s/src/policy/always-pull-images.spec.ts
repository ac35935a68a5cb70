import { describe, expect, it } from 'vitest';
import {
  admitAlwaysPullImages,
  hasAlwaysPullImages,
  validateAlwaysPullImages,
  type AdmissionAttributes,
  type AdmissionObject,
} from './always-pull-images.js';

// Ports of kubernetes/kubernetes plugin/pkg/admission/alwayspullimages/admission_test.go in its KEP-4639 form
// (TestAdmission with three image volumes, TestValidate with four, TestOtherResources, TestUpdatePod).

// TestAdmission's pod: every policy value on init containers, containers and image volumes.
const admissionPod = (): AdmissionObject => ({
  kind: 'Pod',
  metadata: { name: '123', namespace: 'test' },
  spec: {
    initContainers: [
      { name: 'init1', image: 'image' },
      { name: 'init2', image: 'image', imagePullPolicy: 'Never' },
      { name: 'init3', image: 'image', imagePullPolicy: 'IfNotPresent' },
      { name: 'init4', image: 'image', imagePullPolicy: 'Always' },
    ],
    containers: [
      { name: 'ctr1', image: 'image' },
      { name: 'ctr2', image: 'image', imagePullPolicy: 'Never' },
      { name: 'ctr3', image: 'image', imagePullPolicy: 'IfNotPresent' },
      { name: 'ctr4', image: 'image', imagePullPolicy: 'Always' },
    ],
    volumes: [
      { name: 'volume1', image: { pullPolicy: 'Never' } },
      { name: 'volume2', image: { pullPolicy: 'IfNotPresent' } },
      { name: 'volume3', image: { pullPolicy: 'Always' } },
    ],
  },
});

// TestValidate's pod: as above, plus an image volume whose pullPolicy is empty.
const validatePod = (): AdmissionObject => {
  const pod = admissionPod();
  pod.spec!.volumes = [
    { name: 'volume1', image: { pullPolicy: '' } },
    { name: 'volume2', image: { pullPolicy: 'Never' } },
    { name: 'volume3', image: { pullPolicy: 'IfNotPresent' } },
    { name: 'volume4', image: { pullPolicy: 'Always' } },
  ];
  return pod;
};

describe('TestAdmission (admission_test.go): create requests set every container and image volume to Always', () => {
  it('init containers, containers and image volumes become Always; the input object is not modified', () => {
    const pod = admissionPod();
    const res = admitAlwaysPullImages({ operation: 'CREATE', resource: 'pods', object: pod });
    expect(res.outcome).toBe('admitted');
    if (res.outcome !== 'admitted') return;
    for (const c of [...(res.object.spec?.initContainers ?? []), ...(res.object.spec?.containers ?? [])]) {
      expect(c.imagePullPolicy).toBe('Always');
    }
    // "Image volume %v: expected pull always"
    for (const v of res.object.spec?.volumes ?? []) expect(v.image?.pullPolicy).toBe('Always');
    expect(res.changed).toEqual([
      'spec.initContainers[0].imagePullPolicy',
      'spec.initContainers[1].imagePullPolicy',
      'spec.initContainers[2].imagePullPolicy',
      'spec.containers[0].imagePullPolicy',
      'spec.containers[1].imagePullPolicy',
      'spec.containers[2].imagePullPolicy',
      'spec.volumes[0].image.pullPolicy',
      'spec.volumes[1].image.pullPolicy',
    ]);
    expect(pod.spec?.containers?.[1]?.imagePullPolicy).toBe('Never');
    expect(pod.spec?.volumes?.[0]?.image?.pullPolicy).toBe('Never');
  });

  it('volumes without an image source are left alone', () => {
    const res = admitAlwaysPullImages({
      operation: 'CREATE',
      resource: 'pods',
      object: {
        kind: 'Pod',
        spec: {
          containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Always' }],
          volumes: [{ name: 'scratch' }, { name: 'model', image: { reference: 'models/llm:v2' } }],
        },
      },
    });
    expect(res.outcome === 'admitted' && res.object.spec?.volumes).toEqual([
      { name: 'scratch' },
      { name: 'model', image: { reference: 'models/llm:v2', pullPolicy: 'Always' } },
    ]);
    expect(res.outcome === 'admitted' && res.changed).toEqual(['spec.volumes[1].image.pullPolicy']);
  });

  it('ephemeral containers in the main pods resource are visited (VisitContainersWithPath, R3.4)', () => {
    const res = admitAlwaysPullImages({
      operation: 'CREATE',
      resource: 'pods',
      object: {
        kind: 'Pod',
        spec: { ephemeralContainers: [{ name: 'dbg', image: 'busybox', imagePullPolicy: 'IfNotPresent' }] },
      },
    });
    expect(res.outcome === 'admitted' && res.object.spec?.ephemeralContainers?.[0]?.imagePullPolicy).toBe('Always');
  });
});

describe('TestOtherResources (admission_test.go): no-op for other resources, subresources and non-pods', () => {
  const pod: AdmissionObject = {
    kind: 'Pod',
    metadata: { name: 'testname', namespace: 'testnamespace' },
    spec: { containers: [{ name: 'ctr2', image: 'image', imagePullPolicy: 'Never' }] },
  };
  it.each([
    { name: 'non-pod resource', kind: 'Foo', resource: 'foos', subresource: '', object: pod, expectError: false },
    { name: 'pod subresource', kind: 'Pod', resource: 'pods', subresource: 'exec', object: pod, expectError: false },
    {
      name: 'non-pod object',
      kind: 'Pod',
      resource: 'pods',
      subresource: '',
      object: { kind: 'Service' },
      expectError: true,
    },
    // docs/kubernetes-semantics.md R3.6 / B22: kubectl debug goes through the ephemeralcontainers subresource.
    {
      name: 'pods/ephemeralcontainers subresource (R3.6)',
      kind: 'Pod',
      resource: 'pods',
      subresource: 'ephemeralcontainers',
      object: pod,
      expectError: false,
    },
  ])('$name', ({ resource, subresource, object, expectError }) => {
    const res = admitAlwaysPullImages({ operation: 'CREATE', resource, subresource, object });
    if (expectError) {
      expect(res).toEqual({
        outcome: 'error',
        error: 'Resource was marked with kind Pod but was unable to be converted',
      });
      return;
    }
    expect(res.outcome).toBe('ignored');
    expect(pod.spec?.containers?.[0]?.imagePullPolicy).toBe('Never');
  });
});

describe('TestUpdatePod (admission_test.go): updates without new images are no-ops', () => {
  const oldPod: AdmissionObject = {
    kind: 'Pod',
    metadata: { name: 'testname' },
    spec: { containers: [{ name: 'ctr2', image: 'image', imagePullPolicy: 'IfNotPresent' }] },
  };
  const pod: AdmissionObject = { ...oldPod, metadata: { name: 'testname' } };
  const podWithNewImage: AdmissionObject = {
    kind: 'Pod',
    metadata: { name: 'testname' },
    spec: { containers: [{ name: 'ctr2', image: 'image2', imagePullPolicy: 'IfNotPresent' }] },
  };

  // Upstream's two cases use subresource "finalizers" (and operation Create), so both are skipped by the
  // subresource rule; they are replayed as written: the first expects the policy untouched, the second only
  // expects no error.
  it.each([
    { name: 'update IfNotPresent pod annotations', object: pod, expectIgnore: true },
    { name: 'update IfNotPresent pod image', object: podWithNewImage, expectIgnore: false },
  ])('$name', ({ object, expectIgnore }) => {
    const res = admitAlwaysPullImages({
      operation: 'CREATE',
      resource: 'pods',
      subresource: 'finalizers',
      object,
      oldObject: oldPod,
    });
    expect(res.outcome).not.toBe('error');
    if (expectIgnore) {
      expect(res.outcome).toBe('ignored');
      expect(res.outcome !== 'error' && res.object.spec?.containers?.[0]?.imagePullPolicy).toBe('IfNotPresent');
    }
  });

  // The same scenarios on the main resource exercise isUpdateWithNoNewImages (docs/kubernetes-semantics.md R3.3, B24).
  it.each([
    { name: 'main resource, same images', object: pod, outcome: 'ignored' },
    { name: 'main resource, new image', object: podWithNewImage, outcome: 'admitted' },
  ])('$name → $outcome', ({ object, outcome }) => {
    const attrs: AdmissionAttributes = { operation: 'UPDATE', resource: 'pods', object, oldObject: oldPod };
    expect(admitAlwaysPullImages(attrs).outcome).toBe(outcome);
    expect(validateAlwaysPullImages(attrs).errors).toHaveLength(outcome === 'ignored' ? 0 : 1);
  });
});

// TestValidate (admission_test.go): the expected error text is upstream's, byte for byte.
describe('TestValidate (admission_test.go): Validate rejects containers and image volumes that are not Always', () => {
  it('aggregates one error per non-Always container, then per non-Always image volume', () => {
    const res = validateAlwaysPullImages({ operation: 'CREATE', resource: 'pods', object: validatePod() });
    expect(res.message).toBe(
      '[' +
        'pods "123" is forbidden: spec.initContainers[0].imagePullPolicy: Unsupported value: "": supported values: "Always", ' +
        'pods "123" is forbidden: spec.initContainers[1].imagePullPolicy: Unsupported value: "Never": supported values: "Always", ' +
        'pods "123" is forbidden: spec.initContainers[2].imagePullPolicy: Unsupported value: "IfNotPresent": supported values: "Always", ' +
        'pods "123" is forbidden: spec.containers[0].imagePullPolicy: Unsupported value: "": supported values: "Always", ' +
        'pods "123" is forbidden: spec.containers[1].imagePullPolicy: Unsupported value: "Never": supported values: "Always", ' +
        'pods "123" is forbidden: spec.containers[2].imagePullPolicy: Unsupported value: "IfNotPresent": supported values: "Always", ' +
        'pods "123" is forbidden: spec.volumes[0].image.pullPolicy: Unsupported value: "": supported values: "Always", ' +
        'pods "123" is forbidden: spec.volumes[1].image.pullPolicy: Unsupported value: "Never": supported values: "Always", ' +
        'pods "123" is forbidden: spec.volumes[2].image.pullPolicy: Unsupported value: "IfNotPresent": supported values: "Always"' +
        ']',
    );
    expect(res.errors).toHaveLength(9);
  });

  it('a single image volume error is printed alone (B25 for volumes)', () => {
    const res = validateAlwaysPullImages({
      operation: 'CREATE',
      resource: 'pods',
      object: {
        kind: 'Pod',
        metadata: { name: 'web' },
        spec: {
          containers: [{ name: 'c', image: 'nginx', imagePullPolicy: 'Always' }],
          volumes: [{ name: 'model', image: { reference: 'models/llm:v2', pullPolicy: 'IfNotPresent' } }],
        },
      },
    });
    expect(res.message).toBe(
      'pods "web" is forbidden: spec.volumes[0].image.pullPolicy: Unsupported value: "IfNotPresent": supported values: "Always"',
    );
  });

  it('passes after Admit', () => {
    const admitted = admitAlwaysPullImages({ operation: 'CREATE', resource: 'pods', object: validatePod() });
    if (admitted.outcome !== 'admitted') throw new Error('expected admitted');
    expect(validateAlwaysPullImages({ operation: 'CREATE', resource: 'pods', object: admitted.object })).toEqual({
      errors: [],
      message: null,
    });
  });
});

describe('hasAlwaysPullImages', () => {
  it.each([
    [['AlwaysPullImages'], true],
    [['NamespaceLifecycle', 'AlwaysPullImages'], true],
    [['alwayspullimages'], false],
    [[], false],
  ])('%j → %s', (plugins, expected) => {
    expect(hasAlwaysPullImages(plugins)).toBe(expected);
  });
});
