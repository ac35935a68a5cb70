import { describe, expect, it } from 'vitest';
import { defaultPullPolicy } from './default-pull-policy.js';
import { resolvePullPolicy } from './resolve-pull-policy.js';

const HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// pkg/apis/core/v1/defaults_test.go, TestPodDefaults and TestWorkloadDefaults: a Pod / a
// ReplicationController's PodTemplateSpec with an empty image gets
// `.Spec.Containers[0].ImagePullPolicy` and `.Spec.InitContainers[0].ImagePullPolicy` = "IfNotPresent".
// Ephemeral containers share SetDefaults_Container (SetDefaults_EphemeralContainer, docs/kubernetes-semantics.md R1.2).
describe('TestPodDefaults / TestWorkloadDefaults (defaults_test.go): empty image → IfNotPresent', () => {
  it.each([
    ['TestPodDefaults .Spec.Containers[0]', 'container', true],
    ['TestPodDefaults .Spec.InitContainers[0]', 'initContainer', true],
    ['TestPodDefaults .Spec.EphemeralContainers[0] (R1.2)', 'ephemeralContainer', true],
    ['TestWorkloadDefaults .Spec.Containers[0]', 'container', false],
    ['TestWorkloadDefaults .Spec.InitContainers[0]', 'initContainer', false],
  ] as const)('%s', (_name, slotType, isPod) => {
    expect(defaultPullPolicy('')).toBe('IfNotPresent');
    const r = resolvePullPolicy({ image: '', declared: null, slotType, isPod, admissionPlugins: [] });
    expect(r).toMatchObject({ declared: null, default: 'IfNotPresent', effective: 'IfNotPresent' });
  });
});

// docs/kubernetes-semantics.md §8(a), "default policy" column (vectors computed against distribution/reference v0.6.0).
describe('spec §8(a) default imagePullPolicy vectors (SetDefaults_Container)', () => {
  it.each([
    [1, 'nginx', 'Always'],
    [2, 'nginx:latest', 'Always'],
    [3, 'nginx:1.25', 'IfNotPresent'],
    [4, 'nginx:LATEST', 'IfNotPresent'],
    [5, 'nginx:Latest', 'IfNotPresent'],
    [6, 'busybox:latest-glibc', 'IfNotPresent'],
    [7, `nginx@sha256:${HEX}`, 'IfNotPresent'],
    [8, `nginx:latest@sha256:${HEX}`, 'Always'],
    [9, `nginx:1.25@sha256:${HEX}`, 'IfNotPresent'],
    [10, 'library/nginx', 'Always'],
    [11, 'docker.io/nginx', 'Always'],
    [12, 'index.docker.io/library/nginx:1.25', 'IfNotPresent'],
    [13, 'user/repo', 'Always'],
    [14, 'localhost:5000/app', 'Always'],
    [15, 'localhost:5000/app:latest', 'Always'],
    [16, `localhost:5000/app:v1@sha256:${HEX}`, 'IfNotPresent'],
    [17, 'localhost/app', 'Always'],
    [18, 'localhost:5000', 'IfNotPresent'],
    [19, 'localhost', 'Always'],
    [20, 'example.com', 'Always'],
    [21, 'host:5000/app', 'Always'],
    [22, 'host:5000/app:v1', 'IfNotPresent'],
    [23, '127.0.0.1:5000/app', 'Always'],
    [24, '[::1]:5000/app:v1', 'IfNotPresent'],
    [25, 'registry.k8s.io/pause:3.9', 'IfNotPresent'],
    [26, `gcr.io/project/app@sha256:${HEX}`, 'IfNotPresent'],
    [27, `ghcr.io/org/app:latest@sha256:${HEX}`, 'Always'],
    [28, 'MyRegistry.io/app', 'Always'],
    [29, 'myregistry.io/App', 'IfNotPresent'],
    [30, 'Nginx', 'IfNotPresent'],
    [31, 'nginx:', 'IfNotPresent'],
    [32, 'nginx:1.25:extra', 'IfNotPresent'],
    [33, 'nginx@sha256:abc', 'IfNotPresent'],
    [34, HEX, 'IfNotPresent'],
    [35, `sha256:${HEX}`, 'IfNotPresent'],
    [36, '', 'IfNotPresent'],
    [37, 'nginx:latest ', 'IfNotPresent'],
    [38, 'http://registry.example.com/app', 'IfNotPresent'],
  ])('#%i %j → %s', (_n, image, policy) => {
    expect(defaultPullPolicy(image)).toBe(policy);
  });
});

// pkg/apis/core/v1/defaults.go, SetDefaults_Volume (docs/kubernetes-semantics.md R2.1): same rule for volumes[].image.reference.
describe('image volume defaulting (SetDefaults_Volume)', () => {
  it.each([
    ['quay.io/models/llm', 'Always'],
    ['quay.io/models/llm:latest', 'Always'],
    ['quay.io/models/llm:v2', 'IfNotPresent'],
    [`quay.io/models/llm@sha256:${HEX}`, 'IfNotPresent'],
  ])('%s → %s', (image, policy) => {
    const r = resolvePullPolicy({ image, declared: null, slotType: 'imageVolume', isPod: true, admissionPlugins: [] });
    expect(r.default).toBe(policy);
    expect(r.effective).toBe(policy);
    expect(r.reasons[0]).toMatch(/^image\.pullPolicy is not set; Kubernetes defaults it to /);
  });
});

describe('default reasons', () => {
  const reason = (image: string | null) =>
    resolvePullPolicy({ image, declared: null, slotType: 'container', isPod: true, admissionPlugins: [] }).reasons[0];
  it.each([
    [
      'nginx',
      'imagePullPolicy is not set; Kubernetes defaults it to Always because the tag is "latest" (no tag and no digest implies latest)',
    ],
    ['nginx:latest', 'imagePullPolicy is not set; Kubernetes defaults it to Always because the tag is "latest"'],
    [
      'nginx:1.25',
      'imagePullPolicy is not set; Kubernetes defaults it to IfNotPresent because the tag is "1.25", not "latest" (SetDefaults_Container, pkg/apis/core/v1/defaults.go)',
    ],
  ])('%s', (image, text) => {
    expect(reason(image)).toBe(text);
  });
  it('case-sensitive tag', () => expect(reason('nginx:LATEST')).toContain('the comparison is case-sensitive'));
  it('digest only', () => expect(reason(`nginx@sha256:${HEX}`)).toContain('pinned by digest and has no tag'));
  it('latest with digest', () =>
    expect(reason(`nginx:latest@sha256:${HEX}`)).toContain('the digest does not change the default'));
  it('parse error', () =>
    expect(reason('Nginx')).toContain(
      'does not parse (invalid reference format: repository name (library/Nginx) must be lowercase)',
    ));
  it('empty', () => expect(reason(null)).toContain('Required value'));
});
