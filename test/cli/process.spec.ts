// The installed shape: `node bin/pullwise.mjs` as a real process over the compiled dist/ (npm run build).
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './cli-harness.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/pullwise.mjs', import.meta.url));
const BUILT = existsSync(fileURLToPath(new URL('../../dist/apps/cli/src/main.js', import.meta.url)));

function pullwise(...args: string[]) {
  return spawnSync(process.execPath, [BIN, ...args], { cwd: FIXTURES, encoding: 'utf8', timeout: 30_000 });
}

describe('bin/pullwise.mjs', () => {
  // npm test builds before testing; run alone, this fails loudly instead of passing without a process.
  it('the installable bin is built', () => {
    expect(BUILT, `dist/apps/cli/src/main.js is missing: run \`npm run build\` in ${ROOT} first`).toBe(true);
  });

  it('checks a directory offline: exit 1, the merged JSON on stdout, the summary on stderr', () => {
    const r = pullwise('check', '-f', 'tree', '--rules', 'rules.yaml');
    expect(r.status).toBe(1);
    const merged = JSON.parse(r.stdout);
    expect(merged.verdict).toBe('fail');
    expect(Object.keys(merged.files)).toHaveLength(3);
    expect(r.stderr).toBe('pullwise: verdict fail: 1 deny, 1 warn, 1 audit, 0 waived in 3 files\n');
  });

  it('exit 0 for a passing file, 2 for a usage error', () => {
    expect(pullwise('check', '-f', 'tree/a-pass.yaml', '--rules', 'rules.yaml').status).toBe(0);
    const usage = pullwise('check');
    expect(usage.status).toBe(2);
    expect(usage.stdout).toBe('');
  });

  it('a report larger than a pipe buffer reaches stdout whole before the process exits', () => {
    const pods = Array.from(
      { length: 400 },
      (_, i) =>
        `apiVersion: v1\nkind: Pod\nmetadata: { name: p${i} }\nspec: { containers: [{ name: c, image: nginx }] }\n`,
    ).join('---\n');
    const r = spawnSync(process.execPath, [BIN, 'check', '-f', '-', '--rules', 'rules.yaml'], {
      cwd: FIXTURES,
      input: pods,
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
      timeout: 30_000,
    });
    expect(r.status).toBe(1);
    expect(r.stdout.length).toBeGreaterThan(256 * 1024);
    expect(JSON.parse(r.stdout).workloads).toHaveLength(400);
  });
});
