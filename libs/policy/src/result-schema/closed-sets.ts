// Every closed set of the evaluation result, defined once (docs/design.md "The result schema"). The sets the
// engine in libs/k8s produces are defined there (libs/k8s has no zod); the enums here are built from them.
import {
  closedSet,
  CREDENTIAL_VERIFICATION_POLICIES,
  ENGINE_ERROR_CODES,
  KUBELET_EVENT_TYPES,
  NODE_ACTIONS,
  PULL_POLICIES,
  SLOT_TYPES,
} from '#k8s';
import { z } from 'zod';

/** Worst last: `worseVerdict` ranks by this order. */
export const VERDICTS = Object.freeze(closedSet(['pass', 'warn', 'fail', 'error']));
/** Most important first: reports and metrics order findings by it. */
export const ENFORCEMENTS = closedSet(['deny', 'warn', 'audit']);
/** Most important first. */
export const SEVERITIES = closedSet(['critical', 'high', 'medium', 'low', 'info']);

/** Position in a closed set, most important first; a value outside it ranks last. */
function rank(order: readonly string[], value: string): number {
  const i = order.indexOf(value);
  return i === -1 ? order.length : i;
}
export const enforcementRank = (e: string): number => rank(ENFORCEMENTS, e);
export const severityRank = (s: string): number => rank(SEVERITIES, s);

export const RULE_KINDS = [
  'pull-policy',
  'explicit-pull-policy',
  'mutable-tag-requires-always',
  'require-digest',
  'disallowed-tags',
  'allowed-registries',
  'denied-registries',
  'never-requires-preloaded',
  'mutable-tag-drift',
  'pull-secrets-for-registries',
  'set-pull-policy',
] as const;

/** RFC 6902 operations a fix uses. */
export const JSON_PATCH_OPS = ['add', 'replace', 'remove', 'test'] as const;

export {
  CREDENTIAL_VERIFICATION_POLICIES,
  ENGINE_ERROR_CODES,
  KUBELET_EVENT_TYPES,
  NODE_ACTIONS,
  PULL_POLICIES,
  SLOT_TYPES,
};

export const pullPolicySchema = z
  .enum(PULL_POLICIES)
  .meta({ id: 'PullPolicy', description: 'A container imagePullPolicy.' });

export const verdictSchema = z.enum(VERDICTS).meta({
  id: 'Verdict',
  description:
    '`error` whenever `errors` is not empty (part of the input could not be judged), whatever the findings; else ' +
    '`fail` if an unwaived `deny` finding exists, else `warn` if an unwaived `warn` finding exists, else `pass`.',
});

export const enforcementSchema = z.enum(ENFORCEMENTS).meta({
  id: 'Enforcement',
  description:
    '`deny` fails the evaluation, `warn` makes it `warn`, `audit` only records the finding (verdict unchanged).',
});

export const severitySchema = z.enum(SEVERITIES).meta({
  id: 'Severity',
  description: 'How serious a finding of the rule is, from `critical` to `info`; it does not change the verdict.',
});

export const slotTypeSchema = z
  .enum(SLOT_TYPES)
  .meta({ id: 'SlotType', description: 'Where an image sits in a pod spec.' });

export const ruleKindSchema = z.enum(RULE_KINDS).meta({ id: 'RuleKind', description: 'What a rule checks.' });

export const nodeActionSchema = z.enum(NODE_ACTIONS).meta({
  graphql: { name: 'NodeAction' },
  description: 'What the kubelet does with the image: pull it, use the copy on the node, or fail the container.',
});

export const kubeletEventTypeSchema = z.enum(KUBELET_EVENT_TYPES).meta({
  graphql: { name: 'KubeletEventType' },
  description: 'The type of a Kubernetes event.',
});

export const engineErrorCodeSchema = z.enum(ENGINE_ERROR_CODES).meta({
  graphql: { name: 'EngineErrorCode' },
  description:
    'What kind of problem an input error is, as a closed set: branch on it, not on the message (worded for people).',
});

export const jsonPatchOpSchema = z.enum(JSON_PATCH_OPS);
