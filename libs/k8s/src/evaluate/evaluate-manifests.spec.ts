import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../image/index.js';
import { evaluateManifests } from './evaluate-manifests.js';
import { preloadedMatcher } from './preloaded-images.js';

const pod = (container: string, extra = '') => `apiVersion: v1
kind: Pod
metadata: {name: p${extra}}
spec:
  containers:
  - name: c
${container}`;

describe('evaluateManifests', () => {
  it('namespace: metadata, then context, then default', () => {
    const text = `${pod('    image: nginx')}\n---\n${pod('    image: nginx').replace('{name: p}', '{name: q, namespace: prod}')}`;
    expect(evaluateManifests(text).workloads.map((w) => w.namespace)).toEqual(['default', 'prod']);
    expect(evaluateManifests(text, { namespace: 'ci' }).workloads.map((w) => w.namespace)).toEqual(['ci', 'prod']);
  });

  it.each([
    [
      '    image: nginx\n    imagePullPolicy: always',
      8,
      'spec.containers[0].imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never"',
    ],
    ['    imagePullPolicy: Always', 6, 'spec.containers[0].image: Required value'],
    [
      '    image: "nginx "',
      7,
      'spec.containers[0].image: Invalid value: "nginx ": must not have leading or trailing whitespace',
    ],
  ])('API validation problems are listed with their path (validation.go): %j', (container, line, message) => {
    const r = evaluateManifests(pod(container));
    expect(r.errors.map((e) => e.message)).toEqual([message]);
    expect(r.errors[0]).toMatchObject({ document: 0, line });
    expect(r.summary.slots).toBe(1);
  });

  it('an invalid declared policy is evaluated as unset and says so', () => {
    const slot = evaluateManifests(pod('    image: nginx:1.27\n    imagePullPolicy: always')).workloads[0]!.slots[0]!;
    expect(slot.pullPolicy).toMatchObject({ declared: null, default: 'IfNotPresent', effective: 'IfNotPresent' });
    expect(slot.pullPolicy.reasons[0]).toContain('"always" is not a valid value');
  });

  it('template whitespace passes API validation (only Pods reject it) but not the kubelet', () => {
    const deploy = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: "nginx "}]\n`;
    expect(evaluateManifests(deploy).errors.map((e) => e.message)).toEqual([
      'spec.template.spec.containers[0].image: Failed to apply default image tag "nginx ": couldn\'t parse image name "nginx ": invalid reference format (the API server accepts this reference, but every node fails the container with InvalidImageName)',
    ]);
  });

  it.each([
    // An upper-case first component reads as a registry host (distribution/reference, splitDockerDomain).
    ['MyOrg/App:1.0', 'invalid reference format: repository name (App) must be lowercase'],
    ['nginx@sha256:xyz', 'invalid reference format'],
    ['nginx :1.27', 'invalid reference format'],
    ['nginx:', 'invalid reference format'],
  ])("an image reference that does not parse is an error in the kubelet's words: %s", (image, error) => {
    const r = evaluateManifests(pod(`    image: "${image}"`));
    expect(r.errors).toEqual([
      {
        code: 'invalid-image',
        document: 0,
        path: 'spec.containers[0].image',
        line: 7,
        message: `spec.containers[0].image: Failed to apply default image tag "${image}": couldn't parse image name "${image}": ${error} (the API server accepts this reference, but every node fails the container with InvalidImageName)`,
      },
    ]);
    // The slot is still reported, with what the node does.
    expect(r.workloads[0]!.slots[0]!.node.imageAbsent.reason).toBe('InvalidImageName');
  });

  it('an image volume reference that does not parse is an error at its reference', () => {
    const text = `${pod('    image: nginx:1.27')}\n  volumes: [{name: v, image: {reference: "Quay.io/X"}}]\n`;
    expect(evaluateManifests(text).errors).toEqual([
      {
        code: 'invalid-image',
        document: 0,
        path: 'spec.volumes[0].image.reference',
        line: 8,
        message:
          'spec.volumes[0].image.reference: Failed to apply default image tag "Quay.io/X": couldn\'t parse image name "Quay.io/X": invalid reference format: repository name (X) must be lowercase (the API server accepts this reference, but every node fails the volume with InvalidImageName)',
      },
    ]);
  });

  it("a Pod image with surrounding whitespace gets only the API server's error: it never reaches a node", () => {
    expect(evaluateManifests(pod('    image: " nginx"')).errors.map((e) => e.message)).toEqual([
      'spec.containers[0].image: Invalid value: " nginx": must not have leading or trailing whitespace',
    ]);
  });

  it('an image-volume reference may be omitted in templates but not in Pods (KEP-4639)', () => {
    const vol = 'volumes: [{name: v, image: {pullPolicy: IfNotPresent}}]\n';
    const podText = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: nginx:1}]\n  ${vol}`;
    const deploy = `apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: nginx:1}]\n      ${vol}`;
    expect(evaluateManifests(podText).errors.map((e) => e.path)).toEqual(['spec.volumes[0].image.reference']);
    expect(evaluateManifests(deploy).errors).toEqual([]);
  });

  it('a kubelet version outside the modelled range throws a typed error', () => {
    expect(() => evaluateManifests(pod('    image: nginx'), { kubeletVersion: '1.12' })).toThrow(/1\.12/);
  });

  it('stops at maxSlots with an error naming the first slot over the limit', () => {
    const r = evaluateManifests(`${pod('    image: a')}\n---\n${pod('    image: b', '2')}\n`, {}, { maxSlots: 1 });
    expect(r.summary).toEqual({ documents: 2, workloads: 1, slots: 1 });
    expect(r.errors).toEqual([
      {
        code: 'too-many-slots',
        document: 1,
        path: 'spec.containers[0]',
        line: 14,
        message: 'too many image slots: the limit is 1 per request',
      },
    ]);
  });

  it('names its assumptions', () => {
    expect(evaluateManifests(pod('    image: nginx'), { kubeletVersion: '1.34' }).assumptions[0]).toBe('kubelet 1.34');
  });
});

describe('preloadedMatcher', () => {
  const hex = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
  it.each([
    [['nginx:1.27'], 'docker.io/library/nginx:1.27', true],
    [['docker.io/library/nginx:1.27'], 'nginx:1.27', true],
    [['nginx:1.27'], 'nginx:1.28', false],
    [['nginx'], 'nginx:latest', true],
    [[`nginx@sha256:${hex}`], `nginx:1.27@sha256:${hex}`, true],
    [['nginx:1.27'], `nginx:1.27@sha256:${hex}`, false],
    [['not a reference!'], 'nginx', false],
  ])('%j preloaded, %s -> %s', (preloaded, image, expected) => {
    expect(preloadedMatcher(preloaded)(parseImageReference(image))).toBe(expected);
  });
});
