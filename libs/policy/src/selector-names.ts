import { DNS1035_LABEL, DNS1123_LABEL, closestName, evaluatedKinds } from '#k8s';
import { compileGlob } from './glob.js';

/**
 * Selector values that can never match: a namespace that is not a DNS label, a kind that is not a Kind name or
 * that differs from an evaluated kind only in case, a cluster name no profile can have. Globs are judged by their
 * literal characters: `prod-*` is fine, `Prod-*` can match no namespace.
 */

// Namespace names are DNS-1123 labels (pkg/apis/core/validation/validation.go, ValidateNamespaceName).
const LABEL_MAX_LENGTH = 63;
// Cluster profile names (validate-cluster.ts).
const CLUSTER_NAME = /^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/;
const CLUSTER_NAME_MAX_LENGTH = 253;

/** A glob can match a name of this grammar when its literal characters are allowed and its ends can be. */
function globFits(pattern: string, chars: RegExp, ends: RegExp, maxLength: number): boolean {
  const literal = pattern.replaceAll('*', '');
  if (literal.length > maxLength || ![...literal].every((c) => chars.test(c))) return false;
  const first = pattern[0]!;
  const last = pattern[pattern.length - 1]!;
  return (first === '*' || ends.test(first)) && (last === '*' || ends.test(last));
}

function fitsLabel(pattern: string): boolean {
  return pattern.includes('*')
    ? globFits(pattern, /[-a-z0-9]/, /[a-z0-9]/, LABEL_MAX_LENGTH)
    : pattern.length <= LABEL_MAX_LENGTH && DNS1123_LABEL.test(pattern);
}

const NAMESPACE_RULE =
  'namespaces are RFC 1123 labels: at most 63 lowercase letters, digits and "-", starting and ending with a letter or digit';

/** Why a namespace name (evaluation context, query parameter) is not one Kubernetes allows, or null. */
export function namespaceNameProblem(name: string): string | null {
  if (!name.includes('*') && fitsLabel(name)) return null;
  return `${JSON.stringify(name)} is not a namespace name: ${NAMESPACE_RULE}${lowercaseHint(name.replaceAll('*', ''))}`;
}

function lowercaseHint(text: string): string {
  const lower = text.trim().toLowerCase();
  return lower !== text && fitsLabel(lower) ? `; did you mean ${JSON.stringify(lower)}?` : '';
}

/** Why a `namespaces` selector entry (a name or a glob) can never match, or null. */
export function namespacePatternProblem(pattern: string): string | null {
  return fitsLabel(pattern)
    ? null
    : `${JSON.stringify(pattern)} can match no namespace: ${NAMESPACE_RULE}${lowercaseHint(pattern)}`;
}

/** Why a `clusters` selector entry can never name a cluster profile, or null. */
export function clusterPatternProblem(pattern: string): string | null {
  const fits = pattern.includes('*')
    ? globFits(pattern, /[-.a-z0-9]/, /[a-z0-9]/, CLUSTER_NAME_MAX_LENGTH)
    : pattern.length <= CLUSTER_NAME_MAX_LENGTH && CLUSTER_NAME.test(pattern);
  if (fits) return null;
  const lower = pattern.trim().toLowerCase();
  const hint = lower !== pattern ? `; did you mean ${JSON.stringify(lower)}?` : '';
  return `${JSON.stringify(pattern)} can match no cluster profile: profile names are lowercase letters, digits, "-" and "."${hint}`;
}

/**
 * Why a `kinds` selector entry can never match, or null. A CamelCase kind the engine does not evaluate by itself
 * stays allowed (a cluster profile may add custom resource kinds); what is refused cannot be a Kind at all, or
 * differs from an evaluated kind only in case (Kind names are case-sensitive: `deployment` matches nothing).
 */
export function kindPatternProblem(pattern: string, known: readonly string[] = evaluatedKinds()): string | null {
  const glob = pattern.includes('*');
  const fits = glob
    ? globFits(pattern, /[-A-Za-z0-9]/, /[A-Za-z0-9]/, LABEL_MAX_LENGTH) && !/^[-0-9]/.test(pattern)
    : pattern.length <= LABEL_MAX_LENGTH && DNS1035_LABEL.test(pattern.toLowerCase());
  if (!fits)
    return `${JSON.stringify(pattern)} cannot be a Kind: kinds are a single CamelCase word of letters, digits and "-" (e.g. "Deployment"), without apiVersion`;
  if (!glob) {
    if (known.includes(pattern)) return null;
    const sameLetters = closestName(pattern, known);
    if (sameLetters !== null && sameLetters.toLowerCase() === pattern.toLowerCase())
      return `${JSON.stringify(pattern)} matches no kind: kinds are case-sensitive; did you mean "${sameLetters}"?`;
    return null;
  }
  const exact = compileGlob(pattern);
  if (known.some((k) => exact.test(k))) return null;
  const folded = compileGlob(pattern.toLowerCase());
  const variants = known.filter((k) => folded.test(k.toLowerCase()));
  if (variants.length > 0 && /^[a-z]/.test(pattern))
    return `${JSON.stringify(pattern)} matches no kind: kinds are case-sensitive CamelCase; it would match ${variants.map((k) => `"${k}"`).join(', ')} written in that case`;
  return null;
}
