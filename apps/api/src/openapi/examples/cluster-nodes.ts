// Node inventories: what `kubectl get nodes -o json` prints (two nodes, shortened to a few of their fields), and
// what the service answers for it, computed with the reader and the mappers the service uses.
import { stringify } from 'yaml';
import { readNodeInventory } from '#k8s';
import { toProblem } from '../../common/errors/problem-details.js';
import { invalidInventory, toClusterNodeResponse } from '../../clusters/cluster-nodes.mapper.js';
import { EXAMPLE_REQUEST_ID } from './inputs.js';

const PAUSE = {
  names: [
    'registry.k8s.io/pause@sha256:7031c1b283388d2c2e09b57badb803c05ebed362dc88d84b480cc47f72a21097',
    'registry.k8s.io/pause:3.10',
  ],
  sizeBytes: 320368,
};

const node = (name: string, zone: string, extra: { taints?: unknown[]; images: unknown[] }) => ({
  apiVersion: 'v1',
  kind: 'Node',
  metadata: {
    creationTimestamp: '2026-11-02T17:41:55Z',
    labels: {
      'kubernetes.io/arch': 'amd64',
      'kubernetes.io/hostname': name,
      'kubernetes.io/os': 'linux',
      'node.kubernetes.io/instance-type': 'm5.large',
      'topology.kubernetes.io/zone': zone,
    },
    name,
    resourceVersion: '5116760',
    uid: '7aae6630-e38e-4575-8cbf-44570b880ab5',
  },
  spec: { providerID: `aws:///${zone}/i-0a1b2c3d4e5f60718`, ...(extra.taints ? { taints: extra.taints } : {}) },
  status: {
    images: extra.images,
    nodeInfo: {
      architecture: 'amd64',
      containerRuntimeVersion: 'containerd://2.1.4',
      kubeletVersion: 'v1.34.2-eks-b9a1f2c',
      operatingSystem: 'linux',
    },
  },
});

/** `kubectl get nodes -o json` of a two-node cluster, with most fields left out. */
export const NODE_LIST = {
  apiVersion: 'v1',
  items: [
    node('ip-10-0-12-34.eu-west-1.compute.internal', 'eu-west-1a', {
      images: [
        {
          names: [
            'acme.example/shop/api@sha256:1492ccba66751baa08816c2e7f5f39353cfd021f87314c98b9b2f54308bd8e83',
            'acme.example/shop/api:2.0.0',
          ],
          sizeBytes: 480000000,
        },
        PAUSE,
      ],
    }),
    node('ip-10-0-40-7.eu-west-1.compute.internal', 'eu-west-1b', {
      taints: [{ key: 'dedicated', value: 'gpu', effect: 'NoSchedule' }],
      images: [PAUSE],
    }),
  ],
  kind: 'List',
  metadata: { resourceVersion: '' },
};

/** The same, as `kubectl get nodes -o yaml` prints it. */
export const NODE_LIST_YAML = stringify(NODE_LIST);

const read = readNodeInventory(JSON.stringify(NODE_LIST, null, 4));

export const NODE_INVENTORY_SUMMARY = {
  nodes: read.nodes.length,
  images: read.nodes.reduce((n, x) => n + x.images.length, 0),
  truncatedNodes: 0,
  observedAt: '2026-12-07T09:30:00.000Z',
};

export const CLUSTER_NODE_PAGE = {
  items: read.nodes.map(toClusterNodeResponse),
  nextCursor: null,
  totalCount: 2,
  inventory: NODE_INVENTORY_SUMMARY,
};

/** The second node with a taint effect Kubernetes does not have, as kubectl would print it (4-space indents). */
export const INVALID_NODE_LIST = JSON.stringify(
  {
    ...NODE_LIST,
    items: [NODE_LIST.items[0], { ...NODE_LIST.items[1], spec: { taints: [{ key: 'dedicated', effect: 'NoPods' }] } }],
  },
  null,
  4,
);

/** What `PUT /v1/clusters/{id}/nodes` answers for INVALID_NODE_LIST. */
export function invalidNodeListProblem(instance: string) {
  const error = invalidInventory(readNodeInventory(INVALID_NODE_LIST).errors);
  return { ...toProblem(error.code, error.message, error.errors), instance, requestId: EXAMPLE_REQUEST_ID };
}
