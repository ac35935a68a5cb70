// Helpers for this library's specs (no test-framework imports, so it type-checks with the sources).
import { evaluateManifests, type ClusterContext } from '#k8s';
import { compileRuleSet } from './compile.js';
import { judge } from './evaluate.js';
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
  const v = validateExceptionInput({ justification: 'tested', owner: 'team-a', ...input }, { now: NOW });
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
  const context = options.context ?? {};
  const { cluster = null, now = NOW, preloadedImages = context.preloadedImages } = options.rule ?? {};
  // Preloaded images given for the rules only (options.rule) do not change what the engine decided.
  return judge(evaluateManifests(manifests, context), {
    ruleSet: compileRuleSet(rules, options.exceptions ?? []),
    context: { ...context, preloadedImages },
    cluster,
    now,
  });
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

/**
 * RFC 6902 `add`, `replace`, `remove` and `test` on a copy of `doc`, strictly (a missing member for `replace`
 * or `remove`, or an index out of range, throws), so tests see what the API server's JSON patch does.
 */
export function applyJsonPatch<T>(doc: T, ops: readonly { op: string; path: string; value?: unknown }[]): T {
  const root: Record<string, unknown> = { value: structuredClone(doc) };
  for (const { op, path, value } of ops) {
    // RFC 6901: "~1" is "/", then "~0" is "~".
    const tokens =
      path === ''
        ? []
        : path
            .slice(1)
            .split('/')
            .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
    let parent: Record<string, unknown> | unknown[] = root;
    let key = 'value';
    for (const token of tokens) {
      const next: unknown = (parent as Record<string, unknown>)[key];
      if (next === null || typeof next !== 'object') throw new Error(`${path}: no container at ${token}`);
      parent = next as Record<string, unknown> | unknown[];
      key = token;
    }
    const copy = structuredClone(value);
    if (Array.isArray(parent)) {
      const index = key === '-' ? parent.length : Number(key);
      if (!/^(0|[1-9]\d*|-)$/.test(key) || index > parent.length) throw new Error(`${path}: bad index`);
      const exists = index < parent.length;
      if (op === 'add') parent.splice(index, 0, copy);
      else if ((op === 'replace' || op === 'remove' || op === 'test') && !exists) throw new Error(`${path}: missing`);
      else if (op === 'replace') parent[index] = copy;
      else if (op === 'remove') parent.splice(index, 1);
      else if (op === 'test' && JSON.stringify(parent[index]) !== JSON.stringify(value))
        throw new Error(`${path}: test`);
      else if (!['add', 'replace', 'remove', 'test'].includes(op)) throw new Error(`unsupported op ${op}`);
    } else {
      const exists = Object.hasOwn(parent, key);
      if (op === 'add') parent[key] = copy;
      else if ((op === 'replace' || op === 'remove' || op === 'test') && !exists) throw new Error(`${path}: missing`);
      else if (op === 'replace') parent[key] = copy;
      else if (op === 'remove') delete parent[key];
      else if (op === 'test' && JSON.stringify(parent[key]) !== JSON.stringify(value)) throw new Error(`${path}: test`);
      else if (!['add', 'replace', 'remove', 'test'].includes(op)) throw new Error(`unsupported op ${op}`);
    }
  }
  return root.value as T;
}
