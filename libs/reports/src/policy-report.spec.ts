import { describe, expect, it } from 'vitest';
import {
  GENERATED_AT,
  HOSTILE,
  POLICY_ERROR_LINE,
  cleanResult,
  hostileResult,
  mixedResult,
} from '../fixtures/results.js';
import { policyReportSchema, policyReportValidator } from '../fixtures/validators.js';
import { renderReport, type RenderOptions } from './index.js';
import { reportName } from './policy-report.js';

const validate = policyReportValidator();
const OPTS: RenderOptions = {
  generatedAt: GENERATED_AT,
  sourceName: 'deploy/app.yaml',
  evaluationId: 'ev-1',
};
const DNS_SUBDOMAIN = /^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*$/;

function render(result = mixedResult(), opts: RenderOptions = OPTS): any {
  return JSON.parse(renderReport(result, 'policyreport', opts).body);
}

function reports(body: any): any[] {
  return body.kind === 'List' ? body.items : [body];
}

function expectValid(body: any): void {
  for (const report of reports(body)) {
    expect(validate(report), report.metadata.namespace).toEqual({ valid: true, errors: [] });
    expect(report).toMatchObject({ apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'PolicyReport' });
    expect(report.metadata.name).toMatch(DNS_SUBDOMAIN);
    const counted = { pass: 0, fail: 0, warn: 0, error: 0, skip: 0 } as Record<string, number>;
    for (const r of report.results) counted[r.result]++;
    expect(report.summary).toEqual(counted);
  }
}

describe('PolicyReport rendering', () => {
  it('the CRD schema is the v1alpha2 one and is not vacuous', () => {
    const schema = policyReportSchema() as any;
    const result = schema.properties.results.items.properties;
    expect(result.result.enum).toEqual(['pass', 'fail', 'warn', 'error', 'skip']);
    expect(result.severity.enum).toEqual(['critical', 'high', 'low', 'medium', 'info']);
    const report = reports(render())[0];
    expect(validate({ ...report, results: [{ ...report.results[0], result: 'ok' }] }).valid).toBe(false);
    expect(validate({ ...report, results: [{ ...report.results[0], severity: 'urgent' }] }).valid).toBe(false);
    expect(validate({ ...report, results: [{ ...report.results[0], properties: { n: 1 } }] }).valid).toBe(false);
    expect(validate({ ...report, results: [{ ...report.results[0], pruned: 'x' }] }).valid).toBe(false);
    expect(validate({ ...report, results: [{ rule: 'no policy' }] }).valid).toBe(false);
  });

  it('one report per namespace, in a List when there are several', () => {
    const body = render();
    expect(body).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: {} });
    expect(body.items.map((r: any) => r.metadata)).toEqual(
      ['prod', 'staging'].map((namespace) => ({
        name: 'pullwise-deploy-app.yaml',
        namespace,
        labels: { 'app.kubernetes.io/managed-by': 'pullwise' },
        annotations: {
          'pullwise/source': 'deploy/app.yaml',
          'pullwise/verdict': 'error',
          'pullwise/evaluation-id': 'ev-1',
        },
      })),
    );
    expectValid(body);
  });

  it('maps deny to fail, warn to warn, audit to unscored warn, waived to skip, no finding to pass', () => {
    const [prod, staging] = reports(render());
    const byRule = (report: any, rule: string, name?: string) =>
      report.results.filter((r: any) => r.rule === rule && (!name || r.resources?.[0]?.name === name));
    expect(byRule(prod, 'no-latest')).toEqual([
      {
        source: 'pullwise',
        policy: 'pullwise',
        timestamp: { seconds: 1772366400, nanos: 250_000_000 },
        rule: 'no-latest',
        category: 'disallowed-tags',
        severity: 'high',
        result: 'fail',
        scored: true,
        resources: [{ kind: 'Deployment', name: 'web', namespace: 'prod' }],
        message: 'nginx:latest uses the disallowed tag latest',
        properties: {
          enforcement: 'deny',
          slot: 'spec.template.spec.containers[0]',
          line: '11',
          document: '0',
          ruleId: 'r-1',
          ruleVersion: '3',
          container: 'app',
          image: 'nginx:latest',
          fix: 'Pin a version tag (image: nginx:1.27)',
        },
      },
    ]);
    expect(byRule(prod, 'always-for-mutable-tags')[0]).toMatchObject({
      result: 'warn',
      scored: true,
      severity: 'medium',
      properties: {
        enforcement: 'warn',
        patch: '[{"op":"replace","path":"/spec/template/spec/containers/1/imagePullPolicy","value":"Always"}]',
      },
    });
    expect(byRule(prod, 'pin-digests')[0]).toMatchObject({
      result: 'warn',
      scored: false,
      severity: 'info',
      properties: { enforcement: 'audit' },
    });
    expect(byRule(prod, 'trusted-registries')[0]).toMatchObject({
      result: 'pass',
      severity: 'low',
      message: 'Deployment/web meets trusted-registries',
    });
    expect(byRule(staging, 'never-needs-preload', 'batch')[0]).toMatchObject({
      result: 'skip',
      severity: 'critical',
      resources: [{ kind: 'Pod', name: 'batch', namespace: 'staging' }],
      properties: { waivedBy: 'legacy-batch', enforcement: 'deny', image: 'busybox' },
    });
    expect(prod.summary).toEqual({ pass: 2, fail: 1, warn: 2, error: 1, skip: 0 });
    expect(staging.summary).toEqual({ pass: 9, fail: 0, warn: 0, error: 1, skip: 1 });
  });

  it('input errors are error results, with their workload when the document has one', () => {
    const [prod, staging] = reports(render());
    expect(prod.results.filter((r: any) => r.result === 'error')).toEqual([
      expect.objectContaining({ rule: 'input', category: 'input', properties: { document: '2', line: '27' } }),
    ]);
    const [typo] = staging.results.filter((r: any) => r.result === 'error');
    expect(typo.resources).toEqual([{ kind: 'Pod', name: 'typo', namespace: 'staging' }]);
    expect(typo.properties).toEqual({
      document: '3',
      path: 'spec.containers[0].imagePullPolicy',
      line: String(POLICY_ERROR_LINE),
    });
    expect(typo.message).toContain('Unsupported value: "always"');
  });

  it('a single namespace gives a single PolicyReport; a clean pass is all pass', () => {
    const body = render(cleanResult());
    expect(body.kind).toBe('PolicyReport');
    expect(body.metadata.namespace).toBe('prod');
    expect(body.summary).toEqual({ pass: 5, fail: 0, warn: 0, error: 0, skip: 0 });
    expectValid(body);
  });

  it('without a catalogue only the rules that appear in findings are reported', () => {
    const body = render({ ...mixedResult(), rules: [] }, { generatedAt: GENERATED_AT });
    expectValid(body);
    const rules = new Set(body.items.flatMap((r: any) => r.results.map((x: any) => x.rule)));
    expect(rules).toEqual(
      new Set(['no-latest', 'pin-digests', 'always-for-mutable-tags', 'never-needs-preload', 'input']),
    );
  });

  it('hostile text stays valid and intact', () => {
    const body = render(hostileResult(), { generatedAt: GENERATED_AT, sourceName: HOSTILE, evaluationId: HOSTILE });
    expectValid(body);
    expect(body.metadata.annotations['pullwise/source']).toBe(HOSTILE);
    const fail = body.results.find((r: any) => r.result === 'fail');
    expect(fail.rule).toBe(`rule${HOSTILE}`);
    expect(fail.message).toBe(`msg${HOSTILE}`);
    expect(body.results.find((r: any) => r.result === 'skip').properties.waivedBy).toBe(`ex${HOSTILE}`);
  });

  it('an evaluation without workloads still yields a report', () => {
    const result = cleanResult();
    result.workloads = [];
    const body = render(result);
    expect(body).toMatchObject({ kind: 'PolicyReport', metadata: { namespace: 'default' }, results: [] });
    expectValid(body);
  });

  it.each([
    ['deploy/app.yaml', 'pullwise-deploy-app.yaml'],
    ['', 'pullwise'],
    ['../../Weird Name!!.YAML', 'pullwise-weird-name.yaml'],
    ['a..b', 'pullwise-a.b'],
    [`${'x'.repeat(100)}.yaml`, `pullwise-${'x'.repeat(54)}.yaml`],
    [HOSTILE, reportName(HOSTILE)],
  ])('report name from %j is a DNS subdomain: %s', (source, name) => {
    expect(reportName(source)).toBe(name);
    expect(reportName(source)).toMatch(DNS_SUBDOMAIN);
  });
});
