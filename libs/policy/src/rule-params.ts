import { DNS1123_SUBDOMAIN, PULL_POLICIES, type PullPolicy } from '#k8s';
import { z } from 'zod';
import { globProblem } from './glob.js';
import { registryPatternProblem } from './image-pattern.js';
import type { DefinitionProblem, RuleKind } from './rule-types.js';
import { MAX_LIST_ENTRIES, strictObject, textProblems, zodProblems, type ValidationResult } from './zod-problems.js';

/**
 * Parameters of every rule kind (docs/design.md "Rule kinds"), as strict zod
 * schemas: an unknown parameter is a problem. Optional parameters beyond the architecture's list are marked
 * "(pullwise extension)"; they are all optional, so every rule written against the architecture stays valid.
 */

/** Tag globs: the tag grammar `[\w][\w.-]{0,127}` (distribution/reference) plus `*`. */
function tagGlobProblem(pattern: string): string | null {
  const glob = globProblem(pattern);
  if (glob !== null) return glob;
  if (!/^[A-Za-z0-9_.*-]+$/.test(pattern)) {
    return `"${pattern}" cannot match a tag: tags consist of letters, digits, '_', '.' and '-' (plus '*' as a wildcard), without the image name or ':'`;
  }
  if (pattern.length > 128) return `"${pattern}" is longer than the 128 characters a tag may have`;
  return null;
}

function patternList(check: (pattern: string) => string | null, nonEmpty: boolean) {
  const base = z.array(z.string()).max(MAX_LIST_ENTRIES);
  return (nonEmpty ? base.min(1) : base).superRefine((patterns, ctx) => {
    patterns.forEach((pattern, i) => {
      const problem = check(pattern);
      if (problem) ctx.addIssue({ code: 'custom', path: [i], message: problem });
    });
  });
}

const tagGlobs = (nonEmpty: boolean) => patternList(tagGlobProblem, nonEmpty);
const registryGlobs = () => patternList(registryPatternProblem, true);

/** A registry/repository prefix is at most a glob's length (glob.ts GLOB_MAX_LENGTH). */
const PREFIX_MAX_LENGTH = 1024;

function rewritePrefixProblem(prefix: string): string | null {
  if (prefix.length === 0) return 'must not be empty';
  if (prefix.length > PREFIX_MAX_LENGTH)
    return `is ${prefix.length} characters long; a prefix may have at most ${PREFIX_MAX_LENGTH}`;
  if (prefix.includes('*')) return `"${prefix}" is a prefix, not a glob: '*' is not allowed`;
  const slash = prefix.indexOf('/');
  if (prefix.includes('@') || (slash >= 0 && prefix.slice(slash + 1).includes(':'))) {
    return `"${prefix}" names a tag or digest; give a normalised registry/repository prefix such as "registry.k8s.io" or "docker.io/library"`;
  }
  if (/\s/.test(prefix)) return `"${prefix}" contains whitespace`;
  return null;
}

const prefixSchema = z.string().superRefine((p, ctx) => {
  const problem = rewritePrefixProblem(p);
  if (problem) ctx.addIssue({ code: 'custom', message: problem });
});

/**
 * (pullwise extension) Concrete rewrites offered as fixes: a `registry/repository` that starts with `from`
 * (a whole path component: `k8s.gcr.io` matches `k8s.gcr.io/pause`, not `k8s.gcr.io.evil.com/pause`) is
 * rewritten to start with `to`, keeping the rest of the path, the tag and the digest.
 */
const rewritesSchema = z
  .array(strictObject({ from: prefixSchema, to: prefixSchema }))
  .max(MAX_LIST_ENTRIES)
  .optional();

const pullPolicySchema = z.enum(PULL_POLICIES as [PullPolicy, ...PullPolicy[]]);

export const RULE_PARAM_SCHEMAS = {
  /**
   * The effective policy is one of `allowed`. (pullwise extension) `when.digest`: judge only images pinned by
   * digest (`true`) or only images without a digest (`false`); e.g. "digest-pinned images must not use
   * Always" is `{ allowed: [IfNotPresent], when: { digest: true } }`.
   */
  'pull-policy': strictObject({
    allowed: z.array(pullPolicySchema).min(1).max(MAX_LIST_ENTRIES),
    when: strictObject({ digest: z.boolean().optional() }).optional(),
  }),
  'explicit-pull-policy': strictObject({}),
  /** Every tag without a digest is mutable unless it matches one of `immutableTags`. */
  'mutable-tag-requires-always': strictObject({ immutableTags: tagGlobs(false).optional() }),
  'require-digest': strictObject({}),
  /** Untagged images count as `latest`; digest-only images have no tag and pass. */
  'disallowed-tags': strictObject({ tags: tagGlobs(true) }),
  'allowed-registries': strictObject({ registries: registryGlobs(), rewrites: rewritesSchema }),
  'denied-registries': strictObject({ registries: registryGlobs(), rewrites: rewritesSchema }),
  'never-requires-preloaded': strictObject({}),
  'mutable-tag-drift': strictObject({}),
  /** (pullwise extension) `secretName`: the Secret a fix adds to imagePullSecrets. */
  'pull-secrets-for-registries': strictObject({
    registries: registryGlobs(),
    secretName: z
      .string()
      .regex(DNS1123_SUBDOMAIN, { message: 'must be a Secret name: a lowercase RFC 1123 subdomain such as "regcred"' })
      .max(253)
      .optional(),
  }),
  /**
   * (pullwise extension, issue 8) A scoped AlwaysPullImages: the mutating admission webhook sets the pull policy
   * field to `policy` (default Always) where the rule applies (`match`/`exclude`: namespaces, labels, kinds,
   * images, slot types); `when.digest` limits it to images with (`true`) or without (`false`) a digest.
   */
  'set-pull-policy': strictObject({
    policy: pullPolicySchema.optional(),
    when: strictObject({ digest: z.boolean().optional() }).optional(),
  }),
} satisfies Record<RuleKind, z.ZodType>;

export type RuleParams<K extends RuleKind> = z.infer<(typeof RULE_PARAM_SCHEMAS)[K]>;
type RegistryListParams = RuleParams<'allowed-registries'>;
export type RegistryRewrite = NonNullable<RegistryListParams['rewrites']>[number];

/** Validates the params of a kind; `base` is the path of the params object (`params`). */
export function validateParams<K extends RuleKind>(
  kind: K,
  params: unknown,
  base = 'params',
): ValidationResult<RuleParams<K>> {
  const schema = RULE_PARAM_SCHEMAS[kind] as unknown as z.ZodType<RuleParams<K>>;
  const result = schema.safeParse(params === undefined ? {} : params);
  const text = textProblems(params, base);
  if (result.success && text.length === 0) return { ok: true, value: result.data };
  const problems: DefinitionProblem[] = [
    ...(result.success ? [] : zodProblems(result.error, params ?? {}, base)),
    ...text,
  ];
  return { ok: false, problems };
}
