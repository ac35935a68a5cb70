export { evaluateManifests, unsupportedPullPolicy, type EvaluateOptions } from './evaluate-manifests.js';
export { imageFieldLimitError } from './image-field-count.js';
export { preloadedImageProblem, preloadedMatcher } from './preloaded-images.js';
export type {
  EvaluationError,
  K8sEvaluation,
  SlotEvaluation,
  SkippedResource,
  SlotImage,
  WorkloadEvaluation,
} from './evaluation-types.js';
