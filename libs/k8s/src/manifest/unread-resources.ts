import type { YAMLMap } from 'yaml';
import { isBuiltinGroup } from './builtin-kinds.js';
import { apiGroup, apiVersionOf } from './custom-resource-kinds.js';
import { quietName } from './extract-workload.js';
import { imageFieldPaths } from './image-fields.js';
import type { UnreadResource } from './manifest-types.js';
import type { CustomResourcePaths } from './read-custom-resource.js';
import type { ReadContext, TypeMeta } from './read-context.js';

/**
 * Kubernetes' own groups that define request and response types but no stored objects, so the served-groups
 * data (builtin-kinds.ts) does not list them: staging/src/k8s.io/api/{admission,apidiscovery,imagepolicy}.
 */
const REVIEW_ONLY_GROUPS: ReadonlySet<string> = new Set([
  'admission.k8s.io',
  'apidiscovery.k8s.io',
  'imagepolicy.k8s.io',
]);

/**
 * True for an apiVersion a CustomResourceDefinition can serve: its group has a dot (apiextensions validation,
 * ValidateCustomResourceDefinitionSpec: "should be a domain with at least one dot") and is not Kubernetes' own.
 */
function isCustomResourceVersion(apiVersion: string | null): boolean {
  if (apiVersion === null) return false;
  const group = apiGroup(apiVersion);
  return !isBuiltinGroup(group) && !REVIEW_ONLY_GROUPS.has(group);
}

/** A custom resource the engine did not read, when it holds image-like fields; else null. */
export function unreadResource(
  object: YAMLMap,
  prefix: string,
  ctx: ReadContext,
  { kind, apiVersion }: TypeMeta,
  paths: CustomResourcePaths,
): UnreadResource | null {
  if (!isCustomResourceVersion(apiVersion)) return null;
  const imagePaths = imageFieldPaths(object, prefix, ctx);
  if (imagePaths.length === 0) return null;
  const versions = paths.tableVersions(kind, apiVersion);
  const how = "name its pod specs in the cluster profile's podTemplatePaths to have them evaluated";
  const reason =
    versions.length > 0
      ? `pullwise reads ${kind} (${apiGroup(apiVersion!)}) at ${versions.join(', ')}, not ${apiVersionOf(apiVersion!)}: its images were not checked; ${how}`
      : `${kind} (${apiVersion}) is a custom resource whose pod specs pullwise does not know: its images were not checked; ${how}`;
  return { document: ctx.document, apiVersion, kind, name: quietName(object, ctx), reason, imagePaths };
}
