/** GET /v1/clusters items, the fields the playground shows (apps/api/openapi.json, ClusterProfile). */
export interface ClusterProfile {
  id: string;
  name: string;
  admissionPlugins: string[];
  kubeletVersion: string | null;
  credentialVerificationPolicy: string | null;
  preloadedImages: string[];
}

export interface ClusterProfileList {
  items: ClusterProfile[];
  nextCursor: string | null;
  totalCount: number;
}
