import { parseArgs } from 'node:util';
import { REPORT_FORMATS, isReportFormat, type ReportFormat } from '#reports';
import { FAIL_ON, type FailOn } from './exit-codes.js';
import { CliProblem } from './problem.js';

export const USAGE = `Usage: pullwise check -f <file|dir|-> [options]
       pullwise nodes push|list|forget --cluster <name> [options]
       pullwise policy export|plan|apply|admission-policies [options]

Checks Kubernetes manifests against pullwise image pull-policy rules, on a pullwise server or offline.
The report goes to stdout (or --output); progress and errors go to stderr.

Input
  -f, --file <path>             a manifest file, a directory (every *.yaml, *.yml, *.json below it, sorted;
                                hidden entries skipped; one holding a kustomization.yaml is refused:
                                check kustomize's rendered output instead) or - for stdin; repeatable
Rules (one of)
      --server <url>            a pullwise server (default: $PULLWISE_SERVER)
      --token <token>           its API key (default: $PULLWISE_TOKEN; prefer it, arguments show in ps)
      --rules <file|dir>        offline, no server: a YAML file with rules: (as POST /v1/rules takes them),
                                and optionally exceptions: and cluster: (a profile); or a policy bundle, a
                                file or a directory of them as pullwise policy export writes it
Target
      --cluster <name>          cluster profile (offline: the rules file's, or one of the bundle's clusters:;
                                with a bundle and no --cluster, no profile applies)
  -n, --namespace <ns>          namespace for documents without metadata.namespace (default: default)
      --kubelet-version <v>     kubelet minor version, e.g. 1.33
      --admission-plugins <p>   comma-separated, e.g. AlwaysPullImages
Report
      --format <f>              ${REPORT_FORMATS.join(' | ')} (default json)
  -o, --output <file>           write the report to a file instead of stdout (- for stdout)
      --fail-on <level>         deny (default): exit 1 when the verdict is fail; warn: also when it is warn
      --progress                show progress on stderr even when stderr is not a terminal
      --timeout <seconds>       per server request (default 60)
History (server only)
      --record                  record the evaluation in the server's history
      --repository <name>       default $GITHUB_REPOSITORY or $CI_PROJECT_PATH
      --commit <sha>            default $GITHUB_SHA or $CI_COMMIT_SHA
      --pipeline <url>          default the GitHub Actions run URL or $CI_PIPELINE_URL
  -h, --help                    this text
      --version                 the version

Node inventories (server only; --server, --token and --timeout as above, default timeout 300 s for push)
  pullwise nodes push --cluster <name> [-f <file|->] [--json]
                                replace the cluster profile's node inventory with what \`kubectl get nodes
                                -o json\` (or -o yaml) prints, read from -f or stdin and sent as it is
      --from-cluster            instead of -f or stdin: list the nodes from the Kubernetes API with the pod's
                                in-cluster ServiceAccount (needs get and list on nodes; deploy/README.md)
      --json                    the server's summary as JSON instead of one line
  pullwise nodes list --cluster <name> [--json]
                                the stored nodes: name, kubelet, images, taints, cordoned
      --json                    the nodes as the server's JSON instead of a table
  pullwise nodes forget --cluster <name>
                                delete the cluster profile's node inventory

Several files (a directory, or -f more than once) are checked one request per file and merged: json is
{ "verdict", "files": { "<path>": result } }; sarif one run with one artifact per file; junit one
<testsuites>; markdown one section per file; policyreport one v1 List.

Policy as code (server only; --server, --token and --timeout as above, default timeout 300 s for apply).
A bundle is one or more files of kind: PolicyBundle (apiVersion: pullwise.io/v1) with rules:, exceptions:
and clusters: lists; -f takes a file or a directory (every *.yaml, *.yml, *.json below it, sorted, hidden
entries skipped), repeatable; the files' lists are merged and each name may appear once per list.
  pullwise policy export [-o <dir>] [--json]
                                the stored policy; with -o, written into <dir> as rules.yaml, exceptions.yaml
                                and clusters.yaml (the same bytes for the same policy); else the whole bundle
                                on stdout (- for stdout)
      --json                    JSON instead of YAML (rules.json, ...)
  pullwise policy plan -f <file|dir> [--prune] [--impact <n>] [--json | --markdown]
                                what applying the bundle would change, as a diff
      --prune                   delete stored objects the bundle does not name (default: they stay)
      --impact <n>              per created or updated rule, how many of the last n recorded evaluations flip
      --json                    the server's plan as JSON
      --markdown                the plan as Markdown, for a pull-request comment
  pullwise policy apply -f <file|dir> [--prune] [--if-match <version>] [--json]
                                make the stored policy what the bundle says, in one transaction
      --if-match <version>      apply only if the policy is still at this version (the one plan printed)
      --json                    the server's answer as JSON
  pullwise policy admission-policies --cluster <name> [-o <file>] [--json]
                                the stored rules and exceptions as native Kubernetes admission policies for
                                the cluster profile: one v1 List of ValidatingAdmissionPolicy (1.30+) and
                                MutatingAdmissionPolicy (1.36+) objects and their bindings, for kubectl apply
                                -f; on stderr how many, and each rule not exported with the reason
  -o, --output <file>           write the List to a file instead of stdout (- for stdout)
      --json                    JSON instead of YAML

Exit status: 0 pass; 1 policy failure (see --fail-on); 2 input or server error: a bad option, an unreadable
file or manifest document, an invalid rules file, or a server that is unreachable or answers with an error.
pullwise nodes: 0 done; 2 a bad option, an unreadable or invalid inventory, an unknown cluster, or a server
(or, with --from-cluster, Kubernetes API) that is unreachable or answers with an error.
pullwise policy plan, like diff(1): 0 no changes; 1 changes; 2 an error (a bad option, an unreadable or
invalid bundle, a server that is unreachable or answers with an error). export and apply: 0 done (also when
apply had nothing to change); 2 an error, including an apply whose --if-match version is no longer current.
admission-policies: 0 done (also when some rules are not exported); 2 an error, including an unknown cluster.
`;

interface EvaluationContextOptions {
  namespace?: string;
  kubeletVersion?: string;
  admissionPlugins?: string[];
}

interface SourceOptions {
  repository?: string;
  commit?: string;
  pipeline?: string;
}

export interface CheckOptions {
  files: string[];
  server: string | null;
  token: string | null;
  rules: string | null;
  cluster: string | null;
  context: EvaluationContextOptions;
  record: boolean;
  source: SourceOptions | null;
  format: ReportFormat;
  failOn: FailOn;
  output: string | null;
  progress: boolean;
  timeoutMs: number;
}

const NODES_ACTIONS = ['push', 'list', 'forget'] as const;
type NodesAction = (typeof NODES_ACTIONS)[number];

export interface NodesOptions {
  action: NodesAction;
  /** The cluster profile's name (or id). */
  cluster: string;
  server: string;
  token: string | null;
  /** push: the inventory file, '-' for stdin; null: stdin, or the Kubernetes API with fromCluster. */
  file: string | null;
  /** push: read the nodes from the Kubernetes API with the pod's ServiceAccount. */
  fromCluster: boolean;
  /** list: print the server's JSON instead of a table. */
  json: boolean;
  timeoutMs: number;
}

const POLICY_ACTIONS = ['export', 'plan', 'apply', 'admission-policies'] as const;
type PolicyAction = (typeof POLICY_ACTIONS)[number];

export interface PolicyOptions {
  action: PolicyAction;
  server: string;
  token: string | null;
  timeoutMs: number;
  /** plan, apply: the bundle's files and directories. */
  files: string[];
  /** admission-policies: the cluster profile to export for. */
  cluster: string | null;
  /** export: the directory to write into; admission-policies: the file; null or '-' for stdout. */
  output: string | null;
  prune: boolean;
  /** plan: replay this many recorded evaluations per created or updated rule. */
  impact: number | null;
  /** apply: the policy version the store must still be at. */
  ifMatch: number | null;
  /** export: json writes JSON files; plan and apply: json prints the server's answer, markdown a PR comment. */
  format: 'text' | 'json' | 'markdown';
}

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'check'; options: CheckOptions }
  | { kind: 'nodes'; options: NodesOptions }
  | { kind: 'policy'; options: PolicyOptions };

const OPTIONS = {
  file: { type: 'string', short: 'f', multiple: true },
  server: { type: 'string' },
  token: { type: 'string' },
  rules: { type: 'string' },
  cluster: { type: 'string' },
  namespace: { type: 'string', short: 'n' },
  'kubelet-version': { type: 'string' },
  'admission-plugins': { type: 'string', multiple: true },
  record: { type: 'boolean' },
  repository: { type: 'string' },
  commit: { type: 'string' },
  pipeline: { type: 'string' },
  format: { type: 'string' },
  output: { type: 'string', short: 'o' },
  'fail-on': { type: 'string' },
  progress: { type: 'boolean' },
  timeout: { type: 'string' },
  json: { type: 'boolean' },
  'from-cluster': { type: 'boolean' },
  prune: { type: 'boolean' },
  impact: { type: 'string' },
  markdown: { type: 'boolean' },
  'if-match': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const;

type OptionName = keyof typeof OPTIONS;

/** The options each `pullwise nodes` action takes (besides --help and --version); any other is a usage error. */
const NODES_OPTIONS: Record<NodesAction, readonly OptionName[]> = {
  push: ['cluster', 'server', 'token', 'timeout', 'file', 'from-cluster', 'json'],
  list: ['cluster', 'server', 'token', 'timeout', 'json'],
  forget: ['cluster', 'server', 'token', 'timeout'],
};
/** The options each `pullwise policy` action takes (besides --help and --version). */
const POLICY_OPTIONS: Record<PolicyAction, readonly OptionName[]> = {
  export: ['server', 'token', 'timeout', 'output', 'json'],
  plan: ['server', 'token', 'timeout', 'file', 'prune', 'impact', 'json', 'markdown'],
  apply: ['server', 'token', 'timeout', 'file', 'prune', 'if-match', 'json'],
  'admission-policies': ['server', 'token', 'timeout', 'cluster', 'output', 'json'],
};
/** Options pullwise check does not take, and the commands that do. */
const NOT_CHECK: Partial<Record<OptionName, string>> = {
  json: 'pullwise nodes and pullwise policy',
  'from-cluster': 'pullwise nodes',
  prune: 'pullwise policy',
  impact: 'pullwise policy plan',
  markdown: 'pullwise policy plan',
  'if-match': 'pullwise policy apply',
};

function usage(detail: string): CliProblem {
  return new CliProblem('Invalid usage', `${detail} (see pullwise --help)`);
}

/** An empty variable counts as unset (CI systems often export empty values). */
function envValue(env: Record<string, string | undefined>, name: string): string | undefined {
  const v = env[name];
  return v === undefined || v.trim() === '' ? undefined : v;
}

/** Where the manifests come from, defaulted from GitHub Actions or GitLab CI variables. */
function sourceFrom(values: Record<string, unknown>, env: Record<string, string | undefined>): SourceOptions | null {
  const e = (name: string) => envValue(env, name);
  const githubRun =
    e('GITHUB_SERVER_URL') && e('GITHUB_REPOSITORY') && e('GITHUB_RUN_ID')
      ? `${e('GITHUB_SERVER_URL')}/${e('GITHUB_REPOSITORY')}/actions/runs/${e('GITHUB_RUN_ID')}`
      : undefined;
  const source: SourceOptions = {
    repository: (values.repository as string | undefined) ?? e('GITHUB_REPOSITORY') ?? e('CI_PROJECT_PATH'),
    commit: (values.commit as string | undefined) ?? e('GITHUB_SHA') ?? e('CI_COMMIT_SHA'),
    pipeline: (values.pipeline as string | undefined) ?? githubRun ?? e('CI_PIPELINE_URL'),
  };
  const present = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  return Object.keys(present).length > 0 ? present : null;
}

function nonEmpty(name: string, value: string | undefined): string | undefined {
  if (value !== undefined && value.trim() === '') throw usage(`--${name} must not be empty`);
  return value;
}

function contextFrom(values: Record<string, unknown>): EvaluationContextOptions {
  const context: EvaluationContextOptions = {};
  const namespace = nonEmpty('namespace', values.namespace as string | undefined);
  const kubelet = nonEmpty('kubelet-version', values['kubelet-version'] as string | undefined);
  const plugins = values['admission-plugins'] as string[] | undefined;
  if (namespace !== undefined) context.namespace = namespace;
  if (kubelet !== undefined) context.kubeletVersion = kubelet;
  if (plugins !== undefined) {
    context.admissionPlugins = plugins
      .flatMap((p) => p.split(','))
      .map((p) => p.trim())
      .filter(Boolean);
  }
  return context;
}

function serverUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw usage(`--server ${JSON.stringify(raw)} is not a URL, e.g. https://pullwise.example.com`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw usage(`--server must be an http(s) URL`);
  return url.href;
}

/** Parses argv (without node and the script). Throws CliProblem for usage errors. */
export function parseCommand(argv: readonly string[], env: Record<string, string | undefined>): Command {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw usage((err as Error).message.split('\n')[0]!);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const [command, ...extra] = positionals;
  if (command === undefined)
    throw usage(
      'name a command: pullwise check -f <file|dir|->, pullwise nodes push|list|forget, or pullwise policy export|plan|apply|admission-policies',
    );
  if (command === 'nodes') return { kind: 'nodes', options: nodesOptions(values, extra, env) };
  if (command === 'policy') return { kind: 'policy', options: policyOptions(values, extra, env) };
  if (command !== 'check')
    throw usage(`unknown command ${JSON.stringify(command)}; the commands are "check", "nodes" and "policy"`);
  if (extra.length > 0) throw usage(`unexpected argument ${JSON.stringify(extra[0])}; name inputs with -f`);
  const foreign = (Object.keys(NOT_CHECK) as OptionName[]).find((name) => values[name] !== undefined);
  if (foreign !== undefined) throw usage(`--${foreign} is an option of ${NOT_CHECK[foreign]}, not of pullwise check`);

  const files = values.file ?? [];
  if (files.length === 0) throw usage('give the manifests with -f <file|dir|->');
  if (files.filter((f) => f === '-').length > 1) throw usage('stdin (-f -) can be read only once');

  const format = values.format ?? 'json';
  if (!isReportFormat(format)) throw usage(`--format must be one of ${REPORT_FORMATS.join(', ')}`);
  const failOn = values['fail-on'] ?? 'deny';
  if (!(FAIL_ON as readonly string[]).includes(failOn)) throw usage(`--fail-on must be one of ${FAIL_ON.join(', ')}`);
  const timeoutMs = timeoutFrom(values.timeout, 60);

  // --rules means offline; an explicit --server with it is a contradiction, PULLWISE_SERVER is just ignored.
  const rules = nonEmpty('rules', values.rules) ?? null;
  if (rules !== null && values.server !== undefined) throw usage('--rules (offline) and --server exclude each other');
  if (rules !== null && values.record) throw usage('--record needs a server: offline checks are not recorded');
  const server = rules !== null ? null : (values.server ?? envValue(env, 'PULLWISE_SERVER') ?? null);
  if (rules === null && server === null)
    throw usage('give --server <url> (or set PULLWISE_SERVER), or --rules <file> to check offline');

  return {
    kind: 'check',
    options: {
      files,
      server: server === null ? null : serverUrl(server),
      token: values.token ?? envValue(env, 'PULLWISE_TOKEN') ?? null,
      rules,
      cluster: nonEmpty('cluster', values.cluster) ?? null,
      context: contextFrom(values),
      record: values.record ?? false,
      source: sourceFrom(values, env),
      format,
      failOn: failOn as FailOn,
      output: values.output ?? null,
      progress: values.progress ?? false,
      timeoutMs,
    },
  };
}

function timeoutFrom(raw: string | undefined, defaultSeconds: number): number {
  const timeout = raw === undefined ? defaultSeconds : Number(raw);
  if (!Number.isFinite(timeout) || timeout <= 0) throw usage('--timeout must be a positive number of seconds');
  return Math.round(timeout * 1000);
}

/** `pullwise nodes <action> --cluster <name> ...`: always online. */
function nodesOptions(
  values: Partial<Record<OptionName, unknown>>,
  positionals: readonly string[],
  env: Record<string, string | undefined>,
): NodesOptions {
  const [action, ...extra] = positionals;
  const actions = NODES_ACTIONS.join('|');
  if (action === undefined) throw usage(`name what to do: pullwise nodes ${actions} --cluster <name>`);
  if (!(NODES_ACTIONS as readonly string[]).includes(action))
    throw usage(`unknown action ${JSON.stringify(action)} of pullwise nodes; the actions are ${actions}`);
  const act = action as NodesAction;
  if (extra.length > 0) throw usage(`unexpected argument ${JSON.stringify(extra[0])}`);
  const allowed = NODES_OPTIONS[act];
  const foreign = (Object.keys(values) as OptionName[]).find(
    (name) => values[name] !== undefined && name !== 'help' && name !== 'version' && !allowed.includes(name),
  );
  if (foreign !== undefined) throw usage(`--${foreign} is not an option of pullwise nodes ${act}`);

  const cluster = nonEmpty('cluster', values.cluster as string | undefined);
  if (cluster === undefined) throw usage(`pullwise nodes ${act} needs --cluster <name> (a cluster profile)`);
  const files = (values.file as string[] | undefined) ?? [];
  if (files.length > 1) throw usage('pullwise nodes push reads one inventory: give -f once');
  const fromCluster = (values['from-cluster'] as boolean | undefined) ?? false;
  if (fromCluster && files.length > 0) throw usage('--from-cluster and -f exclude each other');
  const server = (values.server as string | undefined) ?? envValue(env, 'PULLWISE_SERVER');
  if (server === undefined) throw usage('give --server <url> (or set PULLWISE_SERVER)');

  return {
    action: act,
    cluster,
    server: serverUrl(server),
    token: (values.token as string | undefined) ?? envValue(env, 'PULLWISE_TOKEN') ?? null,
    file: nonEmpty('file', files[0]) ?? null,
    fromCluster,
    json: (values.json as boolean | undefined) ?? false,
    timeoutMs: timeoutFrom(values.timeout as string | undefined, act === 'push' ? 300 : 60),
  };
}

/** `pullwise policy export|plan|apply|admission-policies ...`: always online. */
function policyOptions(
  values: Partial<Record<OptionName, unknown>>,
  positionals: readonly string[],
  env: Record<string, string | undefined>,
): PolicyOptions {
  const [action, ...extra] = positionals;
  const actions = POLICY_ACTIONS.join('|');
  if (action === undefined) throw usage(`name what to do: pullwise policy ${actions}`);
  if (!(POLICY_ACTIONS as readonly string[]).includes(action))
    throw usage(`unknown action ${JSON.stringify(action)} of pullwise policy; the actions are ${actions}`);
  const act = action as PolicyAction;
  if (extra.length > 0)
    throw usage(
      `unexpected argument ${JSON.stringify(extra[0])}${act === 'plan' || act === 'apply' ? '; name the bundle with -f' : ''}`,
    );
  const allowed = POLICY_OPTIONS[act];
  const foreign = (Object.keys(values) as OptionName[]).find(
    (name) => values[name] !== undefined && name !== 'help' && name !== 'version' && !allowed.includes(name),
  );
  if (foreign !== undefined) throw usage(`--${foreign} is not an option of pullwise policy ${act}`);

  const files = (values.file as string[] | undefined) ?? [];
  const cluster = nonEmpty('cluster', values.cluster as string | undefined) ?? null;
  if (act === 'admission-policies' && cluster === null)
    throw usage('pullwise policy admission-policies needs --cluster <name> (a cluster profile)');
  if ((act === 'plan' || act === 'apply') && files.length === 0)
    throw usage(`pullwise policy ${act} needs the bundle: -f <file|dir> (repeatable)`);
  if (files.includes('-')) throw usage('a policy bundle is read from files: -f <file|dir>, not stdin');
  files.forEach((f) => nonEmpty('file', f));
  if (values.json && values.markdown) throw usage('--json and --markdown exclude each other');
  const impact = impactFrom(values.impact as string | undefined);
  const ifMatch = ifMatchFrom(values['if-match'] as string | undefined);
  const server = (values.server as string | undefined) ?? envValue(env, 'PULLWISE_SERVER');
  if (server === undefined) throw usage('give --server <url> (or set PULLWISE_SERVER)');

  return {
    action: act,
    server: serverUrl(server),
    token: (values.token as string | undefined) ?? envValue(env, 'PULLWISE_TOKEN') ?? null,
    // An apply writes in one transaction the server allows 120 s for.
    timeoutMs: timeoutFrom(values.timeout as string | undefined, act === 'apply' ? 300 : 60),
    files,
    cluster,
    output: nonEmpty('output', values.output as string | undefined) ?? null,
    prune: (values.prune as boolean | undefined) ?? false,
    impact,
    ifMatch,
    format: values.json ? 'json' : values.markdown ? 'markdown' : 'text',
  };
}

function impactFrom(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const n = Number(raw);
  if (!/^\d+$/.test(raw.trim()) || n < 1 || n > 1000)
    throw usage('--impact must be a number of recorded evaluations from 1 to 1000');
  return n;
}

/** `42` or `"42"` (the ETag as the server writes it). */
function ifMatchFrom(raw: string | undefined): number | null {
  if (raw === undefined) return null;
  const m = /^\s*(?:W\/)?"?(\d{1,15})"?\s*$/.exec(raw);
  if (!m) throw usage(`--if-match must be a policy version such as 42 (what pullwise policy plan printed)`);
  return Number(m[1]);
}
