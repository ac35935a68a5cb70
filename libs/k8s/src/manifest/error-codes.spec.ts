import { describe, expect, it } from 'vitest';
import { evaluateManifests, imageFieldLimitError, type EvaluateOptions } from '../evaluate/index.js';
import type { ClusterContext } from '../types.js';
import { ENGINE_ERROR_CODES, type EngineErrorCode } from './error-codes.js';

const pod = (container: string, extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n  - ${container}\n${extra}`;
const POD = pod('{name: c, image: nginx:1.27}');

const circular: Record<string, unknown> = { apiVersion: 'v1', kind: 'Pod' };
circular.self = circular;
const leaf = Array.from({ length: 1000 }, () => 0);
const wide = Array.from({ length: 1000 }, () => leaf);
const tooManyValues = { apiVersion: 'v1', kind: 'ConfigMap', data: Array.from({ length: 20 }, () => wide) };

interface Case {
  input: unknown;
  /** The start of the message (messages are for people; this pins that they did not change). */
  message: string;
  path?: string | null;
  context?: ClusterContext;
  options?: EvaluateOptions;
}

/** One input per code: each yields exactly that code as its first error. */
const CASES: Record<Exclude<EngineErrorCode, 'read-failed'>, Case> = {
  'yaml-syntax': { input: 'kind: Pod\nspec: [\n', message: 'Flow sequence in block collection' },
  'duplicate-key': { input: 'kind: Pod\nkind: Pod\n', message: 'Map keys must be unique' },
  'unknown-alias': { input: 'kind: Pod\nspec: *nope\n', message: 'alias *nope has no anchor &nope before it' },
  'circular-alias': {
    input: 'kind: Pod\nspec: &s {containers: *s}\n',
    message: 'alias *s refers to a node that contains it',
  },
  'invalid-merge-key': { input: 'kind: Pod\nspec:\n  <<: 3\n', message: 'a merge key << needs a mapping' },
  'unrenderable-value': { input: [circular], message: 'document 0 cannot be rendered as JSON: self contains itself' },
  'too-deep': { input: `kind: Pod\nx: ${'['.repeat(101)}${']'.repeat(101)}\n`, message: 'nesting is deeper than 100' },
  'too-many-aliases': {
    input: `kind: Pod\na: &a [1]\nb: [${Array.from({ length: 101 }, () => '*a').join(', ')}]\n`,
    message: 'aliases expand more than 100 times',
  },
  'string-too-long': { input: POD, options: { maxStringLength: 5 }, message: 'string at apiVersion' },
  'too-many-values': { input: [tooManyValues], message: 'document 0 cannot be rendered as JSON: it has more than' },
  'too-many-documents': {
    input: `${POD}---\n${POD}`,
    options: { maxDocuments: 1 },
    message: 'more than 1 documents; the rest of the input was not loaded',
  },
  'too-many-slots': {
    input: pod('{name: a, image: nginx}\n  - {name: b, image: nginx}'),
    options: { maxSlots: 1 },
    message: 'too many image slots: the limit is 1 per request',
  },
  'parse-timeout': {
    input: `kind: ConfigMap\ndata: {${Array.from({ length: 5000 }, (_, i) => `k${i}: v`).join(', ')}}\n`,
    options: { maxParseMs: 0 },
    message: 'reading the input took longer than 0 ms',
  },
  'no-objects': { input: '# nothing\n---\n', message: 'no Kubernetes objects in the input', path: null },
  'not-an-object': { input: '42\n', message: 'document 0 is a number' },
  'missing-kind': { input: 'apiVersion: v1\nmetadata: {name: x}\n', message: 'kind is not set', path: 'kind' },
  'missing-api-version': { input: `kind: ConfigMap\n`, message: 'apiVersion is not set', path: 'apiVersion' },
  'invalid-api-version': { input: 'apiVersion: a/b/c\nkind: Pod\n', message: 'apiVersion: unexpected GroupVersion' },
  'unknown-kind': { input: 'apiVersion: v1\nkind: Deployment\n', message: 'no matches for kind "Deployment"' },
  'unknown-field': { input: pod('{name: c, image: nginx, imagePulPolicy: Always}'), message: 'Pod in version "v1"' },
  'wrong-type': { input: 'apiVersion: v1\nkind: Pod\nspec: {containers: x}\n', message: 'spec.containers must be' },
  'required-value': { input: pod('{name: c}'), message: 'spec.containers[0].image: Required value' },
  'invalid-value': { input: pod('{name: c, image: " nginx"}'), message: 'spec.containers[0].image: Invalid value' },
  'invalid-pull-policy': {
    input: pod('{name: c, image: nginx, imagePullPolicy: always}'),
    message: 'spec.containers[0].imagePullPolicy: Unsupported value: "always"',
    path: 'spec.containers[0].imagePullPolicy',
  },
  'invalid-image': { input: pod('{name: c, image: "MyOrg/App:1.0"}'), message: 'spec.containers[0].image: Failed' },
  'invalid-pod-template-path': {
    input: POD,
    context: { podTemplatePaths: [{ apiVersion: 'example.com/v1', kind: 'Run', path: 'jobs[0]' }] },
    message: 'cluster profile podTemplatePaths[0].path',
  },
};

describe('engine error codes', () => {
  it.each(Object.entries(CASES))('%s', (code, c) => {
    const errors = evaluateManifests(c.input, c.context, c.options).errors;
    expect(errors[0]).toMatchObject({ code, message: expect.stringMatching(`^${escape(c.message)}`) as string });
    if (c.path !== undefined) expect(errors[0]!.path).toBe(c.path);
  });

  it('has a case for every code but the last-resort read-failed (no known input reaches it)', () => {
    expect([...Object.keys(CASES), 'read-failed'].sort()).toEqual([...ENGINE_ERROR_CODES].sort());
  });

  it.each([
    ['{}', {}],
    ['[]', []],
    ['blank text', ' \n\t'],
    ['document markers only', '---\n...\n'],
  ])('%s is the one no-objects error and nothing else', (_name, input) => {
    expect(evaluateManifests(input).errors).toEqual([
      { code: 'no-objects', document: null, path: null, line: null, message: 'no Kubernetes objects in the input' },
    ]);
  });

  it('an empty object inside a list is a document with errors, not nothing', () => {
    expect(evaluateManifests([{}]).errors.map((e) => e.code)).toEqual(['missing-kind', 'missing-api-version']);
  });
});

describe(imageFieldLimitError.name, () => {
  const many = (n: number) => pod(Array.from({ length: n }, (_, i) => `{name: c${i}, image: n}`).join('\n  - '));

  it('answers more image fields than maxSlots as the loader does, without a position', () => {
    expect(imageFieldLimitError(many(3), 2)).toEqual({
      code: 'too-many-slots',
      document: null,
      path: null,
      line: null,
      message: 'too many image slots: the limit is 2 per request',
    });
    expect(evaluateManifests(many(3), {}, { maxSlots: 2 }).errors[0]).toMatchObject({
      code: 'too-many-slots',
      message: 'too many image slots: the limit is 2 per request',
    });
  });

  it('lets through what is within the limit, and parsed objects are counted the same way', () => {
    expect(imageFieldLimitError(many(2), 2)).toBeNull();
    expect(imageFieldLimitError({ spec: { containers: [{ image: 'a' }, { image: 'b' }] } }, 1)).toMatchObject({
      code: 'too-many-slots',
    });
    expect(imageFieldLimitError(many(5), Infinity)).toBeNull();
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
