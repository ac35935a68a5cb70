import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import {
  CATALOGUE,
  GENERATED_AT,
  HOSTILE,
  POLICY_ERROR_LINE,
  cleanResult,
  hostileResult,
  mixedResult,
} from '../fixtures/results.js';
import { renderReport, type RenderOptions } from './index.js';
import { escapeAttr, escapeText, xmlSafe } from './xml.js';

const OPTS: RenderOptions = { generatedAt: GENERATED_AT, sourceName: 'deploy/app.yaml' };

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseAttributeValue: false,
  parseTagValue: false,
  trimValues: false,
  htmlEntities: true, // decodes numeric character references (&#10;)
  isArray: (name) => ['testsuite', 'testcase', 'property'].includes(name),
});

function junit(result = mixedResult(), opts: RenderOptions = OPTS): { xml: string; doc: any } {
  const xml = renderReport(result, 'junit', opts).body;
  expect(XMLValidator.validate(xml)).toBe(true);
  return { xml, doc: parser.parse(xml) };
}

const suites = (doc: any): any[] => doc.testsuites.testsuite ?? [];
const cases = (suite: any): any[] => suite.testcase ?? [];
const suite = (doc: any, name: string): any => suites(doc).find((s) => s.name === name);
const testCase = (doc: any, suiteName: string, rule: string): any =>
  cases(suite(doc, suiteName)).find((c) => c.name === rule);

/** Counts recomputed from the elements must equal the attributes, per suite and in total. */
function expectExactCounts(doc: any): void {
  const total = { tests: 0, failures: 0, errors: 0, skipped: 0 };
  for (const s of suites(doc)) {
    const c = cases(s);
    const counted = {
      tests: c.length,
      failures: c.filter((t) => 'failure' in t).length,
      errors: c.filter((t) => 'error' in t).length,
      skipped: c.filter((t) => 'skipped' in t).length,
    };
    expect({ tests: +s.tests, failures: +s.failures, errors: +s.errors, skipped: +s.skipped }, s.name).toEqual(counted);
    for (const k of Object.keys(total) as (keyof typeof total)[]) total[k] += counted[k];
  }
  const root = doc.testsuites;
  expect({ tests: +root.tests, failures: +root.failures, errors: +root.errors, skipped: +root.skipped }).toEqual(total);
}

describe('JUnit rendering', () => {
  it('one suite per workload, one case per workload x rule, exact counts', () => {
    const { doc } = junit();
    expect(suites(doc).map((s) => s.name)).toEqual([
      'Deployment/web (prod)',
      'Pod/batch (staging)',
      'Pod/typo (staging)',
      'input',
    ]);
    for (const s of suites(doc).slice(0, 3)) {
      expect(cases(s).map((c) => c.name)).toEqual(CATALOGUE.map((r) => r.name));
      expect(new Set(cases(s).map((c) => c.classname))).toEqual(new Set([s.name]));
    }
    expectExactCounts(doc);
    expect(doc.testsuites).toMatchObject({
      tests: '17',
      failures: '1',
      errors: '2',
      skipped: '1',
      timestamp: '2026-03-01T12:00:00',
    });
  });

  it('an unwaived deny fails its case with messages and fixes', () => {
    const c = testCase(junit().doc, 'Deployment/web (prod)', 'no-latest');
    expect(c.failure).toMatchObject({
      message: 'nginx:latest uses the disallowed tag latest',
      type: 'disallowed-tags',
    });
    expect(c.failure['#text']).toBe(
      '[deny, high] app (spec.template.spec.containers[0]), image nginx:latest, line 11\n' +
        'nginx:latest uses the disallowed tag latest\nFix: Pin a version tag (image: nginx:1.27)',
    );
    expect(c).toMatchObject({ classname: 'Deployment/web (prod)', file: 'deploy/app.yaml', line: '11' });
  });

  it('warn and audit pass with system-out and the enforcement as a property', () => {
    const { doc } = junit();
    const warn = testCase(doc, 'Deployment/web (prod)', 'always-for-mutable-tags');
    const audit = testCase(doc, 'Deployment/web (prod)', 'pin-digests');
    for (const [c, enforcement] of [
      [warn, 'warn'],
      [audit, 'audit'],
    ] as const) {
      expect(c.failure).toBeUndefined();
      expect(c.skipped).toBeUndefined();
      expect(c.properties.property).toContainEqual({ name: 'pullwise.enforcement', value: enforcement });
    }
    expect(warn['system-out']).toContain('Fix: Set imagePullPolicy to Always');
    expect(audit['system-out']).toContain('nginx:latest is not pinned by digest');
  });

  it('a waived finding skips its case, naming the exception', () => {
    const c = testCase(junit().doc, 'Pod/batch (staging)', 'never-needs-preload');
    expect(c.skipped).toEqual({ message: 'waived by exception legacy-batch' });
    expect(c['system-out']).toContain('Waived by exception legacy-batch.');
  });

  it('a case without findings passes empty', () => {
    expect(testCase(junit().doc, 'Pod/typo (staging)', 'no-latest')).toEqual({
      classname: 'Pod/typo (staging)',
      name: 'no-latest',
      time: '0',
      file: 'deploy/app.yaml',
      line: '28',
    });
  });

  it('input errors form an "input" suite of error cases', () => {
    const input = suite(junit().doc, 'input');
    expect(input).toMatchObject({ tests: '2', errors: '2', failures: '0', skipped: '0' });
    expect(cases(input).map((c) => c.name)).toEqual([
      'document 2 (line 27)',
      `document 3, spec.containers[0].imagePullPolicy (line ${POLICY_ERROR_LINE})`,
    ]);
    expect(cases(input)[1].error).toMatchObject({
      type: 'input-error',
      message:
        'spec.containers[0].imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never"',
    });
  });

  it('a clean pass: every case passes, no input suite', () => {
    const { doc } = junit(cleanResult());
    expect(suites(doc).map((s) => s.name)).toEqual(['Pod/ok (prod)']);
    expect(doc.testsuites).toMatchObject({ tests: '5', failures: '0', errors: '0', skipped: '0' });
    expectExactCounts(doc);
  });

  it('a result that lists no rules has the rules of its findings as cases', () => {
    const { doc } = junit({ ...mixedResult(), rules: [] }, { generatedAt: GENERATED_AT });
    expect(cases(suite(doc, 'Pod/typo (staging)')).map((c) => c.name)).toEqual([
      'no-latest',
      'pin-digests',
      'always-for-mutable-tags',
      'never-needs-preload',
    ]);
    expectExactCounts(doc);
  });

  it('escapes hostile text everywhere and drops characters XML 1.0 cannot carry', () => {
    const { xml, doc } = junit(hostileResult(), { generatedAt: GENERATED_AT, sourceName: HOSTILE });
    // eslint-disable-next-line no-control-regex -- looking for control characters
    expect(xml).not.toMatch(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/);
    expect(xml).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
    expect(xml).not.toContain(']]>');
    expectExactCounts(doc);
    const safe = xmlSafe(HOSTILE);
    expect(safe).toBe('a<b>&c "q" \'s\' ]]> `tick` ``two`` |pipe| *star* _u_ [l](x) nul bel esc  \r\nline2 \u2028 é 𝄞');
    const [workload] = suites(doc);
    expect(workload.name).toBe(`Pod/w${safe} (prod)`);
    const failing = cases(workload).find((c) => c.failure);
    expect(failing.name).toBe(`rule${safe}`);
    expect(failing.file).toBe(safe);
    expect(failing.failure.message).toBe(`msg${safe}`);
    expect(failing.failure['#text']).toContain(`Fix: fix${safe} (image: img${safe})`);
    const waived = cases(workload).find((c) => c.skipped);
    expect(waived.skipped.message).toBe(`waived by exception ex${safe}`);
    expect(cases(suite(doc, 'input')).map((c) => c.error.message)).toContain(`bad${safe}`);
  });

  it('escape helpers', () => {
    expect(escapeText('a<&>]]>\r')).toBe('a&lt;&amp;&gt;]]&gt;&#13;');
    expect(escapeAttr(`"'\t\n`)).toBe('&quot;&apos;&#9;&#10;');
    expect(xmlSafe('a\u0000\u0008\u000b\u001f\udfff\ud800\ufffe\uffffb\t\n\r')).toBe('ab\t\n\r');
    expect(xmlSafe('𝄞\ud834\udd1e')).toBe('𝄞𝄞');
  });
});
