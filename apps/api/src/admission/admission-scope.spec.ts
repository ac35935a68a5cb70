import { describe, expect, it } from 'vitest';
import type { AdmissionRequest } from './admission-review.js';
import { admissionScope } from './admission-scope.js';

const POD = { apiVersion: 'v1', kind: 'Pod', spec: { containers: [{ name: 'app', image: 'nginx:1.27' }] } };

/** A request for `kind`/`resource` in `group` (core by default), as the API server fills it. */
function request(over: Record<string, unknown> = {}): AdmissionRequest {
  const {
    group = '',
    kind = 'Pod',
    resource = 'pods',
    ...rest
  } = over as { group?: string; kind?: string; resource?: string };
  return {
    uid: 'u',
    kind: { group, version: 'v1', kind },
    resource: { group, version: 'v1', resource },
    operation: 'CREATE',
    object: POD,
    ...rest,
  } as AdmissionRequest;
}

const withImage = (image: string) => ({ ...POD, spec: { containers: [{ name: 'app', image }] } });

describe('admissionScope', () => {
  it.each([
    ['DELETE', request({ operation: 'DELETE', object: null }), 'DELETE carries no new pod spec'],
    ['CONNECT (pods/exec)', request({ operation: 'CONNECT', subResource: 'exec' }), 'CONNECT carries no new pod spec'],
    ['pods/status', request({ operation: 'UPDATE', subResource: 'status' }), 'subresource pods/status is not judged'],
    ['pods/binding', request({ subResource: 'binding' }), 'subresource pods/binding is not judged'],
    [
      'deployments/scale',
      request({ group: 'apps', kind: 'Scale', resource: 'deployments', subResource: 'scale', operation: 'UPDATE' }),
      'subresource deployments/scale is not judged',
    ],
    [
      'ephemeralcontainers of something else',
      request({ group: 'example.com', resource: 'pods', subResource: 'ephemeralcontainers' }),
      'subresource pods/ephemeralcontainers is not judged',
    ],
    [
      'a ConfigMap',
      request({ kind: 'ConfigMap', resource: 'configmaps' }),
      'ConfigMap (v1) carries no pod spec pullwise knows',
    ],
    [
      'a Deployment of another API group',
      request({ group: 'apps.example.com', kind: 'Deployment', resource: 'deployments' }),
      'Deployment (apps.example.com/v1) carries no pod spec pullwise knows',
    ],
  ])('%s is allowed untouched', (_name, r, why) => {
    expect(admissionScope(r)).toEqual({ evaluate: false, why });
  });

  it.each([
    ['a Pod CREATE', request(), { ephemeralOnly: false, podSpecFrozen: false, alwaysPullImagesIgnores: false }],
    [
      'a Pod UPDATE that brings a new image',
      request({ operation: 'UPDATE', oldObject: withImage('nginx:1.26') }),
      { ephemeralOnly: false, podSpecFrozen: true, alwaysPullImagesIgnores: false },
    ],
    [
      'a Pod UPDATE with the same images (isUpdateWithNoNewImages)',
      request({ operation: 'UPDATE', oldObject: POD }),
      { ephemeralOnly: false, podSpecFrozen: true, alwaysPullImagesIgnores: true },
    ],
    [
      'pods/ephemeralcontainers',
      request({ operation: 'UPDATE', subResource: 'ephemeralcontainers', oldObject: POD }),
      { ephemeralOnly: true, podSpecFrozen: false, alwaysPullImagesIgnores: true },
    ],
    [
      'a Deployment UPDATE',
      request({ group: 'apps', kind: 'Deployment', resource: 'deployments', operation: 'UPDATE', oldObject: POD }),
      { ephemeralOnly: false, podSpecFrozen: false, alwaysPullImagesIgnores: false },
    ],
    [
      'a CronJob (batch/v1)',
      request({ group: 'batch', kind: 'CronJob', resource: 'cronjobs' }),
      { ephemeralOnly: false, podSpecFrozen: false, alwaysPullImagesIgnores: false },
    ],
    [
      'a PodTemplate',
      request({ kind: 'PodTemplate', resource: 'podtemplates' }),
      { ephemeralOnly: false, podSpecFrozen: false, alwaysPullImagesIgnores: false },
    ],
  ])('%s is judged', (_name, r, expected) => {
    expect(admissionScope(r)).toEqual({ evaluate: true, ...expected });
  });

  it('reads a malformed pod spec without throwing', () => {
    const odd = { kind: 'Pod', spec: { containers: 'nope', initContainers: [null, 5, { image: 7 }] } };
    expect(admissionScope(request({ operation: 'UPDATE', object: odd, oldObject: odd }))).toMatchObject({
      evaluate: true,
      alwaysPullImagesIgnores: true,
    });
  });
});
