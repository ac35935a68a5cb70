// Runs the CLI's run() in-process with captured streams, so tests neither spawn processes nor touch the
// real stdin/stdout. Shared by the offline specs here and test/cli-online.e2e-spec.ts.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { run, type CliIo } from '../../apps/cli/src/main.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  stdin?: string;
  env?: Record<string, string | undefined>;
  fetch?: typeof fetch;
  /** Pretend stderr is a terminal. */
  tty?: boolean;
  cwd?: string;
}

/** A fetch that fails the test when called: offline runs must not touch the network. */
const noNetwork = (async () => {
  throw new Error('offline run called fetch');
}) as unknown as typeof fetch;

export async function runCli(argv: string[], opts: RunOptions = {}): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const io: Partial<CliIo> = {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: opts.tty ?? false },
    stdin: Readable.from(opts.stdin === undefined ? [] : [Buffer.from(opts.stdin)]),
    env: opts.env ?? {},
    fetch: opts.fetch ?? noNetwork,
    cwd: opts.cwd ?? FIXTURES,
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}

/** Offline: `check -f <input> --rules rules.yaml ...extra`, relative to the fixtures directory. */
export function offline(input: string, ...extra: string[]): Promise<CliRun> {
  return runCli(['check', '-f', input, '--rules', 'rules.yaml', ...extra]);
}

/**
 * How a file of the fixtures is named in SARIF and JUnit: relative to the repository the tests run in (the
 * nearest directory above the fixtures holding `.git`), else to the fixtures directory, the harness's cwd.
 */
export function artifactOf(name: string): string {
  for (let d = path.dirname(FIXTURES); path.dirname(d) !== d; d = path.dirname(d))
    if (existsSync(path.join(d, '.git'))) return path.relative(d, path.join(FIXTURES, name)).split(path.sep).join('/');
  return name;
}
