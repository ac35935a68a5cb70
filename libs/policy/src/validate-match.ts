import { SLOT_TYPES, type SlotType } from '#k8s';
import { z } from 'zod';
import { globProblem } from './glob.js';
import { imagePatternProblem } from './image-pattern.js';
import { labelSelectorProblems } from './label-selector.js';
import { clusterPatternProblem, kindPatternProblem, namespacePatternProblem } from './selector-names.js';
import type { DefinitionProblem, LabelSelector, MatchSpec } from './rule-types.js';
import {
  BOUNDED_MAP_MESSAGE,
  MAX_LIST_ENTRIES,
  boundedMap,
  strictObject,
  textProblems,
  zodProblems,
  type ValidationResult,
} from './zod-problems.js';

export { SLOT_TYPES };

function patterns(check: (p: string) => string | null) {
  return z
    .array(z.string())
    .min(1, { message: 'must not be empty: omit the field to match everything' })
    .max(MAX_LIST_ENTRIES)
    .superRefine((list, ctx) => {
      list.forEach((p, i) => {
        const problem = check(p);
        if (problem) ctx.addIssue({ code: 'custom', path: [i], message: problem });
      });
    })
    .nullable()
    .optional();
}

// Label keys are at most 253 (prefix) + 1 + 63 (name) characters and values at most 63 (IsQualifiedName,
// IsValidLabelValue); the exact rules are checked by labelSelectorProblems, these bounds keep messages short.
const LABEL_KEY_MAX = 317;
const selectorSchema = strictObject({
  matchLabels: z
    .record(z.string().max(LABEL_KEY_MAX), z.string().max(63))
    .refine(boundedMap, BOUNDED_MAP_MESSAGE)
    .nullable()
    .optional(),
  matchExpressions: z
    .array(
      strictObject({
        key: z.string().max(LABEL_KEY_MAX),
        operator: z.string().max(64),
        values: z.array(z.string().max(63)).max(MAX_LIST_ENTRIES).nullable().optional(),
      }),
    )
    .max(MAX_LIST_ENTRIES)
    .nullable()
    .optional(),
});

/** A glob that is well-formed and can match some value of its field. */
function both(meaning: (p: string) => string | null) {
  return (p: string) => globProblem(p) ?? meaning(p);
}

const matchSchema = strictObject({
  clusters: patterns(both(clusterPatternProblem)),
  namespaces: patterns(both(namespacePatternProblem)),
  kinds: patterns(both((p) => kindPatternProblem(p))),
  labels: selectorSchema.nullable().optional(),
  images: patterns(imagePatternProblem),
  slots: z
    .array(z.enum(SLOT_TYPES as [SlotType, ...SlotType[]]))
    .min(1, { message: 'must not be empty: omit the field to match every slot type' })
    .max(MAX_LIST_ENTRIES)
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
  const text = textProblems(input, base);
  const parsed = matchSchema.safeParse(input);
  if (!parsed.success) return { ok: false, problems: [...zodProblems(parsed.error, input, base), ...text] };
  const spec = withoutNulls(parsed.data) as MatchSpec;
  const problems: DefinitionProblem[] = [...text];
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
