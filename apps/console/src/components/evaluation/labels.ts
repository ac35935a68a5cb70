import type { NodeAction, SlotResult, Verdict } from './types';

/** The kubelet's action in words a person scans for: what happens to the registry and to the container. */
export const ACTION_LABEL: Record<NodeAction, string> = {
  pull: 'pulls',
  'use-local': 'uses cached copy',
  fail: 'fails',
};

/** Badge colour class per action: a failure is a deny-coloured badge, a reuse the ok colour. */
export const ACTION_BADGE: Record<NodeAction, string> = {
  pull: 'ev-pull',
  'use-local': 'ok',
  fail: 'fail',
};

export const SLOT_TYPE_LABEL: Record<SlotResult['type'], string> = {
  container: 'container',
  initContainer: 'init container',
  ephemeralContainer: 'ephemeral container',
  imageVolume: 'image volume',
};

export const VERDICT_LABEL: Record<Verdict, string> = {
  pass: 'Pass',
  warn: 'Warn',
  fail: 'Fail',
  error: 'Error',
};

/** The node states NodeBehaviour answers, in the order a reader compares them. */
export const NODE_STATES = [
  { key: 'imageAbsent', label: 'Image absent from the node' },
  { key: 'imagePresent', label: 'Image present on the node' },
  { key: 'imagePresentUnverified', label: 'Image present, pulled with other credentials' },
] as const;

export function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** A DOM id for a slot, stable for one result: document index and slot path. */
export function slotAnchor(document: number, path: string): string {
  return `ev-slot-${document}-${path.replace(/[^A-Za-z0-9]+/g, '-')}`;
}
