// Helpers for this library's specs (no test-framework imports, so it type-checks with the sources).
import type { ClusterContext } from '#k8s';
import { evaluateWithRules } from './apply-rules.js';
import { compileRuleSet } from './compile.js';
import type { EvaluationResult } from './evaluation-result.js';
import type { ExceptionDefinition, RuleContext, RuleDefinition } from './rule-types.js';
import { validateExceptionInput } from './validate-exception.js';
import { validateRuleInput } from './validate-rule.js';

let counter = 0;

/** A validated rule with a generated id; throws with the problems when the input is invalid. */
export function makeRule(input: Record<string, unknown>): RuleDefinition {
  const v = validateRuleInput({ enforcement: 'deny', params: {}, ...input });
  if (!v.ok) throw new Error(`invalid rule: ${JSON.stringify(v.problems)}`);
  counter += 1;
  return { ...v.value, id: `rule-${counter}`, version: 1 };
}

export function makeException(input: Record<string, unknown>): ExceptionDefinition {
  const v = validateExceptionInput({ justification: 'tested', owner: 'team-a', ...input });
  if (!v.ok) throw new Error(`invalid exception: ${JSON.stringify(v.problems)}`);
  counter += 1;
  return { ...v.value, id: `exception-${counter}` };
}

export const NOW = new Date('2026-03-01T12:00:00Z');

export function evaluate(
  manifests: unknown,
  rules: RuleDefinition[],
  options: { exceptions?: ExceptionDefinition[]; context?: ClusterContext; rule?: Partial<RuleContext> } = {},
): EvaluationResult {
  const set = compileRuleSet(rules, options.exceptions ?? []);
  return evaluateWithRules(manifests, options.context ?? {}, set, { now: NOW, ...options.rule });
}

/** A Pod with one container per entry (`image` or `image|Policy`). */
export function pod(
  containers: string[],
  extra: { name?: string; namespace?: string; labels?: Record<string, string> } = {},
): unknown {
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: { name: extra.name ?? 'p', namespace: extra.namespace ?? 'default', labels: extra.labels ?? {} },
    spec: {
      containers: containers.map((c, i) => {
        const [image, policy] = c.split('|');
        return { name: `c${i}`, image, ...(policy ? { imagePullPolicy: policy } : {}) };
      }),
    },
  };
}

export const DIGEST = `sha256:${'a'.repeat(64)}`;
