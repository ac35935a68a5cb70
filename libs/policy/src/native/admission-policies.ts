import { stringify } from 'yaml';
import { WORKLOAD_KINDS } from '#k8s';
import type { ExceptionDefinition, RuleDefinition } from '../rule-types.js';
import { celForRule } from './cel-rules.js';
import { slotVariables, type CelVariable } from './cel-slots.js';
import { waiverCel } from './exceptions-cel.js';
import { and, kindsMatching, podLabelsCel, scopeCel, type ScopeSubjects } from './scope-cel.js';

/**
 * pullwise rules compiled into native admission policies (admissionregistration.k8s.io/v1) for one cluster.
 *
 * One policy and one binding per rule: a rule's enforcement is its binding's validationActions (a binding has one
 * list for all its policy's validations), a rule's scope is its policy's matchConstraints / matchConditions, and a
 * policy that fails to compile or runs over its cost budget takes only its own rule down.
 *
 * The not-exported list: ListMeta (apimachinery pkg/apis/meta/v1/types.go) has no annotations, but no API server
 * ever receives the List: kubectl flattens it and sends the items (cli-runtime pkg/resource/visitor.go
 * FlattenListVisitor). So the List's `metadata.annotations["pullwise.io/not-exported"]` carries it as the
 * contract says, a JSON array of `{ "rule": name, "reason": text }` sorted by rule, and `notExported` returns it
 * to callers that do not read YAML. Disabled rules are listed too (reason "disabled"), so the list accounts for
 * every stored rule that has no policy.
 *
 * Not covered: custom resources pullwise reads (Argo Rollouts, Tekton, …) — the policies match built-in
 * workloads only.
 */

export interface NotExported {
  rule: string;
  reason: string;
}

export interface AdmissionPolicyInput {
  rules: readonly RuleDefinition[];
  exceptions: readonly ExceptionDefinition[];
  cluster: { name: string; preloadedImages: readonly string[] | null; hasNodeInventory: boolean };
  now: Date;
}

type K8sObject = {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string> };
} & {
  spec: Record<string, unknown>;
};

export interface AdmissionPolicyList {
  apiVersion: 'v1';
  kind: 'List';
  metadata: { annotations: { 'pullwise.io/not-exported': string } };
  items: K8sObject[];
}

const API_VERSION = 'admissionregistration.k8s.io/v1';
export const NOT_EXPORTED_ANNOTATION = 'pullwise.io/not-exported';
const NOT_EXPORTED = NOT_EXPORTED_ANNOTATION;
const EXPIRES = 'pullwise.io/expires';
const ACTIONS = { deny: 'Deny', warn: 'Warn', audit: 'Audit' } as const;

/** Kind -> resource (pkg/registry/*: the plural each built-in kind is served as). */
const RESOURCES: Record<string, string> = {
  Pod: 'pods',
  PodTemplate: 'podtemplates',
  ReplicationController: 'replicationcontrollers',
  Deployment: 'deployments',
  ReplicaSet: 'replicasets',
  DaemonSet: 'daemonsets',
  StatefulSet: 'statefulsets',
  Job: 'jobs',
  CronJob: 'cronjobs',
};

/** Labels and kinds: matchConditions see no variables (apiserver admission/plugin/policy/matching), slots do. */
const INLINE: ScopeSubjects = { kind: 'dyn(object).kind', labels: podLabelsCel() };
const IN_SLOT: ScopeSubjects = { kind: 'variables.workloadKind', labels: 'variables.podLabels' };

/**
 * CREATE and UPDATE of the kinds' resources, any version; Pods also through pods/ephemeralcontainers, the only
 * way to add an ephemeral container (pkg/registry/core/pod/rest/subresources.go), whose admission object is
 * the whole Pod.
 */
function resourceRules(kinds: readonly string[], operations = ['CREATE', 'UPDATE']) {
  const byGroup = new Map<string, string[]>();
  for (const kind of kinds) {
    for (const group of WORKLOAD_KINDS[kind]!.groups) {
      const resources = byGroup.get(group) ?? [];
      resources.push(RESOURCES[kind]!, ...(kind === 'Pod' ? ['pods/ephemeralcontainers'] : []));
      byGroup.set(group, resources);
    }
  }
  return [...byGroup].map(([group, resources]) => ({
    apiGroups: [group],
    apiVersions: ['*'],
    operations,
    resources,
    scope: 'Namespaced',
  }));
}

/** `pullwise-<name>` as a DNS-1123 subdomain: lowercase, other characters '-', hash-suffixed when changed. */
export function policyName(name: string): string {
  const wanted = `pullwise-${name}`;
  const clean = wanted
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+$/, '');
  if (clean === wanted && clean.length <= 253) return clean;
  return `${clean.slice(0, 243).replace(/-+$/, '')}-${fnv1a(wanted)}`;
}

/** FNV-1a, 32 bits, as 8 hex digits: a stable suffix that keeps distinct rule names apart. */
function fnv1a(text: string): string {
  let h = 0x811c9dc5;
  for (const ch of new TextEncoder().encode(text)) h = Math.imul(h ^ ch, 0x01000193) >>> 0;
  return h.toString(16).padStart(8, '0');
}

interface RulePlan {
  name: string;
  kinds: string[];
  matchConditions: { name: string; expression: string }[];
  /** Per-slot filter: in scope, not waived (without the rule's own violation). */
  filter: string;
  annotations: Record<string, string>;
}

function plan(rule: RuleDefinition, input: AdmissionPolicyInput): RulePlan | string {
  const cluster = input.cluster.name;
  const match = scopeCel(rule.match, cluster, INLINE);
  if (!match.applies) return `does not apply to cluster ${cluster}`;
  const kinds = kindsMatching(rule.match?.kinds);
  if (kinds.length === 0) return 'match.kinds names no built-in workload kind, and native policies match no others';
  const matchConditions = match.workload === 'true' ? [] : [{ name: 'pullwise-match', expression: match.workload }];
  const slotParts = [scopeCel(rule.match, cluster, IN_SLOT).slot];
  const exclude = rule.exclude ? scopeCel(rule.exclude, cluster, IN_SLOT) : null;
  if (exclude?.applies) {
    if (exclude.slot === 'true') {
      const inline = scopeCel(rule.exclude, cluster, INLINE).workload;
      if (inline === 'true') return `its exclude covers every workload in cluster ${cluster}`;
      matchConditions.push({ name: 'pullwise-exclude', expression: `!(${inline})` });
    } else slotParts.push(`!(${and([exclude.workload, exclude.slot])})`);
  }
  const waiver = waiverCel(rule.name, input.exceptions, cluster, input.now, IN_SLOT);
  if (waiver.waived !== 'false') slotParts.push(`!(${waiver.waived})`);
  const annotations: Record<string, string> = {};
  if (waiver.expiresAt) annotations[EXPIRES] = waiver.expiresAt.toISOString();
  return { name: policyName(rule.name), kinds, matchConditions, filter: and(slotParts), annotations };
}

function variables(): CelVariable[] {
  return [...slotVariables(), { name: 'podLabels', expression: INLINE.labels }];
}

/** Every object names the rule it enforces, so tools (and `pullwise policy admission-policies`) need not parse names. */
export const RULE_ANNOTATION = 'pullwise.io/rule';

function meta(name: string, rule: string, annotations: Record<string, string> = {}) {
  return { name, annotations: { [RULE_ANNOTATION]: rule, ...annotations } };
}

function validating(rule: RuleDefinition, p: RulePlan, violation: string, message: string): K8sObject[] {
  const hits = `variables.slots.filter(s, ${and([p.filter, violation])})`;
  return [
    {
      apiVersion: API_VERSION,
      kind: 'ValidatingAdmissionPolicy',
      metadata: meta(p.name, rule.name, p.annotations),
      spec: {
        failurePolicy: 'Fail',
        matchConstraints: { resourceRules: resourceRules(p.kinds) },
        ...(p.matchConditions.length > 0 ? { matchConditions: p.matchConditions } : {}),
        variables: variables(),
        validations: [
          {
            expression: `size(${hits}) == 0`,
            message: `rule "${rule.name}" (${rule.kind}): an image slot violates it`,
            messageExpression: `${hits}.map(s, ${message}).join("; ")`,
            reason: 'Forbidden',
          },
        ],
      },
    },
    {
      apiVersion: API_VERSION,
      kind: 'ValidatingAdmissionPolicyBinding',
      metadata: meta(p.name, rule.name),
      spec: { policyName: p.name, validationActions: [ACTIONS[rule.enforcement]] },
    },
  ];
}

/** Pod spec locations: one MutatingAdmissionPolicy each, as an apply configuration is typed by its path. */
const MUTATION_GROUPS: ReadonlyArray<{ suffix: string; kinds: string[] }> = [
  { suffix: 'pods', kinds: ['Pod'] },
  { suffix: 'podtemplates', kinds: ['PodTemplate'] },
  {
    suffix: 'templates',
    kinds: ['ReplicationController', 'Deployment', 'ReplicaSet', 'DaemonSet', 'StatefulSet', 'Job'],
  },
  { suffix: 'cronjobs', kinds: ['CronJob'] },
];

const LISTS = [
  ['initContainers', 'initContainer'],
  ['containers', 'container'],
  ['ephemeralContainers', 'ephemeralContainer'],
] as const;

/**
 * An apply configuration (KEP-3962, apiserver admission/plugin/policy/mutating/patch/smd.go) setting
 * imagePullPolicy on the named containers of one list: container lists are list-maps keyed by `name`
 * (staging/src/k8s.io/api/core/v1/types.go `+listType=map +listMapKey=name`), so only those entries change.
 */
function applyConfiguration(path: readonly string[], list: string, slot: string, filter: string, target: string) {
  const hits = `variables.slots.filter(s, s.slot == "${slot}" && s.name != "" && ${filter})`;
  const item = `Object.${[...path, list].join('.')}{name: s.name, imagePullPolicy: "${target}"}`;
  let value = `${hits}.map(s, ${item})`;
  let field = list;
  for (let i = path.length; i >= 0; i--) {
    value = `${i === 0 ? 'Object' : `Object.${path.slice(0, i).join('.')}`}{${field}: ${value}}`;
    field = path[i - 1] ?? '';
  }
  return `size(${hits}) == 0 ? Object{} : ${value}`;
}

/**
 * set-pull-policy: MutatingAdmissionPolicy (GA in 1.36) + binding per pod spec location. Pods: CREATE only, as a
 * Pod's imagePullPolicy cannot change afterwards (pkg/apis/core/validation ValidatePodUpdate), and
 * ephemeral containers on UPDATE of pods/ephemeralcontainers. Image volumes are not mutated (see reason below).
 */
function mutating(rule: RuleDefinition, p: RulePlan, violation: string, target: string): K8sObject[] {
  const filter = and([p.filter, violation]);
  const out: K8sObject[] = [];
  for (const group of MUTATION_GROUPS) {
    const kinds = group.kinds.filter((k) => p.kinds.includes(k));
    if (kinds.length === 0) continue;
    const name = policyName(`${rule.name}-${group.suffix}`);
    const path = WORKLOAD_KINDS[kinds[0]!]!.podSpecPath;
    const isPod = group.suffix === 'pods';
    const mutations = LISTS.filter(([list]) => isPod || list !== 'ephemeralContainers').map(([list, slot]) => {
      const sub = isPod
        ? `request.subResource ${list === 'ephemeralContainers' ? '==' : '!='} "ephemeralcontainers"`
        : '';
      const expression = applyConfiguration(path, list, slot, filter, target);
      return {
        patchType: 'ApplyConfiguration',
        applyConfiguration: { expression: sub ? `!(${sub}) ? Object{} : (${expression})` : expression },
      };
    });
    const rules = isPod
      ? [
          { apiGroups: [''], apiVersions: ['*'], operations: ['CREATE'], resources: ['pods'], scope: 'Namespaced' },
          {
            apiGroups: [''],
            apiVersions: ['*'],
            operations: ['UPDATE'],
            resources: ['pods/ephemeralcontainers'],
            scope: 'Namespaced',
          },
        ]
      : resourceRules(kinds);
    out.push(
      {
        apiVersion: API_VERSION,
        kind: 'MutatingAdmissionPolicy',
        metadata: meta(name, rule.name, p.annotations),
        spec: {
          failurePolicy: 'Fail',
          reinvocationPolicy: 'IfNeeded',
          matchConstraints: { resourceRules: rules },
          ...(p.matchConditions.length > 0 ? { matchConditions: p.matchConditions } : {}),
          variables: variables(),
          mutations,
        },
      },
      {
        apiVersion: API_VERSION,
        kind: 'MutatingAdmissionPolicyBinding',
        metadata: meta(name, rule.name),
        spec: { policyName: name },
      },
    );
  }
  return out;
}

const IMAGE_VOLUMES_GAP =
  "image volumes' image.pullPolicy is not set: the MutatingAdmissionPolicy sets imagePullPolicy in container lists only, and a Pod's volumes cannot change after creation";

/** The policies for the rules that apply to `cluster`, and why the others have none. */
export function compileAdmissionPolicies(input: AdmissionPolicyInput): {
  list: AdmissionPolicyList;
  notExported: NotExported[];
} {
  const items: K8sObject[] = [];
  const notExported: NotExported[] = [];
  const rules = [...input.rules].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const rule of rules) {
    if (rule.enabled === false) {
      notExported.push({ rule: rule.name, reason: 'disabled' });
      continue;
    }
    const p = plan(rule, input);
    if (typeof p === 'string') {
      notExported.push({ rule: rule.name, reason: p });
      continue;
    }
    const cel = celForRule(rule, {
      cluster: input.cluster.name,
      preloadedImages: input.cluster.preloadedImages,
      nodeInventory: input.cluster.hasNodeInventory,
    });
    if (!cel.exported) {
      notExported.push({ rule: rule.name, reason: cel.reason });
      continue;
    }
    if (rule.kind !== 'set-pull-policy') {
      items.push(...validating(rule, p, cel.violation, cel.message));
      continue;
    }
    const target = (rule.params as { policy?: string }).policy ?? 'Always';
    items.push(...mutating(rule, p, cel.violation, target));
    const slots = rule.match?.slots;
    if (!slots || slots.includes('imageVolume')) notExported.push({ rule: rule.name, reason: IMAGE_VOLUMES_GAP });
  }
  return {
    list: {
      apiVersion: 'v1',
      kind: 'List',
      metadata: { annotations: { [NOT_EXPORTED]: JSON.stringify(notExported) } },
      items,
    },
    notExported,
  };
}

/** For tests: the kinds a ValidatingAdmissionPolicy's resourceRules admit. */
export function admittedKinds(resources: readonly string[]): string[] {
  return Object.keys(RESOURCES).filter((k) => resources.includes(RESOURCES[k]!));
}

/** The List as YAML for `kubectl apply -f`: no line folding, so CEL expressions stay as written. */
export function admissionPoliciesYaml(list: AdmissionPolicyList): string {
  return stringify(list, { indent: 2, lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
}
