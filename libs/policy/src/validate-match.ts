import type { SlotType } from '#k8s';
import { z } from 'zod';
import { globProblem } from './glob.js';
import { imagePatternProblem } from './image-pattern.js';
import { labelSelectorProblems } from './label-selector.js';
import type { DefinitionProblem, LabelSelector, MatchSpec } from './rule-types.js';
import { strictObject, zodProblems, type ValidationResult } from './zod-problems.js';

export const SLOT_TYPES: readonly SlotType[] = ['container', 'initContainer', 'ephemeralContainer', 'imageVolume'];

function patterns(check: (p: string) => string | null) {
  return z
    .array(z.string())
    .min(1, { message: 'must not be empty: omit the field to match everything' })
    .superRefine((list, ctx) => {
      list.forEach((p, i) => {
        const problem = check(p);
        if (problem) ctx.addIssue({ code: 'custom', path: [i], message: problem });
      });
    })
    .nullable()
    .optional();
}

const selectorSchema = strictObject({
  matchLabels: z.record(z.string(), z.string()).nullable().optional(),
  matchExpressions: z
    .array(
      strictObject({
        key: z.string(),
        operator: z.string(),
        values: z.array(z.string()).nullable().optional(),
      }),
    )
    .nullable()
    .optional(),
});

const matchSchema = strictObject({
  clusters: patterns(globProblem),
  namespaces: patterns(globProblem),
  kinds: patterns(globProblem),
  labels: selectorSchema.nullable().optional(),
  images: patterns(imagePatternProblem),
  slots: z
    .array(z.enum(SLOT_TYPES as [SlotType, ...SlotType[]]))
    .min(1, { message: 'must not be empty: omit the field to match every slot type' })
    .nullable()
    .optional(),
});

function withoutNulls<T extends object>(obj: T): T {
  return Object.fromEntries(Object.entries(obj).filter(([, v]) => v !== null && v !== undefined)) as T;
}

/**
 * Validates a match or exclude object at `base` (`match`, `exclude`). Null and undefined are valid and mean
 * "no constraint" (value null). The result drops null fields.
 */
export function validateMatchSpec(input: unknown, base: string): ValidationResult<MatchSpec | null> {
  if (input === null || input === undefined) return { ok: true, value: null };
  const parsed = matchSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: zodProblems(parsed.error, input, base) };
  const spec = withoutNulls(parsed.data) as MatchSpec;
  const problems: DefinitionProblem[] = [];
  if (parsed.data.labels) {
    const raw = parsed.data.labels;
    const selector: LabelSelector = withoutNulls({
      matchLabels: raw.matchLabels ?? undefined,
      matchExpressions: raw.matchExpressions?.map((e) => withoutNulls({ ...e, values: e.values ?? undefined })),
    }) as LabelSelector;
    problems.push(...labelSelectorProblems(selector, `${base}.labels`));
    spec.labels = selector;
  }
  return problems.length > 0 ? { ok: false, problems } : { ok: true, value: spec };
}
