export * from './bundle.js';
export { clusterEntry, exceptionEntry, policyBundle, ruleEntry, sameEntry } from './bundle-entries.js';
export { planBundle, planChangesSomething, type PlanChange, type PlanSummary, type PolicyPlan } from './plan-bundle.js';
export {
  isPolicyBundle,
  prefixProblems,
  validateBundle,
  validateNamedList,
  type BundleValidationOptions,
  type ValidBundle,
} from './validate-bundle.js';
export { locateProblems, readBundleText, type BundleText, type LocatedProblem } from './read-bundle.js';
export { BUNDLE_SCHEMA_PATH, serializeBundle, type BundleFormat } from './write-bundle.js';
