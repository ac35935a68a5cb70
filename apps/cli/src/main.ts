import { realpathSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { USAGE, parseCommand, type CheckOptions } from './args.js';
import { noObjectsDetail, nothingReadDetail } from '#policy';
import { EXIT, exitCodeFor, overallVerdict } from './exit-codes.js';
import { collectInputs } from './inputs.js';
import { defaultIo, type CliIo } from './io.js';
import { nodes } from './nodes.js';
import { loadRulesFile, offlineEvaluator } from './offline.js';
import { renderOutput, type FileResult } from './output.js';
import { policy } from './policy.js';
import { CliProblem, UNREADABLE_TITLE, describeEntry, formatProblem } from './problem.js';
import { Progress } from './progress.js';
import { serverEvaluator } from './server-client.js';
import { cliVersion } from './version.js';

export type { CliIo } from './io.js';

/** Runs `pullwise <argv>` and resolves to the exit code; never exits the process (tests call it in-process). */
export async function run(argv: readonly string[], io: Partial<CliIo> = {}): Promise<number> {
  const full = defaultIo(io);
  try {
    const command = parseCommand(argv, full.env);
    if (command.kind === 'help') {
      full.stdout.write(USAGE);
      return EXIT.pass;
    }
    if (command.kind === 'version') {
      full.stdout.write(`pullwise ${cliVersion()}\n`);
      return EXIT.pass;
    }
    if (command.kind === 'nodes') return await nodes(command.options, full);
    if (command.kind === 'policy') return await policy(command.options, full);
    return await check(command.options, full);
  } catch (err) {
    if (err instanceof CliProblem) {
      full.stderr.write(formatProblem(err));
      return EXIT.error;
    }
    full.stderr.write(`pullwise: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
    return EXIT.error;
  }
}

async function check(opts: CheckOptions, io: CliIo): Promise<number> {
  // The rules file first: a broken policy is reported before any input is read.
  const offline = opts.rules !== null ? offlineEvaluator(await loadRulesFile(opts.rules, io), opts) : null;
  const evaluate = offline?.evaluate ?? serverEvaluator(opts, io);
  const inputs = await collectInputs(opts.files, io);

  const results: FileResult[] = [];
  const progress = new Progress(io.stderr, inputs.files.length, opts.progress);
  try {
    // One request per file, in order: each report keeps its own lines and name; the first error stops the run.
    for (const [i, file] of inputs.files.entries()) {
      progress.step(i, file.name);
      try {
        const result = await evaluate(await file.read());
        // The service answers such inputs with a 400 or a 422, not a result: offline says the same, the same way.
        const empty = result.errors.find((e) => e.code === 'no-objects');
        if (empty)
          throw new CliProblem('Invalid input', noObjectsDetail(empty), [
            { path: 'manifests', message: empty.message },
          ]);
        const unreadable = nothingReadDetail(result);
        if (unreadable !== null) throw new CliProblem(UNREADABLE_TITLE, unreadable, result.errors);
        results.push({ name: file.name, artifactPath: file.artifactPath, result });
      } catch (err) {
        if (err instanceof CliProblem && inputs.files.length > 1) err.file = file.name;
        throw err;
      }
    }
  } finally {
    progress.done();
  }

  const report = renderOutput(results, {
    format: opts.format,
    multi: inputs.multi,
    toolVersion: cliVersion(),
    generatedAt: new Date(),
  });
  if (opts.output && opts.output !== '-') await writeReport(path.resolve(io.cwd, opts.output), opts.output, report);
  else io.stdout.write(report);

  reportInputErrors(results, io);
  io.stderr.write(summaryLine(results));
  return exitCodeFor(
    results.map((r) => r.result),
    opts.failOn,
  );
}

async function writeReport(abs: string, shown: string, report: string): Promise<void> {
  try {
    await writeFile(abs, report, 'utf8');
  } catch (err) {
    throw new CliProblem('Cannot write report', `${shown}: ${(err as Error).message}`);
  }
}

/** Unreadable documents are input errors (exit 2): name each one on stderr, whatever the report format. */
function reportInputErrors(results: FileResult[], io: CliIo): void {
  for (const { name, result } of results)
    for (const e of result.errors) io.stderr.write(`pullwise: ${name}: ${describeEntry(e)}\n`);
}

function summaryLine(results: FileResult[]): string {
  const c = { deny: 0, warn: 0, audit: 0, waived: 0 };
  let errors = 0;
  for (const { result } of results) {
    for (const k of Object.keys(c) as (keyof typeof c)[]) c[k] += result.summary.findings[k];
    errors += result.errors.length;
  }
  const verdict = overallVerdict(results.map((r) => r.result.verdict));
  const files = results.length === 1 ? '1 file' : `${results.length} files`;
  const inputErrors = errors > 0 ? `; ${errors} input error${errors === 1 ? '' : 's'}` : '';
  return `pullwise: verdict ${verdict}: ${c.deny} deny, ${c.warn} warn, ${c.audit} audit, ${c.waived} waived in ${files}${inputErrors}\n`;
}

/** The process entry: exit code via process.exitCode, so stdout is flushed before Node exits. */
export async function main(argv: readonly string[] = process.argv.slice(2)): Promise<void> {
  // `pullwise ... | head` closes the pipe early: that is the reader's choice, not a crash.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err;
  });
  process.exitCode = await run(argv);
}

function isEntry(): boolean {
  try {
    return !!process.argv[1] && realpathSync(process.argv[1]) === realpathSync(fileURLToPath(import.meta.url));
  } catch {
    return false;
  }
}

// `node dist/apps/cli/src/main.js check ...` runs directly; bin/pullwise.mjs imports this and calls main().
if (isEntry()) await main();
