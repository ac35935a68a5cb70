import { parseArgs } from 'node:util';
import { REPORT_FORMATS, isReportFormat, type ReportFormat } from '#reports';
import { FAIL_ON, type FailOn } from './exit-codes.js';
import { CliProblem } from './problem.js';

export const USAGE = `Usage: pullwise check -f <file|dir|-> [options]
       pullwise nodes push|list|forget --cluster <name> [options]

Checks Kubernetes manifests against pullwise image pull-policy rules, on a pullwise server or offline.
The report goes to stdout (or --output); progress and errors go to stderr.

Input
  -f, --file <path>             a manifest file, a directory (every *.yaml, *.yml, *.json below it, sorted;
                                hidden entries skipped; one holding a kustomization.yaml is refused:
                                check kustomize's rendered output instead) or - for stdin; repeatable
Rules (one of)
      --server <url>            a pullwise server (default: $PULLWISE_SERVER)
      --token <token>           its API key (default: $PULLWISE_TOKEN; prefer it, arguments show in ps)
      --rules <file>            offline, no server: a YAML file with rules: (as POST /v1/rules takes them),
                                and optionally exceptions: and cluster: (a profile)
Target
      --cluster <name>          cluster profile (offline: the one in the rules file)
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

Exit status: 0 pass; 1 policy failure (see --fail-on); 2 input or server error: a bad option, an unreadable
file or manifest document, an invalid rules file, or a server that is unreachable or answers with an error.
pullwise nodes: 0 done; 2 a bad option, an unreadable or invalid inventory, an unknown cluster, or a server
(or, with --from-cluster, Kubernetes API) that is unreachable or answers with an error.
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

export type Command =
  | { kind: 'help' }
  | { kind: 'version' }
  | { kind: 'check'; options: CheckOptions }
  | { kind: 'nodes'; options: NodesOptions };

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
/** Options of `pullwise nodes` only. */
const NODES_ONLY: readonly OptionName[] = ['json', 'from-cluster'];

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
    throw usage('name a command: pullwise check -f <file|dir|->, or pullwise nodes push|list|forget');
  if (command === 'nodes') return { kind: 'nodes', options: nodesOptions(values, extra, env) };
  if (command !== 'check')
    throw usage(`unknown command ${JSON.stringify(command)}; the commands are "check" and "nodes"`);
  if (extra.length > 0) throw usage(`unexpected argument ${JSON.stringify(extra[0])}; name inputs with -f`);
  const foreign = NODES_ONLY.find((name) => values[name] !== undefined);
  if (foreign !== undefined) throw usage(`--${foreign} is an option of pullwise nodes, not of pullwise check`);

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
