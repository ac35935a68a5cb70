export * from './evaluation-result.js';
export { RESULT_SCHEMA_VERSION } from './result-schema-version.js';
export * from './rule-types.js';
export * from './result-schema/index.js';
export { GLOB_MAX_LENGTH, GLOB_MAX_STARS, GlobList, compileGlob, globProblem, type CompiledGlob } from './glob.js';
export {
  ImagePatternList,
  RegistryPatternList,
  imageForms,
  imageName,
  normaliseImagePattern,
  normaliseRegistryPattern,
} from './image-pattern.js';
export { compileLabelSelector, labelSelectorProblems, type LabelMatcher } from './label-selector.js';
export { CompiledMatch, Scope, compileMatchSpec, type SlotSubject, type WorkloadSubject } from './match-spec.js';
export { RULE_PARAM_SCHEMAS, validateParams, type RuleParams } from './rule-params.js';
export { SLOT_TYPES, validateMatchSpec } from './validate-match.js';
export { DEFAULT_SEVERITY, isRuleKind, validateRuleInput, validateRulePatch, type RuleInput } from './validate-rule.js';
export {
  ALL_RULES,
  DEFAULT_MAX_WILDCARD_EXCEPTION_DAYS,
  parseIsoDateTime,
  validateExceptionInput,
  type ExceptionInput,
  type ExceptionValidationOptions,
} from './validate-exception.js';
export { exceptionRuleProblems } from './exception-references.js';
export { ADMISSION_PLUGIN_NAMES, admissionPluginProblem } from './admission-plugin-names.js';
export {
  clusterPatternProblem,
  kindPatternProblem,
  namespaceNameProblem,
  namespacePatternProblem,
} from './selector-names.js';
export { resolveFixConflicts, type FixConflict } from './fix-conflicts.js';
export {
  MAX_LIST_ENTRIES,
  joinFieldPath,
  textProblems,
  unicodeProblem,
  zodProblems,
  type ValidationResult,
} from './zod-problems.js';
export { RULE_KIND_HANDLERS, ruleKindHandler } from './kinds/registry.js';
export type { CheckInput, CheckResult, RuleEnv, RuleKindHandler, SlotCheck } from './kinds/types.js';
export { imagePointer, pointerFromFieldPath, podSpecPointer, policyPointer } from './fixes.js';
export {
  ExceptionIndex,
  isExpired,
  type LocatedPolicyFinding,
  type PolicyFinding,
  type WaiverDecision,
} from './exceptions.js';
export { CompiledRuleSet, compileRuleSet, type CompiledRule, type SkippedRule } from './compile.js';
export { applyRules, ruleEnv } from './apply-rules.js';
export { contextFromProfile, evaluate, judge, type EvaluationSettings, type ProfileFacts } from './evaluate.js';
export { describeRuleSet, type ApplicableRule, type ScopeQuery } from './describe-rule-set.js';
export { validateClusterInput, type ClusterInput } from './validate-cluster.js';
export { introducedFindings, slotOf } from './introduced-findings.js';
export { MUTATING_KIND, mutationPatch, type MutationPatch } from './mutation-patch.js';
export { slotText } from './slot-text.js';
export * from './bundle/index.js';
export {
  NOT_EXPORTED_ANNOTATION,
  RULE_ANNOTATION,
  admissionPoliciesYaml,
  compileAdmissionPolicies,
  type AdmissionPolicyList,
  type NotExported,
} from './native/admission-policies.js';
