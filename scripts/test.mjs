#!/usr/bin/env node
// The whole test suite, as the README promises: generate, lint, typecheck and build (the service and the web
// console), schema/migration drift, unit tests, end-to-end tests on PGlite, the console in Chromium, and the
// end-to-end tests again on PostgreSQL when TEST_DATABASE_URL is set.
import { spawnSync } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const report = path.join(os.tmpdir(), `pullwise-vitest-${process.pid}.json`);
const steps = [
  ['prisma client', 'npm', ['run', '--silent', 'generate']],
  ['lint', 'npm', ['run', '--silent', 'lint']],
  // One `tsc -b`: checks and emits the sources to dist/ (the CLI's process test runs the installable bin, which
  // loads it), then checks specs, test/ and scripts against their declarations (tsconfig.json references
  // tsconfig.build.json), so nothing is compiled twice.
  ['typecheck and build', 'npm', ['run', '--silent', 'typecheck']],
  // dist/console, which the service serves at /ui: the README's and the process tests' services serve it too.
  ['console build', 'npm', ['run', '--silent', 'build:console']],
  ['schema matches migrations', 'npm', ['run', '--silent', 'db:check']],
  [
    'tests',
    'npx',
    ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)],
  ],
];

console.log(
  process.env.TEST_DATABASE_URL
    ? 'databases: PGlite and PostgreSQL (TEST_DATABASE_URL)'
    : 'databases: PGlite only (set TEST_DATABASE_URL to add PostgreSQL)',
);
for (const [name, cmd, args] of steps) {
  const started = Date.now();
  console.log(`\n== ${name}`);
  const r = spawnSync(cmd, args, {
    stdio: 'inherit',
    // The console was built by the step above: the browser tests' global setup need not build it again.
    env: { ...process.env, FORCE_COLOR: process.env.CI ? '0' : '1', PULLWISE_CONSOLE_BUILT: '1' },
  });
  console.log(`== ${name}: ${r.status === 0 ? 'ok' : 'FAILED'} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  if (r.status !== 0) {
    summarize();
    process.exit(r.status ?? 1);
  }
}
summarize();

function summarize() {
  try {
    const j = JSON.parse(readFileSync(report, 'utf8'));
    rmSync(report, { force: true });
    console.log(
      `\ntests: ${j.numPassedTests} passed, ${j.numFailedTests} failed, ${j.numPendingTests + j.numTodoTests} skipped`,
    );
  } catch {
    /* the test step did not run */
  }
}
