import type { DefinitionProblem } from './rule-types.js';
import { closestName } from '#k8s';
import { ALL_RULES } from './validate-exception.js';

/**
 * An exception naming a rule that does not exist waives nothing today and, silently, whatever rule takes that
 * name tomorrow; so it is refused, at the entry (`rules[1]`), with the closest existing name. `known` are the
 * names of the existing rules (disabled ones included: enabling a rule must not lose its exceptions).
 */
export function exceptionRuleProblems(rules: readonly string[], known: readonly string[]): DefinitionProblem[] {
  const names = new Set(known);
  const problems: DefinitionProblem[] = [];
  rules.forEach((rule, i) => {
    if (rule === ALL_RULES || names.has(rule)) return;
    const suggestion = closestName(rule, known);
    problems.push({
      path: `rules[${i}]`,
      message: `${JSON.stringify(rule)} is not an existing rule${suggestion ? `; did you mean "${suggestion}"?` : ''}: an exception waives rules that exist (create the rule first, or name "*" with an expiry)`,
    });
  });
  return problems;
}
