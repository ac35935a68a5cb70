// `pullwise policy plan|apply|export` against a stand-in fetch (as nodes-push.spec.ts does): the options, what
// is sent (the directory's files merged into one JSON bundle, prune, impact, If-Match), the exit codes like
// diff(1), and the server's problems with the merged bundle moved back to the files they came from.
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli, type CliRun } from './cli-harness.js';

const SERVER = 'https://pullwise.example.com/base/';
const VALID = 'policy-bundle/valid';

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: any;
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

const SUMMARY = { create: 0, update: 0, delete: 0, unchanged: 6 };
const plan = (summary = SUMMARY, extra: object = {}) => ({
  policyVersion: 42,
  bundleDigest: `sha256:${'0'.repeat(64)}`,
  prune: false,
  changes: [],
  summary,
  ...extra,
});

function fakeServer(answer: (s: Sent) => Response) {
  const sent: Sent[] = [];
  const fetch = (async (url: URL, init: RequestInit) => {
    const s: Sent = {
      method: init.method ?? 'GET',
      url: String(url),
      headers: init.headers as Record<string, string>,
      body: init.body === undefined ? null : JSON.parse(String(init.body)),
    };
    sent.push(s);
    return answer(s);
  }) as unknown as typeof globalThis.fetch;
  return { sent, fetch };
}

function policy(fetch: typeof globalThis.fetch, ...argv: string[]): Promise<CliRun> {
  return runCli(['policy', ...argv], { fetch, env: { PULLWISE_SERVER: SERVER, PULLWISE_TOKEN: 't0k' } });
}

describe('usage', () => {
  it.each([
    [['policy'], 'name what to do: pullwise policy export|plan|apply'],
    [['policy', 'sync'], 'unknown action "sync" of pullwise policy'],
    [['policy', 'plan'], 'pullwise policy plan needs the bundle: -f <file|dir>'],
    [['policy', 'plan', '-f', '-'], 'a policy bundle is read from files'],
    [['policy', 'plan', '-f', 'x', 'y'], 'unexpected argument "y"; name the bundle with -f'],
    [['policy', 'plan', '-f', 'x', '--if-match', '3'], '--if-match is not an option of pullwise policy plan'],
    [['policy', 'apply', '-f', 'x', '--markdown'], '--markdown is not an option of pullwise policy apply'],
    [['policy', 'export', '-f', 'x'], '--file is not an option of pullwise policy export'],
    [['policy', 'plan', '-f', 'x', '--json', '--markdown'], '--json and --markdown exclude each other'],
    [
      ['policy', 'plan', '-f', 'x', '--impact', '0'],
      '--impact must be a number of recorded evaluations from 1 to 1000',
    ],
    [['policy', 'plan', '-f', 'x', '--impact', '1001'], '--impact must be'],
    [['policy', 'apply', '-f', 'x', '--if-match', 'latest'], '--if-match must be a policy version such as 42'],
    [['check', '-f', 'x', '--rules', 'r', '--prune'], '--prune is an option of pullwise policy, not of pullwise check'],
    [['check', '-f', 'x', '--rules', 'r', '--json'], '--json is an option of pullwise nodes and pullwise policy'],
  ])('%j', async (argv, message) => {
    const r = await runCli(argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pullwise: Invalid usage: .*\(see pullwise --help\)\n$/);
    expect(r.stderr).toContain(message);
  });

  it('the server comes from --server or PULLWISE_SERVER', async () => {
    const r = await runCli(['policy', 'export']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('give --server <url> (or set PULLWISE_SERVER)');
  });
});

describe('plan', () => {
  it('POSTs the merged directory as JSON, with prune and impact; exit 0 for no changes', async () => {
    const server = fakeServer(() => json(200, plan()));
    const r = await policy(server.fetch, 'plan', '-f', VALID, '--impact', '25');
    expect(r).toEqual({
      code: 0,
      stdout: 'Plan: 0 to create, 0 to update, 0 to delete, 6 unchanged (policy version 42).\n',
      stderr: '',
    });
    expect(server.sent).toHaveLength(1);
    const [s] = server.sent;
    expect(s!.method).toBe('POST');
    expect(s!.url).toBe(`${SERVER}v1/policy/plan?prune=false&impact=25`);
    expect(s!.headers).toMatchObject({ 'content-type': 'application/json', authorization: 'Bearer t0k' });
    // clusters.json, rules.yaml, teams/batch.yaml in that order; .draft.yaml and README.md are not read.
    expect(s!.body).toMatchObject({ apiVersion: 'pullwise.io/v1', kind: 'PolicyBundle' });
    expect(s!.body.rules.map((x: any) => x.name)).toEqual(['no-latest', 'explicit-pull-policy', 'staging-always']);
    expect(s!.body.exceptions.map((x: any) => x.name)).toEqual(['legacy-batch']);
    expect(s!.body.clusters.map((x: any) => x.name)).toEqual(['prod', 'staging']);
    expect(s!.body.metadata).toBeUndefined();
  });

  it('exit 1 when the plan changes something; --prune is sent; -f is repeatable', async () => {
    const server = fakeServer(() => json(200, plan({ create: 0, update: 0, delete: 1, unchanged: 5 })));
    const r = await policy(server.fetch, 'plan', '-f', `${VALID}/rules.yaml`, '-f', `${VALID}/teams`, '--prune');
    expect(r.code).toBe(1);
    expect(server.sent[0]!.url).toBe(`${SERVER}v1/policy/plan?prune=true`);
    expect(server.sent[0]!.body.rules.map((x: any) => x.name)).toEqual([
      'no-latest',
      'explicit-pull-policy',
      'staging-always',
    ]);
  });

  it('exit 2 when the server refuses the bundle: each problem at its file, index and line', async () => {
    const server = fakeServer(() =>
      json(
        400,
        {
          title: 'Invalid input',
          status: 400,
          detail: 'The policy bundle has 2 problems; nothing was changed.',
          errors: [
            { path: 'rules[2].params.allowed[0]', message: 'must be one of Always, IfNotPresent, Never' },
            { path: 'exceptions[0].rules[0]', message: '"no-latest" is not an existing rule' },
          ],
        },
        'application/problem+json',
      ),
    );
    const r = await policy(server.fetch, 'plan', '-f', VALID);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'pullwise: Invalid input: The policy bundle has 2 problems; nothing was changed.\n' +
        `  ${VALID}/teams/batch.yaml:7: rules[0].params.allowed[0]: must be one of Always, IfNotPresent, Never\n` +
        `  ${VALID}/teams/batch.yaml:12: exceptions[0].rules[0]: "no-latest" is not an existing rule\n`,
    });
  });

  it('exit 2 for an answer that is not a plan', async () => {
    const server = fakeServer(() => json(200, { hello: 'world' }));
    const r = await policy(server.fetch, 'plan', '-f', VALID);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(
      `pullwise: Unexpected answer: ${SERVER}v1/policy/plan?prune=false did not answer with a policy plan: {"hello":"world"}\n`,
    );
  });

  it('exit 2 for a broken bundle before anything is sent', async () => {
    const server = fakeServer(() => json(200, plan()));
    for (const dir of ['policy-bundle/duplicate', 'policy-bundle/foreign', 'policy-bundle/missing']) {
      const r = await policy(server.fetch, 'plan', '-f', dir);
      expect(r.code, dir).toBe(2);
    }
    expect(server.sent).toEqual([]);
  });
});

describe('apply', () => {
  it('sends If-Match as the quoted version and prints what was applied; exit 0', async () => {
    const server = fakeServer(() =>
      json(200, {
        ...plan({ create: 1, update: 0, delete: 0, unchanged: 5 }),
        changes: [
          { action: 'create', type: 'rule', name: 'x', before: null, after: { name: 'x', kind: 'require-digest' } },
        ],
        applied: true,
        previousPolicyVersion: 41,
      }),
    );
    const r = await policy(server.fetch, 'apply', '-f', VALID, '--if-match', '41');
    expect(r).toEqual({
      code: 0,
      stdout:
        '+ rule "x"\n    + kind: "require-digest"\n\nApplied: 1 created, 0 updated, 0 deleted, 5 unchanged (policy version 41 → 42).\n',
      stderr: '',
    });
    expect(server.sent[0]).toMatchObject({
      url: `${SERVER}v1/policy/apply?prune=false`,
      headers: { 'if-match': '"41"' },
    });
  });

  it('no If-Match without --if-match; --json prints the answer', async () => {
    const answer = { ...plan(), applied: false, previousPolicyVersion: 42 };
    const server = fakeServer(() => json(200, answer));
    const r = await policy(server.fetch, 'apply', '-f', VALID, '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual(answer);
    expect(server.sent[0]!.headers['if-match']).toBeUndefined();
  });

  it('a 412 without a problem body still says to plan again; exit 2', async () => {
    const server = fakeServer(() => new Response('', { status: 412 }));
    const r = await policy(server.fetch, 'apply', '-f', VALID, '--if-match', '"7"');
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'pullwise: Policy changed since the plan: the stored policy is no longer at version 7: it changed since that plan\n' +
        '  nothing was applied: run pullwise policy plan again, review its changes, then apply with --if-match <the version it prints>\n',
    });
  });
});

describe('export', () => {
  let dir: string | undefined;
  afterAll(() => (dir ? rm(dir, { recursive: true, force: true }) : undefined));

  const YAML =
    'apiVersion: pullwise.io/v1\nkind: PolicyBundle\nmetadata:\n  policyVersion: 9\nrules:\n  - name: b\n    kind: require-digest\n  - name: a\n    kind: require-digest\nexceptions: []\nclusters: []\n';

  it('asks for YAML and writes the files with the schema where this CLI reaches the server', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'pullwise-export-'));
    const server = fakeServer(
      () => new Response(YAML, { status: 200, headers: { 'content-type': 'application/yaml' } }),
    );
    const r = await policy(server.fetch, 'export', '-o', dir);
    expect(r.code, r.stderr).toBe(0);
    expect(server.sent[0]).toMatchObject({ method: 'GET', url: `${SERVER}v1/policy` });
    expect(server.sent[0]!.headers.accept).toMatch(/^application\/yaml/);
    expect(r.stderr).toBe(`pullwise: exported policy version 9: 2 rules, 0 exceptions, 0 cluster profiles to ${dir}\n`);
    const { readFile } = await import('node:fs/promises');
    expect(await readFile(path.join(dir, 'rules.yaml'), 'utf8')).toBe(
      `# yaml-language-server: $schema=${SERVER}schemas/policy-bundle.json\n` +
        'apiVersion: pullwise.io/v1\nkind: PolicyBundle\nrules:\n  - name: a\n    kind: require-digest\n  - name: b\n    kind: require-digest\n',
    );
    expect(await readFile(path.join(dir, 'clusters.yaml'), 'utf8')).toBe(
      `# yaml-language-server: $schema=${SERVER}schemas/policy-bundle.json\napiVersion: pullwise.io/v1\nkind: PolicyBundle\nclusters: []\n`,
    );
  });

  it('exit 2 for an answer that is not a bundle', async () => {
    const server = fakeServer(() => new Response('rules: 3\n', { status: 200 }));
    const r = await policy(server.fetch, 'export');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pullwise: Unexpected answer: .*did not answer with a policy bundle/);
  });
});
