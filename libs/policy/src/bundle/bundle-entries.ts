import type { ClusterInput } from '../validate-cluster.js';
import type { ExceptionInput } from '../validate-exception.js';
import type { RuleInput } from '../validate-rule.js';
import { BUNDLE_API_VERSION, BUNDLE_KIND, type BundleEntries, type BundleEntry, type PolicyBundle } from './bundle.js';

// Canonical entries: the validated values (defaults filled, dates as UTC ISO text) with a fixed field order,
// nested keys sorted and empty values left out. Two spellings of one meaning give the same entry, so plans compare
// entries as text, and an export is the same bytes whenever the policy is the same.

const RULE_FIELDS = ['name', 'description', 'kind', 'params', 'match', 'exclude', 'enforcement', 'severity', 'enabled'];
const EXCEPTION_FIELDS = ['name', 'rules', 'match', 'justification', 'owner', 'ticket', 'expiresAt'];
const CLUSTER_FIELDS = [
  'name',
  'labels',
  'admissionPlugins',
  'kubeletVersion',
  'credentialVerificationPolicy',
  'verificationAllowlist',
  'preloadedImages',
  'podTemplatePaths',
];

/** Object keys sorted at every depth; arrays keep their order (it is meaningful: rules, plugins, paths). */
function sortedKeys(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(sortedKeys);
  if (v instanceof Date) return v.toISOString();
  if (v !== null && typeof v === 'object')
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sortedKeys((v as Record<string, unknown>)[k])]),
    );
  return v;
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  return typeof v === 'object' && !(v instanceof Date) && Object.keys(v).length === 0;
}

function entry(value: Record<string, unknown>, fields: readonly string[]): BundleEntry {
  const out: Record<string, unknown> = {};
  for (const f of fields) if (!isEmpty(value[f])) out[f] = sortedKeys(value[f]);
  return out as BundleEntry;
}

export function ruleEntry(v: RuleInput): BundleEntry {
  return entry(v as unknown as Record<string, unknown>, RULE_FIELDS);
}

export function exceptionEntry(v: ExceptionInput): BundleEntry {
  return entry(v as unknown as Record<string, unknown>, EXCEPTION_FIELDS);
}

export function clusterEntry(v: ClusterInput): BundleEntry {
  return entry(v as unknown as Record<string, unknown>, CLUSTER_FIELDS);
}

/** Two entries mean the same. */
export function sameEntry(a: BundleEntry, b: BundleEntry): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Entries sorted by name (code-point order, as the database's C collation and git diffs expect). */
export function byName<T extends { name: string }>(entries: readonly T[]): T[] {
  return [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

/** The bundle document for entries: lists sorted by name, `metadata.policyVersion` when known. */
export function policyBundle(entries: BundleEntries, policyVersion: number | null): PolicyBundle {
  return {
    apiVersion: BUNDLE_API_VERSION,
    kind: BUNDLE_KIND,
    metadata: policyVersion === null ? {} : { policyVersion },
    rules: byName(entries.rules),
    exceptions: byName(entries.exceptions),
    clusters: byName(entries.clusters),
  };
}
