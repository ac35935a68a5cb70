import { describe, expect, it } from 'vitest';
import { evaluateManifests } from '../evaluate/index.js';
import { loadManifests } from './index.js';

const object = (apiVersion: string, kind: string, spec: string) =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: x\n  annotations: {image: nginx:1.27}\n${spec}`;

describe('custom resources with image-like fields are listed as unread', () => {
  it.each([
    ['a key named image', 'spec:\n  runner:\n    image: ghcr.io/acme/runner:2\n', ['spec.runner.image']],
    ['an image mapping with repository', 'spec:\n  image: {repository: acme/app, tag: "1.0"}\n', ['spec.image']],
    [
      'an image mapping with reference',
      'spec:\n  volume:\n    image: {reference: acme/data:1}\n',
      ['spec.volume.image'],
    ],
    ['a key ending in Image', 'spec:\n  sidecarImage: envoyproxy/envoy:v1.30\n', ['spec.sidecarImage']],
    [
      'a list of containers',
      'spec:\n  workers:\n  - image: a:1\n  - image: b:2\n',
      ['spec.workers[0].image', 'spec.workers[1].image'],
    ],
    ['an image at the root', 'image: a:1\n', ['image']],
    [
      'several, in document order',
      'spec:\n  a:\n    b: {image: one:1}\n  image: two:2\n  c: [{initImage: three:3}]\n',
      ['spec.a.b.image', 'spec.image', 'spec.c[0].initImage'],
    ],
  ])('%s', (_name, spec, imagePaths) => {
    const result = loadManifests(object('acme.example.com/v1', 'Runner', spec));
    expect(result.unread).toEqual([
      {
        document: 0,
        apiVersion: 'acme.example.com/v1',
        kind: 'Runner',
        name: 'x',
        reason:
          "Runner (acme.example.com/v1) is a custom resource whose pod specs pullwise does not know: its images were not checked; name its pod specs in the cluster profile's podTemplatePaths to have them evaluated",
        imagePaths,
      },
    ]);
    expect(result.errors).toEqual([]);
  });

  it.each([
    ['no image fields', 'spec:\n  replicas: 3\n'],
    ['an empty image', 'spec:\n  image: ""\n'],
    [
      'an image that is not a string or a mapping with repository/reference',
      'spec:\n  image: 3\n  other: {image: {name: x}}\n',
    ],
    ['a *Image key that is not a reference', 'spec:\n  baseImage: "Ubuntu 24.04 LTS"\n  useDefaultImage: true\n'],
    ['keys that merely contain image', 'spec:\n  imagePullPolicy: Always\n  images: 3\n  imageTag: v1\n'],
    ['image fields only in status', 'status:\n  image: a:1\n'],
  ])('not listed: %s (metadata is never searched)', (_name, spec) => {
    expect(loadManifests(object('acme.example.com/v1', 'Runner', spec)).unread).toEqual([]);
  });

  it.each([
    ['v1', 'ConfigMap', 'data:\n  image: nginx:1.27\n'],
    ['v1', 'Service', 'spec:\n  image: a:1\n'],
    ['networking.k8s.io/v1', 'Ingress', 'spec:\n  image: a:1\n'],
    ['rbac.authorization.k8s.io/v1', 'Role', 'image: a:1\n'],
  ])('built-in %s %s stays silently counted', (apiVersion, kind, spec) => {
    const result = loadManifests(object(apiVersion, kind, spec));
    expect(result.unread).toEqual([]);
    expect(result.skipped).toEqual([{ document: 0, kind, name: 'x' }]);
  });

  it('CRD-served *.k8s.io groups are custom resources', () => {
    const result = loadManifests(object('gateway.networking.k8s.io/v1', 'Gateway', 'spec:\n  image: a:1\n'));
    expect(result.unread.map((u) => u.kind)).toEqual(['Gateway']);
  });

  it('stops listing at 50 paths', () => {
    const spec = `spec:\n  list:\n${Array.from({ length: 80 }, (_, i) => `  - image: a:${i}\n`).join('')}`;
    const [unread] = loadManifests(object('acme.example.com/v1', 'Runner', spec)).unread;
    expect(unread!.imagePaths).toHaveLength(50);
    expect(unread!.imagePaths[49]).toBe('spec.list[49].image');
  });

  it('are K8sEvaluation.skipped, and do not make an error', () => {
    const k8s = evaluateManifests(object('acme.example.com/v1', 'Runner', 'spec:\n  image: a:1\n'));
    expect(k8s.skipped).toMatchObject([{ document: 0, kind: 'Runner', imagePaths: ['spec.image'] }]);
    expect(k8s.errors).toEqual([]);
    expect(k8s.summary).toEqual({ documents: 1, workloads: 0, slots: 0 });
  });
});
