import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { validateRuleInput } from '../validate-rule.js';
import { BUNDLE_KIND } from './bundle.js';
import { policyBundle, ruleEntry } from './bundle-entries.js';
import { locateProblems, pathSegments, readBundleText } from './read-bundle.js';
import { validateBundle } from './validate-bundle.js';
import { serializeBundle } from './write-bundle.js';

const YAML = `apiVersion: pullwise.io/v1
kind: PolicyBundle
rules:
  - name: a
    kind: disallowed-tags
    params:
      tags: latest
    enforcement: deny
`;

describe('readBundleText', () => {
  it.each([
    ['rules[3].params.tags', ['rules', 3, 'params', 'tags']],
    ['match.labels.matchLabels[app.kubernetes.io/name]', ['match', 'labels', 'matchLabels', 'app.kubernetes.io/name']],
    ['', []],
  ])('splits %j', (path, segments) => expect(pathSegments(path)).toEqual(segments));

  it('places validation problems on their lines', () => {
    const r = readBundleText(YAML);
    if (!r.ok) throw new Error('unreadable');
    const v = validateBundle(r.value.raw);
    if (v.ok) throw new Error('valid');
    expect(locateProblems(v.problems, r.value)).toEqual([
      expect.objectContaining({ path: 'rules[0].params.tags', line: 7 }),
    ]);
  });

  it('places a missing field on its parent', () => {
    const r = readBundleText(YAML.replace('    enforcement: deny\n', ''));
    if (!r.ok) throw new Error('unreadable');
    expect(r.value.lineOf('rules[0].enforcement')).toBe(4);
  });

  it.each([
    ['a syntax error', 'rules: [a, b\n', 2],
    ['a duplicate key', 'kind: PolicyBundle\nkind: List\n', 2],
    ['two documents', 'kind: a\n---\nkind: b\n', 2],
  ])('refuses %s with its line', (_, text, line) => {
    const r = readBundleText(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.problems[0]!.line).toBe(line);
  });

  it('refuses alias expansion beyond a small bundle', () => {
    const bomb = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...Array.from(
        { length: 8 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [*${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}, *${String.fromCharCode(97 + i)}]`,
      ),
    ].join('\n');
    expect(readBundleText(bomb).ok).toBe(false);
  });

  it('never throws, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), (text) => {
        const r = readBundleText(text);
        if (r.ok) expect(typeof r.value.lineOf('rules[0].name')).not.toBe('undefined');
      }),
      { numRuns: 300 },
    );
  });
});

const ruleInputs = fc.record({
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,20}[a-z0-9]$/),
  description: fc.option(
    // Storable text only (no NUL, no lone surrogate): the validators refuse the rest.
    fc.string({ maxLength: 40 }).filter((s) => !s.includes('\0') && !/[\uD800-\uDFFF]/.test(s)),
    { nil: undefined },
  ),
  tags: fc.array(fc.stringMatching(/^[a-zA-Z0-9_][a-zA-Z0-9_.-]{0,20}$/), { minLength: 1, maxLength: 4 }),
  enforcement: fc.constantFrom('deny', 'warn', 'audit'),
  severity: fc.option(fc.constantFrom('low', 'medium', 'high', 'critical'), { nil: undefined }),
});

describe('serializeBundle', () => {
  it('writes text that reads back to the same entries, in YAML and JSON', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(ruleInputs, { selector: (r) => r.name, maxLength: 5 }),
        fc.constantFrom('yaml', 'json'),
        (inputs, format) => {
          const rules = inputs.map(({ tags, ...r }) => {
            const v = validateRuleInput({ ...r, kind: 'disallowed-tags', params: { tags } });
            if (!v.ok) throw new Error(JSON.stringify(v.problems));
            return ruleEntry(v.value);
          });
          const bundle = policyBundle({ rules, exceptions: [], clusters: [] }, 3);
          const text = serializeBundle(
            bundle,
            format as 'yaml' | 'json',
            'https://pullwise.example/schemas/policy-bundle.json',
          );
          const read = readBundleText(text);
          if (!read.ok) throw new Error(JSON.stringify(read.problems));
          const v = validateBundle(read.value.raw);
          if (!v.ok) throw new Error(JSON.stringify(v.problems));
          expect(v.value.rules.map(ruleEntry)).toEqual(bundle.rules);
          expect(
            serializeBundle(bundle, format as 'yaml' | 'json', 'https://pullwise.example/schemas/policy-bundle.json'),
          ).toBe(text);
        },
      ),
      { numRuns: 100 },
    );
  });

  it('starts YAML with the line the YAML language server reads', () => {
    const text = serializeBundle(
      policyBundle({ rules: [], exceptions: [], clusters: [] }, null),
      'yaml',
      'https://x/s.json',
    );
    expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=https://x/s.json');
    expect(text).toContain(`kind: ${BUNDLE_KIND}`);
  });
});
