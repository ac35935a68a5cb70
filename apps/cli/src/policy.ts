// `pullwise policy export|plan|apply|admission-policies`: policy as code against a pullwise server. plan and apply read the bundle's
// files (policy-files.ts), send them merged as JSON, and print the server's plan (policy-diff.ts).
import { planChangesSomething } from '#policy';
import { admissionPolicies } from './admission-policies.js';
import type { PolicyOptions } from './args.js';
import { EXIT } from './exit-codes.js';
import type { CliIo } from './io.js';
import { renderApply, renderPlan, type ApplyAnswer, type PlanAnswer } from './policy-diff.js';
import { exportPolicy } from './policy-export.js';
import { loadBundle, locateProblem, type MergedBundle } from './policy-files.js';
import { renderPlanMarkdown } from './policy-markdown.js';
import { CliProblem } from './problem.js';
import { ServerClient, httpProblem, snippet } from './server-client.js';

export async function policy(opts: PolicyOptions, io: CliIo): Promise<number> {
  if (opts.action === 'export') return exportPolicy(opts, io);
  if (opts.action === 'admission-policies') return admissionPolicies(opts, io);
  // The files first: a broken bundle is reported before the server is asked anything.
  const merged = await loadBundle(opts.files, io);
  const client = new ServerClient(opts, io);
  if (opts.action === 'plan') {
    const url = client.url('v1/policy/plan');
    url.searchParams.set('prune', String(opts.prune));
    if (opts.impact !== null) url.searchParams.set('impact', String(opts.impact));
    const answer = await postBundle(client, url, merged, null, isPlanAnswer, 'a policy plan');
    io.stdout.write(
      opts.format === 'json'
        ? `${JSON.stringify(answer, null, 2)}\n`
        : opts.format === 'markdown'
          ? renderPlanMarkdown(answer)
          : renderPlan(answer),
    );
    return planChangesSomething(answer) ? EXIT.changes : EXIT.noChanges;
  }
  const url = client.url('v1/policy/apply');
  url.searchParams.set('prune', String(opts.prune));
  const answer = await postBundle(client, url, merged, opts.ifMatch, isApplyAnswer, 'the result of a policy apply');
  io.stdout.write(opts.format === 'json' ? `${JSON.stringify(answer, null, 2)}\n` : renderApply(answer));
  return EXIT.pass;
}

async function postBundle<T>(
  client: ServerClient,
  url: URL,
  merged: MergedBundle,
  ifMatch: number | null,
  guard: (v: unknown) => v is T,
  what: string,
): Promise<T> {
  const body = { body: JSON.stringify(merged.bundle), contentType: 'application/json' };
  const { res, text } = await client.send(url, 'POST', body, ifMatch !== null ? { 'if-match': `"${ifMatch}"` } : {});
  if (res.status === 412) throw staleVersion(httpProblem(res, text), ifMatch);
  // The server names entries of the merged bundle (`rules[7].kind`): name the file and line they came from.
  if (!res.ok) throw locateProblem(httpProblem(res, text), merged);
  try {
    const parsed: unknown = JSON.parse(text);
    if (guard(parsed)) return parsed;
  } catch {
    // fall through: not our JSON
  }
  throw new CliProblem('Unexpected answer', `${url.href} did not answer with ${what}: ${snippet(text)}`);
}

/** A 412: someone applied since the plan this apply was meant to carry out. */
function staleVersion(p: CliProblem, ifMatch: number | null): CliProblem {
  const current = p.errors.map((e) => /policy version is (\d+)/.exec(e.message)?.[1]).find(Boolean);
  // Without a problem body httpProblem's title is the status line, and its detail says nothing.
  const detail = p.title.startsWith('HTTP ')
    ? `the stored policy is no longer at version ${ifMatch}: it changed since that plan`
    : p.detail;
  return new CliProblem('Policy changed since the plan', detail, [
    {
      message:
        `nothing was applied: run pullwise policy plan again, review its changes, ` +
        `then apply with --if-match ${current ?? '<the version it prints>'}`,
    },
  ]);
}

function isPlanAnswer(v: unknown): v is PlanAnswer {
  const a = v as PlanAnswer;
  return (
    !!a &&
    typeof a === 'object' &&
    typeof a.policyVersion === 'number' &&
    Array.isArray(a.changes) &&
    !!a.summary &&
    ['create', 'update', 'delete', 'unchanged'].every(
      (k) => typeof a.summary[k as keyof PlanAnswer['summary']] === 'number',
    )
  );
}

function isApplyAnswer(v: unknown): v is ApplyAnswer {
  return isPlanAnswer(v) && typeof (v as ApplyAnswer).applied === 'boolean';
}
