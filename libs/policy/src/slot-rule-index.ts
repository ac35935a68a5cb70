import type { SlotImage } from '#k8s';
import { slashPrefixes } from './image-pattern.js';
import type { WorkloadSubject } from './match-spec.js';

/** What the index needs of a compiled rule (compile.ts CompiledRule). */
export interface IndexedRule {
  order: number;
  scope: {
    match: { imageIndexKeys(): string[] | null };
    appliesToWorkload(w: WorkloadSubject): boolean;
  };
}

/**
 * The rules of one (cluster, namespace, kind), split by what their `match.images` allow: rules whose every image
 * pattern starts with a literal `registry/…/` are filed under those prefixes and met only by slots whose image
 * has one of them; the rest (no image patterns, or patterns such as `*:latest`) are `general`. An organisation's
 * many "this team's registry path" rules then cost a few map lookups per slot instead of a glob test each.
 */
export class SlotRuleIndex<R extends IndexedRule> {
  readonly general: R[] = [];
  private readonly byPrefix = new Map<string, R[]>();

  constructor(rules: readonly R[]) {
    for (const rule of rules) {
      const keys = rule.scope.match.imageIndexKeys();
      if (keys === null) {
        this.general.push(rule);
        continue;
      }
      for (const key of keys) {
        const list = this.byPrefix.get(key);
        if (list) list.push(rule);
        else this.byPrefix.set(key, [rule]);
      }
    }
  }

  get hasIndexed(): boolean {
    return this.byPrefix.size > 0;
  }

  /** Indexed rules whose image prefixes the image has (their globs are still to be tested), in no order. */
  hits(image: SlotImage): R[] {
    if (this.byPrefix.size === 0) return [];
    let out: R[] | null = null;
    let seen: Set<R> | null = null;
    for (const prefix of slashPrefixes(image)) {
      const list = this.byPrefix.get(prefix);
      if (!list) continue;
      if (out === null) {
        out = [...list];
        continue;
      }
      seen ??= new Set(out);
      for (const r of list) {
        if (seen.has(r)) continue;
        seen.add(r);
        out.push(r);
      }
    }
    return out ?? [];
  }
}

/** The rules one workload can meet: `general` already decided for the workload, the indexed ones per slot. */
export class WorkloadRules<R extends IndexedRule> {
  constructor(
    private readonly subject: WorkloadSubject,
    private readonly general: readonly R[],
    private readonly index: SlotRuleIndex<R>,
  ) {}

  /** No rule can apply to any slot of the workload. */
  get isEmpty(): boolean {
    return this.general.length === 0 && !this.index.hasIndexed;
  }

  /** Candidate rules for a slot with this image, in rule order (slot types and image globs still to test). */
  forImage(image: SlotImage): readonly R[] {
    const hits = this.index.hits(image).filter((r) => r.scope.appliesToWorkload(this.subject));
    if (hits.length === 0) return this.general;
    return [...this.general, ...hits].sort((a, b) => a.order - b.order);
  }
}
