export { IMAGE_PRESENCES } from './fleet-types.js';
export type {
  Eligibility,
  FleetNodePrediction,
  ImagePresence,
  InventoryNode,
  NodeImage,
  NodeSelectorRequirement,
  NodeSelectorTerm,
  NodeTaint,
  PodScheduling,
  Toleration,
} from './fleet-types.js';
export { nodeEligibility } from './eligibility.js';
export {
  affinityNodeNames,
  nodeSelectorTermsMatch,
  unmatchedNodeSelector,
  type SelectableNode,
} from './node-affinity.js';
export {
  TAINT_NODE_UNSCHEDULABLE,
  daemonSetTolerations,
  findUntoleratedTaint,
  formatTaint,
  toleratesTaint,
  tolerationsTolerateTaint,
  withDaemonSetTolerations,
  type TolerationOptions,
} from './tolerations.js';
export type { FleetGroup, FleetSummary, SlotFleet } from './fleet-types.js';
export {
  INVENTORY_ERROR_CODES,
  readNodeInventory,
  type InventoryError,
  type InventoryErrorCode,
  type ReadInventory,
  type ReadInventoryOptions,
} from './read-node-inventory.js';
export {
  DEFAULT_NODE_STATUS_MAX_IMAGES,
  MAX_NAMES_PER_IMAGE_IN_NODE_STATUS,
  ListedNameCache,
  imageLookup,
  imagePresence,
  indexNodeImages,
  type ImageIndexOptions,
  type ImageLookup,
  type NodeImageIndex,
} from './image-presence.js';
export {
  FLEET_GROUP_SAMPLE,
  predictFleet,
  prepareInventory,
  type FleetPrediction,
  type FleetSlotInput,
  type NodeKubelet,
  type PreparedInventory,
  type PreparedNode,
  type PrepareInventoryOptions,
} from './predict-fleet.js';
