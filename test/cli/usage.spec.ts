// pullwise's command line: help, version, and usage errors (exit 2, one line on stderr, nothing on stdout).
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

describe('help and version', () => {
  it.each([['--help'], ['-h'], ['check', '--help'], ['nodes', 'push', '--help'], ['policy', 'plan', '--help']])(
    '%s prints the usage on stdout and exits 0',
    async (...argv) => {
      const r = await runCli(argv);
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(
        /^Usage: pullwise check -f <file\|dir\|-> \[options\]\n {7}pullwise nodes push\|list\|forget --cluster <name> \[options\]\n/,
      );
      expect(r.stdout).toContain('Exit status: 0 pass; 1 policy failure');
      for (const command of [
        'nodes push --cluster',
        '--from-cluster',
        'nodes list --cluster',
        'nodes forget --cluster',
        'policy export [-o <dir>]',
        'policy plan -f <file|dir> [--prune] [--impact <n>] [--json | --markdown]',
        'policy apply -f <file|dir> [--prune] [--if-match <version>]',
        'policy admission-policies --cluster <name> [-o <file>] [--json]',
        'pullwise policy plan, like diff(1): 0 no changes; 1 changes; 2 an error',
      ])
        expect(r.stdout).toContain(command);
      expect(r.stderr).toBe('');
    },
  );

  it('--version prints the package version', async () => {
    const r = await runCli(['--version']);
    expect(r).toEqual({ code: 0, stdout: expect.stringMatching(/^pullwise \d+\.\d+\.\d+\n$/), stderr: '' });
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [[], 'name a command'],
    [['lint'], 'unknown command "lint"; the commands are "check", "nodes" and "policy"'],
    [['check'], 'give the manifests with -f'],
    [['check', '-f', 'x.yaml', 'y.yaml', '--rules', 'r.yaml'], 'unexpected argument "y.yaml"'],
    [['check', '-f', '-', '-f', '-', '--rules', 'r.yaml'], 'stdin (-f -) can be read only once'],
    [['check', '-f', 'x.yaml'], 'give --server <url> (or set PULLWISE_SERVER), or --rules <file>'],
    [['check', '-f', 'x.yaml', '--rules', 'r.yaml', '--server', 'http://h'], 'exclude each other'],
    [['check', '-f', 'x.yaml', '--rules', 'r.yaml', '--record'], '--record needs a server'],
    [['check', '-f', 'x.yaml', '--rules', 'r.yaml', '--format', 'xml'], '--format must be one of json, sarif'],
    [['check', '-f', 'x.yaml', '--rules', 'r.yaml', '--fail-on', 'audit'], '--fail-on must be one of deny, warn'],
    [['check', '-f', 'x.yaml', '--rules', 'r.yaml', '--timeout', '0'], '--timeout must be a positive number'],
    [['check', '-f', 'x.yaml', '--rules', 'r.yaml', '--namespace', ' '], '--namespace must not be empty'],
    [['check', '-f', 'x.yaml', '--server', 'not a url'], 'is not a URL'],
    [['check', '-f', 'x.yaml', '--server', 'ftp://h'], '--server must be an http(s) URL'],
    [['check', '-f', 'x.yaml', '--bogus'], "Unknown option '--bogus'"],
  ])('%j', async (argv, message) => {
    const r = await runCli(argv as string[]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pullwise: Invalid usage: .*\(see pullwise --help\)\n$/);
    expect(r.stderr).toContain(message);
  });

  it('PULLWISE_SERVER is ignored in offline mode rather than conflicting with --rules', async () => {
    const r = await runCli(['check', '-f', 'tree/a-pass.yaml', '--rules', 'rules.yaml'], {
      env: { PULLWISE_SERVER: 'http://127.0.0.1:9' },
    });
    expect(r.code).toBe(0);
  });
});
