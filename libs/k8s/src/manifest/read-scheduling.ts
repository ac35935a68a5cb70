import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import type { NodeSelectorRequirement, NodeSelectorTerm, PodScheduling, Toleration } from '../fleet/fleet-types.js';
import { withDaemonSetTolerations } from '../fleet/tolerations.js';
import type { TypeMeta } from './read-context.js';
import { workloadKind } from './workload-kinds.js';
import type { NodeReader, ValueNode } from './yaml-nodes.js';

/*
 * What the scheduler reads of a pod spec to place the pod (fleet/eligibility.ts judges it), field by field as
 * Kubernetes decodes it: YAML null is the Go zero value, as JSON null is. Read leniently: nothing is reported
 * here (strict-fields.ts and api-server-refusals.ts report malformed fields, which make the API server refuse
 * the object). A field of the wrong type is ignored, as if absent; inside a list, an item of the wrong type is
 * left out or made unmatchable, whichever admits fewer nodes.
 */

/** A pod spec that constrains nothing: every node is a candidate. Shared, so frozen. */
export const NO_SCHEDULING_CONSTRAINTS: PodScheduling = Object.freeze({
  nodeName: null,
  nodeSelector: Object.freeze({}),
  requiredNodeAffinity: null,
  tolerations: frozen<Toleration>([]),
});

function frozen<T>(items: T[]): T[] {
  Object.freeze(items);
  return items;
}

/**
 * The scheduling facts of the pod spec `spec` (null when the object has none) of an object of type `typeMeta`.
 * A DaemonSet's pods also get the tolerations its controller adds (fleet/tolerations.ts withDaemonSetTolerations).
 */
export function readScheduling(spec: YAMLMap | null, reader: NodeReader, typeMeta: TypeMeta): PodScheduling {
  const tolerations = spec ? readTolerations(reader.field(spec, 'tolerations'), reader) : [];
  const scheduling: PodScheduling = {
    nodeName: spec ? text(reader.field(spec, 'nodeName')) || null : null,
    nodeSelector: spec ? readStringMap(reader.field(spec, 'nodeSelector'), reader) : {},
    requiredNodeAffinity: spec ? readRequiredNodeAffinity(spec, reader) : null,
    tolerations,
  };
  if (isDaemonSet(typeMeta)) {
    const hostNetwork = spec ? reader.field(spec, 'hostNetwork') : null;
    scheduling.tolerations = withDaemonSetTolerations(tolerations, isScalar(hostNetwork) && hostNetwork.value === true);
  }
  return scheduling;
}

/** The built-in DaemonSet (workload-kinds.ts; not a custom resource of that name): its controller adds tolerations. */
function isDaemonSet({ kind, apiVersion }: TypeMeta): boolean {
  return kind === 'DaemonSet' && workloadKind(kind, apiVersion) !== null;
}

/** A string field: '' for null (Go's zero value), undefined for any other type. */
function text(node: ValueNode | null): string | undefined {
  if (node === null) return '';
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/**
 * A map[string]string such as spec.nodeSelector. Number and boolean keys are strings after sigs.k8s.io/yaml's
 * YAMLToJSON; an entry whose value is not a string is left out.
 */
function readStringMap(node: ValueNode | null, reader: NodeReader): Record<string, string> {
  if (!isMap(node)) return {};
  const entries: Array<[string, string]> = [];
  for (const [key, valueNode] of reader.entries(node)) {
    const value = text(valueNode);
    const scalarKey = typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean';
    if (scalarKey && value !== undefined) entries.push([String(key), value]);
  }
  // fromEntries defines own properties, so a key named `__proto__` stays a key.
  return Object.fromEntries(entries);
}

/**
 * spec.tolerations. A toleration that is not a mapping, or has a field of the wrong type, is left out: read as
 * the zero Toleration (or with that field '') it could tolerate taints the spec never meant to.
 */
function readTolerations(node: ValueNode | null, reader: NodeReader): Toleration[] {
  if (!isSeq(node)) return [];
  const tolerations: Toleration[] = [];
  for (const item of node.items) {
    const toleration = reader.resolve(item);
    if (!isMap(toleration)) continue;
    const key = text(reader.field(toleration, 'key'));
    const operator = text(reader.field(toleration, 'operator'));
    const value = text(reader.field(toleration, 'value'));
    const effect = text(reader.field(toleration, 'effect'));
    if (key === undefined || operator === undefined || value === undefined || effect === undefined) continue;
    tolerations.push({ key, operator, value, effect });
  }
  return tolerations;
}

/**
 * spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms; null when there is
 * no required node affinity. A present NodeSelector without terms is an empty list, which matches no node.
 */
function readRequiredNodeAffinity(spec: YAMLMap, reader: NodeReader): NodeSelectorTerm[] | null {
  const affinity = reader.field(spec, 'affinity');
  const nodeAffinity = isMap(affinity) ? reader.field(affinity, 'nodeAffinity') : null;
  const required = isMap(nodeAffinity)
    ? reader.field(nodeAffinity, 'requiredDuringSchedulingIgnoredDuringExecution')
    : null;
  if (!isMap(required)) return null;
  const terms = reader.field(required, 'nodeSelectorTerms');
  if (!isSeq(terms)) return [];
  const result: NodeSelectorTerm[] = [];
  for (const item of terms.items) {
    const term = reader.resolve(item);
    // A null term is the zero NodeSelectorTerm (it matches nothing); a term of another type is left out, which
    // can only drop a way to match (terms are ORed).
    if (term === null) result.push({ matchExpressions: [], matchFields: [] });
    else if (isMap(term)) {
      result.push({
        matchExpressions: readRequirements(reader.field(term, 'matchExpressions'), reader),
        matchFields: readRequirements(reader.field(term, 'matchFields'), reader),
      });
    }
  }
  return result;
}

/**
 * A requirement list. A requirement that is not a mapping, or has a field of the wrong type, becomes one that
 * does not parse (operator ''): its term then matches nothing, where leaving it out would widen the term.
 */
function readRequirements(node: ValueNode | null, reader: NodeReader): NodeSelectorRequirement[] {
  if (!isSeq(node)) return [];
  return node.items.map((item) => {
    const requirement = reader.resolve(item);
    if (!isMap(requirement)) return UNPARSABLE;
    const key = text(reader.field(requirement, 'key'));
    const operator = text(reader.field(requirement, 'operator'));
    const values = readValues(reader.field(requirement, 'values'), reader);
    if (key === undefined || operator === undefined || values === undefined) return UNPARSABLE;
    return { key, operator, values };
  });
}

function readValues(node: ValueNode | null, reader: NodeReader): string[] | undefined {
  if (node === null) return [];
  if (!isSeq(node)) return undefined;
  const values: string[] = [];
  for (const item of node.items) {
    const value = text(reader.resolve(item));
    if (value === undefined) return undefined;
    values.push(value);
  }
  return values;
}

const UNPARSABLE: NodeSelectorRequirement = Object.freeze({ key: '', operator: '', values: frozen<string>([]) });
