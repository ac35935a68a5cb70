import { editDistance } from '../names.js';
import { BUILTIN_KINDS } from './builtin-api.generated.js';

export interface GroupVersion {
  group: string;
  version: string;
}

/**
 * `apps/v1` → { apps, v1 }, `v1` → { '', v1 }; anything else gets the API machinery's own error
 * (k8s.io/apimachinery/pkg/runtime/schema/group_version.go, ParseGroupVersion).
 */
export function parseApiVersion(apiVersion: string): GroupVersion | { error: string } {
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return { error: `unexpected GroupVersion string: ${apiVersion}` };
}

/**
 * Kubernetes' own groups: those kube-apiserver serves, and any group without a dot, which only Kubernetes can
 * have (`extensions`, whose last versions are gone): a CRD's group "should be a domain with at least one dot"
 * (k8s.io/apiextensions-apiserver/pkg/apis/apiextensions/validation/validation.go,
 * ValidateCustomResourceDefinitionSpec). Other groups belong to custom resources or aggregated APIs.
 */
export function isBuiltinGroup(group: string): boolean {
  return Object.hasOwn(BUILTIN_KINDS, group) || !group.includes('.');
}

function kindsOf({ group, version }: GroupVersion): readonly string[] {
  const versions = Object.hasOwn(BUILTIN_KINDS, group) ? BUILTIN_KINDS[group] : undefined;
  return versions && Object.hasOwn(versions, version) ? versions[version]! : [];
}

function formatApiVersion({ group, version }: GroupVersion): string {
  return group === '' ? version : `${group}/${version}`;
}

/** What to tell the user about a kind the API server does not map; the field to fix decides where it is reported. */
export interface UnmappedKind {
  message: string;
  field: 'kind' | 'apiVersion';
}

/**
 * The RESTMapper error kubectl prints for a built-in group version that has no such kind
 * (k8s.io/apimachinery/pkg/api/meta/errors.go, NoKindMatchError: `no matches for kind "K" in version "G/V"`),
 * with a suggestion; null when the kind is served, or when the group is not built in (custom resources are not
 * judged here).
 */
export function unmappedKind(kind: string, gv: GroupVersion): UnmappedKind | null {
  if (!isBuiltinGroup(gv.group)) return null;
  const served = kindsOf(gv);
  if (served.includes(kind)) return null;
  const base = `no matches for kind "${kind}" in version "${formatApiVersion(gv)}"`;
  const caseOnly = served.find((k) => k.toLowerCase() === kind.toLowerCase());
  if (caseOnly) return { message: `${base}: did you mean "${caseOnly}"? (kinds are case-sensitive)`, field: 'kind' };
  const elsewhere = servingVersions(kind);
  if (elsewhere.length > 0) {
    const where = elsewhere.map((v) => `"${formatApiVersion(v)}"`).join(' or ');
    return { message: `${base}: ${kind} is served in apiVersion ${where}`, field: 'apiVersion' };
  }
  const near = closest(kind, served);
  if (near) return { message: `${base}: did you mean "${near}"?`, field: 'kind' };
  const nearElsewhere = closestElsewhere(kind);
  if (nearElsewhere) {
    const { kind: k, gv: other } = nearElsewhere;
    return { message: `${base}: did you mean "${k}" (apiVersion "${formatApiVersion(other)}")?`, field: 'kind' };
  }
  return { message: base, field: 'kind' };
}

/** The most stable group version serving `kind` (empty when none does). */
function servingVersions(kind: string): GroupVersion[] {
  const out: GroupVersion[] = [];
  for (const [group, versions] of Object.entries(BUILTIN_KINDS)) {
    for (const [version, kinds] of Object.entries(versions)) {
      if (kinds.includes(kind)) out.push({ group, version });
    }
  }
  return out.sort((a, b) => stability(a.version) - stability(b.version)).slice(0, 1);
}

/** GA before beta before alpha, as kubectl's discovery prefers them. */
function stability(version: string): number {
  if (/^v\d+$/.test(version)) return 0;
  return version.includes('beta') ? 1 : 2;
}

function closestElsewhere(kind: string): { kind: string; gv: GroupVersion } | null {
  let best: { kind: string; gv: GroupVersion; distance: number } | null = null;
  for (const [group, versions] of Object.entries(BUILTIN_KINDS)) {
    for (const [version, kinds] of Object.entries(versions)) {
      for (const k of kinds) {
        const distance = kindDistance(kind, k);
        if (distance <= maxDistance(kind) && (best === null || distance < best.distance))
          best = { kind: k, gv: { group, version }, distance };
      }
    }
  }
  if (best === null) return null;
  const [gv] = servingVersions(best.kind);
  return { kind: best.kind, gv: gv ?? best.gv };
}

function closest(kind: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance = kindDistance(kind, candidate);
    if (distance <= maxDistance(kind) && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Typos worth suggesting for: one edit in short names, two in longer ones. */
function maxDistance(kind: string): number {
  return kind.length <= 4 ? 1 : 2;
}

function kindDistance(a: string, b: string): number {
  return editDistance(a.toLowerCase(), b.toLowerCase(), 2);
}
