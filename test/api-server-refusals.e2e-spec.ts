// Objects the API server (or, for images, every kubelet) would refuse are errors in POST /v1/evaluations, each
// naming document, path and line in the API server's or kubelet's own words (issue 13 §1): never a silent skip.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
});
afterAll(() => t?.close());

const VALID_POD =
  'apiVersion: v1\nkind: Pod\nmetadata: {name: ok}\nspec:\n  containers: [{name: c, image: "nginx:1.27"}]\n';
const evaluate = (yaml: string) =>
  t.http().post('/v1/evaluations').set('content-type', 'application/yaml').send(`${VALID_POD}---\n${yaml}`);

const deployment = (podSpec: string, kind = 'Deployment', apiVersion = 'apps/v1') =>
  `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: web}\nspec:\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec:\n${podSpec}`;
const CONTAINERS = '      containers: [{name: c, image: "nginx:1.27"}]\n';

describe('POST /v1/evaluations lists what the API server refuses', () => {
  it.each([
    [
      'a misspelt kind',
      'unknown-kind',
      deployment(CONTAINERS, 'Deploymnet'),
      'kind',
      8,
      'no matches for kind "Deploymnet" in version "apps/v1": did you mean "Deployment"?',
    ],
    [
      'Deployment in the core group',
      'unknown-kind',
      deployment(CONTAINERS, 'Deployment', 'v1'),
      'apiVersion',
      7,
      'no matches for kind "Deployment" in version "v1": Deployment is served in apiVersion "apps/v1"',
    ],
    [
      'kind: pod',
      'unknown-kind',
      'apiVersion: v1\nkind: pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: "nginx:1.27"}]\n',
      'kind',
      8,
      'no matches for kind "pod" in version "v1": did you mean "Pod"? (kinds are case-sensitive)',
    ],
    [
      'container instead of containers',
      'unknown-field',
      deployment('      container: [{name: c, image: "nginx:1.27"}]\n'),
      'spec.template.spec.container',
      15,
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.container"',
    ],
    [
      'a typo in a container',
      'unknown-field',
      deployment('      containers:\n      - name: c\n        image: "nginx:1.27"\n        imagePullpolicy: Always\n'),
      'spec.template.spec.containers[0].imagePullpolicy',
      18,
      'Deployment in version "v1" cannot be handled as a Deployment: strict decoding error: unknown field "spec.template.spec.containers[0].imagePullpolicy"',
    ],
    [
      'a Pod without containers',
      'required-value',
      'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: []\n',
      'spec.containers',
      11,
      'spec.containers: Required value',
    ],
    [
      'an image that does not parse',
      'invalid-image',
      deployment('      containers: [{name: c, image: "nginx@sha256:xyz"}]\n'),
      'spec.template.spec.containers[0].image',
      15,
      'spec.template.spec.containers[0].image: Failed to apply default image tag "nginx@sha256:xyz": couldn\'t parse image name "nginx@sha256:xyz": invalid reference format (the API server accepts this reference, but every node fails the container with InvalidImageName)',
    ],
    [
      'an image with a space inside',
      'invalid-image',
      deployment('      containers: [{name: c, image: "nginx :1.27"}]\n'),
      'spec.template.spec.containers[0].image',
      15,
      'spec.template.spec.containers[0].image: Failed to apply default image tag "nginx :1.27": couldn\'t parse image name "nginx :1.27": invalid reference format (the API server accepts this reference, but every node fails the container with InvalidImageName)',
    ],
  ])('%s', async (name, code, yaml, path, line, message) => {
    const res = await evaluate(yaml);
    expect(res.status).toBe(200);
    expect(res.body.errors[0]).toEqual({ code, document: 1, path, line, message });
    expect(res.body.verdict).toBe('error');
    // The typo leaves the template without containers, which the API server would refuse next.
    const rest = name === 'container instead of containers' ? ['spec.template.spec.containers: Required value'] : [];
    expect(res.body.errors.slice(1).map((e: { message: string }) => e.message)).toEqual(rest);
    // The valid document is still evaluated.
    expect(res.body.workloads.map((w: { name: string }) => w.name)).toContain('ok');
  });

  it('still reports the slot of an image that does not parse, with the node failing it', async () => {
    const res = await evaluate(deployment('      containers: [{name: c, image: "MyOrg/App:1.0"}]\n'));
    const slot = res.body.workloads.find((w: { name: string }) => w.name === 'web').slots[0];
    expect(slot.image.error).toBe('invalid reference format: repository name (App) must be lowercase');
    expect(slot.node.imageAbsent.reason).toBe('InvalidImageName');
  });

  it('does not judge custom resources of other groups here', async () => {
    const res = await evaluate('apiVersion: example.com/v1\nkind: Widget\nmetadata: {name: w}\nspec: {colour: red}\n');
    expect(res.body.errors).toEqual([]);
  });
});
