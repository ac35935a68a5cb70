import { isMap, type YAMLMap } from 'yaml';
import { childPath, indexPath, joinPath } from './field-path.js';
import type { SkippedObject, Workload } from './manifest-types.js';
import type { ReadContext, TypeMeta } from './read-context.js';
import { extractSlots } from './extract-slots.js';
import { readScheduling } from './read-scheduling.js';
import { workloadKind } from './workload-kinds.js';
import { stringValue } from './yaml-nodes.js';

/** Name shown when an object has neither metadata.name nor metadata.generateName. */
const UNNAMED = '<unnamed>';

/**
 * Reads one Kubernetes object (a document root or a List item) whose kind and apiVersion readTypeMeta has
 * read. `prefix` is '' or `items[i]`. Returns a workload, or a skipped entry for kinds without a pod spec.
 */
export function readObject(
  object: YAMLMap,
  prefix: string,
  ctx: ReadContext,
  { kind, apiVersion }: TypeMeta,
): Workload | SkippedObject {
  const shape = workloadKind(kind, apiVersion);
  if (shape === null) return { document: ctx.document, kind, name: quietName(object, ctx) };

  // Walk to the pod spec; a missing level means no pod spec (no slots), a wrong type is an error.
  let template: YAMLMap | null = object;
  let templatePath = prefix;
  const templateDepth = shape.podSpecPath.length - 1;
  for (let i = 0; i < templateDepth && template; i++) {
    const field = shape.podSpecPath[i]!;
    template = ctx.map(template, field, templatePath);
    templatePath = childPath(templatePath, field);
  }
  const podSpecPath = joinPath(prefix, shape.podSpecPath.join('.'));
  const spec = template ? ctx.map(template, 'spec', templatePath) : null;
  return podSpecWorkload(
    object,
    prefix,
    ctx,
    { kind, apiVersion },
    { template, templatePath, spec, podSpecPath },
    kind === 'Pod',
  );
}

/** Where a pod spec sits: the mapping that holds it as `spec` (the pod template, or the Pod), and the spec. */
export interface PodSpecLocation {
  template: YAMLMap | null;
  templatePath: string;
  spec: YAMLMap | null;
  podSpecPath: string;
}

/**
 * The workload of one pod spec. Labels: for a Pod its own, else the pod template's (the mapping that holds the
 * spec; for a custom resource whose pod spec is its own `spec`, that is the object itself).
 */
export function podSpecWorkload(
  object: YAMLMap,
  prefix: string,
  ctx: ReadContext,
  { kind, apiVersion }: TypeMeta,
  { template, templatePath, spec, podSpecPath }: PodSpecLocation,
  isPod: boolean,
): Workload {
  const header = objectHeader(object, prefix, ctx, { kind, apiVersion });
  let labels = header.objectLabels;
  if (!isPod && template !== object) {
    const podMetadata = template ? ctx.map(template, 'metadata', templatePath) : null;
    labels = podMetadata ? readLabels(podMetadata, childPath(templatePath, 'metadata'), ctx) : {};
  }

  return {
    ...header,
    labels,
    isPod,
    podSpecPath,
    imagePullSecretsPath: childPath(podSpecPath, 'imagePullSecrets'),
    imagePullSecrets: spec ? readPullSecrets(spec, podSpecPath, ctx) : [],
    serviceAccountName: spec ? readServiceAccount(spec, podSpecPath, ctx) : null,
    scheduling: readScheduling(spec, ctx.reader, { kind, apiVersion }),
    slots: spec ? extractSlots(spec, podSpecPath, ctx) : [],
  };
}

/** What every workload says about the object it comes from: identity, position and its own labels. */
export function objectHeader(
  object: YAMLMap,
  prefix: string,
  ctx: ReadContext,
  { kind, apiVersion }: TypeMeta,
): Pick<Workload, 'document' | 'apiVersion' | 'kind' | 'name' | 'namespace' | 'line' | 'objectLabels'> {
  const metadataPath = childPath(prefix, 'metadata');
  const metadata = ctx.map(object, 'metadata', prefix);
  // Labels first: problems are reported in the order the fields were read before this was shared.
  const objectLabels = metadata ? readLabels(metadata, metadataPath, ctx) : {};
  return {
    document: ctx.document,
    apiVersion: apiVersion ?? '',
    kind,
    name: metadata ? readName(metadata, metadataPath, ctx) : UNNAMED,
    namespace: metadata ? ctx.string(metadata, 'namespace', metadataPath).value : null,
    line: ctx.start(object).line,
    objectLabels,
  };
}

/** metadata.name, else metadata.generateName (the API server appends a random suffix), else UNNAMED. */
function readName(metadata: YAMLMap, path: string, ctx: ReadContext): string {
  return ctx.string(metadata, 'name', path).value ?? ctx.string(metadata, 'generateName', path).value ?? UNNAMED;
}

/** The name of an object we skip, read without reporting shape errors in objects we do not evaluate. */
export function quietName(object: YAMLMap, ctx: ReadContext): string | null {
  const metadata = ctx.reader.field(object, 'metadata');
  if (!isMap(metadata)) return null;
  return stringValue(ctx.reader.field(metadata, 'name')) ?? stringValue(ctx.reader.field(metadata, 'generateName'));
}

function readLabels(metadata: YAMLMap, metadataPath: string, ctx: ReadContext): Record<string, string> {
  const labels = ctx.map(metadata, 'labels', metadataPath);
  if (!labels) return {};
  const path = childPath(metadataPath, 'labels');
  const entries: Array<[string, string]> = [];
  for (const [key, valueNode] of ctx.reader.entries(labels)) {
    // sigs.k8s.io/yaml (YAMLToJSON) turns number and boolean keys into strings; other keys cannot be labels.
    const scalarKey = typeof key === 'string' || typeof key === 'number' || typeof key === 'boolean';
    const value = stringValue(valueNode);
    if (!scalarKey) ctx.report('wrong-type', path, labels, `${path} has a key that is not a string`);
    else if (value === null) ctx.mismatch(`${path}[${String(key)}]`, valueNode, 'a string');
    else entries.push([String(key), value]);
  }
  // fromEntries defines own properties, so a label named `__proto__` stays a label.
  return Object.fromEntries(entries);
}

/** spec.imagePullSecrets: a list of LocalObjectReference { name }. */
export function readPullSecrets(spec: YAMLMap, specPath: string, ctx: ReadContext): string[] {
  const list = ctx.list(spec, 'imagePullSecrets', specPath);
  if (!list) return [];
  const listPath = childPath(specPath, 'imagePullSecrets');
  const names: string[] = [];
  list.items.forEach((item, i) => {
    const path = indexPath(listPath, i);
    const reference = ctx.reader.resolve(item);
    if (!isMap(reference)) ctx.mismatch(path, reference, 'a mapping ({ name: … })');
    else {
      const name = ctx.string(reference, 'name', path).value;
      if (name !== null) names.push(name);
    }
  });
  return names;
}

/**
 * spec.serviceAccountName, falling back to the deprecated spec.serviceAccount as the API server does
 * (pkg/apis/core/v1/conversion.go, Convert_v1_PodSpec_To_core_PodSpec: DeprecatedServiceAccount is used
 * when ServiceAccountName is empty).
 */
export function readServiceAccount(spec: YAMLMap, specPath: string, ctx: ReadContext): string | null {
  const name = ctx.string(spec, 'serviceAccountName', specPath).value;
  if (name) return name;
  return ctx.string(spec, 'serviceAccount', specPath).value ?? name;
}
