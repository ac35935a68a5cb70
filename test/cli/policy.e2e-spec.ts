// `pullwise policy export|plan|apply` against the real application listening on a port: the round trip through
// git-friendly files (byte-identical re-exports, an export applied to an empty store exports the same bytes),
// plan exit codes like diff(1), a stale --if-match explained, and the server's problems mapped back to the
// file and line of the bundle's directory.
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, bootTestApp, type TestApp } from '../support/test-app.js';
import { clearPolicy } from '../support/policy-client.js';
import { FIXTURES, runCli, type CliRun } from './cli-harness.js';

const VALID = 'policy-bundle/valid';

let t: TestApp;
let server: string;
let tmp: string;

beforeAll(async () => {
  t = await bootTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = t.app.getHttpServer().address() as AddressInfo;
  server = `http://127.0.0.1:${port}`;
  tmp = await mkdtemp(path.join(os.tmpdir(), 'pullwise-policy-'));
});
afterAll(async () => {
  await t?.close();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

function policy(...argv: string[]): Promise<CliRun> {
  return runCli(['policy', ...argv], {
    env: { PULLWISE_SERVER: server, PULLWISE_TOKEN: ADMIN_TOKEN },
    fetch: globalThis.fetch,
  });
}

async function ok(...argv: string[]): Promise<CliRun> {
  const r = await policy(...argv);
  expect(r.code, r.stderr).toBe(argv[0] === 'plan' ? r.code : 0);
  return r;
}

async function storeVersion(): Promise<number> {
  const res = await t.http().get('/v1/policy');
  return Number(JSON.parse(res.text).metadata.policyVersion);
}

async function filesOf(dir: string): Promise<Record<string, string>> {
  const names = (await readdir(dir)).sort();
  return Object.fromEntries(await Promise.all(names.map(async (n) => [n, await readFile(path.join(dir, n), 'utf8')])));
}

/** A copy of the valid fixture bundle to edit. */
async function copyOfValid(): Promise<string> {
  const dir = await mkdtemp(path.join(tmp, 'bundle-'));
  await cp(path.join(FIXTURES, VALID), dir, { recursive: true });
  return dir;
}

describe('apply a bundle directory to an empty store', () => {
  beforeAll(() => clearPolicy(t));

  it('plan: every object to create, exit 1', async () => {
    const r = await policy('plan', '-f', VALID);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain(
      [
        '+ rule "no-latest"',
        '    + description: "Mutable \\"latest\\" tags are not deployable"',
        '    + kind: "disallowed-tags"',
        '    + params: {"tags":["latest"]}',
        '    + enforcement: "deny"',
        '    + severity: "high"',
      ].join('\n'),
    );
    expect(r.stdout).toContain('+ exception "legacy-batch"\n');
    expect(r.stdout).toContain('+ cluster "prod"\n    + admissionPlugins: ["AlwaysPullImages"]\n');
    expect(r.stdout).toMatch(/\nPlan: 6 to create, 0 to update, 0 to delete, 0 unchanged \(policy version \d+\)\.\n$/);
  });

  it('apply: applied, with the diff and the versions before and after, exit 0', async () => {
    const before = await storeVersion();
    const r = await policy('apply', '-f', VALID);
    expect(r.code, r.stderr).toBe(0);
    const after = await storeVersion();
    expect(after).toBeGreaterThan(before);
    expect(r.stdout).toContain('+ rule "staging-always"\n');
    expect(r.stdout.trimEnd().split('\n').at(-1)).toBe(
      `Applied: 6 created, 0 updated, 0 deleted, 0 unchanged (policy version ${before} → ${after}).`,
    );
  });

  it('plan after apply: no changes, exit 0; apply again: nothing to do, exit 0', async () => {
    const version = await storeVersion();
    const plan = await policy('plan', '-f', VALID);
    expect(plan).toEqual({
      code: 0,
      stdout: `Plan: 0 to create, 0 to update, 0 to delete, 6 unchanged (policy version ${version}).\n`,
      stderr: '',
    });
    const again = await policy('apply', '-f', VALID);
    expect(again).toEqual({
      code: 0,
      stdout: `No changes: the store already matches the bundle (policy version ${version}).\n`,
      stderr: '',
    });
    expect(await storeVersion()).toBe(version);
  });
});

describe('export', () => {
  beforeAll(async () => {
    await clearPolicy(t);
    await ok('apply', '-f', VALID);
  });

  it('-o <dir>: one file per list with the schema line and no policy version; re-exporting gives the same bytes', async () => {
    const dir = path.join(tmp, 'export-a');
    const r = await policy('export', '-o', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      `pullwise: exported policy version ${await storeVersion()}: 3 rules, 1 exception, 2 cluster profiles to ${dir}\n`,
    );
    const files = await filesOf(dir);
    expect(Object.keys(files)).toEqual(['clusters.yaml', 'exceptions.yaml', 'rules.yaml']);
    for (const text of Object.values(files)) {
      expect(text.split('\n')[0]).toBe(`# yaml-language-server: $schema=${server}/schemas/policy-bundle.json`);
      expect(text).toContain('apiVersion: pullwise.io/v1\nkind: PolicyBundle\n');
      expect(text).not.toContain('policyVersion');
      expect(text).not.toContain('metadata');
    }
    // Each file holds its own list only, sorted by name.
    expect(files['rules.yaml']).not.toMatch(/^(exceptions|clusters):/m);
    const names = [...files['rules.yaml']!.matchAll(/^ {2}- name: (.+)$/gm)].map((m) => m[1]);
    expect(names).toEqual(['explicit-pull-policy', 'no-latest', 'staging-always']);

    await ok('export', '-o', dir);
    expect(await filesOf(dir)).toEqual(files);
    const other = path.join(tmp, 'export-b');
    await ok('export', '-o', other);
    expect(await filesOf(other)).toEqual(files);
  });

  it('an export applied to an empty store exports the same bytes again', async () => {
    const first = path.join(tmp, 'round-1');
    await ok('export', '-o', first);
    await clearPolicy(t);
    const apply = await policy('apply', '-f', first);
    expect(apply.code, apply.stderr).toBe(0);
    expect(apply.stdout).toMatch(/Applied: 6 created, 0 updated, 0 deleted, 0 unchanged/);
    const second = path.join(tmp, 'round-2');
    await ok('export', '-o', second);
    expect(await filesOf(second)).toEqual(await filesOf(first));
    // And the export plans as no change against the store it came from.
    expect((await policy('plan', '-f', second)).code).toBe(0);
  });

  it('--json writes rules.json, exceptions.json, clusters.json with $schema', async () => {
    const dir = path.join(tmp, 'export-json');
    await ok('export', '-o', dir, '--json');
    const files = await filesOf(dir);
    expect(Object.keys(files)).toEqual(['clusters.json', 'exceptions.json', 'rules.json']);
    const rules = JSON.parse(files['rules.json']!);
    expect(Object.keys(rules)).toEqual(['$schema', 'apiVersion', 'kind', 'rules']);
    expect((await policy('plan', '-f', dir)).code).toBe(0);
  });

  it('a stale file of the other format beside the export is pointed out', async () => {
    const dir = path.join(tmp, 'export-json');
    const r = await policy('export', '-o', dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`pullwise: note: ${dir} also holds clusters.json, exceptions.json, rules.json`);
  });

  it('without -o (or with -o -): the whole bundle, with its policy version, on stdout', async () => {
    const version = await storeVersion();
    const r = await ok('export');
    expect(r.stdout.split('\n').slice(0, 5)).toEqual([
      `# yaml-language-server: $schema=${server}/schemas/policy-bundle.json`,
      'apiVersion: pullwise.io/v1',
      'kind: PolicyBundle',
      'metadata:',
      `  policyVersion: ${version}`,
    ]);
    expect((await ok('export', '-o', '-')).stdout).toBe(r.stdout);
    expect(JSON.parse((await ok('export', '--json')).stdout).metadata).toEqual({ policyVersion: version });
  });
});

describe('plan a changed bundle', () => {
  let dir: string;
  beforeAll(async () => {
    await clearPolicy(t);
    await ok('apply', '-f', VALID);
    dir = await copyOfValid();
    // no-latest is relaxed to warn and loses its description; explicit-pull-policy leaves the bundle.
    await writeFile(
      path.join(dir, 'rules.yaml'),
      [
        'apiVersion: pullwise.io/v1',
        'kind: PolicyBundle',
        'rules:',
        '  - name: no-latest',
        '    kind: disallowed-tags',
        '    params: { tags: [latest, edge] }',
        '    enforcement: warn',
        '    severity: high',
        '',
      ].join('\n'),
    );
  });

  it('updates field by field; what the bundle leaves out stays, in one line', async () => {
    const r = await policy('plan', '-f', dir);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toBe(
      [
        '~ rule "no-latest"',
        '    ~ params: {"tags":["latest"]} → {"tags":["latest","edge"]}',
        '    ~ enforcement: "deny" → "warn"',
        '    - description: "Mutable \\"latest\\" tags are not deployable"',
        '',
        '1 stored object is not in the bundle and stays (use --prune to delete them): rule "explicit-pull-policy".',
        `Plan: 0 to create, 1 to update, 0 to delete, 5 unchanged (policy version ${await storeVersion()}).`,
        '',
      ].join('\n'),
    );
  });

  it('--prune deletes it', async () => {
    const r = await policy('plan', '-f', dir, '--prune');
    expect(r.code).toBe(1);
    expect(r.stdout.startsWith('- rule "explicit-pull-policy"\n\n~ rule "no-latest"\n')).toBe(true);
    expect(r.stdout).toMatch(/Plan: 0 to create, 1 to update, 1 to delete, 4 unchanged/);
  });

  it('--markdown: a table of the changes and a diff per change', async () => {
    const r = await policy('plan', '-f', dir, '--prune', '--markdown');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('| update | rule | `no-latest` | params, enforcement, description |  |\n');
    expect(r.stdout).toContain('| delete | rule | `explicit-pull-policy` |  |  |\n');
    expect(r.stdout).toContain(
      '```diff\n- params: {"tags":["latest"]}\n+ params: {"tags":["latest","edge"]}\n- enforcement: "deny"\n+ enforcement: "warn"\n',
    );
  });

  it("--json: the server's answer", async () => {
    const r = await policy('plan', '-f', dir, '--json');
    expect(r.code).toBe(1);
    const answer = JSON.parse(r.stdout);
    expect(answer).toMatchObject({
      policyVersion: await storeVersion(),
      prune: false,
      summary: { create: 0, update: 1, delete: 0, unchanged: 5 },
      bundleDigest: expect.stringMatching(/^sha256:[0-9a-f]{64}$/),
    });
  });

  it('apply with a stale --if-match: exit 2, nothing applied, the 412 explained', async () => {
    const version = await storeVersion();
    const r = await policy('apply', '-f', dir, '--if-match', String(version - 1));
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      `pullwise: Policy changed since the plan: rules, exceptions or cluster profiles changed at version ${version}, after version ${version - 1}: plan again and review the changes\n` +
        `  nothing was applied: run pullwise policy plan again, review its changes, then apply with --if-match ${version}\n`,
    );
    expect(await storeVersion()).toBe(version);
    const current = await policy('apply', '-f', dir, '--if-match', `"${version}"`);
    expect(current.code, current.stderr).toBe(0);
    expect(current.stdout).toMatch(
      new RegExp(
        `Applied: 0 created, 1 updated, 0 deleted, 5 unchanged \\(policy version ${version} → ${version + 1}\\)\\.\\n$`,
      ),
    );
  });
});

describe("the server's problems at the bundle's files and lines", () => {
  beforeAll(async () => {
    await clearPolicy(t);
    await ok('apply', '-f', VALID);
  });

  it('an invalid entry in a nested file: its path and line in that file, exit 2', async () => {
    const r = await policy('plan', '-f', 'policy-bundle/invalid');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('pullwise: Invalid input: The policy bundle has 1 problem; nothing was changed.');
    expect(lines[1]).toMatch(/^ {2}policy-bundle\/invalid\/more\/bad\.yaml:11: rules\[1\]\.enforcement: /);
  });

  it('an exception naming a rule neither the bundle nor the store has (only the server knows): at its line', async () => {
    const dir = await mkdtemp(path.join(tmp, 'unknown-rule-'));
    const text = [
      'apiVersion: pullwise.io/v1',
      'kind: PolicyBundle',
      'exceptions:',
      '  - name: waive-stored',
      '    rules: [no-latest]',
      '    justification: the stored rule is kept without --prune',
      '    owner: team-a',
      '  - name: waive-nothing',
      '    rules: [no-such-rule]',
      '    justification: names nothing',
      '    owner: team-a',
      '',
    ].join('\n');
    await writeFile(path.join(dir, 'exceptions.yaml'), text);
    const r = await policy('plan', '-f', VALID, '-f', dir);
    // VALID holds legacy-batch too: the merged bundle has three exceptions, this file's second is merged index 2.
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      `  ${dir}/exceptions.yaml:9: exceptions[1].rules[0]: "no-such-rule" is not an existing rule`,
    );
  });

  it('a name defined in two files: both named, nothing sent', async () => {
    const r = await policy('plan', '-f', 'policy-bundle/duplicate');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(
      'policy-bundle/duplicate/b.yaml:8: rules[1].name: rule "no-latest" is defined twice: also in policy-bundle/duplicate/a.yaml:4',
    );
  });

  it('without a token: the 401, exit 2', async () => {
    const r = await runCli(['policy', 'plan', '-f', VALID, '--server', server], { fetch: globalThis.fetch });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pullwise: /);
  });
});

describe('plan --impact', () => {
  beforeAll(async () => {
    await clearPolicy(t);
    const manifest = await readFile(path.join(FIXTURES, 'tree/nested/c-fail.yml'), 'utf8');
    const res = await t.http().post('/v1/evaluations').send({ manifests: manifest, record: true });
    expect(res.status, res.text).toBe(200);
  });

  it('per created rule, how many recorded evaluations flip', async () => {
    const r = await policy('plan', '-f', `${VALID}/rules.yaml`, '--impact', '10');
    expect(r.code, r.stderr).toBe(1);
    expect(r.stdout).toContain('    impact: this change flips 1 of the last 1 evaluations (pass → fail: 1)\n');
    const md = await policy('plan', '-f', `${VALID}/rules.yaml`, '--impact', '10', '--markdown');
    expect(md.stdout).toContain('| create | rule | `no-latest` |  | flips 1 of 1 |');
    expect(md.stdout).toContain('### Impact');
  });
});

it('the fixture directory is left as it was', async () => {
  expect((await readdir(path.join(FIXTURES, VALID))).sort()).toEqual([
    '.draft.yaml',
    'README.md',
    'clusters.json',
    'rules.yaml',
    'teams',
  ]);
});
