import { closestName } from '#k8s';

/**
 * kube-apiserver's admission plugin names, as `--enable-admission-plugins` accepts them (case-sensitive): the
 * PluginName constants listed in AllOrderedPlugins, pkg/kubeapiserver/options/plugins.go
 * (kubernetes/kubernetes@008b3652959ca58af8be3fb5b6ecfe9ae7638282). A profile naming anything else describes
 * an API server that would refuse to start, and a misspelt AlwaysPullImages would silently model a cluster
 * without it.
 */
export const ADMISSION_PLUGIN_NAMES: readonly string[] = [
  'AlwaysAdmit',
  'NamespaceAutoProvision',
  'NamespaceLifecycle',
  'NamespaceExists',
  'LimitPodHardAntiAffinityTopology',
  'LimitRanger',
  'ServiceAccount',
  'NodeRestriction',
  'TaintNodesByCondition',
  'AlwaysPullImages',
  'ImagePolicyWebhook',
  'PodSecurity',
  'PodNodeSelector',
  'Priority',
  'DefaultTolerationSeconds',
  'PodTolerationRestriction',
  'EventRateLimit',
  'ExtendedResourceToleration',
  'DefaultStorageClass',
  'StorageObjectInUseProtection',
  'PodGroupProtection',
  'OwnerReferencesPermissionEnforcement',
  'PersistentVolumeClaimResize',
  'RuntimeClass',
  'CertificateApproval',
  'CertificateSigning',
  'ClusterTrustBundleAttest',
  'CertificateSubjectRestriction',
  'DefaultIngressClass',
  'DenyServiceExternalIPs',
  'PodTopologyLabels',
  'PodGroupWorkloadExists',
  'NodeDeclaredFeatureValidator',
  'JobValidation',
  'PodResizeValidator',
  'MutatingAdmissionPolicy',
  'MutatingAdmissionWebhook',
  'ValidatingAdmissionPolicy',
  'ValidatingAdmissionWebhook',
  'ResourceQuota',
  'AlwaysDeny',
];

const KNOWN = new Set(ADMISSION_PLUGIN_NAMES);

/** Why `name` is not an admission plugin kube-apiserver knows, with the name it most likely meant; or null. */
export function admissionPluginProblem(name: string): string | null {
  if (KNOWN.has(name)) return null;
  const trimmed = name.trim();
  if (KNOWN.has(trimmed))
    return `${JSON.stringify(name)} has surrounding whitespace, which kube-apiserver does not strip: write "${trimmed}"`;
  const suggestion = closestName(trimmed, ADMISSION_PLUGIN_NAMES);
  const hint = suggestion
    ? `did you mean "${suggestion}"? (names are case-sensitive)`
    : 'see kube-apiserver --enable-admission-plugins for the names, e.g. "AlwaysPullImages"';
  return `${JSON.stringify(name)} is not a kube-apiserver admission plugin: ${hint}`;
}
