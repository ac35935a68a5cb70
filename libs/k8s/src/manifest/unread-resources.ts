import type { YAMLMap } from 'yaml';
import { apiGroup, apiVersionOf } from './custom-resource-kinds.js';
import { quietName } from './extract-workload.js';
import { imageFieldPaths } from './image-fields.js';
import type { UnreadResource } from './manifest-types.js';
import type { CustomResourcePaths } from './read-custom-resource.js';
import type { ReadContext, TypeMeta } from './read-context.js';

/**
 * Kubernetes' own API groups that have a dot (the dotless ones, core, apps, batch, autoscaling, policy and
 * extensions, cannot be CRD groups at all): staging/src/k8s.io/api/<group>/*\/register.go (GroupName), plus
 * apiextensions.k8s.io (staging/src/k8s.io/apiextensions-apiserver) and apiregistration.k8s.io
 * (staging/src/k8s.io/kube-aggregator). Other `*.k8s.io` groups (gateway.networking.k8s.io,
 * snapshot.storage.k8s.io) are served by CRDs.
 */
const KUBERNETES_GROUPS: ReadonlySet<string> = new Set([
  'admission.k8s.io',
  'admissionregistration.k8s.io',
  'apidiscovery.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'imagepolicy.k8s.io',
  'internal.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
  'storagemigration.k8s.io',
]);

/**
 * True for an apiVersion a CustomResourceDefinition can serve: its group has a dot (apiextensions validation,
 * ValidateCustomResourceDefinitionSpec: "should be a domain with at least one dot") and is not Kubernetes' own.
 */
export function isCustomResourceVersion(apiVersion: string | null): boolean {
  if (apiVersion === null) return false;
  const group = apiGroup(apiVersion);
  return group.includes('.') && !KUBERNETES_GROUPS.has(group);
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
