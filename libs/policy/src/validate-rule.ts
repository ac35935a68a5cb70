import { z } from 'zod';
import type { Enforcement, Severity } from './evaluation-result.js';
import { descriptionSchema, nameSchema } from './definition-fields.js';
import { validateParams } from './rule-params.js';
import {
  ENFORCEMENTS,
  RULE_KINDS,
  SEVERITIES,
  type DefinitionProblem,
  type MatchSpec,
  type RuleDefinition,
  type RuleKind,
} from './rule-types.js';
import { validateMatchSpec } from './validate-match.js';
import {
  describeValue,
  distinctProblems,
  strictObject,
  textProblems,
  zodProblems,
  type ValidationResult,
} from './zod-problems.js';

/** What a client sends to create a rule: everything but the server-assigned id and version. */
export type RuleInput = Omit<RuleDefinition, 'id' | 'version'>;

export const DEFAULT_SEVERITY: Severity = 'medium';

const ruleFields = {
  name: nameSchema,
  description: descriptionSchema,
  kind: z.unknown().optional(),
  params: z.unknown().optional(),
  match: z.unknown().optional(),
  exclude: z.unknown().optional(),
  enforcement: z.enum(ENFORCEMENTS as [Enforcement, ...Enforcement[]]),
  severity: z.enum(SEVERITIES as [Severity, ...Severity[]]).optional(),
  enabled: z.boolean().optional(),
};

const ruleSchema = strictObject(ruleFields);
const patchSchema = strictObject({
  ...ruleFields,
  name: nameSchema.optional(),
  enforcement: ruleFields.enforcement.optional(),
});

export function isRuleKind(kind: unknown): kind is RuleKind {
  return typeof kind === 'string' && (RULE_KINDS as readonly string[]).includes(kind);
}

function kindProblem(kind: unknown): DefinitionProblem | null {
  if (isRuleKind(kind)) return null;
  const known = `known kinds: ${RULE_KINDS.join(', ')}`;
  if (kind === undefined) return { path: 'kind', message: `required: ${known}` };
  return { path: 'kind', message: `${describeValue(kind)} is not a rule kind; ${known}` };
}

function scopeProblems(
  match: unknown,
  exclude: unknown,
  out: DefinitionProblem[],
): { match: MatchSpec | null; exclude: MatchSpec | null } {
  const m = validateMatchSpec(match, 'match');
  const e = validateMatchSpec(exclude, 'exclude');
  if (!m.ok) out.push(...m.problems);
  if (!e.ok) out.push(...e.problems);
  const excludeValue = e.ok ? e.value : null;
  if (excludeValue !== null && Object.keys(excludeValue).length === 0) {
    out.push({
      path: 'exclude',
      message: 'has no fields, so it would exclude everything: omit exclude, or name what to exclude',
    });
  }
  return { match: m.ok ? m.value : null, exclude: excludeValue };
}

/**
 * Validates `{ name, description?, kind, params, match?, exclude?, enforcement, severity? (default medium),
 * enabled? (default true) }`. Strings must be storable (no NUL, no lone surrogate: textProblems) and lists
 * have at most 1000 entries. Never throws; every problem names its field path.
 */
export function validateRuleInput(input: unknown): ValidationResult<RuleInput> {
  const problems: DefinitionProblem[] = [];
  const top = ruleSchema.safeParse(input);
  if (!top.success) {
    problems.push(...zodProblems(top.error, input, ''));
    if (input === null || typeof input !== 'object' || Array.isArray(input)) return { ok: false, problems };
  }
  const raw = input as Record<string, unknown>;
  const kp = kindProblem(raw.kind);
  if (kp) problems.push(kp);
  let params: Record<string, unknown> = {};
  if (kp === null) {
    const p = validateParams(raw.kind as RuleKind, raw.params);
    if (p.ok) params = p.value as Record<string, unknown>;
    else problems.push(...p.problems);
  }
  const scope = scopeProblems(raw.match, raw.exclude, problems);
  problems.push(...textProblems(input, ''));
  if (problems.length > 0 || !top.success) return { ok: false, problems: distinctProblems(problems) };
  const data = top.data;
  return {
    ok: true,
    value: {
      name: data.name,
      description: data.description ?? null,
      kind: data.kind as RuleKind,
      params,
      match: scope.match,
      exclude: scope.exclude,
      enforcement: data.enforcement,
      severity: data.severity ?? DEFAULT_SEVERITY,
      enabled: data.enabled ?? true,
    },
  };
}

/**
 * Validates a partial update against the stored rule and returns the merged rule. Fields present in the patch
 * replace the stored ones (`match: null` / `exclude: null` / `description: null` clear them). Changing `kind`
 * is allowed only when the resulting params (the patch's, else the stored ones) are valid for the new kind.
 */
export function validateRulePatch(existing: RuleInput | RuleDefinition, patch: unknown): ValidationResult<RuleInput> {
  const top = patchSchema.safeParse(patch);
  if (!top.success) return { ok: false, problems: [...zodProblems(top.error, patch, ''), ...textProblems(patch, '')] };
  const p = patch as Record<string, unknown>;
  const merged: Record<string, unknown> = {
    name: existing.name,
    description: existing.description ?? null,
    kind: existing.kind,
    params: existing.params,
    match: existing.match ?? null,
    exclude: existing.exclude ?? null,
    enforcement: existing.enforcement,
    severity: existing.severity,
    enabled: existing.enabled,
  };
  for (const key of Object.keys(merged)) if (Object.hasOwn(p, key) && p[key] !== undefined) merged[key] = p[key];
  if (merged.severity === null) merged.severity = DEFAULT_SEVERITY;
  const result = validateRuleInput(merged);
  if (result.ok) return result;
  const kindChanged = Object.hasOwn(p, 'kind') && p.kind !== existing.kind && isRuleKind(p.kind);
  if (kindChanged && !Object.hasOwn(p, 'params')) {
    const problems = result.problems.map((problem) =>
      problem.path === 'params' || problem.path.startsWith('params.') || problem.path.startsWith('params[')
        ? {
            path: problem.path,
            message: `${problem.message} (kind changes from ${existing.kind} to ${String(p.kind)} and the stored params are not valid for ${String(p.kind)}: send params for the new kind with the patch)`,
          }
        : problem,
    );
    return { ok: false, problems };
  }
  return result;
}
