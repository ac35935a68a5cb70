import { keepPreviousData, useQuery } from '@tanstack/preact-query';
import type { Api } from '../../api/use-api';
import { useApi } from '../../api/use-api';
import type { ClusterNode, ClusterProfile, Connection, NodeFacts } from './types';

const PROFILE = `id name labels admissionPlugins kubeletVersion credentialVerificationPolicy verificationAllowlist
  preloadedImages podTemplatePaths { apiVersion kind path } version createdAt createdBy updatedAt updatedBy
  nodeInventory { nodes images truncatedNodes observedAt }`;

const CLUSTERS = `query Clusters($after: String) {
  clusters(first: 100, after: $after) { pageInfo { endCursor hasNextPage } nodes { ${PROFILE} } }
}`;

const PAGE = 'totalCount pageInfo { endCursor hasNextPage }';
const NODE_FACTS = `query NodeFacts($id: ID!, $after: String) {
  cluster(id: $id) { nodes(first: 500, after: $after) { ${PAGE}
    nodes { name kubeletVersion unschedulable imagesTruncated taints { key value effect } images { sizeBytes } } } }
}`;
const NODE_PAGE = `query NodePage($id: ID!, $first: Int!, $after: String) {
  cluster(id: $id) { nodes(first: $first, after: $after) { ${PAGE}
    nodes { name kubeletVersion labels unschedulable imagesTruncated taints { key value effect } images { names sizeBytes } } } }
}`;

/** Every page of a connection, following the cursor. */
async function everyPage<T>(fetchPage: (after: string | null) => Promise<Connection<T>>): Promise<T[]> {
  const all: T[] = [];
  let after: string | null = null;
  do {
    const page: Connection<T> = await fetchPage(after);
    all.push(...page.nodes);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
  return all;
}

export function useClusterProfiles() {
  const api = useApi();
  return useQuery({
    queryKey: ['clusters'],
    queryFn: () =>
      everyPage(
        async (after) => (await api.graphql<{ clusters: Connection<ClusterProfile> }>(CLUSTERS, { after })).clusters,
      ),
  });
}

const nodesOf = async <T>(api: Api, query: string, variables: Record<string, unknown>) =>
  (await api.graphql<{ cluster: { nodes: Connection<T> } }>(query, variables)).cluster.nodes;

/** The facts of every node of the inventory, for the counts (kubelet versions, images, truncated nodes). */
export function useNodeFacts(clusterId: string) {
  const api = useApi();
  return useQuery({
    queryKey: ['clusters', clusterId, 'node-facts'],
    queryFn: () => everyPage((after) => nodesOf<NodeFacts>(api, NODE_FACTS, { id: clusterId, after })),
  });
}

/** One page of nodes with their images, for the node table. */
export function useNodePage(clusterId: string, after: string | null, first: number, enabled: boolean) {
  const api = useApi();
  return useQuery({
    queryKey: ['clusters', clusterId, 'nodes', after, first],
    queryFn: () => nodesOf<ClusterNode>(api, NODE_PAGE, { id: clusterId, first, after }),
    enabled,
    placeholderData: keepPreviousData,
  });
}
