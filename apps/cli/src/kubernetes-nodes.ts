// `pullwise nodes push --from-cluster`: the nodes as `kubectl get nodes -o json` prints them, read from the
// Kubernetes API with the pod's in-cluster ServiceAccount, as client-go's rest.InClusterConfig does: the API
// server at https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT, the mounted token and CA. The pullwise
// image has no kubectl, and node's https module is all it takes.
import { readFile } from 'node:fs/promises';
import { request } from 'node:https';
import path from 'node:path';
import { cannotRead } from './inputs.js';
import type { CliIo } from './io.js';
import { CliProblem } from './problem.js';
import { snippet } from './server-client.js';
import { cliVersion } from './version.js';

/** Nodes per request, as kubectl asks for (`--chunk-size`, default 500). */
const CHUNK_SIZE = 500;

const LIST_START = Buffer.from('{"apiVersion":"v1","items":[');
const COMMA = Buffer.from(',');
const LIST_END = Buffer.from('],"kind":"List","metadata":{"resourceVersion":""}}');

interface NodeListPage {
  metadata?: { continue?: unknown };
  items: unknown[];
}

/**
 * Lists every node (`GET /api/v1/nodes`, 500 at a time, following `metadata.continue`) and returns them as one
 * `List`, shaped as `kubectl get nodes -o json` prints it: each item with its apiVersion and kind, without
 * `metadata.managedFields` (which kubectl leaves out, and which is most of a Node's bytes). Compact JSON.
 */
export async function readClusterNodes(io: CliIo, timeoutMs: number): Promise<Uint8Array> {
  const api = await inClusterConfig(io);
  // Each page's items as JSON bytes, so that at most one page is held as objects.
  const pages: Buffer[] = [];
  let restarted = false;
  for (let token: string | null = null; ;) {
    const query = new URLSearchParams(restarted ? {} : { limit: String(CHUNK_SIZE) });
    if (token !== null) query.set('continue', token);
    const page = await get(api, `/api/v1/nodes${query.size > 0 ? `?${query}` : ''}`, timeoutMs);
    if (page.status === 410 && token !== null && !restarted) {
      // The continue token expired (the list took longer than the API server's etcd compaction interval):
      // start again with one unpaginated list, as client-go's pager does.
      pages.length = 0;
      restarted = true;
      token = null;
      continue;
    }
    const list = nodeListOf(api, page);
    if (list.items.length > 0) pages.push(Buffer.from(list.items.map((i) => JSON.stringify(asListed(i))).join(',')));
    const next = list.metadata?.continue;
    token = typeof next === 'string' && next !== '' ? next : null;
    if (token === null) break;
  }
  const parts = pages.flatMap((page, i) => (i === 0 ? [page] : [COMMA, page]));
  return Buffer.concat([LIST_START, ...parts, LIST_END]);
}

interface ApiServer {
  host: string;
  port: number;
  /** `https://host:port`, for messages. */
  origin: string;
  token: string;
  ca: Buffer;
}

async function inClusterConfig(io: CliIo): Promise<ApiServer> {
  const host = io.env.KUBERNETES_SERVICE_HOST?.trim();
  const portText = io.env.KUBERNETES_SERVICE_PORT?.trim();
  if (!host || !portText)
    throw new CliProblem(
      'Not in a cluster',
      "--from-cluster reads the nodes with the pod's ServiceAccount, but KUBERNETES_SERVICE_HOST and " +
        'KUBERNETES_SERVICE_PORT are not set: run it in a pod, or pipe kubectl get nodes -o json into pullwise nodes push',
    );
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new CliProblem('Not in a cluster', `KUBERNETES_SERVICE_PORT ${JSON.stringify(portText)} is not a port`);
  const tokenFile = path.join(io.serviceAccountDir, 'token');
  const caFile = path.join(io.serviceAccountDir, 'ca.crt');
  const [token, ca] = await Promise.all([
    readFile(tokenFile, 'utf8').catch((err: unknown) => {
      throw cannotRead(tokenFile, err);
    }),
    readFile(caFile).catch((err: unknown) => {
      throw cannotRead(caFile, err);
    }),
  ]);
  if (token.trim() === '') throw new CliProblem('Cannot read input', `${tokenFile} is empty`);
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { host, port, origin: `https://${shownHost}:${port}`, token: token.trim(), ca };
}

interface Answer {
  path: string;
  status: number;
  statusText: string;
  text: string;
}

/** One GET, verified against the cluster's CA only; the body as text. */
function get(api: ApiServer, pathAndQuery: string, timeoutMs: number): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const fail = (err: unknown) => reject(transportProblem(api, err, timeoutMs));
    const req = request(
      {
        host: api.host,
        port: api.port,
        path: pathAndQuery,
        method: 'GET',
        ca: api.ca,
        headers: {
          accept: 'application/json',
          authorization: `Bearer ${api.token}`,
          'user-agent': `pullwise-cli/${cliVersion()}`,
        },
        signal: AbortSignal.timeout(timeoutMs),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', fail);
        res.on('end', () =>
          resolve({
            path: pathAndQuery,
            status: res.statusCode ?? 0,
            statusText: res.statusMessage ?? '',
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
      },
    );
    req.on('error', fail);
    req.end();
  });
}

function transportProblem(api: ApiServer, err: unknown, timeoutMs: number): CliProblem {
  const e = err as NodeJS.ErrnoException;
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return new CliProblem(
      'Timed out',
      `the Kubernetes API at ${api.origin} did not answer within ${timeoutMs / 1000} s`,
    );
  return new CliProblem('Cannot reach the Kubernetes API', `${api.origin}: ${e.code ?? e.message}`);
}

/** The page's NodeList, or the API server's refusal (its Status message) as a problem. */
function nodeListOf(api: ApiServer, answer: Answer): NodeListPage {
  let body: unknown = null;
  try {
    body = JSON.parse(answer.text);
  } catch {
    body = null;
  }
  const where = `GET ${api.origin}${answer.path.replace(/\?.*$/, '')}`;
  if (answer.status !== 200) {
    const message = (body as { message?: unknown } | null)?.message;
    const why = typeof message === 'string' ? message : snippet(answer.text);
    const status = `HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ''}`;
    const hint =
      answer.status === 401 || answer.status === 403
        ? ' (the ServiceAccount needs get and list on nodes: a ClusterRole and ClusterRoleBinding, deploy/README.md)'
        : '';
    throw new CliProblem('Kubernetes API error', `${where}: ${status}: ${why}${hint}`);
  }
  if (!body || typeof body !== 'object' || !Array.isArray((body as NodeListPage).items))
    throw new CliProblem('Unexpected answer', `${where} did not answer with a NodeList: ${snippet(answer.text)}`);
  return body as NodeListPage;
}

/** An item of the API server's NodeList as kubectl lists it: apiVersion and kind first, no managedFields. */
function asListed(item: unknown): unknown {
  if (!item || typeof item !== 'object' || Array.isArray(item)) return item;
  const node = item as { metadata?: unknown };
  if (!node.metadata || typeof node.metadata !== 'object') return { apiVersion: 'v1', kind: 'Node', ...node };
  const { managedFields: _managed, ...metadata } = node.metadata as Record<string, unknown>;
  return { apiVersion: 'v1', kind: 'Node', ...node, metadata };
}
