// `pullwise check --rules rules.yaml`: the offline mode, run in-process. Exit codes (0 pass, 1 policy
// failure, 2 input error), inputs (file, directory, stdin), and every report format, single and merged.
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, artifactOf, offline, runCli } from './cli-harness.js';

const TREE_FILES = ['tree/a-pass.yaml', 'tree/b-warn.json', 'tree/nested/c-fail.yml'];
const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' });
const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

describe('exit codes', () => {
  it('0 for a passing manifest; stdout is the JSON result, stderr the summary', async () => {
    const r = await offline('tree/a-pass.yaml');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result).toMatchObject({ id: null, verdict: 'pass', findings: [], errors: [] });
    expect(result.summary).toEqual({
      documents: 1,
      workloads: 1,
      slots: 1,
      findings: { deny: 0, warn: 0, audit: 0, waived: 0 },
    });
    expect(r.stderr).toBe('pullwise: verdict pass: 0 deny, 0 warn, 0 audit, 0 waived in 1 file\n');
  });

  it('1 when a deny rule fails, with the finding at its line and a deterministic rule id', async () => {
    const r = await offline('tree/nested/c-fail.yml');
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.verdict).toBe('fail');
    expect(result.findings.map((f: any) => [f.rule, f.enforcement, f.ruleId, f.ruleVersion, f.line])).toEqual([
      ['no-latest', 'deny', 'offline:no-latest', 1, 14],
      ['trusted-registries', 'audit', 'offline:trusted-registries', 1, 14],
    ]);
  });

  it('0 for a warn verdict by default, 1 with --fail-on warn', async () => {
    const byDefault = await offline('tree/b-warn.json');
    expect(byDefault.code).toBe(0);
    expect(JSON.parse(byDefault.stdout).verdict).toBe('warn');
    expect((await offline('tree/b-warn.json', '--fail-on', 'warn')).code).toBe(1);
    expect((await offline('tree/b-warn.json', '--fail-on', 'deny')).code).toBe(0);
  });

  it('--fail-on warn also fails on fail, and passes a pass', async () => {
    expect((await offline('tree/nested/c-fail.yml', '--fail-on', 'warn')).code).toBe(1);
    expect((await offline('tree/a-pass.yaml', '--fail-on', 'warn')).code).toBe(0);
  });

  it('0 when the only deny finding is waived by an exception from the rules file', async () => {
    const r = await offline('waived.yaml');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.verdict).toBe('pass');
    expect(result.findings).toMatchObject([{ rule: 'no-latest', waived: true, waivedBy: 'legacy-batch' }]);
  });

  it('2 for a partly broken file: the report (verdict error) is printed and each input error is named on stderr', async () => {
    const r = await offline('partly-broken.yaml');
    expect(r.code).toBe(2);
    const result = JSON.parse(r.stdout);
    expect(result.verdict).toBe('error');
    expect(result.errors.length).toBeGreaterThan(0);
    expect(r.stderr).toMatch(/^pullwise: partly-broken\.yaml: document 1, line \d+: /m);
    expect(r.stderr).toMatch(/^pullwise: verdict error: .*; \d+ input errors?\n$/m);
  });

  it("2 for a file of which nothing can be read: the service's unreadable-manifests problem, no report", async () => {
    const r = await offline('broken.yaml');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(
      /^pullwise: Unreadable manifests: No Kubernetes object could be read from the input: its document has errors/,
    );
    expect(r.stderr).toMatch(/^ {2}document 0, line 4: /m);
  });

  it('2 even with --fail-on warn and a failing file next to it: an unreadable manifest is an input error', async () => {
    const r = await runCli([
      'check',
      '-f',
      'partly-broken.yaml',
      '-f',
      'tree/nested/c-fail.yml',
      '--rules',
      'rules.yaml',
    ]);
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout).verdict).toBe('error');
  });

  it('2 for a file that does not exist, before anything is printed on stdout', async () => {
    const r = await offline('nope.yaml');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('pullwise: Cannot read input: nope.yaml: no such file or directory\n');
  });
});

describe('the rules file', () => {
  it('2 for invalid rules, listing every problem with its path', async () => {
    const r = await runCli(['check', '-f', 'tree', '--rules', 'invalid-rules.yaml']);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trimEnd().split('\n');
    expect(lines[0]).toBe('pullwise: Invalid rules file: invalid-rules.yaml has 4 problems');
    expect(lines.slice(1).map((l) => l.trim().split(':')[0])).toEqual([
      'extra',
      'rules[0].kind',
      'rules[1].enforcement',
      'rules[1].params.allowed[0]',
    ]);
  });

  it('2 for duplicate rule names and invalid exceptions, as the server would refuse them', async () => {
    const r = await runCli(['check', '-f', 'tree', '--rules', 'duplicate-rules.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('rules[1].name: "twice" is already used by rules[0]');
    expect(r.stderr).toContain('exceptions[0].owner: must not be empty');
    expect(r.stderr).toContain('exceptions[0].expiresAt: "2026-01-01" has no time and zone');
  });

  it('2 for a rules file that is not YAML, with the line', async () => {
    const r = await runCli(['check', '-f', 'tree', '--rules', 'unparsable-rules.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pullwise: Invalid rules file: unparsable-rules\.yaml is not valid YAML\n {2}line \d+: /);
  });

  it('2 for a rules file that does not exist', async () => {
    const r = await runCli(['check', '-f', 'tree', '--rules', 'missing.yaml']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pullwise: Cannot read rules file: missing\.yaml: /);
  });

  it("applies the file's cluster profile (facts and name) by default", async () => {
    const r = await runCli(['check', '-f', 'tree/a-pass.yaml', '--rules', 'cluster-rules.yaml']);
    const slot = JSON.parse(r.stdout).workloads[0].slots[0];
    expect(slot.pullPolicy).toMatchObject({ declared: 'IfNotPresent', effective: 'Always' });
    // prod-always matches cluster "prod" only: the effective policy (AlwaysPullImages) satisfies it.
    expect(r.code).toBe(0);
    const explicit = await runCli([
      'check',
      '-f',
      'tree/a-pass.yaml',
      '--rules',
      'cluster-rules.yaml',
      '--cluster',
      'prod',
    ]);
    expect(explicit.stdout).toBe(r.stdout);
  });

  it('explicit options win over the profile, as on the server', async () => {
    const r = await runCli([
      'check',
      '-f',
      'tree/a-pass.yaml',
      '--rules',
      'cluster-rules.yaml',
      '--admission-plugins',
      '',
      '-n',
      'other',
    ]);
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.workloads[0].namespace).toBe('shop');
    expect(result.findings).toMatchObject([{ rule: 'prod-always', enforcement: 'deny' }]);
  });

  it('2 when --cluster names a profile the rules file does not define', async () => {
    const r = await runCli(['check', '-f', 'tree/a-pass.yaml', '--rules', 'cluster-rules.yaml', '--cluster', 'dev']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cluster profile "dev" does not exist: the rules file defines "prod"');
    expect((await offline('tree/a-pass.yaml', '--cluster', 'prod')).code).toBe(2);
  });

  it('2 for a kubelet version outside the modelled range', async () => {
    const r = await offline('tree/a-pass.yaml', '--kubelet-version', '9.9');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pullwise: Invalid input: .*kubeletVersion "9\.9"/);
    expect(r.stderr).toContain('  at context.kubeletVersion\n');
  });
});

describe('inputs', () => {
  it('a directory: every *.yaml/*.yml/*.json below it, sorted, hidden entries and other files skipped', async () => {
    const r = await offline('tree');
    expect(r.code).toBe(1);
    const merged = JSON.parse(r.stdout);
    expect(merged.verdict).toBe('fail');
    expect(Object.keys(merged.files)).toEqual(TREE_FILES);
    expect(Object.values(merged.files).map((f: any) => f.verdict)).toEqual(['pass', 'warn', 'fail']);
    expect(r.stderr).toBe('pullwise: verdict fail: 1 deny, 1 warn, 1 audit, 0 waived in 3 files\n');
  });

  it('a directory without manifests is an input error', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pullwise-empty-'));
    try {
      const r = await runCli(['check', '-f', dir, '--rules', path.join(FIXTURES, 'rules.yaml')]);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain('has no *.yaml, *.yml or *.json files');
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('a directory holding a kustomization is refused before anything is checked, pointing at the rendered output', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pullwise-kustomize-'));
    try {
      await mkdir(path.join(dir, 'base'));
      await cp(path.join(FIXTURES, 'tree/a-pass.yaml'), path.join(dir, 'base/app.yaml'));
      await writeFile(path.join(dir, 'base/kustomization.yaml'), 'resources: [app.yaml]\nnamespace: prod\n');
      await writeFile(path.join(dir, 'policy.yaml'), 'rules: []\n');
      const k = await runCli(['check', '-f', '.', '--rules', path.join(FIXTURES, 'rules.yaml')], { cwd: dir });
      expect(k).toMatchObject({ code: 2, stdout: '' });
      expect(k.stderr).toMatch(/^pullwise: Kustomize sources: \. holds kustomize input \(a kustomization in base\)/);
      expect(k.stderr).toContain('kubectl kustomize base | pullwise check -f -');
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('stdin with -f -, named "stdin" in the reports', async () => {
    const text = await readFile(path.join(FIXTURES, 'tree/nested/c-fail.yml'), 'utf8');
    const r = await runCli(['check', '-f', '-', '--rules', 'rules.yaml', '--format', 'sarif'], { stdin: text });
    expect(r.code).toBe(1);
    const run = JSON.parse(r.stdout).runs[0];
    expect(run.artifacts).toEqual([{ location: { uri: 'stdin', uriBaseId: '%SRCROOT%' } }]);
    expect(run.results[0].locations[0].physicalLocation.region.startLine).toBe(14);
  });

  it('stdin and a file together form the merged shape', async () => {
    const r = await runCli(['check', '-f', '-', '-f', 'tree/a-pass.yaml', '--rules', 'rules.yaml'], {
      stdin: 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: nginx}]}\n',
    });
    expect(r.code).toBe(1);
    expect(Object.keys(JSON.parse(r.stdout).files)).toEqual(['stdin', 'tree/a-pass.yaml']);
  });
});

describe('report formats, one file', () => {
  it('json is the server shape', async () => {
    const result = JSON.parse((await offline('tree/nested/c-fail.yml', '--format', 'json')).stdout);
    expect(Object.keys(result)).toEqual([
      'id',
      'verdict',
      'summary',
      'workloads',
      'findings',
      'errors',
      'skipped',
      'rules',
      'assumptions',
    ]);
  });

  it('sarif: one run, the file as artifact, every evaluated rule in the driver', async () => {
    const r = await offline('tree/nested/c-fail.yml', '--format', 'sarif');
    expect(r.code).toBe(1);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe('2.1.0');
    expect(log.runs).toHaveLength(1);
    expect(log.runs[0].artifacts).toEqual([
      { location: { uri: artifactOf('tree/nested/c-fail.yml'), uriBaseId: '%SRCROOT%' } },
    ]);
    expect(log.runs[0].tool.driver.rules.map((x: any) => x.id)).toEqual([
      'explicit-pull-policy',
      'no-latest',
      'trusted-registries',
    ]);
    expect(log.runs[0].results.map((x: any) => [x.ruleId, x.level])).toEqual([
      ['no-latest', 'error'],
      ['trusted-registries', 'note'],
    ]);
  });

  it('junit parses, with one failure for the deny finding', async () => {
    const r = await offline('tree/nested/c-fail.yml', '--format', 'junit');
    const doc = xml.parse(r.stdout);
    expect(doc.testsuites['@failures']).toBe('1');
    const cases = asList(doc.testsuites.testsuite).flatMap((s: any) => asList(s.testcase));
    expect(cases.filter((c: any) => c.failure).map((c: any) => c['@name'])).toEqual(['no-latest']);
  });

  it('markdown names the verdict', async () => {
    const r = await offline('tree/nested/c-fail.yml', '--format', 'markdown');
    expect(r.stdout.split('\n')[0]).toBe('## pullwise: FAIL');
    expect(r.stdout).toContain('Source `tree/nested/c-fail.yml`');
  });

  it('policyreport is a wgpolicyk8s.io PolicyReport', async () => {
    const report = JSON.parse((await offline('tree/nested/c-fail.yml', '--format', 'policyreport')).stdout);
    expect(report).toMatchObject({ apiVersion: 'wgpolicyk8s.io/v1alpha2', kind: 'PolicyReport' });
    expect(report.summary.fail).toBe(1);
  });
});

describe('report formats, merged over a directory', () => {
  it('sarif: one run, one artifact per file, locations and rule indexes renumbered', async () => {
    const log = JSON.parse((await offline('tree', '--format', 'sarif')).stdout);
    expect(log.runs).toHaveLength(1);
    const run = log.runs[0];
    expect(run.artifacts.map((a: any) => a.location.uri)).toEqual(TREE_FILES.map(artifactOf));
    expect(run.properties.verdict).toBe('fail');
    expect(run.properties.files.map((f: any) => [f.sourceName, f.verdict])).toEqual([
      [TREE_FILES[0], 'pass'],
      [TREE_FILES[1], 'warn'],
      [TREE_FILES[2], 'fail'],
    ]);
    for (const res of run.results) {
      const loc = res.locations[0].physicalLocation.artifactLocation;
      expect(run.artifacts[loc.index].location.uri).toBe(loc.uri);
      expect(run.tool.driver.rules[res.ruleIndex].id).toBe(res.ruleId);
    }
    expect(run.results.map((x: any) => [x.ruleId, x.locations[0].physicalLocation.artifactLocation.uri])).toEqual([
      ['explicit-pull-policy', artifactOf('tree/b-warn.json')],
      ['no-latest', artifactOf('tree/nested/c-fail.yml')],
      ['trusted-registries', artifactOf('tree/nested/c-fail.yml')],
    ]);
  });

  it('junit: one testsuites document, counts summed, each suite names its file', async () => {
    const doc = xml.parse((await offline('tree', '--format', 'junit')).stdout);
    const suites = asList(doc.testsuites.testsuite);
    expect(suites.map((s: any) => s['@file'])).toEqual(TREE_FILES.map(artifactOf));
    expect(doc.testsuites['@tests']).toBe('9');
    expect(doc.testsuites['@failures']).toBe('1');
    const sum = suites.reduce((n: number, s: any) => n + Number(s['@tests']), 0);
    expect(sum).toBe(9);
  });

  it('junit keeps the input suite of a broken file', async () => {
    const r = await runCli([
      'check',
      '-f',
      'partly-broken.yaml',
      '-f',
      'tree/a-pass.yaml',
      '--rules',
      'rules.yaml',
      '--format',
      'junit',
    ]);
    const doc = xml.parse(r.stdout);
    const suites = asList(doc.testsuites.testsuite);
    expect(suites.map((s: any) => s['@name'])).toEqual(['Pod/ok (shop)', 'input', 'Deployment/web (shop)']);
    expect(Number(doc.testsuites['@errors'])).toBeGreaterThan(0);
  });

  it('markdown: a table of files, then one section per file', async () => {
    const md = (await offline('tree', '--format', 'markdown')).stdout;
    expect(md.split('\n')[0]).toBe('# pullwise: FAIL');
    expect(md).toContain('| `tree/b-warn.json` | WARN | 0 | 1 | 0 | 0 | 0 |');
    for (const [file, verdict] of [
      [TREE_FILES[0], 'PASS'],
      [TREE_FILES[1], 'WARN'],
      [TREE_FILES[2], 'FAIL'],
    ])
      expect(md).toContain(`\n## \`${file}\`: ${verdict}\n`);
  });

  it('policyreport: one v1 List of every report', async () => {
    const list = JSON.parse((await offline('tree', '--format', 'policyreport')).stdout);
    expect(list).toMatchObject({ apiVersion: 'v1', kind: 'List' });
    expect(list.items.map((i: any) => i.metadata.name)).toEqual([
      'pullwise-tree-a-pass.yaml',
      'pullwise-tree-b-warn.json',
      'pullwise-tree-nested-c-fail.yml',
    ]);
  });
});

describe('output and progress', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pullwise-out-'));
  });
  afterAll(() => rm(dir, { recursive: true }));

  it('--output writes the report to a file and nothing to stdout', async () => {
    const file = path.join(dir, 'report.sarif');
    const r = await offline('tree', '--format', 'sarif', '--output', file);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(JSON.parse(await readFile(file, 'utf8')).runs).toHaveLength(1);
  });

  it('no progress when stderr is not a terminal', async () => {
    const r = await offline('tree');
    expect(r.stderr).not.toContain('checking');
  });

  it('--progress prints one line per file on stderr; stdout stays the report', async () => {
    const r = await offline('tree', '--progress');
    expect(r.stderr.split('\n').slice(0, 3)).toEqual(TREE_FILES.map((f, i) => `pullwise: checking ${i + 1}/3 ${f}`));
    expect(JSON.parse(r.stdout).verdict).toBe('fail');
  });

  it('on a terminal, progress rewrites one line for several files and is cleared at the end', async () => {
    const several = await runCli(['check', '-f', 'tree', '--rules', 'rules.yaml'], { tty: true });
    expect(several.stderr).toContain('\r\x1b[Kpullwise: checking 3/3 tree/nested/c-fail.yml\r\x1b[Kpullwise: verdict');
    const one = await runCli(['check', '-f', 'tree/a-pass.yaml', '--rules', 'rules.yaml'], { tty: true });
    expect(one.stderr).not.toContain('checking');
  });
});

describe('SARIF artifact URIs are relative to the repository root, however the file is named', () => {
  // A checkout: repo/.git, repo/deploy/app.yaml, the rules beside it; the check runs from repo/sub.
  async function checkout() {
    const root = await mkdtemp(path.join(os.tmpdir(), 'pullwise-repo-'));
    await mkdir(path.join(root, '.git'));
    await mkdir(path.join(root, 'deploy'));
    await mkdir(path.join(root, 'sub'));
    await cp(path.join(FIXTURES, 'tree/nested/c-fail.yml'), path.join(root, 'deploy/app.yaml'));
    await cp(path.join(FIXTURES, 'rules.yaml'), path.join(root, 'rules.yaml'));
    return root;
  }
  const uris = (stdout: string) =>
    JSON.parse(stdout).runs[0].artifacts.map((a: any) => [a.location.uri, a.location.uriBaseId]);

  it.each([
    ['an absolute path', (root: string) => path.join(root, 'deploy/app.yaml')],
    ['a path climbing out of the cwd', () => '../deploy/app.yaml'],
    ['a path from the repository root', () => 'deploy/app.yaml'],
  ])('%s', async (_name, spec) => {
    const root = await checkout();
    try {
      const cwd = spec(root).startsWith('..') ? path.join(root, 'sub') : root;
      const r = await runCli(
        ['check', '-f', spec(root), '--rules', path.join(root, 'rules.yaml'), '--format', 'sarif'],
        {
          cwd,
        },
      );
      expect(r.code, r.stderr).toBe(1);
      expect(uris(r.stdout)).toEqual([['deploy/app.yaml', '%SRCROOT%']]);
      expect(r.stdout).not.toContain(root);
    } finally {
      await rm(root, { recursive: true });
    }
  });

  it('a file outside any repository is named by its file name, never by an absolute path', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pullwise-loose-'));
    try {
      await cp(path.join(FIXTURES, 'tree/nested/c-fail.yml'), path.join(dir, 'app.yaml'));
      const r = await runCli(
        ['check', '-f', path.join(dir, 'app.yaml'), '--rules', path.join(FIXTURES, 'rules.yaml'), '--format', 'sarif'],
        { cwd: FIXTURES },
      );
      const [[uri]] = uris(r.stdout);
      expect(path.isAbsolute(uri)).toBe(false);
      expect(uri.endsWith('app.yaml')).toBe(true);
      expect(uri).not.toContain('..');
    } finally {
      await rm(dir, { recursive: true });
    }
  });
});
