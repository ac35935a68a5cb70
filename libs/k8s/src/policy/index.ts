export { defaultPullPolicy, defaultPullPolicyForReference, explainDefault } from './default-pull-policy.js';
export { resolvePullPolicy, type ResolvePullPolicyInput } from './resolve-pull-policy.js';
export {
  ALWAYS_PULL_IMAGES_PLUGIN,
  admitAlwaysPullImages,
  hasAlwaysPullImages,
  validateAlwaysPullImages,
  type AdmissionAttributes,
  type AdmissionContainer,
  type AdmissionObject,
  type AdmissionPodSpec,
  type AdmissionVolume,
  type AdmitResult,
  type PolicyValue,
  type ValidateResult,
} from './always-pull-images.js';
