// The README's examples, run as a new user would paste them: every ```sh block of README.md, in order, with bash,
// in one fresh working directory shaped like a checkout, against the built service started there on a new
// embedded database (what `npm start` runs). Shell variables carry from one block to the next as in one terminal.
// A block that cannot run here must say why in a `<!-- readme-test: skip (why) -->` comment right above it; any
// other block is run, and must exit 0 with sane output. The table of contents must list every ##/### heading.
// Nothing here reaches an address other than 127.0.0.1: the README's localhost:3000 becomes the service's port,
// other hosts in a block fail the test, and npm runs offline with its registry and proxies pointed at a dead port.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from './support/spawn-service.js';
import { testDbKind } from './support/test-database.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const README = path.join(root, 'README.md');
const ENTRY = path.join(root, 'dist/apps/api/src/main.js');
/** What a checkout offers the README's commands (npx pullwise, deploy/); the rest of the directory starts empty. */
const CHECKOUT = ['package.json', 'node_modules', 'bin', 'dist', 'deploy'];
const DEAD = 'http://127.0.0.1:9/';

interface ReadmeBlock {
  /** 1-based line of the opening fence. */
  line: number;
  text: string;
  /** The reason given in a readme-test: skip comment, or null when the block is to be run. */
  skip: string | null;
}

const SKIP = /^<!--\s*readme-test:\s*skip\s*\((.+)\)\s*-->$/;

/** The ```sh blocks of a Markdown text, each with the skip reason of the comment right above it. */
function shellBlocks(markdown: string): ReadmeBlock[] {
  const lines = markdown.split('\n');
  const blocks: ReadmeBlock[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^(`{3,})(\S*)\s*$/.exec(lines[i]);
    if (!fence) continue;
    const end = lines.findIndex((l, j) => j > i && l.startsWith(fence[1]) && l.trim() === fence[1]);
    if (end < 0) throw new Error(`README.md line ${i + 1}: unclosed code block`);
    const previous = lines[i - 1]?.trim() ?? '';
    const marker = SKIP.exec(previous);
    if (fence[2] === 'sh')
      blocks.push({ line: i + 1, text: lines.slice(i + 1, end).join('\n'), skip: marker?.[1] ?? null });
    else if (marker) throw new Error(`README.md line ${i}: a readme-test comment above a ${fence[2] || 'plain'} block`);
    i = end;
  }
  return blocks;
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchor(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\- ]/gu, '')
    .replace(/ /g, '-');
}

/** The values of a stream of JSON texts written back to back (curl writes no newline after a body). */
function jsonValues(text: string): unknown[] {
  const values: unknown[] = [];
  let i = 0;
  while (i < text.length) {
    if (/\s/.test(text[i])) {
      i++;
      continue;
    }
    if (text[i] !== '{' && text[i] !== '[') throw new Error(`not JSON at offset ${i}: ${text.slice(i, i + 80)}`);
    let depth = 0;
    let inString = false;
    let j = i;
    for (; j < text.length; j++) {
      const c = text[j];
      if (inString) {
        if (c === '\\') j++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === '{' || c === '[') depth++;
      else if ((c === '}' || c === ']') && --depth === 0) break;
    }
    values.push(JSON.parse(text.slice(i, j + 1)));
    i = j + 1;
  }
  return values;
}

/** Hosts a block would reach other than 127.0.0.1 (after localhost:3000 was pointed at the service). */
function foreignHosts(block: string): string[] {
  const hosts = [...block.matchAll(/\b[a-z][a-z0-9+.-]*:\/\/(?:[^@/\s'"]*@)?([^/:\s'"]+)/gi)].map((m) => m[1]);
  const bare = [...block.matchAll(/\blocalhost\b|\b(?:\d{1,3}\.){3}\d{1,3}\b/g)].map((m) => m[0]);
  return [...hosts, ...bare].filter((h) => h !== '127.0.0.1');
}

interface Outcome {
  code: number | null;
  stdout: string;
  stderr: string;
  values: unknown[];
  dir: string;
}

/** What a block must show beyond exit 0 and problem-free JSON; each one must match exactly one block. */
const EXPECTATIONS: { name: string; match: RegExp; check: (o: Outcome) => Promise<void> | void }[] = [
  {
    name: 'the policy exported, a rule added in a file of its own, planned and applied',
    match: /npx pullwise policy export -o policy\//,
    check: async ({ values, dir }) => {
      expect(await readFile(path.join(dir, 'policy/rules.yaml'), 'utf8')).toMatch(/^# yaml-language-server: \$schema=/);
      expect(values).toHaveLength(2);
      const [plan, applied] = values as { summary: Record<string, number>; applied?: boolean; changes: unknown[] }[];
      expect(plan.summary).toMatchObject({ create: 1, update: 0, delete: 0 });
      expect(plan.changes).toContainEqual(
        expect.objectContaining({ action: 'create', type: 'rule', name: 'no-edge-tags' }),
      );
      expect(applied).toMatchObject({ applied: true, summary: plan.summary });
    },
  },
  {
    name: 'a node inventory pushed by the CLI, and the fleet it gives',
    match: /npx pullwise nodes push --cluster prod-us/,
    check: ({ values }) => {
      expect(values).toHaveLength(3);
      expect(values[0]).toMatchObject({ name: 'prod-us', kubeletVersion: '1.34' });
      expect(values[1]).toMatchObject({ nodes: 3, images: 2, truncatedNodes: 0, observedAt: expect.any(String) });
      // What the README shows: node-a holds the image, node-b does not, gpu-1 is tainted.
      expect(values[2]).toMatchObject({
        pullPolicy: { effective: 'Never' },
        fleet: {
          observedAt: (values[1] as { observedAt: string }).observedAt,
          eligibleNodes: 2,
          ineligibleNodes: 1,
          summary: { pull: 0, useLocal: 1, fail: 1, unknown: 0 },
          groups: [
            {
              kubeletVersion: '1.33',
              image: 'absent',
              action: 'fail',
              reason: 'ErrImageNeverPull',
              count: 1,
              nodes: ['node-b'],
            },
            {
              kubeletVersion: '1.34',
              image: 'present',
              action: 'use-local',
              reason: null,
              count: 1,
              nodes: ['node-a'],
            },
          ],
          ineligible: [{ node: 'gpu-1', reason: 'taint nvidia.com/gpu=present:NoSchedule not tolerated' }],
        },
      });
    },
  },
  {
    name: 'probes and the development admin token',
    match: /export TOKEN=\$\(cat \.pullwise\/admin-token\)/,
    check: ({ values }) => {
      expect(values).toMatchObject([{ status: 'ok' }, { status: 'ready' }, { kind: 'admin-token', scopes: ['admin'] }]);
    },
  },
  {
    name: 'evaluations of deploy.yaml, as JSON and SARIF',
    match: /--data-binary @deploy\.yaml/,
    check: ({ values }) => {
      expect(values).toHaveLength(2);
      expect(values[0]).toMatchObject({ verdict: 'pass', errors: [], workloads: [{ kind: 'Deployment' }] });
      expect(values[1]).toMatchObject({ version: '2.1.0', runs: [{ invocations: [{ executionSuccessful: true }] }] });
    },
  },
  {
    name: 'a cluster profile, then a recorded evaluation naming it, then one image',
    match: /"cluster": "prod-eu"/,
    check: ({ values }) => {
      expect(values).toHaveLength(3);
      expect(values[0]).toMatchObject({ name: 'prod-eu', admissionPlugins: ['AlwaysPullImages'], version: 1 });
      expect(values[1]).toMatchObject({ verdict: 'pass', id: expect.any(String), errors: [] });
      // The profile's AlwaysPullImages decided the pull policy: the cluster was really used.
      expect(JSON.stringify(values[1])).toContain('"effective":"Always"');
      expect(values[2]).toMatchObject({
        image: { reference: 'nginx:1.27' },
        pullPolicy: { effective: 'IfNotPresent' },
      });
    },
  },
  {
    name: 'the pullwise command on rendered manifests, online and offline',
    match: /npx pullwise check/,
    check: async ({ values, dir }) => {
      const sarif = JSON.parse(await readFile(path.join(dir, 'pullwise.sarif'), 'utf8'));
      expect(sarif).toMatchObject({ version: '2.1.0', runs: [{ invocations: [{ executionSuccessful: true }] }] });
      expect(values).toMatchObject([{ verdict: 'pass', errors: [], findings: [] }]);
    },
  },
];

/** kubectl renders kustomize offline; where it is missing, a block that needs it is reported skipped, as deploy.spec does. */
function kubectlMissing(): boolean {
  return spawnSync(process.env.KUBECTL ?? 'kubectl', ['version', '--client'], { stdio: 'ignore' }).status !== 0;
}

const markdown = await readFile(README, 'utf8');
const blocks = shellBlocks(markdown);

describe('README.md', () => {
  it('has a table of contents listing every ## and ### heading, in order, with working anchors', () => {
    const headings = [...markdown.matchAll(/^(#{2,3}) (.+)$/gm)]
      .map((m) => ({ depth: m[1].length, text: m[2].trim() }))
      .filter((h) => h.text !== 'Contents');
    const toc = /^## Contents\n\n((?:\s*- \[.+\]\(#.+\)\n)+)/m.exec(markdown);
    expect(toc, 'a "## Contents" list right after its heading').not.toBeNull();
    const entries = [...toc![1].matchAll(/^( *)- \[(.+)\]\(#(.+)\)$/gm)].map((m) => ({
      depth: m[1].length === 0 ? 2 : 3,
      text: m[2],
      anchor: m[3],
    }));
    expect(entries).toEqual(headings.map((h) => ({ ...h, anchor: anchor(h.text) })));
  });

  it('marks every shell block it does not run, with a reason', () => {
    expect(blocks.length).toBeGreaterThan(3);
    for (const b of blocks.filter((x) => x.skip !== null))
      expect(b.skip!.trim().length, `line ${b.line}`).toBeGreaterThan(5);
    for (const e of EXPECTATIONS)
      expect(
        blocks.filter((b) => b.skip === null && e.match.test(b.text)).map((b) => b.line),
        `exactly one block to run for "${e.name}"`,
      ).toHaveLength(1);
  });
});

describe.runIf(testDbKind() === 'pglite')('README.md shell blocks, in order, against a freshly started service', () => {
  let dir: string;
  let port: number;
  let service: ChildProcess;
  let serviceOutput = '';
  const state = () => path.join(dir, '.readme-test-state.sh');

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: build first (npx tsc -p tsconfig.build.json)`);
    dir = await mkdtemp(path.join(os.tmpdir(), 'pullwise-readme-'));
    for (const name of CHECKOUT) await symlink(path.join(root, name), path.join(dir, name));
    port = await freePort();
    // `npm start` in a fresh checkout: no PULLWISE_ADMIN_TOKEN, no DATABASE_URL, data under ./.pullwise.
    service = spawn(process.execPath, [ENTRY], {
      cwd: dir,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PORT: String(port), HOST: '127.0.0.1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    service.stdout!.on('data', (d) => (serviceOutput += d));
    service.stderr!.on('data', (d) => (serviceOutput += d));
    const deadline = Date.now() + 45_000;
    while (
      !(await fetch(`http://127.0.0.1:${port}/readyz`).then(
        (r) => r.ok,
        () => false,
      ))
    ) {
      if (service.exitCode !== null) throw new Error(`service exited with ${service.exitCode}:\n${serviceOutput}`);
      if (Date.now() > deadline) throw new Error(`service not ready within 45 s:\n${serviceOutput}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 60_000);

  afterAll(async () => {
    if (service && service.exitCode === null) {
      const exited = new Promise((r) => service.once('exit', r));
      service.kill('SIGTERM');
      await exited;
    }
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function runBlock(text: string): Promise<Outcome> {
    const script = [
      'set -eo pipefail',
      // Variables set by earlier blocks, as in one terminal (only those the blocks made: bash's own stay).
      `__pw_base=" $(compgen -v | tr '\\n' ' ') "`,
      `if [ -f '${state()}' ]; then . '${state()}'; fi`,
      text,
      `for __pw_v in $(compgen -v); do case "$__pw_base" in *" $__pw_v "*) ;; *) case "$__pw_v" in __pw_*|BASH*|PIPESTATUS|_) ;; *) declare -p "$__pw_v" ;; esac ;; esac; done > '${state()}'`,
      '',
    ].join('\n');
    const file = path.join(dir, '.readme-test-block.sh');
    await writeFile(file, script);
    const env = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...(process.env.KUBECTL ? { KUBECTL: process.env.KUBECTL } : {}),
      npm_config_offline: 'true',
      npm_config_registry: DEAD,
      npm_config_update_notifier: 'false',
      npm_config_fund: 'false',
      npm_config_audit: 'false',
      http_proxy: DEAD,
      https_proxy: DEAD,
      HTTP_PROXY: DEAD,
      HTTPS_PROXY: DEAD,
      ALL_PROXY: DEAD,
      no_proxy: '127.0.0.1',
      NO_PROXY: '127.0.0.1',
    };
    const child = spawn('bash', [file], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    let values: unknown[] = [];
    try {
      values = jsonValues(stdout);
    } catch (err) {
      throw new Error(`stdout is not JSON (${(err as Error).message}):\n${stdout}\nstderr:\n${stderr}`);
    }
    return { code, stdout, stderr, values, dir };
  }

  for (const block of blocks) {
    const title = `line ${block.line}: ${block.text.split('\n')[0].slice(0, 70)}`;
    if (block.skip !== null) {
      it.skip(`${title} (skipped in the README: ${block.skip})`, () => {});
      continue;
    }
    it(
      title,
      async (ctx) => {
        if (/\bkubectl\b/.test(block.text) && kubectlMissing()) ctx.skip('kubectl is not installed (KUBECTL=/path)');
        const text = block.text.replaceAll('localhost:3000', `127.0.0.1:${port}`);
        expect(foreignHosts(text), 'addresses other than 127.0.0.1').toEqual([]);
        const outcome = await runBlock(text);
        const shown = `exit ${outcome.code}\nstdout:\n${outcome.stdout}\nstderr:\n${outcome.stderr}`;
        expect(outcome.code, shown).toBe(0);
        for (const v of outcome.values) {
          // curl -s prints problem responses and exits 0: a problem+json body is a failed example.
          const type = (v as { type?: unknown }).type;
          expect(typeof type === 'string' && type.startsWith('urn:pullwise:problem'), shown).toBe(false);
        }
        for (const e of EXPECTATIONS.filter((x) => x.match.test(block.text))) await e.check(outcome);
      },
      90_000,
    );
  }
});
