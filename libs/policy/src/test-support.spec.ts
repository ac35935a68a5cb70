import { describe, expect, it } from 'vitest';
import { applyJsonPatch } from './test-support.js';

describe('applyJsonPatch (RFC 6902, strict like the API server)', () => {
  const doc = { spec: { containers: [{ name: 'a', imagePullPolicy: 'IfNotPresent' }, { name: 'b' }] }, 'x/y~z': 1 };

  it('adds, replaces, removes and tests; escapes ~1 and ~0; leaves the input alone', () => {
    const out = applyJsonPatch(doc, [
      { op: 'replace', path: '/spec/containers/0/imagePullPolicy', value: 'Always' },
      { op: 'add', path: '/spec/containers/1/imagePullPolicy', value: 'Always' },
      { op: 'add', path: '/spec/containers/-', value: { name: 'c' } },
      { op: 'test', path: '/x~1y~0z', value: 1 },
      { op: 'remove', path: '/x~1y~0z' },
    ]);
    expect(out).toEqual({
      spec: {
        containers: [{ name: 'a', imagePullPolicy: 'Always' }, { name: 'b', imagePullPolicy: 'Always' }, { name: 'c' }],
      },
    });
    expect(doc.spec.containers[0]!.imagePullPolicy).toBe('IfNotPresent');
  });

  it.each([
    ['replace of a missing member', { op: 'replace', path: '/spec/containers/1/imagePullPolicy', value: 'Always' }],
    ['an index past the end', { op: 'add', path: '/spec/containers/5', value: {} }],
    ['a path through nothing', { op: 'add', path: '/status/phase', value: 'Running' }],
    ['a failed test', { op: 'test', path: '/x~1y~0z', value: 2 }],
  ])('throws on %s', (_name, op) => {
    expect(() => applyJsonPatch(doc, [op])).toThrow();
  });
});
