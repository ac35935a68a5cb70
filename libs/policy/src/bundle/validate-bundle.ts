import { exceptionRuleProblems } from '../exception-references.js';
import type { DefinitionProblem } from '../rule-types.js';
import { validateClusterInput, type ClusterInput } from '../validate-cluster.js';
import { validateExceptionInput, type ExceptionInput } from '../validate-exception.js';
import { validateRuleInput, type RuleInput } from '../validate-rule.js';
import { BUNDLE_API_VERSION, BUNDLE_KIND, BUNDLE_LISTS } from './bundle.js';

export interface ValidBundle {
  /** `metadata.policyVersion` as written (an export carries the version it was taken at). */
  policyVersion: number | null;
  rules: RuleInput[];
  exceptions: ExceptionInput[];
  clusters: ClusterInput[];
}

export interface BundleValidationOptions {
  /** How many days ahead a `rules: ["*"]` exception may expire (the server's configured maximum). */
  maxWildcardDays?: number;
  /** Rules outside the bundle that exceptions may name: the stored rules a plan without prune keeps. */
  keptRules?: readonly string[];
  now?: Date;
}

type Result<T> = { ok: true; value: T } | { ok: false; problems: DefinitionProblem[] };

const TOP_LEVEL = ['$schema', 'apiVersion', 'kind', 'metadata', ...BUNDLE_LISTS];

/** `rules[3]` + `params.tags` → `rules[3].params.tags`. */
export function prefixProblems(base: string, problems: readonly DefinitionProblem[]): DefinitionProblem[] {
  return problems.map((p) => ({
    ...p,
    path: p.path === '' ? base : p.path.startsWith('[') ? `${base}${p.path}` : `${base}.${p.path}`,
  }));
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/**
 * Validates each entry of a list with the validator the API uses for its create body; a name used twice is a
 * problem at the second entry naming the first (names are the keys: the store holds one object per name).
 */
export function validateNamedList<T extends { name: string }>(
  raw: unknown,
  key: string,
  validate: (item: unknown, index: number) => Result<T>,
  problems: DefinitionProblem[],
): T[] {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) {
    problems.push({ path: key, message: 'must be a list' });
    return [];
  }
  const out: T[] = [];
  const names = new Map<string, number>();
  raw.forEach((item, i) => {
    const r = validate(item, i);
    if (!r.ok) return problems.push(...prefixProblems(`${key}[${i}]`, r.problems));
    const first = names.get(r.value.name);
    if (first !== undefined)
      return problems.push({
        path: `${key}[${i}].name`,
        message: `"${r.value.name}" is already used by ${key}[${first}]: names are keys, each may appear once`,
      });
    names.set(r.value.name, i);
    out.push(r.value);
  });
  return out;
}

function envelopeProblems(raw: Record<string, unknown>): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const key of Object.keys(raw))
    if (!TOP_LEVEL.includes(key))
      problems.push({ path: key, message: `unknown field "${key}"; allowed fields: ${TOP_LEVEL.join(', ')}` });
  if (raw.apiVersion !== BUNDLE_API_VERSION)
    problems.push({ path: 'apiVersion', message: `must be "${BUNDLE_API_VERSION}"` });
  if (raw.kind !== BUNDLE_KIND) problems.push({ path: 'kind', message: `must be "${BUNDLE_KIND}"` });
  if (raw.$schema !== undefined && typeof raw.$schema !== 'string')
    problems.push({ path: '$schema', message: 'must be a string (the JSON Schema editors complete from)' });
  if (raw.metadata !== undefined && raw.metadata !== null) {
    if (!isObject(raw.metadata)) problems.push({ path: 'metadata', message: 'must be an object' });
    else
      for (const [key, value] of Object.entries(raw.metadata)) {
        if (key !== 'policyVersion')
          problems.push({ path: `metadata.${key}`, message: `unknown field "${key}"; allowed fields: policyVersion` });
        else if (!Number.isSafeInteger(value) || (value as number) < 0)
          problems.push({ path: 'metadata.policyVersion', message: 'must be a non-negative integer' });
      }
  }
  return problems;
}

/** True when a parsed document declares itself a policy bundle (the offline rules file is the other format). */
export function isPolicyBundle(raw: unknown): boolean {
  return isObject(raw) && (raw.kind === BUNDLE_KIND || raw.apiVersion === BUNDLE_API_VERSION);
}

/**
 * Validates a parsed bundle with the API's own validators. Every problem names its path (`rules[3].params.tags`);
 * an exception may name the bundle's rules and `keptRules`. A missing list is an empty one.
 */
export function validateBundle(raw: unknown, opts: BundleValidationOptions = {}): Result<ValidBundle> {
  if (!isObject(raw))
    return {
      ok: false,
      problems: [{ path: '', message: `must be an object: apiVersion: ${BUNDLE_API_VERSION}, kind: ${BUNDLE_KIND}` }],
    };
  const problems = envelopeProblems(raw);
  const rules = validateNamedList(raw.rules, 'rules', validateRuleInput, problems);
  const nameable = [...new Set([...rules.map((r) => r.name), ...(opts.keptRules ?? [])])];
  const exceptions = validateNamedList(
    raw.exceptions,
    'exceptions',
    (item) => {
      const r = validateExceptionInput(item, { maxWildcardDays: opts.maxWildcardDays, now: opts.now });
      if (!r.ok) return r;
      const unknown = exceptionRuleProblems(r.value.rules, nameable);
      return unknown.length > 0 ? { ok: false, problems: unknown } : r;
    },
    problems,
  );
  const clusters = validateNamedList(raw.clusters, 'clusters', validateClusterInput, problems);
  if (problems.length > 0) return { ok: false, problems };
  const metadata = isObject(raw.metadata) ? raw.metadata : {};
  const policyVersion = typeof metadata.policyVersion === 'number' ? metadata.policyVersion : null;
  return { ok: true, value: { policyVersion, rules, exceptions, clusters } };
}
