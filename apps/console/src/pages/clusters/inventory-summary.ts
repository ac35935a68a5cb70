import type { NodeFacts } from './types';

export interface InventorySummary {
  nodes: number;
  cordoned: number;
  /** status.images entries over all nodes. */
  images: number;
  minImages: number;
  maxImages: number;
  bytes: number;
  /** Nodes per reported kubelet version, most nodes first. */
  kubelets: { version: string; nodes: number }[];
  truncated: string[];
}

/** The inventory in numbers, as a platform engineer asks about it: how many, which kubelets, which lists are cut. */
export function summarize(nodes: NodeFacts[]): InventorySummary {
  const kubelets = new Map<string, number>();
  let images = 0;
  let bytes = 0;
  for (const n of nodes) {
    kubelets.set(n.kubeletVersion, (kubelets.get(n.kubeletVersion) ?? 0) + 1);
    images += n.images.length;
    for (const i of n.images) bytes += i.sizeBytes;
  }
  const counts = nodes.map((n) => n.images.length);
  return {
    nodes: nodes.length,
    cordoned: nodes.filter((n) => n.unschedulable).length,
    images,
    minImages: counts.length ? Math.min(...counts) : 0,
    maxImages: counts.length ? Math.max(...counts) : 0,
    bytes,
    kubelets: [...kubelets]
      .map(([version, count]) => ({ version, nodes: count }))
      .sort((a, b) => b.nodes - a.nodes || a.version.localeCompare(b.version, undefined, { numeric: true })),
    truncated: nodes.filter((n) => n.imagesTruncated).map((n) => n.name),
  };
}

const bytesFormat = new Intl.NumberFormat(undefined, { maximumFractionDigits: 1 });

/** 480000000 → "480 MB" (decimal units, as registries and `crictl images` print sizes). */
export function formatBytes(n: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) {
    n /= 1000;
    i++;
  }
  return `${bytesFormat.format(n)} ${units[i]}`;
}
