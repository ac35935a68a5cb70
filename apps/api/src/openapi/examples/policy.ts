// Policy as code: an export, the bundle edited from it, and the plan and apply answers for that bundle, computed
// with the functions PolicyService uses (validateBundle, the canonical entries, planBundle, serializeBundle), so
// they cannot drift from what the service answers. The story: GET /v1/policy at policy version 7; the bundle
// raises a rule's severity, adds a rule and an exception, and no longer names one rule (kept: no prune); applying
// it makes version 8. test/policy-schema.e2e-spec.ts replays the plan request and the invalid bundle.
import { createHash } from 'node:crypto';
import {
  BUNDLE_API_VERSION,
  BUNDLE_KIND,
  BUNDLE_SCHEMA_PATH,
  clusterEntry,
  exceptionEntry,
  locateProblems,
  planBundle,
  policyBundle,
  readBundleText,
  ruleEntry,
  serializeBundle,
  validateBundle,
  type BundleEntries,
  type PolicyBundle,
} from '#policy';
import type { PolicyApplyResult, PolicyPlanResult } from '../../policy/policy-results.js';
import { EXAMPLE_NOW } from './engine.js';
import { CLUSTER_REQUEST, EVALUATION_RULES, EXCEPTION_REQUEST, problemExample } from './inputs.js';

/** Where the service runs in the examples: the export names its schema URL. */
const SCHEMA_URL = `https://pullwise.example.com${BUNDLE_SCHEMA_PATH}`;

const EXPORTED_VERSION = 7;

const PIN_DIGESTS = { name: 'pin-digests', kind: 'require-digest', enforcement: 'warn', severity: 'medium' };
const LEGACY_RULE = {
  name: 'legacy-always-pull',
  description: 'From before mutable-tags-pull-always; nobody has decided to delete it yet.',
  kind: 'pull-policy',
  params: { allowed: ['Always'], when: { digest: false } },
  enforcement: 'audit',
  severity: 'low',
};

/** A bundle's lists as canonical entries (what a plan compares and an export writes). */
function entriesOf(raw: Record<string, unknown>): BundleEntries {
  const v = validateBundle({ apiVersion: BUNDLE_API_VERSION, kind: BUNDLE_KIND, ...raw }, { now: EXAMPLE_NOW });
  if (!v.ok) throw new Error(`example bundle does not validate: ${JSON.stringify(v.problems)}`);
  return {
    rules: v.value.rules.map(ruleEntry),
    exceptions: v.value.exceptions.map(exceptionEntry),
    clusters: v.value.clusters.map(clusterEntry),
  };
}

const STORED = entriesOf({
  rules: [{ ...EVALUATION_RULES[0], severity: 'medium' }, EVALUATION_RULES[1], LEGACY_RULE],
  clusters: [CLUSTER_REQUEST],
});
const WANTED = entriesOf({
  rules: [...EVALUATION_RULES, PIN_DIGESTS],
  exceptions: [EXCEPTION_REQUEST],
  clusters: [CLUSTER_REQUEST],
});

/** GET /v1/policy as JSON: the stored policy at version 7, with the schema URL editors read. */
export const POLICY_EXPORT: PolicyBundle & { $schema: string } = JSON.parse(
  serializeBundle(policyBundle(STORED, EXPORTED_VERSION), 'json', SCHEMA_URL),
);

/** GET /v1/policy as YAML (Accept: application/yaml): the same bundle. */
export const POLICY_EXPORT_YAML = serializeBundle(policyBundle(STORED, EXPORTED_VERSION), 'yaml', SCHEMA_URL);

/** The bundle as edited from the export (metadata.policyVersion is what it was exported at). */
export const POLICY_BUNDLE: PolicyBundle = policyBundle(WANTED, EXPORTED_VERSION);

/** The same bundle as a YAML body, as kept in git. */
export const POLICY_BUNDLE_YAML = serializeBundle(POLICY_BUNDLE, 'yaml', SCHEMA_URL);

/** As PolicyService digests a bundle: sha256 of its canonical form without metadata. */
const BUNDLE_DIGEST = `sha256:${createHash('sha256')
  .update(JSON.stringify(policyBundle(WANTED, null)))
  .digest('hex')}`;

const PLAN = planBundle(STORED, WANTED, { prune: false });

/** POST /v1/policy/plan for POLICY_BUNDLE against the export's policy (no prune). */
export const POLICY_PLAN: PolicyPlanResult = {
  policyVersion: EXPORTED_VERSION,
  bundleDigest: BUNDLE_DIGEST,
  prune: false,
  ...PLAN,
};

/** POST /v1/policy/apply of the same bundle with `If-Match: "7"`: one new policy version. */
export const POLICY_APPLY_RESULT: PolicyApplyResult = {
  policyVersion: EXPORTED_VERSION + 1,
  previousPolicyVersion: EXPORTED_VERSION,
  applied: true,
  bundleDigest: BUNDLE_DIGEST,
  prune: false,
  ...PLAN,
};

/** A YAML bundle with three mistakes: every one is named, with its line. */
export const INVALID_POLICY_BUNDLE_YAML = [
  `apiVersion: ${BUNDLE_API_VERSION}`,
  `kind: ${BUNDLE_KIND}`,
  'rules:',
  '  - name: no-latest',
  '    kind: disallowed-tags',
  '    params:',
  '      tags: latest',
  '    enforcement: deny',
  'exceptions:',
  '  - rules: [no-latest]',
  '    justification: Vendor image only published by tag',
  '    owner: team-batch',
  'clusters:',
  '  - name: prod-eu',
  '    kubeletVersion: 1.34',
  '',
].join('\n');

/** The answer to INVALID_POLICY_BUNDLE_YAML, as plan and apply give it (`instance`: the operation's path). */
export function invalidPolicyBundleProblem(instance: string) {
  const text = readBundleText(INVALID_POLICY_BUNDLE_YAML);
  if (!text.ok) throw new Error('the invalid bundle example is meant to be valid YAML');
  const v = validateBundle(text.value.raw, { now: EXAMPLE_NOW });
  if (v.ok) throw new Error('the invalid bundle example validates');
  const n = v.problems.length;
  return problemExample(
    'invalid-input',
    `The policy bundle has ${n} problem${n === 1 ? '' : 's'}; nothing was changed.`,
    instance,
    locateProblems(v.problems, text.value),
  );
}
