import type { EvaluationResult } from '#policy';
import type { CheckOptions } from './args.js';
import type { CliIo } from './io.js';
import { CliProblem, type ProblemEntry } from './problem.js';
import { cliVersion } from './version.js';

/** What POST /v1/evaluations answers: the result, and the history id when it was recorded. */
export type EvaluationResponse = EvaluationResult & { id: string | null };

interface ProblemBody {
  title?: unknown;
  detail?: unknown;
  errors?: unknown;
}

/**
 * POSTs one file as `{ manifests, cluster?, context?, record?, source? }` and asks for the JSON result. The
 * CLI renders reports itself (#reports, the server's renderer) so that the exit code and the report come
 * from one response, each file keeps its own name in SARIF/JUnit, and a recorded evaluation is recorded once.
 */
export function serverEvaluator(opts: CheckOptions, io: CliIo) {
  const client = new ServerClient({ server: opts.server!, token: opts.token, timeoutMs: opts.timeoutMs }, io);
  const url = client.url('v1/evaluations');
  const context = Object.keys(opts.context).length > 0 ? opts.context : undefined;

  return async function evaluate(manifests: string): Promise<EvaluationResponse> {
    const body = {
      manifests,
      ...(opts.cluster ? { cluster: opts.cluster } : {}),
      ...(context ? { context } : {}),
      ...(opts.record ? { record: true } : {}),
      ...(opts.source ? { source: opts.source } : {}),
    };
    const { res, text } = await client.send(url, 'POST', {
      body: JSON.stringify(body),
      contentType: 'application/json',
    });
    if (!res.ok) throw httpProblem(res, text);
    try {
      const parsed = JSON.parse(text) as EvaluationResponse;
      if (parsed && typeof parsed.verdict === 'string' && Array.isArray(parsed.errors)) return parsed;
    } catch {
      // fall through: not our JSON
    }
    throw new CliProblem('Unexpected answer', `${url.href} did not answer with an evaluation result: ${snippet(text)}`);
  };
}

/** A request body and its media type. */
export interface RequestBody {
  body: string | Uint8Array;
  contentType: string;
}

/** The server's REST API with the CLI's headers, timeout and transport errors, for every online command. */
export class ServerClient {
  private readonly base: string;
  private readonly headers: Record<string, string>;

  constructor(
    private readonly opts: { server: string; token: string | null; timeoutMs: number },
    private readonly io: CliIo,
  ) {
    this.base = opts.server.endsWith('/') ? opts.server : `${opts.server}/`;
    this.headers = {
      accept: 'application/json, application/problem+json',
      'user-agent': `pullwise-cli/${cliVersion()}`,
    };
    if (opts.token) this.headers.authorization = `Bearer ${opts.token}`;
  }

  url(relative: string): URL {
    return new URL(relative, this.base);
  }

  /** One request; the answer's text is read whatever its status (the caller judges it). */
  async send(
    url: URL,
    method: string,
    body?: RequestBody,
    extraHeaders: Record<string, string> = {},
  ): Promise<{ res: Response; text: string }> {
    const headers = { ...this.headers, ...(body ? { 'content-type': body.contentType } : {}), ...extraHeaders };
    let res: Response;
    try {
      res = await this.io.fetch(url, {
        method,
        headers,
        ...(body ? { body: body.body as RequestInit['body'] } : {}),
        signal: AbortSignal.timeout(this.opts.timeoutMs),
      });
    } catch (err) {
      throw transportProblem(url, err, this.opts.timeoutMs);
    }
    return { res, text: await res.text().catch(() => '') };
  }
}

function transportProblem(url: URL, err: unknown, timeoutMs: number): CliProblem {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError')
    return new CliProblem('Timed out', `${url.origin} did not answer within ${timeoutMs / 1000} s`);
  const why = e.cause?.code ?? e.cause?.message ?? e.message;
  return new CliProblem('Cannot reach server', `${url.origin}: ${why}`);
}

export function snippet(text: string): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return one === '' ? '(empty body)' : one.length > 200 ? `${one.slice(0, 197)}...` : one;
}

/** RFC 9457 problem+json when the server sent one; otherwise the status line and the start of the body. */
export function httpProblem(res: Response, text: string): CliProblem {
  let problem: ProblemBody | null = null;
  if ((res.headers.get('content-type') ?? '').includes('json')) {
    try {
      problem = JSON.parse(text) as ProblemBody;
    } catch {
      problem = null;
    }
  }
  const status = `HTTP ${res.status}${res.statusText ? ` ${res.statusText}` : ''}`;
  if (!problem || typeof problem !== 'object') return new CliProblem(status, snippet(text));
  const title = typeof problem.title === 'string' ? problem.title : status;
  const detail = typeof problem.detail === 'string' ? problem.detail : status;
  const errors = Array.isArray(problem.errors)
    ? problem.errors.filter((x): x is ProblemEntry => !!x && typeof (x as ProblemEntry).message === 'string')
    : [];
  return new CliProblem(title, detail, errors);
}
