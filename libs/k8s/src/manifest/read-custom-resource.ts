import type { YAMLMap } from 'yaml';
import type { PodTemplatePath, SlotType } from '../types.js';
import { apiGroup, apiVersionOf, customResourceKinds, type CustomResourceKind } from './custom-resource-kinds.js';
import { containerSlot } from './extract-slots.js';
import { objectHeader, podSpecWorkload, readPullSecrets, readServiceAccount } from './extract-workload.js';
import { childPath, joinPath } from './field-path.js';
import { formatFieldPattern, matchFieldPattern, parseFieldPattern, type FieldPattern } from './field-pattern.js';
import type { ManifestError, RawSlot, Workload } from './manifest-types.js';
import { podTemplatePathProblems } from './pod-template-paths.js';
import type { ReadContext, TypeMeta } from './read-context.js';
import { NO_SCHEDULING_CONSTRAINTS } from './read-scheduling.js';

/** How to read one custom resource: the table's paths for its group, kind and version, plus a profile's. */
export interface CustomReadPlan {
  podSpecs: FieldPattern[];
  containers: CustomResourceKind['containers'];
  podFields: FieldPattern | null;
}

/** The table and a cluster profile's podTemplatePaths, looked up per object. */
export class CustomResourcePaths {
  /** Profile pod spec patterns by `apiVersion` + ' ' + `kind`. */
  private readonly profile = new Map<string, FieldPattern[]>();

  /**
   * Entries that do not validate (the service validates profiles before they get here) are reported once, as
   * errors without a document, and ignored.
   */
  constructor(podTemplatePaths: readonly PodTemplatePath[] = [], errors: ManifestError[] = []) {
    podTemplatePaths.forEach((entry, i) => {
      const problems = podTemplatePathProblems(entry);
      const parsed = parseFieldPattern(entry.path);
      if (problems.length > 0 || 'error' in parsed) {
        for (const p of problems)
          errors.push({
            code: 'invalid-pod-template-path',
            document: null,
            path: `podTemplatePaths[${i}].${p.field}`,
            line: null,
            column: null,
            message: `cluster profile podTemplatePaths[${i}].${p.field}: ${p.message}`,
          });
        return;
      }
      const key = `${entry.apiVersion} ${entry.kind}`;
      const list = this.profile.get(key) ?? [];
      if (!list.some((p) => formatFieldPattern(p) === formatFieldPattern(parsed.pattern))) list.push(parsed.pattern);
      this.profile.set(key, list);
    });
  }

  /** Null when neither the table (for this version) nor the profile says where this object's pods are. */
  plan(kind: string, apiVersion: string | null): CustomReadPlan | null {
    if (apiVersion === null || !apiVersion.includes('/')) return null;
    const version = apiVersionOf(apiVersion);
    const rows = customResourceKinds(kind, apiGroup(apiVersion)).filter((k) => k.versions.includes(version));
    const extra = this.profile.get(`${apiVersion} ${kind}`) ?? [];
    if (rows.length === 0 && extra.length === 0) return null;
    const podSpecs = [...rows.flatMap((r) => r.podSpecs)];
    for (const p of extra) if (!podSpecs.some((q) => formatFieldPattern(q) === formatFieldPattern(p))) podSpecs.push(p);
    return {
      podSpecs,
      containers: rows.flatMap((r) => r.containers),
      podFields: rows.find((r) => r.podFields !== null)?.podFields ?? null,
    };
  }

  /** The versions the table reads this group and kind at (for explaining why another version is skipped). */
  tableVersions(kind: string, apiVersion: string | null): string[] {
    if (apiVersion === null) return [];
    return customResourceKinds(kind, apiGroup(apiVersion)).flatMap((k) => k.versions);
  }
}

/**
 * The workloads of a custom resource: one per pod spec found (each read exactly like a built-in's), and one
 * holding all containers found at container paths (an Argo Workflow's templates, a Tekton Task's steps). An
 * object where none is found is still one workload, with no slots (a Rollout that uses workloadRef).
 * Never a Pod: admission plugins mutate the Pods its controller creates.
 */
export function readCustomResource(
  object: YAMLMap,
  prefix: string,
  ctx: ReadContext,
  typeMeta: TypeMeta,
  plan: CustomReadPlan,
): Workload[] {
  const workloads: Workload[] = [];
  for (const pattern of plan.podSpecs) {
    for (const match of matchFieldPattern(object, prefix, pattern, ctx)) {
      const location = {
        template: match.parent,
        templatePath: match.parentPath,
        spec: match.node,
        podSpecPath: match.path,
      };
      workloads.push(podSpecWorkload(object, prefix, ctx, typeMeta, location, false));
    }
  }
  if (plan.containers.length > 0 || workloads.length === 0)
    workloads.push(containerWorkload(object, prefix, ctx, typeMeta, plan));
  return workloads;
}

/** Containers at container paths, in document order, with the object's pod-level fields. */
function containerWorkload(
  object: YAMLMap,
  prefix: string,
  ctx: ReadContext,
  typeMeta: TypeMeta,
  plan: CustomReadPlan,
): Workload {
  const header = objectHeader(object, prefix, ctx, typeMeta);
  const podFields = plan.podFields ? matchFieldPattern(object, prefix, plan.podFields, ctx)[0] : undefined;

  // Container paths share their first fields (spec.templates[*]): a wrong shape there is reported once.
  const errorsBefore = ctx.errors.length;
  const found: Array<{ node: YAMLMap; path: string; type: SlotType; offset: number }> = [];
  for (const { pattern, type, unlessField } of plan.containers) {
    for (const match of matchFieldPattern(object, prefix, pattern, ctx)) {
      // A Tekton step with `ref` runs the referenced StepAction's image, not one of its own.
      if (unlessField !== undefined && ctx.reader.field(match.node, unlessField) !== null) continue;
      found.push({ node: match.node, path: match.path, type, offset: match.node.range?.[0] ?? 0 });
    }
  }
  dropRepeatedErrors(ctx.errors, errorsBefore);
  found.sort((a, b) => a.offset - b.offset);
  const slots: RawSlot[] = found.map(({ node, path, type }) => {
    ctx.takeSlot(path, node);
    return containerSlot(node, path, type, ctx);
  });

  const podSpecPath =
    podFields?.path ?? joinPath(prefix, formatFieldPattern(plan.podSpecs[0] ?? [{ field: 'spec', each: false }]));
  return {
    ...header,
    labels: header.objectLabels,
    isPod: false,
    podSpecPath,
    imagePullSecretsPath: podFields ? childPath(podFields.path, 'imagePullSecrets') : null,
    imagePullSecrets: podFields ? readPullSecrets(podFields.node, podFields.path, ctx) : [],
    serviceAccountName: podFields ? readServiceAccount(podFields.node, podFields.path, ctx) : null,
    scheduling: NO_SCHEDULING_CONSTRAINTS,
    slots,
  };
}

/** Removes, from `errors[from…]`, entries equal to an earlier one of that range. */
function dropRepeatedErrors(errors: ManifestError[], from: number): void {
  const seen = new Set<string>();
  let kept = from;
  for (let i = from; i < errors.length; i++) {
    const e = errors[i]!;
    const key = `${e.path}\u0000${e.line}\u0000${e.column}\u0000${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    errors[kept++] = e;
  }
  errors.length = kept;
}
