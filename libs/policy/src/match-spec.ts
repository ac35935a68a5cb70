import type { SlotImage, SlotType } from '#k8s';
import { GlobList } from './glob.js';
import { ImagePatternList } from './image-pattern.js';
import { compileLabelSelector, type LabelMatcher } from './label-selector.js';
import type { MatchSpec } from './rule-types.js';

/**
 * Where a rule or exception applies (`match`) or does not (`exclude`).
 *
 * Every field is optional and an absent (or null) field matches everything; present fields are ANDed.
 * - clusters:   globs on the evaluation's cluster profile name. When the evaluation names no cluster, a spec
 *               with `clusters` does NOT match (a rule scoped to clusters applies only where they are named).
 * - namespaces: globs on the workload's namespace (metadata.namespace, else the context's, else `default`).
 * - kinds:      globs on the workload kind (`Deployment`, `CronJob`, `Pod`, ...), case-sensitive.
 * - labels:     a Kubernetes label selector over the labels of the pods the workload produces (label-selector.ts).
 * - images:     image patterns (image-pattern.ts) on the normalised reference, its registry host compared in the
 *               runtime's spelling (case, `:443` and Docker Hub's aliases do not matter).
 * - slots:      slot types (`container`, `initContainer`, `ephemeralContainer`, `imageVolume`).
 * Globs: glob.ts (`*` matches any run of characters, including `/`). A list that is present but empty matches
 * nothing (validation rejects it: omit the field instead).
 */

export interface WorkloadSubject {
  cluster: string | null;
  namespace: string;
  kind: string;
  labels: Readonly<Record<string, string>>;
}

export interface SlotSubject {
  image: SlotImage;
  type: SlotType;
}

export class CompiledMatch {
  readonly clusters: GlobList | null;
  readonly namespaces: GlobList | null;
  readonly kinds: GlobList | null;
  readonly slots: ReadonlySet<SlotType> | null;
  private readonly labels: LabelMatcher | null;
  private readonly images: ImagePatternList | null;

  constructor(readonly spec: MatchSpec | null | undefined) {
    const s = spec ?? {};
    this.clusters = s.clusters ? new GlobList(s.clusters) : null;
    this.namespaces = s.namespaces ? new GlobList(s.namespaces) : null;
    this.kinds = s.kinds ? new GlobList(s.kinds) : null;
    this.slots = s.slots ? new Set(s.slots) : null;
    this.labels = s.labels ? compileLabelSelector(s.labels) : null;
    this.images = s.images ? new ImagePatternList(s.images) : null;
  }

  /** True when no field constrains anything (matches every workload and slot). */
  get matchesAll(): boolean {
    return this.clusters === null && !this.hasWorkloadFields && !this.hasSlotFields;
  }

  /** Whether namespaces, kinds or labels are constrained. */
  get hasWorkloadFields(): boolean {
    return this.namespaces !== null || this.kinds !== null || this.labels !== null;
  }

  /** Whether images or slot types are constrained (must be decided per slot). */
  get hasSlotFields(): boolean {
    return this.images !== null || this.slots !== null;
  }

  matchesCluster(cluster: string | null): boolean {
    if (this.clusters === null) return true;
    return cluster !== null && this.clusters.matches(cluster);
  }

  /** Namespace, kind and labels (not the cluster). */
  matchesWorkload(w: WorkloadSubject): boolean {
    if (this.namespaces !== null && !this.namespaces.matches(w.namespace)) return false;
    if (this.kinds !== null && !this.kinds.matches(w.kind)) return false;
    return this.labels === null || this.labels(w.labels);
  }

  matchesLabels(labels: Readonly<Record<string, string>>): boolean {
    return this.labels === null || this.labels(labels);
  }

  /** Index keys of the image patterns (ImagePatternList.indexKeys); null when images are absent or unindexable. */
  imageIndexKeys(): string[] | null {
    return this.images === null ? null : this.images.indexKeys();
  }

  matchesSlot(s: SlotSubject): boolean {
    if (this.slots !== null && !this.slots.has(s.type)) return false;
    return this.images === null || this.images.matches(s.image);
  }

  matches(w: WorkloadSubject, s: SlotSubject): boolean {
    return this.matchesCluster(w.cluster) && this.matchesWorkload(w) && this.matchesSlot(s);
  }
}

export function compileMatchSpec(spec: MatchSpec | null | undefined): CompiledMatch {
  return new CompiledMatch(spec);
}

/**
 * A match together with its exclude: applies when `match` matches and `exclude` does not (exclude wins).
 * An absent exclude excludes nothing.
 */
export class Scope {
  readonly match: CompiledMatch;
  readonly exclude: CompiledMatch | null;
  constructor(match: MatchSpec | null | undefined, exclude: MatchSpec | null | undefined) {
    this.match = compileMatchSpec(match);
    this.exclude = exclude ? compileMatchSpec(exclude) : null;
  }

  /** Decides what can be decided per workload: false = never applies to any slot of it. */
  appliesToWorkload(w: WorkloadSubject): boolean {
    if (!this.match.matchesCluster(w.cluster) || !this.match.matchesWorkload(w)) return false;
    // An exclude without slot fields is decided here for the whole workload.
    if (
      this.exclude !== null &&
      !this.exclude.hasSlotFields &&
      this.exclude.matchesCluster(w.cluster) &&
      this.exclude.matchesWorkload(w)
    ) {
      return false;
    }
    return true;
  }

  /** The per-slot part, for a workload that passed {@link appliesToWorkload}. */
  appliesToSlot(w: WorkloadSubject, s: SlotSubject): boolean {
    if (!this.match.matchesSlot(s)) return false;
    if (this.exclude !== null && this.exclude.hasSlotFields && this.exclude.matches(w, s)) return false;
    return true;
  }

  applies(w: WorkloadSubject, s: SlotSubject): boolean {
    return this.appliesToWorkload(w) && this.appliesToSlot(w, s);
  }
}
