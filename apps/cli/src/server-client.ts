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
  const base = opts.server!.endsWith('/') ? opts.server! : `${opts.server!}/`;
  const url = new URL('v1/evaluations', base);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'application/json, application/problem+json',
    'user-agent': `pullwise-cli/${cliVersion()}`,
  };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  const context = Object.keys(opts.context).length > 0 ? opts.context : undefined;

  return async function evaluate(manifests: string): Promise<EvaluationResponse> {
    const body = {
      manifests,
      ...(opts.cluster ? { cluster: opts.cluster } : {}),
      ...(context ? { context } : {}),
      ...(opts.record ? { record: true } : {}),
      ...(opts.source ? { source: opts.source } : {}),
    };
    let res: Response;
    try {
      res = await io.fetch(url, {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(opts.timeoutMs),
      });
    } catch (err) {
      throw transportProblem(url, err, opts.timeoutMs);
    }
    const text = await res.text().catch(() => '');
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

export function transportProblem(url: URL, err: unknown, timeoutMs: number): CliProblem {
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
