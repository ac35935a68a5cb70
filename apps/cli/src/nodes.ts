// `pullwise nodes push|list|forget --cluster <name>`: a cluster profile's node inventory on a pullwise server
// (PUT, GET and DELETE /v1/clusters/{id}/nodes). The profile is named as `pullwise check --cluster` names it;
// the routes take its id, looked up in GET /v1/clusters.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { NodesOptions } from './args.js';
import { EXIT } from './exit-codes.js';
import { cannotRead } from './inputs.js';
import type { CliIo } from './io.js';
import { readClusterNodes } from './kubernetes-nodes.js';
import { CliProblem, type ProblemEntry } from './problem.js';
import { ServerClient, httpProblem, snippet } from './server-client.js';

/** What PUT /v1/clusters/{id}/nodes answers. */
interface PushAnswer {
  nodes: number;
  images: number;
  truncatedNodes: number;
  observedAt: string;
}

/** One item of GET /v1/clusters/{id}/nodes, as far as the table reads it. */
interface StoredNode {
  name?: unknown;
  kubeletVersion?: unknown;
  taints?: unknown;
  unschedulable?: unknown;
  images?: unknown;
  imagesTruncated?: unknown;
}

interface Page<T> {
  items: T[];
  nextCursor?: string | null;
  [key: string]: unknown;
}

/** Largest page the service hands out (apps/api/src/http/pagination.ts). */
const PAGE_SIZE = '500';
/** kubelet's nodeStatusMaxImages: a node listing this many images may have more. */
const IMAGE_CAP = 50;

export async function nodes(opts: NodesOptions, io: CliIo): Promise<number> {
  const client = new NodesClient(opts, io);
  // The inventory first: an unreadable file or an empty pipe is reported before the server is asked anything.
  const inventory = opts.action === 'push' ? await readInventory(opts, io) : null;
  const cluster = await client.cluster(opts.cluster);
  const nodesUrl = client.url(`v1/clusters/${encodeURIComponent(cluster.id)}/nodes`);

  if (inventory !== null) {
    const { res, text } = await client.send(nodesUrl, 'PUT', inventory);
    if (!res.ok) throw inventoryProblem(httpProblem(res, text));
    const answer = parseJson<PushAnswer>(text, isPushAnswer);
    if (answer === null) throw client.unexpected(nodesUrl, 'a node inventory summary', text);
    io.stdout.write(opts.json ? `${JSON.stringify(answer)}\n` : `${pushLine(cluster.name, answer)}\n`);
    return EXIT.pass;
  }

  if (opts.action === 'forget') {
    const { res, text } = await client.send(nodesUrl, 'DELETE');
    if (!res.ok) throw httpProblem(res, text);
    io.stdout.write(`cluster ${cluster.name}: node inventory forgotten\n`);
    return EXIT.pass;
  }

  const all = await client.pages<StoredNode>(nodesUrl, 'nodes');
  if (opts.json) {
    io.stdout.write(`${JSON.stringify(all, null, 2)}\n`);
    return EXIT.pass;
  }
  if (all.items.length === 0) {
    io.stderr.write(`pullwise: cluster ${cluster.name} has no node inventory (pullwise nodes push sends one)\n`);
    return EXIT.pass;
  }
  io.stdout.write(nodeTable(all.items));
  return EXIT.pass;
}

/** The inventory's bytes as read (never parsed and re-serialised) and their media type. */
interface Inventory {
  body: Uint8Array;
  contentType: 'application/json' | 'application/yaml';
}

async function readInventory(opts: NodesOptions, io: CliIo): Promise<Inventory> {
  if (opts.fromCluster) {
    const body = await readClusterNodes(io, opts.timeoutMs);
    return { body, contentType: 'application/json' };
  }
  let body: Uint8Array;
  let name: string;
  if (opts.file === null || opts.file === '-') {
    name = 'stdin';
    if ((io.stdin as { isTTY?: boolean }).isTTY)
      throw new CliProblem(
        'Invalid usage',
        'stdin is a terminal: pipe the nodes in (kubectl get nodes -o json | pullwise nodes push --cluster <name>), ' +
          'or give -f <file> (see pullwise --help)',
      );
    body = await readBytes(io.stdin);
  } else {
    name = opts.file;
    try {
      body = await readFile(path.resolve(io.cwd, opts.file));
    } catch (err) {
      throw cannotRead(opts.file, err);
    }
  }
  const first = firstSignificantByte(body);
  if (first === null)
    throw new CliProblem('Invalid input', `${name} is empty: give what kubectl get nodes -o json (or -o yaml) prints`);
  return { body, contentType: first === 0x7b /* { */ ? 'application/json' : 'application/yaml' };
}

async function readBytes(stream: AsyncIterable<string | Uint8Array>): Promise<Uint8Array> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : Buffer.from(chunk));
  return Buffer.concat(chunks);
}

/** The first byte that is not white space or a UTF-8 byte order mark; null when there is none. */
function firstSignificantByte(bytes: Uint8Array): number | null {
  let i = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  for (; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b !== 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) return b;
  }
  return null;
}

/** `cluster prod-eu: 5000 nodes, 241302 images (12 at the 50-image cap), observed 2026-12-07T03:41:00Z`. */
function pushLine(cluster: string, a: PushAnswer): string {
  const capped = a.truncatedNodes > 0 ? ` (${a.truncatedNodes} at the ${IMAGE_CAP}-image cap)` : '';
  return `cluster ${cluster}: ${plural(a.nodes, 'node')}, ${plural(a.images, 'image')}${capped}, observed ${a.observedAt}`;
}

function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

/**
 * A refused inventory: each error as `<path> (line N): message`. The reader's messages start with their path
 * (`items[3].spec.taints[0].effect: Unsupported value ...`), which is then not repeated.
 */
function inventoryProblem(p: CliProblem): CliProblem {
  const entries = p.errors.map((e): ProblemEntry => {
    const where = [e.path ?? '', e.line !== null && e.line !== undefined ? `(line ${e.line})` : '']
      .filter(Boolean)
      .join(' ');
    let message = e.message;
    if (e.path && message.startsWith(e.path)) {
      const rest = message.slice(e.path.length).replace(/^:?\s*/, '');
      if (rest !== '') message = rest;
    }
    return { message: where === '' ? message : `${where}: ${message}` };
  });
  return new CliProblem(p.title, p.detail, entries);
}

function nodeTable(items: readonly StoredNode[]): string {
  const rows = items.map((n) => [
    str(n.name) || '<unnamed>',
    str(n.kubeletVersion) || '<unknown>',
    `${Array.isArray(n.images) ? n.images.length : 0}${n.imagesTruncated === true ? '+' : ''}`,
    taintsOf(n.taints),
    n.unschedulable === true ? 'yes' : 'no',
  ]);
  const header = ['NAME', 'KUBELET', 'IMAGES', 'TAINTS', 'CORDONED'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  return [header, ...rows]
    .map((r) => r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]! + 3))).join(''))
    .join('\n')
    .concat('\n');
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : '';
}

/** `key=value:Effect,key:Effect`, as kubectl describe shows taints; `<none>` for none. */
function taintsOf(taints: unknown): string {
  if (!Array.isArray(taints) || taints.length === 0) return '<none>';
  return taints
    .map((t: { key?: unknown; value?: unknown; effect?: unknown }) => {
      const value = str(t?.value);
      return `${str(t?.key)}${value ? `=${value}` : ''}:${str(t?.effect)}`;
    })
    .join(',');
}

function isPushAnswer(v: unknown): v is PushAnswer {
  const a = v as PushAnswer;
  return (
    !!a &&
    typeof a === 'object' &&
    typeof a.nodes === 'number' &&
    typeof a.images === 'number' &&
    typeof a.truncatedNodes === 'number' &&
    typeof a.observedAt === 'string'
  );
}

function isPage(v: unknown): v is Page<unknown> {
  return !!v && typeof v === 'object' && Array.isArray((v as Page<unknown>).items);
}

function parseJson<T>(text: string, guard: (v: unknown) => v is T): T | null {
  try {
    const parsed: unknown = JSON.parse(text);
    return guard(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** The node-inventory routes: the CLI's one HTTP client, with paging and the cluster name lookup. */
class NodesClient extends ServerClient {
  /** The pages of a list (`{ items, nextCursor }`), one request each, until the last or until the caller stops. */
  private async *walk(url: URL, what: string): AsyncGenerator<Page<unknown>> {
    for (let cursor: string | null = null; ;) {
      const page: URL = new URL(url);
      page.searchParams.set('limit', PAGE_SIZE);
      if (cursor !== null) page.searchParams.set('cursor', cursor);
      const { res, text } = await this.send(page, 'GET');
      if (!res.ok) throw httpProblem(res, text);
      const parsed = parseJson(text, isPage) as Page<unknown> | null;
      if (parsed === null) throw this.unexpected(page, what, text);
      yield parsed;
      cursor = typeof parsed.nextCursor === 'string' && parsed.nextCursor !== '' ? parsed.nextCursor : null;
      if (cursor === null) return;
    }
  }

  /** Every page of a list, as one: the first page's fields with all the items. */
  async pages<T>(url: URL, what: string): Promise<Page<T>> {
    let first: Page<T> | null = null;
    const items: T[] = [];
    for await (const page of this.walk(url, `a page of ${what}`)) {
      first ??= page as Page<T>;
      items.push(...(page.items as T[]));
    }
    return { ...first!, items, nextCursor: null };
  }

  /** The cluster profile with this name (or id). */
  async cluster(nameOrId: string): Promise<{ id: string; name: string }> {
    const url = this.url('v1/clusters');
    // Pages are read until the profile turns up: most servers have a handful, one page.
    for await (const page of this.walk(url, 'a page of cluster profiles')) {
      const hit = (page.items as { id?: unknown; name?: unknown }[]).find(
        (c) => typeof c?.id === 'string' && (c.name === nameOrId || c.id === nameOrId),
      );
      if (hit) return { id: hit.id as string, name: typeof hit.name === 'string' ? hit.name : nameOrId };
    }
    throw new CliProblem(
      'Unknown cluster',
      `${url.origin} has no cluster profile named ${JSON.stringify(nameOrId)} (create it with POST /v1/clusters)`,
    );
  }

  unexpected(url: URL, what: string, text: string): CliProblem {
    return new CliProblem('Unexpected answer', `${url.href} did not answer with ${what}: ${snippet(text)}`);
  }
}
