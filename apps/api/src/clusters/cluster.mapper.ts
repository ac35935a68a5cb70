import type { ClusterProfile } from '#db';
import type { CredentialVerificationPolicy, PodTemplatePath } from '#k8s';
import type { ClusterProfileDefinition } from '../snapshot/policy-snapshot.js';

export interface ClusterResponse extends ClusterProfileDefinition {
  createdAt: string;
  updatedAt: string;
  createdBy: string | null;
  updatedBy: string | null;
}

export function toClusterDefinition(c: ClusterProfile): ClusterProfileDefinition {
  return {
    id: c.id,
    name: c.name,
    labels: (c.labels ?? {}) as Record<string, string>,
    admissionPlugins: c.admissionPlugins,
    kubeletVersion: c.kubeletVersion,
    credentialVerificationPolicy: c.credentialVerificationPolicy as CredentialVerificationPolicy | null,
    verificationAllowlist: c.verificationAllowlist,
    preloadedImages: c.preloadedImages,
    // Written only through validateClusterInput (the column's type is Json).
    podTemplatePaths: (c.podTemplatePaths ?? []) as unknown as PodTemplatePath[],
    version: c.version,
  };
}

export function toClusterResponse(c: ClusterProfile): ClusterResponse {
  return {
    ...toClusterDefinition(c),
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    createdBy: c.createdBy,
    updatedBy: c.updatedBy,
  };
}
