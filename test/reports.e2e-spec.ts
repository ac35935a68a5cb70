// CI renderings through the API: ?format= and Accept on POST /v1/evaluations, GraphQL `report(format)`,
// and GET /v1/evaluations/{id}?format= for a recorded evaluation. Each is checked with a real validator.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sarifValidator } from '../libs/reports/fixtures/validators.js';
import { ADMIN_TOKEN, bootTestApp, type TestApp } from './support/test-app.js';

const MANIFEST = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    spec:
      containers:
      - name: app
        image: nginx:1.27
      - name: pinned
        image: nginx@sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855
`;

describe('renderings', () => {
  let t: TestApp;
  const validSarif = sarifValidator();
  beforeAll(async () => {
    t = await bootTestApp();
    for (const rule of [
      {
        name: 'mutable-tags-pull-always',
        kind: 'mutable-tag-requires-always',
        params: {},
        enforcement: 'deny',
        severity: 'high',
      },
      { name: 'pin-digests', kind: 'require-digest', params: {}, enforcement: 'warn' },
    ]) {
      await t.http().post('/v1/rules').set('authorization', `Bearer ${ADMIN_TOKEN}`).send(rule).expect(201);
    }
  });
  afterAll(() => t.close());

  const post = (query: Record<string, string> = {}, accept?: string) => {
    const req = t.http().post('/v1/evaluations').query(query).set('content-type', 'application/yaml');
    if (accept) req.set('accept', accept);
    return req.send(MANIFEST);
  };

  it('SARIF (?format=sarif) is valid SARIF 2.1.0 with the rule catalogue and a region per finding', async () => {
    const res = await post({ format: 'sarif', path: 'deploy/web.yaml' }).expect(200);
    expect(res.headers['content-type']).toContain('application/sarif+json');
    const log = JSON.parse(res.text);
    expect(validSarif(log)).toMatchObject({ valid: true });
    const run = log.runs[0];
    expect(run.tool.driver.rules.map((r: any) => r.id).sort()).toEqual(['mutable-tags-pull-always', 'pin-digests']);
    expect(run.results).toHaveLength(2);
    for (const r of run.results) {
      expect(r.locations[0].physicalLocation.artifactLocation.uri).toBe('deploy/web.yaml');
      expect(r.locations[0].physicalLocation.region.startLine).toBe(8);
    }
    expect(run.results.map((r: any) => r.level).sort()).toEqual(['error', 'warning']);
  });

  it('Accept: application/sarif+json picks SARIF too', async () => {
    const res = await post({}, 'application/sarif+json').expect(200);
    expect(validSarif(JSON.parse(res.text))).toMatchObject({ valid: true });
  });

  it('JUnit XML parses, with a failure for the deny finding', async () => {
    const res = await post({ format: 'junit' }).expect(200);
    expect(res.headers['content-type']).toContain('xml');
    expect(XMLValidator.validate(res.text)).toBe(true);
    const doc = new XMLParser({ ignoreAttributes: false }).parse(res.text);
    expect(Number(doc.testsuites['@_failures'])).toBe(1);
  });

  it('Markdown names the verdict and the fix', async () => {
    const res = await post({ format: 'markdown' }).expect(200);
    expect(res.headers['content-type']).toContain('text/markdown');
    expect(res.text).toContain('FAIL');
    expect(res.text).toContain('mutable-tags-pull-always');
  });

  it('PolicyReport is a wgpolicyk8s.io/v1alpha2 PolicyReport for the namespace', async () => {
    const res = await post({ format: 'policyreport' }).expect(200);
    const report = JSON.parse(res.text);
    expect(report).toMatchObject({
      apiVersion: 'wgpolicyk8s.io/v1alpha2',
      kind: 'PolicyReport',
      metadata: { namespace: 'shop' },
    });
    expect(report.summary).toMatchObject({ fail: 1, warn: 1 });
  });

  it('an unknown format is a 400 naming format', async () => {
    const res = await post({ format: 'pdf' }).expect(400);
    expect(res.body.errors[0].path).toBe('format');
  });

  it('GraphQL evaluate { report(format: SARIF) } returns the same rendering', async () => {
    const res = await t.gql(
      'query($m: String!) { evaluate(input: { manifests: $m }) { verdict report(format: sarif) } }',
      { m: MANIFEST },
    );
    expect(res.body.errors).toBeUndefined();
    expect(validSarif(JSON.parse(res.body.data.evaluate.report))).toMatchObject({ valid: true });
  });

  it('a recorded evaluation renders later with GET /v1/evaluations/{id}?format=sarif', async () => {
    const rec = await post({ record: 'true' }).expect(200);
    expect(rec.body.id).toMatch(/^[0-9a-f-]{36}$/);
    const res = await t.http().get(`/v1/evaluations/${rec.body.id}`).query({ format: 'sarif' }).expect(200);
    const log = JSON.parse(res.text);
    expect(validSarif(log)).toMatchObject({ valid: true });
    expect(log.runs[0].results).toHaveLength(2);
  });
});
