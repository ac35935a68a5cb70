// Every rendering of one result tells the same story: the verdict (an input that could not be judged is
// `error` everywhere), the checks counted (the rules the result ran, whoever renders it), the objects not
// evaluated, and file names relative to the repository.
import { XMLParser } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { CATALOGUE, GENERATED_AT, cleanResult, mixedResult, skippedResult } from '../fixtures/results.js';
import { renderReport, type RenderOptions } from './index.js';
import { repositoryPath } from './types.js';

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '', isArray: (n) => n === 'testsuite' });
const OPTS: RenderOptions = { generatedAt: GENERATED_AT, sourceName: 'deploy/app.yaml' };

const sarif = (r = mixedResult(), o = OPTS): any => JSON.parse(renderReport(r, 'sarif', o).body);
const junit = (r = mixedResult(), o = OPTS): any => xml.parse(renderReport(r, 'junit', o).body).testsuites;
const markdown = (r = mixedResult(), o = OPTS): string => renderReport(r, 'markdown', o).body;
const policyReports = (r = mixedResult(), o = OPTS): any[] => {
  const body = JSON.parse(renderReport(r, 'policyreport', o).body);
  return body.kind === 'List' ? body.items : [body];
};

describe('an input that could not be judged in full', () => {
  it('is verdict error whatever the findings, in every rendering', () => {
    const result = mixedResult();
    expect(result.errors.length).toBeGreaterThan(0);
    expect(result.summary.findings.deny).toBe(1);
    expect(result.verdict).toBe('error');
    expect(JSON.parse(renderReport(result, 'json').body).verdict).toBe('error');
    const run = sarif().runs[0];
    expect(run.invocations[0].executionSuccessful).toBe(false);
    expect(run.properties.verdict).toBe('error');
    const errors = run.invocations[0].toolExecutionNotifications.filter((n: any) => n.level === 'error');
    expect(errors).toHaveLength(result.errors.length);
    for (const n of errors)
      expect(n.locations[0].physicalLocation.artifactLocation).toEqual({
        uri: 'deploy/app.yaml',
        uriBaseId: '%SRCROOT%',
        index: 0,
      });
    expect(Number(junit().errors)).toBe(result.errors.length);
    expect(markdown()).toMatch(/^## pullwise: ERROR\n/);
    const results = policyReports().flatMap((p) => p.results);
    expect(results.filter((x: any) => x.result === 'error')).toHaveLength(result.errors.length);
    for (const p of policyReports()) expect(p.metadata.annotations['pullwise/verdict']).toBe('error');
  });

  it('a judged input keeps its verdict and a successful SARIF invocation', () => {
    expect(cleanResult().verdict).toBe('pass');
    expect(sarif(cleanResult()).runs[0].invocations[0].executionSuccessful).toBe(true);
    expect(Number(junit(cleanResult()).errors)).toBe(0);
  });
});

describe('the checks counted come from the result', () => {
  it('a catalogue given to the renderer does not change what a result that lists its rules counts', () => {
    const result = mixedResult();
    const other = [CATALOGUE[0]!, { ...CATALOGUE[1]!, id: 'x', name: 'not-run' }];
    for (const format of ['sarif', 'junit', 'markdown', 'policyreport'] as const)
      expect(renderReport(result, format, { ...OPTS, rules: other }).body, format).toBe(
        renderReport(result, format, OPTS).body,
      );
    // one test case per workload x rule the evaluation ran, plus the input errors
    expect(Number(junit().tests)).toBe(result.workloads.length * CATALOGUE.length + result.errors.length);
  });

  it('a result recorded before results listed their rules is counted with the catalogue given', () => {
    const { rules: _ran, ...recorded } = cleanResult();
    const legacy = recorded as unknown as ReturnType<typeof cleanResult>;
    expect(Number(junit(legacy, { ...OPTS, rules: CATALOGUE }).tests)).toBe(CATALOGUE.length);
    expect(Number(junit(legacy).tests)).toBe(0);
  });
});

describe('objects read but not evaluated', () => {
  it('are SARIF notes and a Markdown section, and do not change the verdict', () => {
    const result = skippedResult();
    expect(result.verdict).toBe('pass');
    expect(result.skipped).toHaveLength(1);
    const invocation = sarif(result).runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(true);
    expect(invocation.toolExecutionNotifications).toEqual([
      {
        level: 'note',
        message: {
          text:
            'Not evaluated: Runner ci (document 1): example.com/v1 Runner is a custom resource whose pod templates ' +
            'pullwise does not know. Image fields: spec.runner.image, spec.sidecars[0].image.',
        },
        locations: [
          { physicalLocation: { artifactLocation: { uri: 'deploy/app.yaml', uriBaseId: '%SRCROOT%', index: 0 } } },
        ],
        properties: {
          document: 1,
          apiVersion: 'example.com/v1',
          kind: 'Runner',
          name: 'ci',
          imagePaths: ['spec.runner.image', 'spec.sidecars[0].image'],
        },
      },
    ]);
    const md = markdown(result);
    expect(md).toMatch(/^## pullwise: PASS\n/);
    expect(md).toContain(
      '### Not evaluated\n\nRead, but pullwise does not know where their pod templates are:\n\n' +
        '- document 1, Runner ci (`example.com/v1`): example.com/v1 Runner is a custom resource whose pod ' +
        'templates pullwise does not know. Image fields: `spec.runner.image`, `spec.sidecars[0].image`\n',
    );
    expect(markdown(cleanResult())).not.toContain('Not evaluated');
  });
});

describe('file names relative to the repository root', () => {
  it.each([
    ['deploy/app.yaml', 'deploy/app.yaml'],
    ['./deploy/./app.yaml', 'deploy/app.yaml'],
    ['deploy/x/../app.yaml', 'deploy/app.yaml'],
    ['deploy\\app.yaml', 'deploy/app.yaml'],
    ['/home/runner/work/shop/deploy/app.yaml', 'app.yaml'],
    ['../other/app.yaml', 'app.yaml'],
    ['C:\\work\\shop\\app.yaml', 'app.yaml'],
    ['file:///srv/app.yaml', 'app.yaml'],
    ['stdin', 'stdin'],
  ])('%s -> %s', (given, expected) => {
    expect(repositoryPath(given)).toBe(expected);
  });

  it('SARIF URIs and JUnit files use the artifact path, never an absolute one', () => {
    const opts = { ...OPTS, sourceName: '/abs/deploy/app.yaml', artifactPath: 'deploy/app.yaml' };
    const run = sarif(mixedResult(), opts).runs[0];
    expect(run.artifacts).toEqual([{ location: { uri: 'deploy/app.yaml', uriBaseId: '%SRCROOT%' } }]);
    expect(junit(mixedResult(), opts).testsuite.every((s: any) => s.file === 'deploy/app.yaml')).toBe(true);
    const absolute = sarif(mixedResult(), { ...OPTS, sourceName: '/abs/deploy/app.yaml' }).runs[0];
    expect(absolute.artifacts[0].location.uri).toBe('app.yaml');
  });
});
