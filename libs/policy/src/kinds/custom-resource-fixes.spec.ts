import { describe, expect, it } from 'vitest';
import { evaluate, makeRule } from '../test-support.js';

// Fixes for slots of custom resources (libs/k8s custom-resource-kinds.ts) land on the fields those kinds have.
const workflow = `apiVersion: argoproj.io/v1alpha1
kind: Workflow
metadata: {name: wf}
spec:
  templates:
  - name: a
    steps: [[{name: b, template: b}]]
  - name: b
    container: {image: registry.acme.io/tool:1}
  - name: c
    script: {image: registry.acme.io/py:3, source: print(1)}
`;
const task = `apiVersion: tekton.dev/v1
kind: Task
metadata: {name: t}
spec:
  steps:
  - {name: s, image: registry.acme.io/build:2}
`;

describe('fixes on custom resources', () => {
  it('an Argo script template gets imagePullPolicy at its own path', () => {
    const result = evaluate(workflow, [
      makeRule({ name: 'r', kind: 'pull-policy', params: { allowed: ['Always'] }, enforcement: 'deny' }),
    ]);
    expect(result.findings.map((f) => [f.slot, f.fix!.patch])).toEqual([
      [
        'spec.templates[1].container',
        [{ op: 'add', path: '/spec/templates/1/container/imagePullPolicy', value: 'Always' }],
      ],
      ['spec.templates[2].script', [{ op: 'add', path: '/spec/templates/2/script/imagePullPolicy', value: 'Always' }]],
    ]);
  });

  it('an Argo Workflow gets imagePullSecrets on the workflow spec, where every pod takes them from', () => {
    const result = evaluate(workflow, [
      makeRule({
        name: 'r',
        kind: 'pull-secrets-for-registries',
        params: { registries: ['registry.acme.io'], secretName: 'regcred' },
      }),
    ]);
    expect(result.findings.map((f) => f.fix!.patch)).toEqual([
      [{ op: 'add', path: '/spec/imagePullSecrets', value: [{ name: 'regcred' }] }],
      [{ op: 'add', path: '/spec/imagePullSecrets', value: [{ name: 'regcred' }] }],
    ]);
  });

  it('a Tekton Task, which has no imagePullSecrets field, gets an instruction instead of a patch', () => {
    const result = evaluate(task, [
      makeRule({
        name: 'r',
        kind: 'pull-secrets-for-registries',
        params: { registries: ['registry.acme.io'], secretName: 'regcred' },
      }),
    ]);
    expect(result.findings).toHaveLength(1);
    expect(result.findings[0]!.fix).toMatchObject({ patch: [] });
    expect(result.findings[0]!.fix!.description).toContain('has no imagePullSecrets field');
  });
});
