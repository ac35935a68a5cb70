// The one clock and the fixed ids the computed examples use, and the rule sets they run with.
import { compileRuleSet, validateRuleInput, type CompiledRuleSet, type RuleDefinition } from '#policy';
import { ADMISSION_RULE, EVALUATION_RULES, RULE_ID } from './inputs.js';

/** When the example evaluation ran (and was recorded): exceptions' expiry and the renderings' time stamps. */
export const EXAMPLE_NOW = new Date('2026-11-02T09:15:31.204Z');

const MUTABLE_TAGS_RULE_ID = '3e9a6c2d-8b1f-4e07-a5d4-6f0c1b2e9a73';
const PIN_DIGESTS_RULE_ID = '5c81d2e4-6a9b-4f3d-8e27-0b4a9f1c6d52';
const ADMISSION_RULE_ID = 'b4e7a2c9-1d3f-4a6b-8c5e-9f0d2a7b3e14';

/** A rule as the API stores it after POST /v1/rules (validated, defaults applied), with a fixed id. */
export function storedRule(input: unknown, id: string, version = 1): RuleDefinition {
  const v = validateRuleInput(input);
  if (!v.ok) throw new Error(`example rule does not validate: ${JSON.stringify(v.problems)}`);
  return { ...v.value, id, version };
}

/** EVALUATION_RULES as stored: no-latest-in-prod (RULE_ID) and mutable-tags-pull-always. */
export const EVALUATION_RULE_DEFINITIONS: readonly RuleDefinition[] = [
  storedRule(EVALUATION_RULES[0], RULE_ID),
  storedRule(EVALUATION_RULES[1], MUTABLE_TAGS_RULE_ID),
];

export const EVALUATION_RULE_SET: CompiledRuleSet = compileRuleSet(EVALUATION_RULE_DEFINITIONS);

/** The rules the mutate example runs with: EVALUATION_RULES and ADMISSION_RULE. */
export const ADMISSION_RULE_SET: CompiledRuleSet = compileRuleSet([
  ...EVALUATION_RULE_DEFINITIONS,
  storedRule(ADMISSION_RULE, ADMISSION_RULE_ID),
]);

/** The rule the effective-policy example shows a finding of (the one EXCEPTION_REQUEST waives for CronJobs). */
export const PIN_DIGESTS_RULE_SET: CompiledRuleSet = compileRuleSet([
  storedRule(
    { name: 'pin-digests', kind: 'require-digest', enforcement: 'warn', severity: 'medium' },
    PIN_DIGESTS_RULE_ID,
  ),
]);

/** Stock Kubernetes of the newest modelled version, as an evaluation that names no profile and no context. */
export const STOCK = { context: {}, cluster: null, now: EXAMPLE_NOW } as const;
