import type { NodeSelectorRequirement, NodeSelectorTerm } from './fleet-types.js';
import { parseInt64 } from './int64.js';

/*
 * nodeSelector and required node affinity, ported from Kubernetes:
 * - staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity.go (GetRequiredNodeAffinity,
 *   RequiredNodeAffinity.Match, LazyErrorNodeSelector, nodeSelectorRequirementsAsSelector and
 *   nodeSelectorRequirementsAsFieldSelector);
 * - staging/src/k8s.io/apimachinery/pkg/labels/selector.go (NewRequirement's checks, Requirement.Matches,
 *   SelectorFromSet);
 * - staging/src/k8s.io/apimachinery/pkg/fields/selector.go (hasTerm / notHasTerm).
 * The scheduler and the kubelet ignore parse errors there "for backwards compatibility": a term that does not
 * parse simply matches no node, and so does it here.
 */

/** What a node offers to node selection: metadata.name and metadata.labels. */
export interface SelectableNode {
  name: string;
  labels: Readonly<Record<string, string>>;
}

/**
 * The first nodeSelector entry (in key order, as labels.SelectorFromSet sorts its requirements) the node's labels
 * do not satisfy, or null when all do. Each entry requires the label with exactly that value; nothing is validated.
 */
export function unmatchedNodeSelector(
  nodeSelector: Readonly<Record<string, string>>,
  labels: Readonly<Record<string, string>>,
): [key: string, value: string] | null {
  for (const key of Object.keys(nodeSelector).sort(compareStrings)) {
    const value = nodeSelector[key]!;
    if (!Object.hasOwn(labels, key) || labels[key] !== value) return [key, value];
  }
  return null;
}

/**
 * Required node affinity (`nodeSelectorTerms`): the terms are ORed, the requirements of one term ANDed. An empty
 * list matches nothing, and so does a term without requirements or one that does not parse.
 */
export function nodeSelectorTermsMatch(terms: readonly NodeSelectorTerm[], node: SelectableNode): boolean {
  return terms.some((term) => termMatches(term, node));
}

/**
 * The node names the scheduler narrows the candidates to before filtering (NodeAffinity PreFilter,
 * pkg/scheduler/framework/plugins/nodeaffinity/node_affinity.go): when every term has `matchFields` on
 * `metadata.name` with `In`, the union over the terms of the intersection within each term; null when some term
 * has none (then every node is a candidate). An empty set means the terms conflict and no node is.
 */
export function affinityNodeNames(terms: readonly NodeSelectorTerm[]): Set<string> | null {
  if (terms.length === 0) return null;
  const names = new Set<string>();
  for (const term of terms) {
    const named = term.matchFields.filter((r) => r.key === METADATA_NAME && r.operator === 'In');
    if (named.length === 0) return null;
    // The requirements are ANDed: the names every one of them lists.
    for (const n of named[0]!.values) {
      if (named.every((r) => r.values.includes(n))) names.add(n);
    }
  }
  return names;
}

/** metav1.ObjectNameField: the one field a node offers to matchFields (nodeaffinity.go extractNodeFields). */
const METADATA_NAME = 'metadata.name';

function termMatches(term: NodeSelectorTerm, node: SelectableNode): boolean {
  // isEmptyNodeSelectorTerm: a nil or empty term selects no objects.
  if (term.matchExpressions.length === 0 && term.matchFields.length === 0) return false;
  if (term.matchExpressions.length > 0) {
    if (!term.matchExpressions.every(isValidLabelRequirement)) return false;
    if (!term.matchExpressions.every((r) => labelRequirementMatches(r, node.labels))) return false;
  }
  if (term.matchFields.length > 0) {
    if (!term.matchFields.every(isValidFieldRequirement)) return false;
    // nodeSelectorTerm.match only applies matchFields when the node has fields, i.e. a name.
    if (node.name !== '' && !term.matchFields.every((r) => fieldRequirementMatches(r, node.name))) return false;
  }
  return true;
}

/** labels.NewRequirement's checks, which nodeSelectorRequirementsAsSelector turns into parse errors. */
function isValidLabelRequirement({ key, operator, values }: NodeSelectorRequirement): boolean {
  if (!isLabelKey(key)) return false;
  switch (operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) return false;
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length !== 0) return false;
      break;
    case 'Gt':
    case 'Lt':
      if (values.length !== 1 || parseInt64(values[0]!) === null) return false;
      break;
    default:
      return false;
  }
  return values.every(isLabelValue);
}

/** labels.Requirement.Matches: `NotIn` and `DoesNotExist` match a node without the label; `Gt`/`Lt` need it. */
function labelRequirementMatches(
  { key, operator, values }: NodeSelectorRequirement,
  labels: Readonly<Record<string, string>>,
): boolean {
  const has = Object.hasOwn(labels, key);
  const value = has ? labels[key]! : '';
  switch (operator) {
    case 'In':
      return has && values.includes(value);
    case 'NotIn':
      return !has || !values.includes(value);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      // A label value that is not an int64 fails the requirement (strconv.ParseInt, so `007` is 7).
      const actual = has ? parseInt64(value) : null;
      const bound = parseInt64(values[0]!);
      if (actual === null || bound === null) return false;
      return operator === 'Gt' ? actual > bound : actual < bound;
    }
    default:
      return false;
  }
}

/** nodeSelectorRequirementsAsFieldSelector: only `In` and `NotIn`, each with exactly one value; any key. */
function isValidFieldRequirement({ operator, values }: NodeSelectorRequirement): boolean {
  return (operator === 'In' || operator === 'NotIn') && values.length === 1;
}

/** fields.Set.Get yields '' for a field the node does not have (every field but metadata.name). */
function fieldRequirementMatches({ key, operator, values }: NodeSelectorRequirement, nodeName: string): boolean {
  const actual = key === METADATA_NAME ? nodeName : '';
  return operator === 'In' ? actual === values[0] : actual !== values[0];
}

/** Qualified-name label keys (content.IsLabelKey): `[prefix/]name`, prefix a DNS-1123 subdomain. */
function isLabelKey(key: string): boolean {
  const slash = key.indexOf('/');
  const name = slash < 0 ? key : key.slice(slash + 1);
  if (slash >= 0) {
    const prefix = key.slice(0, slash);
    if (name.includes('/') || prefix === '' || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix)) return false;
  }
  return name !== '' && name.length <= 63 && LABEL_NAME.test(name);
}

/** validation.IsValidLabelValue: empty, or at most 63 characters in the label-name alphabet. */
function isLabelValue(value: string): boolean {
  return value === '' || (value.length <= 63 && LABEL_NAME.test(value));
}

// k8s.io/apimachinery/pkg/util/validation/validation.go: qualifiedNameFmt and dns1123SubdomainFmt. Both are
// ASCII only, so JavaScript's length (UTF-16 units) equals Go's (bytes) for every value they accept.
const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** Go's sort.Strings order (bytewise); for the ASCII label keys it equals UTF-16 code unit order. */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
