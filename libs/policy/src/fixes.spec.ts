import { describe, expect, it } from 'vitest';
import { imagePointer, pointerFromFieldPath, podSpecPointer, policyPointer } from './fixes.js';
import { evaluate, makeRule } from './test-support.js';

describe('pointers from slot paths', () => {
  it.each([
    ['spec.template.spec.containers[0]', '/spec/template/spec/containers/0'],
    ['items[3].spec.containers[1]', '/items/3/spec/containers/1'],
    ['spec.jobTemplate.spec.template.spec.initContainers[2]', '/spec/jobTemplate/spec/template/spec/initContainers/2'],
    ['spec.volumes[2].image', '/spec/volumes/2/image'],
    ['metadata.labels[app.kubernetes.io/name]', '/metadata/labels/app.kubernetes.io~1name'],
    ['a[x~y]', '/a/x~0y'],
  ])('%s -> %s', (path, pointer) => {
    expect(pointerFromFieldPath(path)).toBe(pointer);
  });

  it('names the policy, image and pod spec fields', () => {
    expect(policyPointer({ path: 'spec.containers[0]', type: 'container' })).toBe('/spec/containers/0/imagePullPolicy');
    expect(policyPointer({ path: 'spec.volumes[2].image', type: 'imageVolume' })).toBe(
      '/spec/volumes/2/image/pullPolicy',
    );
    expect(imagePointer({ path: 'spec.volumes[2].image', type: 'imageVolume' })).toBe(
      '/spec/volumes/2/image/reference',
    );
    expect(imagePointer({ path: 'spec.ephemeralContainers[0]', type: 'ephemeralContainer' })).toBe(
      '/spec/ephemeralContainers/0/image',
    );
    expect(podSpecPointer({ path: 'items[1].spec.template.spec.initContainers[0]' })).toBe(
      '/items/1/spec/template/spec',
    );
    expect(podSpecPointer({ path: 'spec.volumes[2].image' })).toBe('/spec');
  });
});

const always = () => makeRule({ name: 'always', kind: 'pull-policy', params: { allowed: ['Always'] } });

function patches(manifests: unknown) {
  return evaluate(manifests, [always()]).findings.map((f) => ({
    slot: f.slot,
    document: f.fix!.document,
    patch: f.fix!.patch,
  }));
}

describe('pull-policy fixes at the exact path', () => {
  it('CronJob containers and init containers, add when absent and replace when present', () => {
    const cron = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  schedule: "0 0 * * *"
  jobTemplate:
    spec:
      template:
        spec:
          initContainers:
          - {name: init, image: busybox:1.36, imagePullPolicy: IfNotPresent}
          containers:
          - {name: main, image: acme/job:1}
`;
    expect(patches(cron)).toEqual([
      {
        slot: 'spec.jobTemplate.spec.template.spec.initContainers[0]',
        document: 0,
        patch: [
          {
            op: 'replace',
            path: '/spec/jobTemplate/spec/template/spec/initContainers/0/imagePullPolicy',
            value: 'Always',
          },
        ],
      },
      {
        slot: 'spec.jobTemplate.spec.template.spec.containers[0]',
        document: 0,
        patch: [
          { op: 'add', path: '/spec/jobTemplate/spec/template/spec/containers/0/imagePullPolicy', value: 'Always' },
        ],
      },
    ]);
  });

  it('List items and multi-document streams', () => {
    const stream = `apiVersion: v1
kind: Service
metadata: {name: svc}
---
apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: ConfigMap
  metadata: {name: cm}
- apiVersion: apps/v1
  kind: Deployment
  metadata: {name: web}
  spec:
    template:
      spec:
        containers:
        - {name: a, image: nginx:1.27}
`;
    expect(patches(stream)).toEqual([
      {
        slot: 'items[1].spec.template.spec.containers[0]',
        document: 1,
        patch: [{ op: 'add', path: '/items/1/spec/template/spec/containers/0/imagePullPolicy', value: 'Always' }],
      },
    ]);
  });

  it('image volumes use image.pullPolicy; ephemeral containers their own list', () => {
    const p = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: {
        containers: [{ name: 'a', image: 'nginx' }],
        ephemeralContainers: [{ name: 'debug', image: 'busybox:1.36' }],
        volumes: [
          { name: 'cfg', configMap: { name: 'x' } },
          { name: 'other', emptyDir: {} },
          { name: 'models', image: { reference: 'ghcr.io/acme/models:1', pullPolicy: 'IfNotPresent' } },
        ],
      },
    };
    expect(patches(p)).toEqual([
      {
        slot: 'spec.ephemeralContainers[0]',
        document: 0,
        patch: [{ op: 'add', path: '/spec/ephemeralContainers/0/imagePullPolicy', value: 'Always' }],
      },
      {
        slot: 'spec.volumes[2].image',
        document: 0,
        patch: [{ op: 'replace', path: '/spec/volumes/2/image/pullPolicy', value: 'Always' }],
      },
    ]);
  });

  it('an invalid value is present: replace it', () => {
    const p = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'p' },
      spec: { containers: [{ name: 'a', image: 'nginx:1', imagePullPolicy: 'always' }] },
    };
    expect(patches(p)).toEqual([
      {
        slot: 'spec.containers[0]',
        document: 0,
        patch: [{ op: 'replace', path: '/spec/containers/0/imagePullPolicy', value: 'Always' }],
      },
    ]);
  });
});
