// `pullwise policy admission-policies --cluster <name> [-o <file>] [--json]`: the stored rules and exceptions as
// native Kubernetes admission policies for one cluster profile (GET /v1/policy/admission-policies), written as the
// server renders them (a v1 List for `kubectl apply -f`), and on stderr what the List leaves out: its
// `pullwise.io/not-exported` annotation, a JSON array of { rule, reason }.
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parse } from 'yaml';
import { NOT_EXPORTED_ANNOTATION, RULE_ANNOTATION } from '#policy';
import type { PolicyOptions } from './args.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { CliProblem } from './problem.js';
import { ServerClient, httpProblem, snippet } from './server-client.js';

const NOT_EXPORTED = NOT_EXPORTED_ANNOTATION;

interface NotExportedRule {
  rule: string;
  reason: string;
}

interface ListItem {
  kind?: unknown;
  metadata?: { name?: unknown; annotations?: Record<string, unknown> };
}

export async function admissionPolicies(opts: PolicyOptions, io: CliIo): Promise<number> {
  const cluster = opts.cluster!;
  const client = new ServerClient(opts, io);
  const url = client.url('v1/policy/admission-policies');
  url.searchParams.set('cluster', cluster);
  const json = opts.format === 'json';
  const { res, text } = await client.send(url, 'GET', undefined, {
    accept: `${json ? 'application/json' : 'application/yaml'}, application/problem+json`,
  });
  if (res.status === 404) {
    const p = httpProblem(res, text);
    throw new CliProblem('Unknown cluster profile', `${url.origin} has no cluster profile "${cluster}": ${p.detail}`);
  }
  if (!res.ok) throw httpProblem(res, text);
  const { items, notExported } = readList(text, json, url);

  const out = text.endsWith('\n') ? text : `${text}\n`;
  if (opts.output === null || opts.output === '-') io.stdout.write(out);
  else {
    try {
      await writeFile(path.resolve(io.cwd, opts.output), out);
    } catch (err) {
      throw new CliProblem('Cannot write admission policies', `${opts.output}: ${(err as Error).message}`);
    }
  }
  io.stderr.write(summary(items, notExported));
  return EXIT.pass;
}

/** The List's items and its not-exported annotation; anything else is not the server's answer. */
function readList(text: string, json: boolean, url: URL): { items: ListItem[]; notExported: NotExportedRule[] } {
  const unexpected = () =>
    new CliProblem(
      'Unexpected answer',
      `${url.href} did not answer with a List of admission policies: ${snippet(text)}`,
    );
  let doc: unknown;
  try {
    doc = json ? JSON.parse(text) : parse(text);
  } catch {
    throw unexpected();
  }
  const list = doc as { kind?: unknown; items?: unknown; metadata?: { annotations?: Record<string, unknown> } } | null;
  if (!list || typeof list !== 'object' || list.kind !== 'List' || !Array.isArray(list.items)) throw unexpected();
  const raw = list.metadata?.annotations?.[NOT_EXPORTED];
  let notExported: unknown = [];
  if (raw !== undefined) {
    try {
      notExported = typeof raw === 'string' ? JSON.parse(raw) : null;
    } catch {
      notExported = null;
    }
  }
  if (
    !Array.isArray(notExported) ||
    !notExported.every((e) => !!e && typeof e.rule === 'string' && typeof e.reason === 'string')
  )
    throw unexpected();
  return { items: list.items as ListItem[], notExported: notExported as NotExportedRule[] };
}

/** The rules the objects enforce, by their `pullwise.io/rule` annotation. */
function exportedRules(items: readonly ListItem[]): string[] {
  const rules = new Set<string>();
  for (const item of items) {
    const rule = item.metadata?.annotations?.[RULE_ANNOTATION];
    if (typeof rule === 'string') rules.add(rule);
  }
  return [...rules].sort();
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/** `N objects for M rules; K rules not exported:`, then each rule the List leaves out (or covers partly) and why. */
function summary(items: readonly ListItem[], notExported: readonly NotExportedRule[]): string {
  const head =
    `pullwise: ${count(items.length, 'object')} for ${count(exportedRules(items).length, 'rule')}; ` +
    `${count(notExported.length, 'rule')} not exported${notExported.length > 0 ? ':' : ''}`;
  return [head, ...notExported.map((e) => `  ${e.rule}: ${e.reason}`)].join('\n') + '\n';
}
