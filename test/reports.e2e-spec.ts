// CI renderings through the API: ?format= and Accept on POST /v1/evaluations, GraphQL `report(format)`,
// and GET /v1/evaluations/{id}?format= for a recorded evaluation. Each is checked with a real validator.
import { readFile, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FIXTURES, offline, runCli } from './cli/cli-harness.js';
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

// Issue 13 §4: the service's rendering and `pullwise check` (online and offline, same rules) count the same
// test cases and name the file the same repository-relative way.
describe('the service and the CLI agree', () => {
  let t: TestApp;
  let server: string;
  const FILE = 'tree/nested/c-fail.yml';
  const junitParser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });

  beforeAll(async () => {
    t = await bootTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    server = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    const policy = parse(await readFile(path.join(FIXTURES, 'rules.yaml'), 'utf8'));
    for (const rule of policy.rules)
      await t.http().post('/v1/rules').set('authorization', `Bearer ${ADMIN_TOKEN}`).send(rule).expect(201);
  });
  afterAll(() => t?.close());

  const online = (format: string) =>
    runCli(['check', '-f', FILE, '--server', server, '--format', format], {
      env: { PULLWISE_TOKEN: ADMIN_TOKEN },
      fetch: globalThis.fetch,
    });
  const service = async (format: string, artifact: string) =>
    (
      await t
        .http()
        .post(`/v1/evaluations?format=${format}&path=${encodeURIComponent(artifact)}`)
        .set('authorization', `Bearer ${ADMIN_TOKEN}`)
        .set('content-type', 'application/yaml')
        .send(await readFile(path.join(FIXTURES, FILE), 'utf8'))
    ).text;
  const counts = (xml: string) => {
    const root = junitParser.parse(xml).testsuites;
    return { tests: root.tests, failures: root.failures, errors: root.errors, skipped: root.skipped };
  };

  it('JUnit: the same test count from ?format=junit, the CLI online and the CLI offline', async () => {
    const cli = await online('junit');
    expect(cli.code, cli.stderr).toBe(1);
    const artifact = (await repositoryPathOf(path.join(FIXTURES, FILE))) ?? FILE;
    const fromService = counts(await service('junit', artifact));
    // one case per workload x enabled rule: 3 rules, 1 workload
    expect(fromService).toMatchObject({ tests: '3', failures: '1' });
    expect(counts(cli.stdout)).toEqual(fromService);
    expect(counts((await offline(FILE, '--format', 'junit')).stdout)).toEqual(fromService);
  });

  it('SARIF: the same driver rules and a repository-relative artifact URI', async () => {
    const cli = JSON.parse((await online('sarif')).stdout).runs[0];
    const artifact = (await repositoryPathOf(path.join(FIXTURES, FILE))) ?? FILE;
    const fromService = JSON.parse(await service('sarif', artifact)).runs[0];
    expect(cli.tool.driver.rules.map((r: any) => r.id)).toEqual(fromService.tool.driver.rules.map((r: any) => r.id));
    expect(cli.artifacts).toEqual([{ location: { uri: artifact, uriBaseId: '%SRCROOT%' } }]);
    expect(fromService.artifacts).toEqual(cli.artifacts);
  });

  it('an absolute ?path= is refused, naming the parameter', async () => {
    const res = await t
      .http()
      .post('/v1/evaluations?format=sarif&path=/home/runner/work/deploy/app.yaml')
      .set('authorization', `Bearer ${ADMIN_TOKEN}`)
      .set('content-type', 'application/yaml')
      .send(MANIFEST);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'path' })]);
    const climbing = await t
      .http()
      .post('/v1/evaluations?format=sarif&path=../../etc/app.yaml')
      .set('authorization', `Bearer ${ADMIN_TOKEN}`)
      .set('content-type', 'application/yaml')
      .send(MANIFEST);
    expect(climbing.status).toBe(400);
  });
});

/** The path below the nearest directory holding `.git`, as a checkout's code scanning resolves it. */
async function repositoryPathOf(abs: string): Promise<string | null> {
  for (let d = path.dirname(abs); path.dirname(d) !== d; d = path.dirname(d)) {
    if (await stat(path.join(d, '.git')).catch(() => null)) return path.relative(d, abs).split(path.sep).join('/');
  }
  return null;
}
