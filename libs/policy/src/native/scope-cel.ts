import { WORKLOAD_KINDS } from '#k8s';
import { GlobList } from '../glob.js';
import { compileMatchSpec } from '../match-spec.js';
import type { LabelSelector, MatchSpec } from '../rule-types.js';
import { globCel, imagePatternsCel } from './cel-globs.js';
import { celString, celStringList } from './cel-values.js';

/**
 * A pullwise MatchSpec (match-spec.ts) as CEL for an admission policy compiled for one cluster.
 *
 * - clusters: decided here, at compile time, against the cluster the export is for.
 * - namespaces: globs on `request.namespace` (the namespace the API server admits the object into; pullwise reads
 *   metadata.namespace, which the API server requires to agree with it: apiserver endpoints/handlers/rest.go).
 * - kinds: decided here against the built-in workload kinds; the CEL compares the admitted kind with the list.
 * - labels: the labels pullwise matches, which are NOT always the object's own (libs/k8s extract-workload.ts
 *   podSpecWorkload): a Pod's own labels, else the pod template's (`spec.template.metadata.labels`,
 *   `template.metadata.labels` for a PodTemplate, the job template's pod template for a CronJob). A binding's
 *   objectSelector would test the object's own labels, so labels are CEL on the template's (see podLabelsCel).
 * - images, slots: per slot `s` of `variables.slots` (cel-slots.ts).
 */

export interface ScopeCel {
  /** Whether the spec's clusters admit the cluster (match-spec.ts matchesCluster). */
  applies: boolean;
  /** CEL boolean over the workload (namespace, kind, labels), 'true' when unconstrained. */
  workload: string;
  /** CEL boolean over a slot `s`, 'true' when unconstrained. */
  slot: string;
}

/** Where the workload's kind and pod labels are read: inline in matchConditions (no variables there). */
export interface ScopeSubjects {
  kind: string;
  labels: string;
}

const O = 'dyn(object)';

/** The built-in workload kinds the kind globs match (GlobList on WORKLOAD_KINDS' names). */
export function kindsMatching(globs: readonly string[] | null | undefined): string[] {
  const kinds = Object.keys(WORKLOAD_KINDS);
  if (!globs) return kinds;
  const list = new GlobList(globs);
  return kinds.filter((k) => list.matches(k));
}

/** The value at `path` of the object, or `{}` when a level is missing. */
function mapAt(path: readonly string[]): string {
  const guards = path.map((_, i) => `has(${O}.${path.slice(0, i + 1).join('.')})`);
  return `(${guards.join(' && ')} ? ${O}.${path.join('.')} : {})`;
}

/** The labels pullwise matches selectors against (see the file comment), by `object.kind`. */
export function podLabelsCel(): string {
  const byPath = new Map<string, { path: string[]; kinds: string[] }>();
  for (const [kind, w] of Object.entries(WORKLOAD_KINDS)) {
    const path = [...w.podSpecPath.slice(0, -1), 'metadata', 'labels'];
    const entry = byPath.get(path.join('.')) ?? { path, kinds: [] };
    entry.kinds.push(kind);
    byPath.set(path.join('.'), entry);
  }
  return [...byPath.values()].reduceRight(
    (otherwise, { path, kinds }) => `(${O}.kind in ${celStringList(kinds)} ? ${mapAt(path)} : ${otherwise})`,
    '{}',
  );
}

/** label-selector.ts compileLabelSelector (apimachinery labels/selector.go Requirement.Matches) over `labels`. */
export function labelSelectorCel(selector: LabelSelector, labels: string): string {
  const has = (key: string) => `${celString(key)} in ${labels}`;
  const value = (key: string) => `${labels}[${celString(key)}]`;
  const parts = Object.entries(selector.matchLabels ?? {}).map(
    ([k, v]) => `(${has(k)} && ${value(k)} == ${celString(v)})`,
  );
  for (const req of selector.matchExpressions ?? []) {
    const values = celStringList(req.values ?? []);
    if (req.operator === 'In') parts.push(`(${has(req.key)} && ${value(req.key)} in ${values})`);
    else if (req.operator === 'NotIn') parts.push(`(!(${has(req.key)}) || !(${value(req.key)} in ${values}))`);
    else if (req.operator === 'Exists') parts.push(`(${has(req.key)})`);
    else if (req.operator === 'DoesNotExist') parts.push(`!(${has(req.key)})`);
    else parts.push('false');
  }
  return and(parts);
}

export function and(parts: readonly string[]): string {
  const kept = parts.filter((p) => p !== 'true');
  if (kept.includes('false')) return 'false';
  return kept.length === 0 ? 'true' : kept.map((p) => `(${p})`).join(' && ');
}

function or(parts: readonly string[]): string {
  return parts.includes('true') ? 'true' : parts.length === 0 ? 'false' : `(${parts.join(' || ')})`;
}

/** The spec for the cluster `cluster` (match-spec.ts CompiledMatch.matches). */
export function scopeCel(spec: MatchSpec | null | undefined, cluster: string, subjects: ScopeSubjects): ScopeCel {
  const s = spec ?? {};
  const workload: string[] = [];
  if (s.namespaces) workload.push(or(s.namespaces.map((g) => globCel(g, 'request.namespace'))));
  if (s.kinds) workload.push(`${subjects.kind} in ${celStringList(kindsMatching(s.kinds))}`);
  if (s.labels) workload.push(labelSelectorCel(s.labels, subjects.labels));
  const slot: string[] = [];
  if (s.slots) slot.push(`s.slot in ${celStringList(s.slots)}`);
  if (s.images) slot.push(imagePatternsCel(s.images, 's'));
  return { applies: compileMatchSpec(spec).matchesCluster(cluster), workload: and(workload), slot: and(slot) };
}
