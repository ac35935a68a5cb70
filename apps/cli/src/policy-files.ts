// A policy bundle kept in git as several files (`pullwise policy export -o` writes rules.yaml, exceptions.yaml,
// clusters.yaml; teams split further): read them, merge them into the one bundle the server takes, and map the
// server's problems with the merged bundle (`rules[7].kind`) back to the file and line they came from.
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import {
  BUNDLE_API_VERSION,
  BUNDLE_KIND,
  BUNDLE_LISTS,
  TYPE_OF_LIST,
  isPolicyBundle,
  readBundleText,
  validateBundle,
  type BundleList,
  type BundleText,
  type DefinitionProblem,
} from '#policy';
import { cannotRead, yamlFilesBelow } from './inputs.js';
import type { CliIo } from './io.js';
import { CliProblem, type ProblemEntry } from './problem.js';

const INVALID_BUNDLE = 'Invalid policy bundle';

/** One file of a bundle, parsed (`text.raw`) with its lines. */
export interface BundleFile {
  name: string;
  text: BundleText;
}

/** Where an entry of the merged bundle was written. */
interface EntryOrigin {
  file: BundleFile;
  /** Its index in the file's list. */
  index: number;
}

/** The bundle sent to the server (JSON): the files' lists concatenated in file order, no metadata. */
export interface MergedBundle {
  bundle: { apiVersion: string; kind: string } & Record<BundleList, unknown[]>;
  /** By list, the origin of each merged entry (same index). */
  origins: Record<BundleList, EntryOrigin[]>;
}

/** The files a -f argument names: a file as given, a directory's YAML and JSON files below it. */
async function filesOf(spec: string, io: CliIo): Promise<{ abs: string; name: string }[]> {
  const abs = path.resolve(io.cwd, spec);
  const info = await stat(abs).catch((err: unknown) => {
    throw cannotRead(spec, err);
  });
  if (!info.isDirectory()) return [{ abs, name: spec }];
  const found = await yamlFilesBelow(abs, spec).catch((err: unknown) => {
    throw cannotRead(spec, err);
  });
  if (found.length === 0) throw new CliProblem('No policy files', `${spec} has no *.yaml, *.yml or *.json files`);
  return found;
}

/** Reads one file as a YAML or JSON document; a syntax error names the file and line. */
function parseBundleFile(name: string, content: string): BundleFile {
  const r = readBundleText(content);
  if (!r.ok)
    throw new CliProblem(
      INVALID_BUNDLE,
      `${name} is not valid YAML`,
      r.problems.map((p) => ({ file: name, line: p.line ?? null, message: p.message })),
    );
  return { name, text: r.value };
}

/** Every file the -f arguments name, read and parsed, each once. */
export async function readBundleFiles(specs: readonly string[], io: CliIo): Promise<BundleFile[]> {
  const seen = new Set<string>();
  const out: BundleFile[] = [];
  for (const spec of specs)
    for (const f of await filesOf(spec, io)) {
      if (seen.has(f.abs)) continue;
      seen.add(f.abs);
      const content = await readFile(f.abs, 'utf8').catch((err: unknown) => {
        throw cannotRead(f.name, err);
      });
      out.push(parseBundleFile(f.name, content));
    }
  return out;
}

const ENTRY_PATH = /^(rules|exceptions|clusters)\[(\d+)\](.*)$/s;

/**
 * The file's envelope (apiVersion, kind, metadata, lists that are lists), checked by the library's validator; its
 * entries are the server's to judge, which knows the stored rules an exception may name.
 */
function envelopeProblems(file: BundleFile): ProblemEntry[] {
  const v = validateBundle(file.text.raw);
  if (v.ok) return [];
  return v.problems.filter((p) => !ENTRY_PATH.test(p.path)).map((p) => located(file, p.path, p.message));
}

function located(file: BundleFile, at: string, message: string): ProblemEntry {
  return { file: file.name, path: at || null, line: file.text.lineOf(at), message };
}

function entryName(entry: unknown): string | null {
  const name = (entry as { name?: unknown } | null)?.name;
  return typeof name === 'string' ? name : null;
}

export function bundleProblems(what: string, entries: ProblemEntry[]): CliProblem {
  const n = entries.length;
  return new CliProblem(INVALID_BUNDLE, `${what} has ${n} problem${n === 1 ? '' : 's'}`, entries);
}

/**
 * One bundle from its files: each must be a PolicyBundle document; a name may appear once per list across them
 * all (names are the keys the server stores by), and a second one is an error naming both places.
 */
export function mergeBundleFiles(files: readonly BundleFile[], shown: string): MergedBundle {
  const bundle: MergedBundle['bundle'] = {
    apiVersion: BUNDLE_API_VERSION,
    kind: BUNDLE_KIND,
    rules: [],
    exceptions: [],
    clusters: [],
  };
  const origins: MergedBundle['origins'] = { rules: [], exceptions: [], clusters: [] };
  const problems: ProblemEntry[] = [];
  for (const file of files) {
    if (!isPolicyBundle(file.text.raw))
      throw new CliProblem(
        'Not a policy bundle',
        `${file.name} is not a policy bundle: every file needs apiVersion: ${BUNDLE_API_VERSION} and kind: ${BUNDLE_KIND}`,
      );
    problems.push(...envelopeProblems(file));
    const raw = file.text.raw as Partial<Record<BundleList, unknown>>;
    for (const list of BUNDLE_LISTS) {
      const entries = raw[list];
      if (!Array.isArray(entries)) continue;
      entries.forEach((entry, index) => {
        bundle[list].push(entry);
        origins[list].push({ file, index });
      });
    }
  }
  problems.push(...duplicateNames(origins));
  if (problems.length > 0) throw bundleProblems(shown, problems);
  return { bundle, origins };
}

function duplicateNames(origins: MergedBundle['origins']): ProblemEntry[] {
  const problems: ProblemEntry[] = [];
  for (const list of BUNDLE_LISTS) {
    const first = new Map<string, EntryOrigin>();
    for (const o of origins[list]) {
      const name = entryName((o.file.text.raw as Record<BundleList, unknown[]>)[list][o.index]);
      if (name === null) continue;
      const earlier = first.get(name);
      if (earlier === undefined) {
        first.set(name, o);
        continue;
      }
      const where = `${earlier.file.name}:${earlier.file.text.lineOf(`${list}[${earlier.index}].name`) ?? '?'}`;
      problems.push(
        located(
          o.file,
          `${list}[${o.index}].name`,
          `${TYPE_OF_LIST[list]} "${name}" is defined twice: also in ${where} (${list}[${earlier.index}]); names are keys, each may appear once`,
        ),
      );
    }
  }
  return problems;
}

/** A problem with the merged bundle (`rules[7].params.tags`), at the file, path and line it was written. */
export function locateInFiles(p: ProblemEntry | DefinitionProblem, merged: MergedBundle): ProblemEntry {
  const m = p.path ? ENTRY_PATH.exec(p.path) : null;
  const origin = m ? merged.origins[m[1] as BundleList][Number(m[2])] : undefined;
  if (!m || origin === undefined) return p;
  return located(origin.file, `${m[1]}[${origin.index}]${m[3]}`, p.message);
}

/** The server's refusal of the merged bundle, each problem moved to its file and line. */
export function locateProblem(p: CliProblem, merged: MergedBundle): CliProblem {
  if (p.errors.length === 0) return p;
  return new CliProblem(
    p.title,
    p.detail,
    p.errors.map((e) => locateInFiles(e, merged)),
  );
}

/** `-f` arguments to one merged bundle. */
export async function loadBundle(specs: readonly string[], io: CliIo): Promise<MergedBundle> {
  return mergeBundleFiles(await readBundleFiles(specs, io), specs.length === 1 ? specs[0]! : 'the policy bundle');
}
