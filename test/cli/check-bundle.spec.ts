// `pullwise check --rules <file|dir>` with a policy bundle: the files merged as `pullwise policy plan` merges
// them, --cluster picking one of the bundle's profiles (none without it), and every problem at its file and line.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

const VALID = 'policy-bundle/valid';

function check(rules: string, ...extra: string[]) {
  return runCli(['check', '-f', 'tree/a-pass.yaml', '--rules', rules, ...extra]);
}

const slotOf = (stdout: string) => JSON.parse(stdout).workloads[0].slots[0];

describe('check --rules with a bundle directory', () => {
  it("merges every file below it (hidden ones skipped): the rules' ids are offline:<name>", async () => {
    const r = await runCli(['check', '-f', 'tree/nested/c-fail.yml', '--rules', VALID]);
    expect(r.code, r.stderr).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.findings.map((f: any) => [f.rule, f.ruleId])).toEqual([['no-latest', 'offline:no-latest']]);
  });

  it('applies no profile without --cluster: rules matching a cluster do not apply', async () => {
    const r = await check(VALID);
    expect(r.code, r.stderr).toBe(0);
    expect(slotOf(r.stdout).pullPolicy).toMatchObject({ declared: 'IfNotPresent', effective: 'IfNotPresent' });
  });

  it("--cluster prod: the profile's facts (AlwaysPullImages) apply", async () => {
    const r = await check(VALID, '--cluster', 'prod');
    expect(r.code, r.stderr).toBe(0);
    expect(slotOf(r.stdout).pullPolicy).toMatchObject({ declared: 'IfNotPresent', effective: 'Always' });
  });

  it('--cluster staging: the rule matching staging applies and fails the check', async () => {
    const r = await check(VALID, '--cluster', 'staging');
    expect(r.code, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout).findings.map((f: any) => f.rule)).toEqual(['staging-always']);
  });

  it("2 for a profile the bundle does not define, listing the bundle's profiles", async () => {
    const r = await check(VALID, '--cluster', 'dev');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toContain('cluster profile "dev" does not exist: the bundle defines "prod", "staging"');
  });

  it('a single bundle file is a bundle too; without clusters, --cluster is an error naming none', async () => {
    const r = await check(`${VALID}/rules.yaml`);
    expect(r.code, r.stderr).toBe(0);
    const unknown = await check(`${VALID}/rules.yaml`, '--cluster', 'prod');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('cluster profile "prod" does not exist: the bundle has no clusters');
  });
});

describe('check --rules with a broken bundle: exit 2, each problem at its file and line', () => {
  it('a name defined twice across files names both files and lines', async () => {
    const r = await check('policy-bundle/duplicate');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe(
      'pullwise: Invalid policy bundle: policy-bundle/duplicate has 1 problem\n' +
        '  policy-bundle/duplicate/b.yaml:8: rules[1].name: rule "no-latest" is defined twice: also in ' +
        'policy-bundle/duplicate/a.yaml:4 (rules[0]); names are keys, each may appear once\n',
    );
  });

  it("an invalid entry is reported at its own file's index and line, not the merged bundle's", async () => {
    const r = await check('policy-bundle/invalid');
    expect(r.code).toBe(2);
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('pullwise: Invalid policy bundle: policy-bundle/invalid has 1 problem');
    expect(lines[1]).toMatch(/^ {2}policy-bundle\/invalid\/more\/bad\.yaml:11: rules\[1\]\.enforcement: /);
  });

  it('a file that is not a bundle is named', async () => {
    const r = await check('policy-bundle/foreign');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^pullwise: Not a policy bundle: policy-bundle\/foreign\/deployment\.yaml is not a policy bundle: every file needs apiVersion: pullwise\.io\/v1 and kind: PolicyBundle\n$/,
    );
  });

  describe('in a temporary directory', () => {
    let dir: string;
    beforeAll(async () => {
      dir = await mkdtemp(path.join(os.tmpdir(), 'pullwise-bundle-'));
    });
    afterAll(() => rm(dir, { recursive: true, force: true }));

    it.each([
      [
        'a YAML syntax error',
        'apiVersion: pullwise.io/v1\nkind: PolicyBundle\nrules:\n  - name: [oops\n',
        /^pullwise: Invalid policy bundle: \S+\/bundle\.yaml is not valid YAML\n {2}\S+\/bundle\.yaml:\d+: /,
      ],
      [
        'a wrong apiVersion and an unknown field',
        'apiVersion: pullwise.io/v2\nkind: PolicyBundle\nrulez: []\n',
        /^pullwise: Invalid policy bundle: \S+ has 2 problems\n {2}\S+\/bundle\.yaml:3: rulez: unknown field "rulez".*\n {2}\S+\/bundle\.yaml:1: apiVersion: must be "pullwise\.io\/v1"\n$/,
      ],
      [
        'a list that is not a list',
        'apiVersion: pullwise.io/v1\nkind: PolicyBundle\nrules:\n  name: x\n',
        /\/bundle\.yaml:4: rules: must be a list\n$/,
      ],
    ])('%s', async (_what, text, expected) => {
      const sub = await mkdtemp(path.join(dir, 'case-'));
      await writeFile(path.join(sub, 'bundle.yaml'), text);
      const r = await check(sub);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(expected);
    });

    it('an empty directory is an error', async () => {
      const sub = await mkdtemp(path.join(dir, 'empty-'));
      const r = await check(sub);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(/^pullwise: No policy files: \S+ has no \*\.yaml, \*\.yml or \*\.json files\n$/);
    });
  });
});
