// `pullwise check --server` against the real application listening on a port: exit codes 0/1/2, server
// problems, an unreachable server, recording with CI source defaults, and that online and offline give the
// same verdict and findings for the same rules (the offline rules file's rules are created over REST here).
import { readFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { FIXTURES, offline, runCli, type CliRun } from './cli/cli-harness.js';
import { ADMIN_TOKEN, bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let server: string;

beforeAll(async () => {
  t = await bootTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  server = `http://127.0.0.1:${port}`;
  const policy = parse(await readFile(path.join(FIXTURES, 'rules.yaml'), 'utf8'));
  for (const rule of policy.rules) {
    const res = await t.http().post('/v1/rules').set('authorization', `Bearer ${ADMIN_TOKEN}`).send(rule);
    expect(res.status, res.text).toBe(201);
  }
  for (const exception of policy.exceptions) {
    const res = await t.http().post('/v1/exceptions').set('authorization', `Bearer ${ADMIN_TOKEN}`).send(exception);
    expect(res.status, res.text).toBe(201);
  }
});
afterAll(() => t?.close());

function online(input: string, ...extra: string[]): Promise<CliRun> {
  return runCli(['check', '-f', input, '--server', server, ...extra], {
    env: { PULLWISE_TOKEN: ADMIN_TOKEN },
    fetch: globalThis.fetch,
  });
}

/** Findings without the server-assigned rule id (offline ids are `offline:<name>`). */
function comparable(result: any) {
  return {
    verdict: result.verdict,
    summary: result.summary,
    findings: result.findings.map(({ ruleId: _id, ...f }: any) => f),
    errors: result.errors,
    workloads: result.workloads.map((w: any) => ({
      ...w,
      slots: w.slots.map((s: any) => ({ ...s, findings: s.findings.map(({ ruleId: _id, ...f }: any) => f) })),
    })),
  };
}

describe('exit codes against a server', () => {
  it.each([
    ['tree/a-pass.yaml', [], 0, 'pass'],
    ['tree/b-warn.json', [], 0, 'warn'],
    ['tree/b-warn.json', ['--fail-on', 'warn'], 1, 'warn'],
    ['tree/nested/c-fail.yml', [], 1, 'fail'],
    ['waived.yaml', [], 0, 'pass'],
  ])('%s %j: exit %i, verdict %s', async (file, extra, code, verdict) => {
    const r = await online(file as string, ...(extra as string[]));
    expect(r.code, r.stderr).toBe(code);
    expect(JSON.parse(r.stdout).verdict).toBe(verdict);
  });

  it('2 for a manifest the server can partly read, with the report (verdict error) printed', async () => {
    const r = await online('partly-broken.yaml');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({
      verdict: 'error',
      errors: expect.arrayContaining([expect.objectContaining({ document: 1 })]),
    });
    expect(r.stderr).toMatch(/^pullwise: partly-broken\.yaml: document 1, line \d+: /m);
  });

  it('2 for a manifest of which nothing can be read: the 422 problem, printed as offline prints it', async () => {
    const [on, off] = await Promise.all([online('broken.yaml'), offline('broken.yaml')]);
    expect(on).toMatchObject({ code: 2, stdout: '' });
    expect(on.stderr).toMatch(/^pullwise: Unreadable manifests: No Kubernetes object could be read/);
    expect(on.stderr).toMatch(/^ {2}document 0, line 4: /m);
    expect(on).toEqual(off);
  });

  it('2 when the server answers 400 (kubelet version outside the modelled range)', async () => {
    const r = await online('tree/a-pass.yaml', '--kubelet-version', '9.9');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pullwise: Invalid input: .*kubeletVersion "9\.9"/);
    expect(r.stderr).toContain('context.kubeletVersion');
  });

  it('2 when the server answers 400 for an unknown cluster profile', async () => {
    const r = await online('tree/a-pass.yaml', '--cluster', 'nowhere');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cluster profile "nowhere" does not exist');
  });

  it('2 when nothing listens on the port', async () => {
    const closed = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const r = await runCli(['check', '-f', 'tree/a-pass.yaml', '--server', `http://127.0.0.1:${closed}`], {
      fetch: globalThis.fetch,
    });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: `pullwise: Cannot reach server: http://127.0.0.1:${closed}: ECONNREFUSED\n`,
    });
  });
});

describe('online and offline agree', () => {
  it.each(['tree/a-pass.yaml', 'tree/b-warn.json', 'tree/nested/c-fail.yml', 'waived.yaml', 'partly-broken.yaml'])(
    '%s: same verdict, findings, slots and exit code',
    async (file) => {
      const [on, off] = await Promise.all([online(file), offline(file)]);
      expect(on.code).toBe(off.code);
      expect(comparable(JSON.parse(on.stdout))).toEqual(comparable(JSON.parse(off.stdout)));
    },
  );

  it('a directory: the same merged verdicts per file', async () => {
    const [on, off] = await Promise.all([online('tree'), offline('tree')]);
    expect(on.code).toBe(1);
    expect(off.code).toBe(1);
    const a = JSON.parse(on.stdout);
    const b = JSON.parse(off.stdout);
    expect(Object.keys(a.files)).toEqual(Object.keys(b.files));
    for (const name of Object.keys(a.files)) expect(comparable(a.files[name])).toEqual(comparable(b.files[name]));
  });

  it('the same SARIF results at the same locations', async () => {
    const [on, off] = await Promise.all([online('tree', '--format', 'sarif'), offline('tree', '--format', 'sarif')]);
    const pick = (out: string) =>
      JSON.parse(out).runs[0].results.map((r: any) => [r.ruleId, r.level, r.locations[0].physicalLocation]);
    expect(pick(on.stdout)).toEqual(pick(off.stdout));
  });
});

describe('recording', () => {
  it('--record stores the evaluation with the source taken from CI variables', async () => {
    const r = await runCli(['check', '-f', 'tree/nested/c-fail.yml', '--server', server, '--record'], {
      env: {
        PULLWISE_TOKEN: ADMIN_TOKEN,
        GITHUB_REPOSITORY: 'acme/shop',
        GITHUB_SHA: '0123abcd',
        GITHUB_SERVER_URL: 'https://github.com',
        GITHUB_RUN_ID: '77',
      },
      fetch: globalThis.fetch,
    });
    expect(r.code).toBe(1);
    const { id } = JSON.parse(r.stdout);
    expect(id).toEqual(expect.any(String));
    const stored = await t.http().get(`/v1/evaluations/${id}`).set('authorization', `Bearer ${ADMIN_TOKEN}`);
    expect(stored.status, stored.text).toBe(200);
    expect(stored.body.source).toEqual({
      repository: 'acme/shop',
      commit: '0123abcd',
      pipeline: 'https://github.com/acme/shop/actions/runs/77',
    });
  });
});
