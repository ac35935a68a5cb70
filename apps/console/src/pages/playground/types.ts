import type { ApiSchemas } from '../../api/api-schemas.generated';

/** GET /v1/clusters items, the fields the playground shows. */
export type ClusterProfile = Pick<
  ApiSchemas['ClusterProfile'],
  'id' | 'name' | 'admissionPlugins' | 'kubeletVersion' | 'credentialVerificationPolicy' | 'preloadedImages'
>;

export type ClusterProfileList = ApiSchemas['ClusterProfileList'];
