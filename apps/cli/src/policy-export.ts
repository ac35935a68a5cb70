// `pullwise policy export [-o <dir>] [--json]`: the stored policy (GET /v1/policy) as files for git. Each list
// goes to its own file, written by the library's serializer so an unchanged policy gives the same bytes; the
// files leave out metadata.policyVersion, which every apply moves and would show as a change in every diff.
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  BUNDLE_LISTS,
  BUNDLE_SCHEMA_PATH,
  policyBundle,
  readBundleText,
  serializeBundle,
  type BundleEntries,
  type BundleEntry,
  type BundleList,
  type PolicyBundle,
} from '#policy';
import type { PolicyOptions } from './args.js';
import { EXIT } from './exit-codes.js';
import { yamlFilesBelow } from './inputs.js';
import type { CliIo } from './io.js';
import { CliProblem } from './problem.js';
import { ServerClient, httpProblem, snippet } from './server-client.js';

interface Exported {
  entries: BundleEntries;
  policyVersion: number;
}

export async function exportPolicy(opts: PolicyOptions, io: CliIo): Promise<number> {
  const client = new ServerClient(opts, io);
  const exported = await fetchPolicy(client);
  const format = opts.format === 'json' ? 'json' : 'yaml';
  // The schema where this CLI reaches the server (the base path included), for editors to complete from.
  const schemaUrl = client.url(BUNDLE_SCHEMA_PATH.replace(/^\//, '')).href;
  if (opts.output === null || opts.output === '-') {
    io.stdout.write(serializeBundle(policyBundle(exported.entries, exported.policyVersion), format, schemaUrl));
    return EXIT.pass;
  }
  const dir = path.resolve(io.cwd, opts.output);
  const written = BUNDLE_LISTS.map((list) => `${list}.${format}`);
  try {
    await mkdir(dir, { recursive: true });
    for (const [i, list] of BUNDLE_LISTS.entries())
      await writeFile(
        path.join(dir, written[i]!),
        serializeBundle(listDocument(list, exported.entries), format, schemaUrl),
      );
  } catch (err) {
    throw new CliProblem('Cannot write export', `${opts.output}: ${(err as Error).message}`);
  }
  const { rules, exceptions, clusters } = exported.entries;
  io.stderr.write(
    `pullwise: exported policy version ${exported.policyVersion}: ${count(rules, 'rule')}, ${count(exceptions, 'exception')}, ` +
      `${count(clusters, 'cluster profile')} to ${opts.output}\n`,
  );
  await warnAboutOtherFiles(dir, opts.output, written, io);
  return EXIT.pass;
}

function count(list: readonly unknown[], noun: string): string {
  return `${list.length} ${noun}${list.length === 1 ? '' : 's'}`;
}

/** A bundle document holding one list, sorted by name, with neither the other lists nor metadata. */
function listDocument(list: BundleList, entries: BundleEntries): PolicyBundle {
  const full = policyBundle({ rules: [], exceptions: [], clusters: [], [list]: entries[list] }, null);
  // serializeBundle writes the keys it is given, in order: this document has only the envelope and its list.
  return { apiVersion: full.apiVersion, kind: full.kind, [list]: full[list] } as unknown as PolicyBundle;
}

/** Files left beside the export (another split, the other format) are read by `plan -f <dir>` too: say so. */
async function warnAboutOtherFiles(dir: string, shown: string, written: string[], io: CliIo): Promise<void> {
  const others = (await yamlFilesBelow(dir, '').catch(() => [])).map((f) => f.name).filter((n) => !written.includes(n));
  if (others.length > 0)
    io.stderr.write(
      `pullwise: note: ${shown} also holds ${others.join(', ')}: pullwise policy plan and apply -f ${shown} read those too\n`,
    );
}

async function fetchPolicy(client: ServerClient): Promise<Exported> {
  const url = client.url('v1/policy');
  const { res, text } = await client.send(url, 'GET', undefined, {
    accept: 'application/yaml, application/problem+json',
  });
  if (!res.ok) throw httpProblem(res, text);
  const read = readBundleText(text);
  const raw = read.ok ? (read.value.raw as Partial<PolicyBundle> | null) : null;
  const lists = BUNDLE_LISTS.map((l) => raw?.[l] ?? []);
  if (raw === null || typeof raw !== 'object' || !lists.every(Array.isArray))
    throw new CliProblem('Unexpected answer', `${url.href} did not answer with a policy bundle: ${snippet(text)}`);
  const version = raw.metadata?.policyVersion ?? Number(/^"(\d+)"$/.exec(res.headers.get('etag') ?? '')?.[1] ?? 0);
  const [rules, exceptions, clusters] = lists as BundleEntry[][];
  return { entries: { rules: rules!, exceptions: exceptions!, clusters: clusters! }, policyVersion: version };
}
