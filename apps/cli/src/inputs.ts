import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { readAll, type CliIo } from './io.js';
import { repositoryPath } from './repository-path.js';
import { CliProblem } from './problem.js';

/** One manifest file to evaluate; `name` is how reports and messages call it (SARIF artifact URI, JUnit file). */
interface InputFile {
  name: string;
  /** Relative to the repository root, for SARIF artifact URIs and JUnit `file` (repository-path.ts). */
  artifactPath: string;
  read: () => Promise<string>;
}

export interface Inputs {
  files: InputFile[];
  /** A directory or several -f: the report is the merged multi-file shape, even for one file. */
  multi: boolean;
}

const STDIN_NAME = 'stdin';
const MANIFEST = /\.(ya?ml|json)$/i;

/** Forward slashes, as SARIF URIs and CI annotations expect, whatever the platform. */
function displayName(p: string): string {
  return p.split(path.sep).join('/');
}

export function cannotRead(name: string, err: unknown): CliProblem {
  const code = (err as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file or directory' : code === 'EACCES' ? 'permission denied' : (err as Error).message;
  return new CliProblem('Cannot read input', `${name}: ${why}`);
}

/** Manifest files below `dir`, sorted by path (code-unit order, so the same on every machine). */
async function walk(dir: string, shown: string, seen: Set<string>): Promise<{ abs: string; name: string }[]> {
  const real = await realpath(dir);
  if (seen.has(real)) return []; // a symlink loop
  seen.add(real);
  const out: { abs: string; name: string }[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    // .git, .github and editor files are never manifests to check.
    if (entry.name.startsWith('.')) continue;
    const abs = path.join(dir, entry.name);
    const name = displayName(path.join(shown, entry.name));
    const isDir = entry.isDirectory() || (entry.isSymbolicLink() && (await stat(abs).catch(() => null))?.isDirectory());
    if (isDir) out.push(...(await walk(abs, name, seen)));
    else if (MANIFEST.test(entry.name)) out.push({ abs, name });
  }
  return out.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** Every *.yaml, *.yml and *.json below `dir`, sorted, hidden entries skipped; named from `shown`. */
export function yamlFilesBelow(dir: string, shown: string): Promise<{ abs: string; name: string }[]> {
  return walk(dir, shown, new Set());
}

/** Expands -f arguments: files as given, directories recursively, `-` as stdin (read up front). */
export async function collectInputs(specs: readonly string[], io: CliIo): Promise<Inputs> {
  const files: InputFile[] = [];
  let multi = specs.length > 1;
  for (const spec of specs) {
    if (spec === '-') {
      const text = await readAll(io.stdin);
      files.push({ name: STDIN_NAME, artifactPath: STDIN_NAME, read: async () => text });
      continue;
    }
    const abs = path.resolve(io.cwd, spec);
    const info = await stat(abs).catch((err: unknown) => {
      throw cannotRead(spec, err);
    });
    if (info.isDirectory()) {
      multi = true;
      const found = await walk(abs, spec, new Set()).catch((err: unknown) => {
        throw cannotRead(spec, err);
      });
      if (found.length === 0) throw new CliProblem('No manifests', `${spec} has no *.yaml, *.yml or *.json files`);
      refuseKustomizeSources(spec, found);
      for (const f of found)
        files.push({
          name: f.name,
          artifactPath: await repositoryPath(f.abs, io.cwd),
          read: () => readText(f.abs, f.name),
        });
    } else {
      const artifactPath = await repositoryPath(abs, io.cwd);
      // An absolute name would put the build machine's layout into every report: name it as the repository does.
      files.push({
        name: path.isAbsolute(spec) ? artifactPath : displayName(spec),
        artifactPath,
        read: () => readText(abs, spec),
      });
    }
  }
  // The same file named twice (a file and its directory) is checked once: reports are keyed by name.
  const seen = new Set<string>();
  return { files: files.filter((f) => !seen.has(f.name) && seen.add(f.name)), multi };
}

const KUSTOMIZATION = /^kustomization\.ya?ml$/i;

/**
 * A directory holding a kustomization is kustomize's input, not what it applies: bases lack the images,
 * namespace and labels the kustomization sets, patches are fragments, and files beside them may be anything.
 * Checking them one by one gives false failures, false passes and errors on files that were never meant to be
 * objects, so the walk stops and says what to check instead: the rendered output.
 */
function refuseKustomizeSources(spec: string, found: readonly { abs: string; name: string }[]): void {
  const roots = found.filter((f) => KUSTOMIZATION.test(path.basename(f.abs))).map((f) => path.posix.dirname(f.name));
  if (roots.length === 0) return;
  const shown = roots.length > 3 ? `${roots.slice(0, 3).join(', ')} and ${roots.length - 3} more` : roots.join(', ');
  throw new CliProblem(
    'Kustomize sources',
    `${spec} holds kustomize input (a kustomization in ${shown}): its files are not the objects kustomize ` +
      `applies, so checking them one by one would judge the wrong thing. Check the rendered output instead, ` +
      `e.g. kubectl kustomize ${roots[roots.length - 1]} | pullwise check -f -, or name plain manifest files with -f.`,
  );
}

async function readText(abs: string, name: string): Promise<string> {
  try {
    return await readFile(abs, 'utf8');
  } catch (err) {
    throw cannotRead(name, err);
  }
}
