// Node inventories of cluster profiles: apps/api/src/clusters/cluster-nodes.mapper.ts (what is stored and listed) and
// libs/k8s/src/fleet/read-node-inventory.ts (what is read of the uploaded nodes).
import { DATE_TIME, type JsonSchema, schemaRef } from './json-schema.js';
import { pageOf } from './common.js';

const taint = {
  type: 'object',
  description: 'spec.taints[i].',
  required: ['key', 'value', 'effect'],
  properties: {
    key: { type: 'string', minLength: 1, examples: ['dedicated'] },
    value: { type: 'string', description: "'' when the taint has none.", examples: ['gpu'] },
    effect: { type: 'string', enum: ['NoSchedule', 'PreferNoSchedule', 'NoExecute'] },
  },
} as const satisfies JsonSchema;

const image = {
  type: 'object',
  description: "status.images[i]: the runtime's digests, then its tags, at most 5 names.",
  required: ['names', 'sizeBytes'],
  properties: {
    names: { type: 'array', items: { type: 'string' } },
    sizeBytes: { type: 'integer', minimum: 0 },
  },
} as const satisfies JsonSchema;

/** One `Node` as kubectl prints it: only the fields pullwise reads are described; every other field is ignored. */
export const Node = {
  type: 'object',
  description:
    'A core/v1 Node as `kubectl get nodes -o json` prints it. Read: `metadata.name`, `metadata.labels`, ' +
    '`spec.taints`, `spec.unschedulable`, `status.nodeInfo.kubeletVersion`, `status.images`; every other field is ' +
    'ignored (and not stored).',
  required: ['metadata'],
  properties: {
    apiVersion: { enum: ['v1', null] },
    kind: { const: 'Node', description: 'May be left out of the items of a NodeList.' },
    metadata: {
      type: 'object',
      required: ['name'],
      properties: {
        name: { type: 'string', minLength: 1 },
        labels: { type: 'object', additionalProperties: { type: 'string' } },
      },
    },
    spec: {
      type: 'object',
      properties: { taints: { type: 'array', items: taint }, unschedulable: { type: 'boolean' } },
    },
    status: {
      type: 'object',
      properties: {
        nodeInfo: { type: 'object', properties: { kubeletVersion: { type: 'string', examples: ['v1.34.2'] } } },
        images: { type: 'array', items: image },
      },
    },
  },
} as const satisfies JsonSchema;

export const NodeList = {
  type: 'object',
  description:
    "What `kubectl get nodes -o json` prints: a `List` (or the API's `NodeList`) of Nodes; one `Node` (`kubectl get " +
    'node <name> -o json`) is taken too.',
  required: ['kind'],
  properties: {
    apiVersion: { enum: ['v1', null], description: 'null (or absent) reads as v1, as in Kubernetes.' },
    kind: { type: 'string', enum: ['List', 'NodeList', 'Node'] },
    items: { type: ['array', 'null'], items: schemaRef('Node'), description: 'null (or absent): no nodes.' },
  },
} as const satisfies JsonSchema;

export const ClusterNode = {
  type: 'object',
  description: "A node of a cluster profile's inventory: what per-node predictions read of it.",
  required: ['name', 'kubeletVersion', 'labels', 'taints', 'unschedulable', 'images', 'imagesTruncated'],
  properties: {
    name: { type: 'string', description: 'metadata.name.' },
    kubeletVersion: { type: 'string', description: "status.nodeInfo.kubeletVersion as reported; '' when absent." },
    labels: { type: 'object', additionalProperties: { type: 'string' }, description: 'metadata.labels.' },
    taints: { type: 'array', items: taint },
    unschedulable: { type: 'boolean', description: 'spec.unschedulable (cordoned).' },
    images: { type: 'array', items: image, description: 'status.images, in the order reported (largest first).' },
    imagesTruncated: {
      type: 'boolean',
      description: 'The node lists nodeStatusMaxImages (50) images or more: the kubelet may have left some out.',
    },
  },
} as const satisfies JsonSchema;

export const ClusterNodeInventorySummary = {
  type: 'object',
  description: 'What replacing a node inventory stored.',
  required: ['nodes', 'images', 'truncatedNodes', 'observedAt'],
  properties: {
    nodes: { type: 'integer', minimum: 0, description: 'Nodes stored.' },
    images: { type: 'integer', minimum: 0, description: 'status.images entries stored, over all nodes.' },
    truncatedNodes: {
      type: 'integer',
      minimum: 0,
      description: 'Nodes whose image list is at the nodeStatusMaxImages (50) cap.',
    },
    observedAt: { ...DATE_TIME, description: 'When the inventory was stored.' },
  },
} as const satisfies JsonSchema;

/** A page of nodes, and the inventory they belong to (its upload time and totals, for readers of the page). */
const nodePage = pageOf('ClusterNode', 'in inventory order') as {
  required: string[];
  properties: Record<string, JsonSchema>;
} & JsonSchema;
export const ClusterNodeList = {
  ...nodePage,
  required: [...nodePage.required, 'inventory'],
  properties: {
    ...nodePage.properties,
    inventory: {
      oneOf: [schemaRef('ClusterNodeInventorySummary'), { type: 'null' }],
      description: 'What the stored inventory holds and when it was uploaded; null when none was.',
    },
  },
} satisfies JsonSchema;
