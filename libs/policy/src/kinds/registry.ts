import type { RuleKind } from '../rule-types.js';
import { allowedRegistriesKind } from './allowed-registries.js';
import { deniedRegistriesKind } from './denied-registries.js';
import { disallowedTagsKind } from './disallowed-tags.js';
import { explicitPullPolicyKind } from './explicit-pull-policy.js';
import { mutableTagDriftKind } from './mutable-tag-drift.js';
import { mutableTagRequiresAlwaysKind } from './mutable-tag-requires-always.js';
import { neverRequiresPreloadedKind } from './never-requires-preloaded.js';
import { pullPolicyKind } from './pull-policy.js';
import { pullSecretsForRegistriesKind } from './pull-secrets-for-registries.js';
import { requireDigestKind } from './require-digest.js';
import { setPullPolicyKind } from './set-pull-policy.js';
import type { RuleKindHandler } from './types.js';

/** Every rule kind (docs/design.md "Rule kinds"), by name. */
export const RULE_KIND_HANDLERS: { readonly [K in RuleKind]: RuleKindHandler<K> } = {
  'pull-policy': pullPolicyKind,
  'explicit-pull-policy': explicitPullPolicyKind,
  'mutable-tag-requires-always': mutableTagRequiresAlwaysKind,
  'require-digest': requireDigestKind,
  'disallowed-tags': disallowedTagsKind,
  'allowed-registries': allowedRegistriesKind,
  'denied-registries': deniedRegistriesKind,
  'never-requires-preloaded': neverRequiresPreloadedKind,
  'mutable-tag-drift': mutableTagDriftKind,
  'pull-secrets-for-registries': pullSecretsForRegistriesKind,
  'set-pull-policy': setPullPolicyKind,
};

export function ruleKindHandler<K extends RuleKind>(kind: K): RuleKindHandler<K> {
  return RULE_KIND_HANDLERS[kind];
}
