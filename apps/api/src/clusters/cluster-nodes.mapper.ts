import type { Prisma } from '#db';
import {
  DEFAULT_NODE_STATUS_MAX_IMAGES,
  type InventoryError,
  type InventoryNode,
  type NodeImage,
  type NodeTaint,
} from '#k8s';
import { AppError, type ProblemLocation } from '../common/errors/app-error.js';

/** Inventory errors listed in a problem; its detail says how many there were. */
const MAX_LISTED_ERRORS = 100;

/** The columns of a stored node (ClusterNode) that make an InventoryNode. */
export const NODE_COLUMNS = {
  name: true,
  labels: true,
  taints: true,
  unschedulable: true,
  kubeletVersion: true,
  images: true,
} as const satisfies Prisma.ClusterNodeSelect;

type NodeRow = Prisma.ClusterNodeGetPayload<{ select: typeof NODE_COLUMNS }>;

/** A node as `GET /v1/clusters/{id}/nodes` lists it. */
export interface ClusterNodeResponse {
  name: string;
  kubeletVersion: string;
  labels: Record<string, string>;
  taints: NodeTaint[];
  unschedulable: boolean;
  images: NodeImage[];
  /** The node lists nodeStatusMaxImages (50) images or more: the kubelet may have left some out. */
  imagesTruncated: boolean;
}

/** `PUT /v1/clusters/{id}/nodes`'s answer (and GraphQL's replaceClusterNodes). */
export interface NodeInventorySummary {
  /** Nodes stored. */
  nodes: number;
  /** status.images entries stored, over all nodes. */
  images: number;
  /** Nodes whose image list is at the nodeStatusMaxImages cap. */
  truncatedNodes: number;
  /** When the inventory was stored (ISO 8601). */
  observedAt: string;
}

export function imagesTruncated(node: InventoryNode): boolean {
  return node.images.length >= DEFAULT_NODE_STATUS_MAX_IMAGES;
}

// The JSON columns are written only from InventoryNode values (cluster-nodes.service.ts), so they read back as such.
export function toInventoryNode(row: NodeRow): InventoryNode {
  return {
    name: row.name,
    labels: row.labels as Record<string, string>,
    taints: row.taints as unknown as NodeTaint[],
    unschedulable: row.unschedulable,
    kubeletVersion: row.kubeletVersion,
    images: row.images as unknown as NodeImage[],
  };
}

export function toClusterNodeResponse(node: InventoryNode): ClusterNodeResponse {
  return {
    name: node.name,
    kubeletVersion: node.kubeletVersion,
    labels: node.labels,
    taints: node.taints,
    unschedulable: node.unschedulable,
    images: node.images,
    imagesTruncated: imagesTruncated(node),
  };
}

/** Every node of a profile's stored inventory, in inventory order ([] when it has none). */
export async function readClusterNodes(client: Prisma.TransactionClient, clusterId: string): Promise<InventoryNode[]> {
  const rows = await client.clusterNode.findMany({
    where: { clusterId },
    orderBy: { position: 'asc' },
    select: NODE_COLUMNS,
  });
  return rows.map(toInventoryNode);
}

/** The 400 of an inventory that is not stored: each problem with its path (`items[3].spec.taints[0].effect`) and line. */
export function invalidInventory(errors: Pick<InventoryError, 'path' | 'line' | 'message'>[]): AppError {
  const listed = errors.slice(0, MAX_LISTED_ERRORS);
  const shown = listed.slice(0, 3).map((e) => (e.line === null ? e.message : `${e.message} (line ${e.line})`));
  const count =
    errors.length === 1
      ? ''
      : ` (${errors.length} problems${errors.length > listed.length ? `, the first ${listed.length} listed` : ''})`;
  return AppError.invalid(
    `The node inventory is not valid${count}: ${shown.join('; ')}${errors.length > 3 ? '; …' : ''}. Nothing was stored.`,
    listed.map((e): ProblemLocation => ({ path: e.path, line: e.line, message: e.message })),
  );
}
