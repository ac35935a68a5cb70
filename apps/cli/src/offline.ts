import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { KubeletVersionError, type ClusterContext } from '#k8s';
import {
  admissionPluginProblem,
  compileRuleSet,
  contextFromProfile,
  evaluate as evaluateManifestsWith,
  exceptionRuleProblems,
  isPolicyBundle,
  namespaceNameProblem,
  prefixProblems,
  readBundleText,
  validateBundle,
  validateNamedList,
  validateExceptionInput,
  validateRuleInput,
  type DefinitionProblem,
  type ExceptionDefinition,
  type RuleDefinition,
} from '#policy';
// The server's own profile validator (pure: zod and #k8s), so a profile means the same offline and online.
import { validateClusterInput } from '#policy';
import type { CheckOptions } from './args.js';
import type { CliIo } from './io.js';
import { bundleProblems, locateInFiles, mergeBundleFiles, readBundleFiles, type BundleFile } from './policy-files.js';
import { CliProblem } from './problem.js';
import type { EvaluationResponse } from './server-client.js';

/** A rules file or policy bundle, validated: what the server would hold after creating what it defines. */
export interface OfflinePolicy {
  rules: RuleDefinition[];
  exceptions: ExceptionDefinition[];
  /** A rules file's profile, which applies by default: its name (null when it has none) and its facts. */
  cluster: { name: string | null; context: ClusterContext } | null;
  /** A bundle's profiles by name, of which --cluster picks one (none applies without it); null for a rules file. */
  profiles: Map<string, ClusterContext> | null;
}

const TOP_LEVEL = ['rules', 'exceptions', 'cluster'];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function validateCluster(raw: unknown, problems: DefinitionProblem[]): OfflinePolicy['cluster'] {
  if (raw === undefined || raw === null) return null;
  if (!isObject(raw)) {
    problems.push({ path: 'cluster', message: 'must be an object (a cluster profile)' });
    return null;
  }
  // The name is optional offline: a nameless profile supplies facts without taking part in match.clusters.
  const named = typeof raw.name === 'string';
  const r = validateClusterInput(named ? raw : { ...raw, name: 'offline' });
  if (!r.ok) {
    problems.push(...prefixProblems('cluster', r.problems));
    return null;
  }
  return { name: named ? r.value.name : null, context: contextFromProfile(r.value) };
}

/** Parses and validates a rules file's text; every problem names its path (`rules[2].params.allowed[0]`). */
export function parseRulesFile(text: string, fileName: string): OfflinePolicy {
  const doc = parseDocument(text);
  if (doc.errors.length > 0) {
    throw new CliProblem(
      'Invalid rules file',
      `${fileName} is not valid YAML`,
      doc.errors.map((e) => ({ line: e.linePos?.[0]?.line ?? null, message: e.message.split('\n')[0]! })),
    );
  }
  const raw: unknown = doc.toJS();
  const problems: DefinitionProblem[] = [];
  if (!isObject(raw)) throw new CliProblem('Invalid rules file', `${fileName} must be a mapping with rules:`);
  for (const key of Object.keys(raw))
    if (!TOP_LEVEL.includes(key))
      problems.push({ path: key, message: `unknown field "${key}"; allowed fields: ${TOP_LEVEL.join(', ')}` });
  if (raw.rules === undefined) problems.push({ path: 'rules', message: 'required: a list of rules' });

  const ruleInputs = validateNamedList(raw.rules, 'rules', validateRuleInput, problems);
  // The service's validation: a name is optional (here: exception-<index>, stable from run to run), "*" needs an
  // expiry within the default maximum, and every named rule must be one of the file's rules.
  const exceptionInputs = validateNamedList(
    raw.exceptions,
    'exceptions',
    (item, i) => {
      const r = validateExceptionInput(item, { defaultName: () => `exception-${i}` });
      if (!r.ok) return r;
      const unknown = exceptionRuleProblems(
        r.value.rules,
        ruleInputs.map((rule) => rule.name),
      );
      return unknown.length > 0 ? { ok: false as const, problems: unknown } : r;
    },
    problems,
  );
  const cluster = validateCluster(raw.cluster, problems);
  if (problems.length > 0) {
    const n = problems.length;
    throw new CliProblem('Invalid rules file', `${fileName} has ${n} problem${n === 1 ? '' : 's'}`, problems);
  }
  return { ...withIds(ruleInputs, exceptionInputs), cluster, profiles: null };
}

/** Deterministic ids, version 1: reports and fingerprints are stable from run to run. */
function withIds(
  rules: Omit<RuleDefinition, 'id' | 'version'>[],
  exceptions: Omit<ExceptionDefinition, 'id'>[],
): Pick<OfflinePolicy, 'rules' | 'exceptions'> {
  return {
    rules: rules.map((r) => ({ ...r, id: `offline:${r.name}`, version: 1 })),
    exceptions: exceptions.map((e) => ({ ...e, id: `offline:${e.name}` })),
  };
}

/**
 * A policy bundle's files, merged and validated as the server validates an apply to an empty store (the bundle
 * is the whole policy offline): every problem at its file and line.
 */
function bundlePolicy(files: readonly BundleFile[], shown: string): OfflinePolicy {
  const merged = mergeBundleFiles(files, shown);
  const v = validateBundle(merged.bundle);
  if (!v.ok)
    throw bundleProblems(
      shown,
      v.problems.map((p) => locateInFiles(p, merged)),
    );
  return {
    ...withIds(v.value.rules, v.value.exceptions),
    cluster: null,
    profiles: new Map(v.value.clusters.map((c) => [c.name, contextFromProfile(c)])),
  };
}

/** `--rules`: a rules file, a policy bundle file (detected by its apiVersion or kind), or a bundle directory. */
export async function loadRulesFile(file: string, io: CliIo): Promise<OfflinePolicy> {
  const abs = path.resolve(io.cwd, file);
  let text: string;
  try {
    if ((await stat(abs)).isDirectory()) return bundlePolicy(await readBundleFiles([file], io), file);
    text = await readFile(abs, 'utf8');
  } catch (err) {
    if (err instanceof CliProblem) throw err;
    throw new CliProblem('Cannot read rules file', `${file}: ${(err as Error).message}`);
  }
  const bundle = readBundleText(text);
  if (bundle.ok && isPolicyBundle(bundle.value.raw)) return bundlePolicy([{ name: file, text: bundle.value }], file);
  return parseRulesFile(text, file);
}

/** A bundle's profile that --cluster names; none without --cluster, as online without it. */
function bundleCluster(profiles: Map<string, ClusterContext>, requested: string | null): OfflinePolicy['cluster'] {
  if (requested === null) return null;
  const context = profiles.get(requested);
  if (context !== undefined) return { name: requested, context };
  const names = [...profiles.keys()].map((n) => JSON.stringify(n));
  throw new CliProblem(
    'Invalid input',
    `cluster profile "${requested}" does not exist: ${names.length > 0 ? `the bundle defines ${names.join(', ')}` : 'the bundle has no clusters'}`,
    [{ path: 'cluster', message: `unknown cluster profile "${requested}"` }],
  );
}

/** The cluster an offline check runs for: the rules file's profile, which --cluster may only name. */
function targetCluster(policy: OfflinePolicy, requested: string | null): OfflinePolicy['cluster'] {
  if (policy.profiles !== null) return bundleCluster(policy.profiles, requested);
  if (requested === null) return policy.cluster;
  if (policy.cluster === null)
    throw new CliProblem(
      'Invalid input',
      `cluster profile "${requested}" does not exist: the rules file has no cluster`,
      [{ path: 'cluster', message: `unknown cluster profile "${requested}"` }],
    );
  if (policy.cluster.name !== null && policy.cluster.name !== requested)
    throw new CliProblem(
      'Invalid input',
      `cluster profile "${requested}" does not exist: the rules file defines "${policy.cluster.name}"`,
      [{ path: 'cluster', message: `unknown cluster profile "${requested}"` }],
    );
  return { name: requested, context: policy.cluster.context };
}

/** The context checks the service makes (a namespace Kubernetes allows, admission plugins it knows). */
function refuseUnmatchableContext(context: ClusterContext & { namespace?: string }): void {
  const problems: DefinitionProblem[] = [];
  const namespace = context.namespace === undefined ? null : namespaceNameProblem(context.namespace);
  if (namespace) problems.push({ path: 'context.namespace', message: namespace });
  (context.admissionPlugins ?? []).forEach((name, i) => {
    const problem = admissionPluginProblem(name);
    if (problem) problems.push({ path: `context.admissionPlugins[${i}]`, message: problem });
  });
  if (problems.length > 0)
    throw new CliProblem('Invalid input', problems.map((p) => `${p.path}: ${p.message}`).join('; '), problems);
}

/**
 * The server's evaluation, in-process: profile facts, then the explicit context over them (as the server
 * merges them), the same pipeline (#policy evaluate) and the same response shape (`id: null`).
 */
export function offlineEvaluator(policy: OfflinePolicy, opts: CheckOptions) {
  refuseUnmatchableContext(opts.context);
  const set = compileRuleSet(policy.rules, policy.exceptions);
  const cluster = targetCluster(policy, opts.cluster);
  const context: ClusterContext = { ...(cluster?.context ?? {}), ...opts.context };

  async function evaluate(manifests: string): Promise<EvaluationResponse> {
    try {
      const result = evaluateManifestsWith(manifests, {
        ruleSet: set,
        context,
        cluster: cluster?.name ?? null,
        now: new Date(),
      });
      return { id: null, ...result };
    } catch (err) {
      if (!(err instanceof KubeletVersionError)) throw err;
      const path = opts.context.kubeletVersion !== undefined ? 'context.kubeletVersion' : 'cluster.kubeletVersion';
      throw new CliProblem('Invalid input', err.message, [{ path, message: err.message }]);
    }
  }
  return { evaluate };
}
