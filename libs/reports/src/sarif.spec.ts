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
import { sarifValidator } from '../fixtures/validators.js';
import { renderReport, type RenderOptions } from './index.js';
import { artifactUri } from './sarif.js';

const validate = sarifValidator();
const OPTS: RenderOptions = {
  generatedAt: GENERATED_AT,
  sourceName: 'deploy/app.yaml',
  evaluationId: 'ev-1',
};

function sarif(result = mixedResult(), opts: RenderOptions = OPTS): any {
  return JSON.parse(renderReport(result, 'sarif', opts).body);
}

describe('SARIF rendering', () => {
  it.each([
    ['mixed', mixedResult, OPTS],
    ['clean', cleanResult, OPTS],
    ['hostile', hostileResult, { generatedAt: GENERATED_AT, sourceName: `dir/${HOSTILE}.yaml` }],
    ['without rules', () => ({ ...mixedResult(), rules: [] }), { generatedAt: GENERATED_AT }],
  ] as const)('%s result is valid against the OASIS 2.1.0 schema', (_name, make, opts) => {
    const log = sarif(make(), opts);
    expect(validate(log)).toEqual({ valid: true, errors: [] });
    expect(log.version).toBe('2.1.0');
    for (const r of log.runs[0].results) {
      expect(r.locations[0].physicalLocation.region.startLine).toBeGreaterThanOrEqual(1);
      expect(r.locations[0].physicalLocation.region.startColumn).toBe(1);
    }
  });

  it('the validator is not vacuous', () => {
    const log = sarif();
    log.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0;
    log.runs[0].results[0].level = 'fatal';
    expect(validate(log).valid).toBe(false);
  });

  it('describes the whole rule catalogue in tool.driver, rules without findings too', () => {
    const driver = sarif().runs[0].tool.driver;
    expect(driver).toMatchObject({ name: 'pullwise', version: '0.1.0' });
    expect(driver.informationUri).toBeUndefined();
    expect(driver.rules.map((r: { id: string }) => r.id)).toEqual(CATALOGUE.map((r) => r.name));
    expect(driver.rules[0]).toEqual({
      id: 'no-latest',
      name: 'no-latest',
      shortDescription: { text: 'no-latest (disallowed-tags, deny, high)' },
      fullDescription: { text: 'Images must not use the tag latest.' },
      defaultConfiguration: { level: 'error' },
      properties: {
        kind: 'disallowed-tags',
        severity: 'high',
        enforcement: 'deny',
        ruleId: 'r-1',
        version: 3,
        'security-severity': '7.0',
      },
    });
    expect(driver.rules.map((r: { defaultConfiguration: { level: string } }) => r.defaultConfiguration.level)).toEqual([
      'error',
      'warning',
      'note',
      'error',
      'error',
    ]);
    expect(driver.rules[2].properties['security-severity']).toBeUndefined(); // info
    expect(
      sarif(mixedResult(), { ...OPTS, informationUri: 'https://example.com/pullwise' }).runs[0].tool.driver
        .informationUri,
    ).toBe('https://example.com/pullwise');
  });

  it('one result per finding, with rule index, level, location, logical locations and properties', () => {
    const run = sarif().runs[0];
    expect(run.results.map((r: { ruleId: string; level: string }) => [r.ruleId, r.level])).toEqual([
      ['no-latest', 'error'],
      ['pin-digests', 'note'],
      ['always-for-mutable-tags', 'warning'],
      ['never-needs-preload', 'error'],
    ]);
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
    const [deny] = run.results;
    expect(deny.message.text).toBe('nginx:latest uses the disallowed tag latest. Fix: Pin a version tag');
    expect(deny.locations).toEqual([
      {
        physicalLocation: {
          artifactLocation: { uri: 'deploy/app.yaml', uriBaseId: '%SRCROOT%', index: 0 },
          region: { startLine: 11, startColumn: 1 },
        },
        logicalLocations: [
          { name: 'Deployment/web', fullyQualifiedName: 'prod/Deployment/web', kind: 'resource' },
          {
            name: 'spec.template.spec.containers[0]',
            fullyQualifiedName: 'prod/Deployment/web/spec.template.spec.containers[0]',
            kind: 'member',
          },
        ],
      },
    ]);
    expect(deny.properties).toEqual({
      document: 0,
      namespace: 'prod',
      workload: 'Deployment/web',
      slot: 'spec.template.spec.containers[0]',
      severity: 'high',
      enforcement: 'deny',
      ruleId: 'r-1',
      ruleVersion: 3,
      container: 'app',
      slotType: 'container',
      image: 'nginx:latest',
      fix: { description: 'Pin a version tag', document: 0, patch: [], image: 'nginx:1.27' },
    });
    expect(deny.suppressions).toBeUndefined();
    expect(deny.fixes).toBeUndefined();
    expect(deny.partialFingerprints['pullwise/v1']).toMatch(/^[0-9a-f]{32}$/);
    expect(
      new Set(
        run.results.map((r: { partialFingerprints: Record<string, string> }) => r.partialFingerprints['pullwise/v1']),
      ).size,
    ).toBe(4);
  });

  it('marks waived findings with an external suppression naming the exception', () => {
    const waived = sarif().runs[0].results[3];
    expect(waived.suppressions).toEqual([
      { kind: 'external', status: 'accepted', justification: 'waived by exception legacy-batch' },
    ]);
    expect(waived.properties).toMatchObject({ namespace: 'staging', workload: 'Pod/batch', waivedBy: 'legacy-batch' });
  });

  it('reports input errors as error notifications with their line; the run did not judge everything', () => {
    const invocation = sarif().runs[0].invocations[0];
    expect(invocation.executionSuccessful).toBe(false);
    expect(sarif(cleanResult()).runs[0].invocations[0].executionSuccessful).toBe(true);
    expect(invocation.endTimeUtc).toBe('2026-03-01T12:00:00.250Z');
    expect(invocation.toolExecutionNotifications).toHaveLength(2);
    expect(invocation.toolExecutionNotifications[1]).toEqual({
      level: 'error',
      message: { text: expect.stringContaining('Unsupported value: "always"') },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: 'deploy/app.yaml', uriBaseId: '%SRCROOT%', index: 0 },
            region: { startLine: POLICY_ERROR_LINE, startColumn: 1 },
          },
        },
      ],
      properties: { document: 3, path: 'spec.containers[0].imagePullPolicy', line: POLICY_ERROR_LINE },
    });
  });

  it('carries verdict, summary and evaluation id in the run properties', () => {
    expect(sarif().runs[0].properties).toMatchObject({
      verdict: 'error',
      summary: { documents: 4, workloads: 3, slots: 5, findings: { deny: 1, warn: 1, audit: 1, waived: 1 } },
      evaluationId: 'ev-1',
      sourceName: 'deploy/app.yaml',
    });
  });

  it('a clean pass has no results and still lists the catalogue', () => {
    const run = sarif(cleanResult()).runs[0];
    expect(run.results).toEqual([]);
    expect(run.tool.driver.rules).toHaveLength(CATALOGUE.length);
    expect(run.invocations[0].toolExecutionNotifications).toEqual([]);
  });

  it('a result that lists no rules takes the rules from the findings', () => {
    const run = sarif({ ...mixedResult(), rules: [] }, { generatedAt: GENERATED_AT }).runs[0];
    expect(run.tool.driver.rules.map((r: { id: string }) => r.id)).toEqual([
      'no-latest',
      'pin-digests',
      'always-for-mutable-tags',
      'never-needs-preload',
    ]);
    expect(run.tool.driver.rules[0].fullDescription.text).toBe('disallowed-tags rule no-latest');
    for (const r of run.results) expect(run.tool.driver.rules[r.ruleIndex].id).toBe(r.ruleId);
  });

  it('keeps hostile text intact in JSON and encodes the artifact URI', () => {
    const run = sarif(hostileResult(), { generatedAt: GENERATED_AT, sourceName: 'my dir/a#b?.yaml' }).runs[0];
    expect(run.results[0].ruleId).toBe(`rule${HOSTILE}`);
    expect(run.results[0].message.text).toContain(`msg${HOSTILE}`);
    expect(run.results[1].suppressions[0].justification).toBe(`waived by exception ex${HOSTILE}`);
    expect(run.artifacts[0].location.uri).toBe('my%20dir/a%23b%3F.yaml');
    expect(artifactUri('C:/x/é.yaml')).toBe('C:/x/%C3%A9.yaml');
    expect(artifactUri('a\uD800b')).toBe('a%EF%BF%BDb');
  });
});
