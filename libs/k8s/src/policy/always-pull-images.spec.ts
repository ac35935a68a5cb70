import { describe, expect, it } from 'vitest';
import {
  admitAlwaysPullImages,
  hasAlwaysPullImages,
  validateAlwaysPullImages,
  type AdmissionAttributes,
  type AdmissionObject,
} from './always-pull-images.js';

// Ports of plugin/pkg/admission/alwayspullimages/admission_test.go.

const podWithAllPolicies = (): AdmissionObject => ({
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
    volumes: [{ name: 'volume1', image: { reference: 'image', pullPolicy: 'Never' } }],
  },
});

describe('TestAdmission (admission_test.go): create requests set every container to Always', () => {
  it('init and regular containers become Always; the input object is not modified', () => {
    const pod = podWithAllPolicies();
    const res = admitAlwaysPullImages({ operation: 'CREATE', resource: 'pods', object: pod });
    expect(res.outcome).toBe('admitted');
    if (res.outcome !== 'admitted') return;
    for (const c of [...(res.object.spec?.initContainers ?? []), ...(res.object.spec?.containers ?? [])]) {
      expect(c.imagePullPolicy).toBe('Always');
    }
    expect(res.changed).toEqual([
      'spec.initContainers[0].imagePullPolicy',
      'spec.initContainers[1].imagePullPolicy',
      'spec.initContainers[2].imagePullPolicy',
      'spec.containers[0].imagePullPolicy',
      'spec.containers[1].imagePullPolicy',
      'spec.containers[2].imagePullPolicy',
    ]);
    expect(pod.spec?.containers?.[1]?.imagePullPolicy).toBe('Never');
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

  it('image volumes are not visited (R2.7, R3.7)', () => {
    const res = admitAlwaysPullImages({ operation: 'CREATE', resource: 'pods', object: podWithAllPolicies() });
    expect(res.outcome === 'admitted' && res.object.spec?.volumes?.[0]?.image?.pullPolicy).toBe('Never');
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
    // Spec R3.6 / B22: kubectl debug goes through the ephemeralcontainers subresource.
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
  // subresource rule; they are replayed as written.
  it.each([
    { name: 'update IfNotPresent pod annotations', object: pod, expectIgnore: true },
    { name: 'update IfNotPresent pod image', object: podWithNewImage, expectIgnore: true },
  ])('$name', ({ object, expectIgnore }) => {
    const res = admitAlwaysPullImages({
      operation: 'CREATE',
      resource: 'pods',
      subresource: 'finalizers',
      object,
      oldObject: oldPod,
    });
    expect(res.outcome === 'ignored').toBe(expectIgnore);
  });

  // The same scenarios on the main resource exercise isUpdateWithNoNewImages (R3.3, B24).
  it.each([
    { name: 'main resource, same images', object: pod, outcome: 'ignored' },
    { name: 'main resource, new image', object: podWithNewImage, outcome: 'admitted' },
  ])('$name → $outcome', ({ object, outcome }) => {
    const attrs: AdmissionAttributes = { operation: 'UPDATE', resource: 'pods', object, oldObject: oldPod };
    expect(admitAlwaysPullImages(attrs).outcome).toBe(outcome);
    expect(validateAlwaysPullImages(attrs).errors).toHaveLength(outcome === 'ignored' ? 0 : 1);
  });
});

// TestValidate (admission_test.go; name UNCONFIRMED in the spec): one Forbidden error per container not set to
// Always. A copy of the test also lists spec.volumes[*].image.pullPolicy errors; the spec (R2.7) says
// volumes are not visited, so only container errors are expected here.
describe('TestValidate (admission_test.go): Validate rejects containers that are not Always', () => {
  it('aggregates one error per non-Always container', () => {
    const res = validateAlwaysPullImages({ operation: 'CREATE', resource: 'pods', object: podWithAllPolicies() });
    expect(res.message).toBe(
      '[' +
        'pods "123" is forbidden: spec.initContainers[0].imagePullPolicy: Unsupported value: "": supported values: "Always", ' +
        'pods "123" is forbidden: spec.initContainers[1].imagePullPolicy: Unsupported value: "Never": supported values: "Always", ' +
        'pods "123" is forbidden: spec.initContainers[2].imagePullPolicy: Unsupported value: "IfNotPresent": supported values: "Always", ' +
        'pods "123" is forbidden: spec.containers[0].imagePullPolicy: Unsupported value: "": supported values: "Always", ' +
        'pods "123" is forbidden: spec.containers[1].imagePullPolicy: Unsupported value: "Never": supported values: "Always", ' +
        'pods "123" is forbidden: spec.containers[2].imagePullPolicy: Unsupported value: "IfNotPresent": supported values: "Always"' +
        ']',
    );
  });

  it('passes after Admit', () => {
    const admitted = admitAlwaysPullImages({ operation: 'CREATE', resource: 'pods', object: podWithAllPolicies() });
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
