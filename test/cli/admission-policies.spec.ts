// `pullwise policy admission-policies --cluster <name>` against a stand-in fetch (as policy.spec.ts does): what is
// asked for (YAML, or JSON with --json), the List passed through to stdout or -o, the stderr summary read from the
// List's pullwise.io/not-exported annotation, and the errors (usage, unknown profile, not a List) with exit 2.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { admissionPoliciesYaml, compileAdmissionPolicies, type RuleDefinition } from '#policy';
import { runCli, type CliRun } from './cli-harness.js';

const SERVER = 'https://pullwise.example.com/base/';

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
}

function fakeServer(answer: (s: Sent) => Response) {
  const sent: Sent[] = [];
  const fetch = (async (url: URL, init: RequestInit) => {
    const s: Sent = { method: init.method ?? 'GET', url: String(url), headers: init.headers as Record<string, string> };
    sent.push(s);
    return answer(s);
  }) as unknown as typeof globalThis.fetch;
  return { sent, fetch };
}

function cli(fetch: typeof globalThis.fetch, ...argv: string[]): Promise<CliRun> {
  return runCli(['policy', 'admission-policies', ...argv], {
    fetch,
    env: { PULLWISE_SERVER: SERVER, PULLWISE_TOKEN: 't0k' },
  });
}

const rule = (name: string, kind: string, params: object, enforcement = 'deny'): RuleDefinition =>
  ({ name, kind, params, enforcement, enabled: true, severity: 'high' }) as unknown as RuleDefinition;

/** What the server compiles: a validated rule, a mutating one (also listed for image volumes), two that are not. */
const { list } = compileAdmissionPolicies({
  rules: [
    rule('no-latest', 'disallowed-tags', { tags: ['latest'] }),
    rule('always-pull', 'set-pull-policy', { policy: 'Always' }),
    rule('explicit', 'explicit-pull-policy', {}, 'warn'),
    rule('drift', 'mutable-tag-drift', {}, 'audit'),
  ],
  exceptions: [],
  cluster: { name: 'prod', preloadedImages: null, hasNodeInventory: false },
  now: new Date('2030-01-01T00:00:00Z'),
});
const YAML = admissionPoliciesYaml(list);
const NOT_EXPORTED = JSON.parse(list.metadata.annotations['pullwise.io/not-exported']) as {
  rule: string;
  reason: string;
}[];

const yamlAnswer = (text = YAML) =>
  new Response(text, { status: 200, headers: { 'content-type': 'application/yaml; charset=utf-8' } });
const problem = (status: number, body: object) =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/problem+json' } });

const scratch: string[] = [];
afterAll(async () => {
  for (const dir of scratch) await rm(dir, { recursive: true, force: true });
});

describe('pullwise policy admission-policies', () => {
  it('the fixture: a policy and binding per validated rule, four of each for set-pull-policy, four not exported', () => {
    expect(list.items).toHaveLength(10);
    expect(NOT_EXPORTED.map((e) => e.rule)).toEqual(['always-pull', 'drift', 'explicit']);
  });

  it('GETs the List as YAML for the cluster, writes it to stdout as served, and summarises on stderr', async () => {
    const server = fakeServer(() => yamlAnswer());
    const r = await cli(server.fetch, '--cluster', 'prod us');
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(YAML);
    expect(server.sent).toHaveLength(1);
    const [s] = server.sent;
    expect(s!.method).toBe('GET');
    expect(s!.url).toBe(`${SERVER}v1/policy/admission-policies?cluster=prod+us`);
    expect(s!.headers).toMatchObject({
      accept: 'application/yaml, application/problem+json',
      authorization: 'Bearer t0k',
    });
    const lines = r.stderr.split('\n');
    expect(lines[0]).toBe('pullwise: 10 objects for 2 rules; 3 rules not exported:');
    expect(lines.slice(1, -1)).toEqual(NOT_EXPORTED.map((e) => `  ${e.rule}: ${e.reason}`));
    expect(r.stderr).toContain('  explicit: the API server defaults imagePullPolicy');
    expect(r.stderr).toContain("  drift: it compares the digests the cluster's nodes hold");
    expect(r.stderr).toContain("  always-pull: image volumes' image.pullPolicy is not set");
    expect(r.stderr.endsWith('\n')).toBe(true);
  });

  it('--json asks for JSON and writes it; every rule exported: no list after the summary', async () => {
    const all = compileAdmissionPolicies({
      rules: [rule('no-latest', 'disallowed-tags', { tags: ['latest'] }, 'warn')],
      exceptions: [],
      cluster: { name: 'prod', preloadedImages: null, hasNodeInventory: false },
      now: new Date(),
    }).list;
    const text = JSON.stringify(all, null, 2);
    const server = fakeServer(
      () => new Response(text, { status: 200, headers: { 'content-type': 'application/json' } }),
    );
    const r = await cli(server.fetch, '--cluster', 'prod', '--json');
    expect(r).toEqual({
      code: 0,
      stdout: `${text}\n`,
      stderr: 'pullwise: 2 objects for 1 rule; 0 rules not exported\n',
    });
    expect(server.sent[0]!.headers.accept).toBe('application/json, application/problem+json');
    expect(JSON.parse(r.stdout).items.map((i: any) => i.kind)).toEqual([
      'ValidatingAdmissionPolicy',
      'ValidatingAdmissionPolicyBinding',
    ]);
  });

  it('-o writes the file, nothing on stdout; -o - is stdout', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'pullwise-native-'));
    scratch.push(dir);
    const file = path.join(dir, 'native-policies.yaml');
    const server = fakeServer(() => yamlAnswer());
    const r = await cli(server.fetch, '--cluster', 'prod', '-o', file);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(await readFile(file, 'utf8')).toBe(YAML);
    expect(r.stderr).toMatch(/^pullwise: 10 objects for 2 rules; 3 rules not exported:\n/);

    const dash = await cli(fakeServer(() => yamlAnswer()).fetch, '--cluster', 'prod', '--output', '-');
    expect(dash.stdout).toBe(YAML);
  });

  it('-o into a directory that does not exist: exit 2', async () => {
    const r = await cli(fakeServer(() => yamlAnswer()).fetch, '--cluster', 'prod', '-o', '/nonexistent-dir/x.yaml');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pullwise: Cannot write admission policies: \/nonexistent-dir\/x\.yaml: /);
  });

  it('404: exit 2 naming the profile', async () => {
    const server = fakeServer(() =>
      problem(404, {
        title: 'Not found',
        detail: 'cluster profile "staging" does not exist (GET /v1/clusters lists them)',
        errors: [{ path: 'cluster', message: 'unknown cluster profile "staging"' }],
      }),
    );
    const r = await cli(server.fetch, '--cluster', 'staging');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'pullwise: Unknown cluster profile: https://pullwise.example.com has no cluster profile "staging": ' +
        'cluster profile "staging" does not exist (GET /v1/clusters lists them)\n',
    );
  });

  it('another server error: exit 2 with its problem; no output written', async () => {
    const server = fakeServer(() => problem(403, { title: 'Forbidden', detail: 'this key lacks rules:read' }));
    const r = await cli(server.fetch, '--cluster', 'prod');
    expect(r).toEqual({ code: 2, stdout: '', stderr: 'pullwise: Forbidden: this key lacks rules:read\n' });
  });

  it.each([
    ['not YAML', 'items: [\n'],
    ['not a List', 'kind: PolicyBundle\nitems: []\n'],
    [
      'a bad annotation',
      'apiVersion: v1\nkind: List\nmetadata:\n  annotations:\n    pullwise.io/not-exported: "{"\nitems: []\n',
    ],
  ])('%s: exit 2, Unexpected answer', async (_what, text) => {
    const r = await cli(fakeServer(() => yamlAnswer(text)).fetch, '--cluster', 'prod');
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pullwise: Unexpected answer: .*did not answer with a List of admission policies/);
  });

  it('unreachable server: exit 2', async () => {
    const fetch = (async () => {
      throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof globalThis.fetch;
    const r = await cli(fetch, '--cluster', 'prod');
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'pullwise: Cannot reach server: https://pullwise.example.com: ECONNREFUSED\n',
    });
  });

  it.each([
    [['policy', 'admission-policies'], 'pullwise policy admission-policies needs --cluster <name>'],
    [['policy', 'admission-policies', '--cluster', ' '], '--cluster must not be empty'],
    [
      ['policy', 'admission-policies', '--cluster', 'prod', '-f', 'x'],
      '--file is not an option of pullwise policy admission-policies',
    ],
    [['policy', 'admission-policies', '--cluster', 'prod', 'extra'], 'unexpected argument "extra"'],
    [['policy', 'export', '--cluster', 'prod'], '--cluster is not an option of pullwise policy export'],
    [['policy'], 'pullwise policy export|plan|apply|admission-policies'],
  ])('usage: %j', async (argv, message) => {
    const r = await runCli(argv, { env: { PULLWISE_SERVER: SERVER } });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^pullwise: Invalid usage: .*\(see pullwise --help\)\n$/);
    expect(r.stderr).toContain(message);
  });

  it('--help documents it', async () => {
    const r = await runCli(['--help']);
    expect(r.stdout).toContain('pullwise policy admission-policies --cluster <name> [-o <file>] [--json]');
  });
});
