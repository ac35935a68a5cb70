export {
  DEFAULT_KUBELET_VERSION,
  KubeletVersionError,
  NEWEST_MODELLED_MINOR,
  OLDEST_MODELLED_MINOR,
  SUPPORTED_KUBELET_VERSIONS,
  parseKubeletMinor,
} from './kubelet-version.js';
export {
  ENSURE_SECRET_PULLED_IMAGES_GATE,
  IMAGE_VOLUME_GATE,
  defaultKubeletProfile,
  kubeletProfile,
  type FeatureGateState,
  type KubeletBehaviour,
  type KubeletProfile,
} from './kubelet-profile.js';
export {
  matchesAllowlist,
  normalizedName,
  parseAllowlist,
  parseAllowlistEntry,
  requiresCredentialVerification,
  type AllowlistMatching,
  type AllowlistPattern,
  type ParsedAllowlist,
} from './credential-verification.js';
export * from './event-messages.js';
export {
  mustAttemptImagePull,
  predictNodeBehaviour,
  type PredictNodeBehaviourInput,
  type PresentImageOrigin,
} from './predict-node-behaviour.js';
