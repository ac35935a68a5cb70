// Cluster profiles and node inventories as clusters-api.ts's GraphQL queries answer them (apps/api/schema.gql):
// GraphQL shapes, so written here; test/console-graphql.spec.ts checks the queries against the schema.

export interface ClusterProfile {
  id: string;
  name: string;
  labels: Record<string, string>;
  admissionPlugins: string[];
  /** Kubelet minor version (`1.34`); null: the newest modelled. */
  kubeletVersion: string | null;
  credentialVerificationPolicy: string | null;
  verificationAllowlist: string[];
  preloadedImages: string[];
  podTemplatePaths: { apiVersion: string; kind: string; path: string }[];
  version: number;
  createdAt: string;
  createdBy: string | null;
  updatedAt: string;
  updatedBy: string | null;
  /** What the stored inventory holds and when it was uploaded; null when none was. The nodes are read per profile. */
  nodeInventory: { nodes: number; images: number; truncatedNodes: number; observedAt: string } | null;
}

interface NodeTaint {
  key: string;
  value: string;
  effect: string;
}

/** What the summary reads of every node: no image names, so a 5,000-node inventory stays a few MB. */
export interface NodeFacts {
  name: string;
  /** As the node reports it (`v1.34.2-eks-b9a1f2c`); '' when absent. */
  kubeletVersion: string;
  unschedulable: boolean;
  /** The node lists nodeStatusMaxImages (50) images or more: the kubelet may have left some out. */
  imagesTruncated: boolean;
  taints: NodeTaint[];
  images: { sizeBytes: number }[];
}

export interface ClusterNode extends Omit<NodeFacts, 'images'> {
  labels: Record<string, string>;
  images: { names: string[]; sizeBytes: number }[];
}

export interface Connection<T> {
  totalCount: number;
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
  nodes: T[];
}
