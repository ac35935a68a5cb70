import {
  invalidImageNameMessage,
  kubeletProfile,
  predictNodeBehaviour,
  type KubeletProfile,
} from '../kubelet/index.js';
import { nodeEligibility, predictFleet, type Eligibility, type PreparedInventory } from '../fleet/index.js';
import { parseImageReference } from '../image/index.js';
import { loadManifests, type LoadOptions, type RawSlot, type Workload } from '../manifest/index.js';
import { resolvePullPolicy } from '../policy/index.js';
import { PULL_POLICIES, type ClusterContext, type ImageReference, type PullPolicy } from '../types.js';
import type { EvaluationError, K8sEvaluation, SlotEvaluation, WorkloadEvaluation } from './evaluation-types.js';
import { preloadedMatcher } from './preloaded-images.js';

/**
 * Limits of one evaluation (all optional): maxDocuments, maxSlots, maxAliasCount, maxDepth, maxStringLength.
 * See LoadOptions; each limit ends in an error entry, never in an exception.
 */
export interface EvaluateOptions extends LoadOptions {
  /** The cluster's node inventory (prepareInventory): every slot gets a per-node `fleet`, else `fleet: null`. */
  inventory?: PreparedInventory | null;
}

/** What a per-node prediction cannot see in a pod spec (README.md "Fleet: your cluster's own nodes"). */
const FLEET_ASSUMPTION =
  'fleet: nodes judged eligible from the pod spec alone (nodeName, nodeSelector, required node affinity, taints ' +
  'and tolerations, cordons); resources, pod affinity, topology spread and preferred affinity are not judged, nor ' +
  'admission plugins that add tolerations or node selectors (DefaultTolerationSeconds, PodNodeSelector, ' +
  'PodTolerationRestriction). Image presence comes from status.images, which lags the node by up to a few minutes';

/**
 * Everything Kubernetes itself decides for the images in a manifest stream: the parsed reference,
 * the effective pull policy and the kubelet's behaviour. Organizational rules come on top (libs/policy).
 * Throws KubeletVersionError for an unusable kubelet version in the context.
 */
export function evaluateManifests(
  input: string | unknown,
  ctx: ClusterContext = {},
  options: EvaluateOptions = {},
): K8sEvaluation {
  const profile = kubeletProfile(ctx);
  const { inventory = null, ...limits } = options;
  const loaded = isEmptyObject(input)
    ? { documents: 0, workloads: [], skipped: [], unread: [], errors: [] }
    : loadManifests(input, {
        ...limits,
        ...(ctx.podTemplatePaths ? { podTemplatePaths: ctx.podTemplatePaths } : {}),
      });
  // The one emptiness check: blank text, comments or markers only, `[]` and `{}` have nothing to evaluate.
  if (loaded.documents === 0 && loaded.errors.length === 0) loaded.errors.push(NO_OBJECTS);
  const errors: EvaluationError[] = loaded.errors.map(({ code, document, path, line, message }) => ({
    code,
    document,
    path,
    line,
    message,
  }));
  const isPreloaded = preloadedMatcher(ctx.preloadedImages ?? []);
  const admissionPlugins = ctx.admissionPlugins ?? [];
  // loadManifests stops at options.maxSlots (with an error), so every slot loaded is evaluated.
  let slotCount = 0;

  const fleetAssumptions = new Set<string>();
  const fleet: FleetContext | null = inventory ? { inventory, ctx, assumptions: fleetAssumptions } : null;
  const workloads: WorkloadEvaluation[] = [];
  for (const w of loaded.workloads) {
    slotCount += w.slots.length;
    // The pod spec decides where the pods may land, the same for every slot of the workload.
    const eligibility =
      fleet && w.slots.length ? inventory!.nodes.map((n) => nodeEligibility(w.scheduling, n.node)) : [];
    const slots = w.slots.map((s) =>
      evaluateSlot(w, s, { profile, admissionPlugins, isPreloaded, errors, fleet, eligibility }),
    );
    workloads.push({
      document: w.document,
      kind: w.kind,
      name: w.name,
      namespace: w.namespace ?? ctx.namespace ?? 'default',
      line: w.line,
      labels: w.labels,
      isPod: w.isPod,
      imagePullSecrets: w.imagePullSecrets,
      imagePullSecretsPath: w.imagePullSecretsPath,
      slots,
    });
  }
  return {
    summary: { documents: loaded.documents, workloads: workloads.length, slots: slotCount },
    workloads,
    errors,
    skipped: loaded.unread,
    assumptions: [
      ...describeProfile(profile, admissionPlugins),
      ...(fleet ? [FLEET_ASSUMPTION, ...fleetAssumptions] : []),
    ],
  };
}

interface FleetContext {
  inventory: PreparedInventory;
  ctx: ClusterContext;
  /** What the per-node predictions assumed, once each over the whole evaluation. */
  assumptions: Set<string>;
}

interface SlotContext {
  profile: KubeletProfile;
  admissionPlugins: string[];
  isPreloaded: (ref: ImageReference) => boolean;
  errors: EvaluationError[];
  fleet: FleetContext | null;
  /** Per inventory node, for this slot's workload. */
  eligibility: readonly Eligibility[];
}

function evaluateSlot(w: Workload, s: RawSlot, c: SlotContext): SlotEvaluation {
  const ref = parseImageReference(s.image ?? '');
  const declared = validDeclaredPolicy(w, s, c.errors);
  checkImageField(w, s, ref, c.errors);
  const pullPolicy = resolvePullPolicy({
    image: s.image,
    declared,
    slotType: s.type,
    isPod: w.isPod,
    admissionPlugins: c.admissionPlugins,
    clusterMinor: c.profile.minor,
  });
  if (s.declaredPolicy !== null && declared === null) {
    pullPolicy.reasons.unshift(
      `imagePullPolicy "${s.declaredPolicy}" is not a valid value, so the API server rejects this object; the answers below assume the field is unset`,
    );
  }
  const prediction = {
    image: s.image,
    ref,
    policy: pullPolicy.effective,
    slotType: s.type,
    hasPullSecrets: w.imagePullSecrets.length > 0,
    preloaded: ref.error === null && c.isPreloaded(ref),
  };
  const node = predictNodeBehaviour({ ...prediction, profile: c.profile });
  let fleet: SlotEvaluation['fleet'] = null;
  if (c.fleet) {
    const predicted = predictFleet({
      slot: prediction,
      ctx: c.fleet.ctx,
      inventory: c.fleet.inventory,
      eligibility: c.eligibility,
    });
    fleet = predicted.fleet;
    for (const a of predicted.assumptions) c.fleet.assumptions.add(a);
  }
  const { runtimeImage: _internal, ...image } = ref;
  return {
    name: s.name,
    type: s.type,
    path: s.path,
    line: s.line,
    image: { ...image, reference: s.image ?? '' },
    pullPolicy,
    node,
    fleet,
  };
}

/** The API server's words for a pull policy that is not one of the three (after the field's path). */
export function unsupportedPullPolicy(value: string): string {
  return `Unsupported value: "${value}": supported values: "Always", "IfNotPresent", "Never"`;
}

// pkg/apis/core/validation/validation.go, validatePullPolicy (docs/kubernetes-semantics.md R1.21): case-sensitive, three values.
function validDeclaredPolicy(w: Workload, s: RawSlot, errors: EvaluationError[]): PullPolicy | null {
  if (s.declaredPolicy === null || s.declaredPolicy === '') return null;
  if ((PULL_POLICIES as readonly string[]).includes(s.declaredPolicy)) return s.declaredPolicy as PullPolicy;
  errors.push({
    code: 'invalid-pull-policy',
    document: w.document,
    path: s.policyPath,
    line: s.policyLine ?? s.line,
    message: `${s.policyPath}: ${unsupportedPullPolicy(s.declaredPolicy)}`,
  });
  return null;
}

/**
 * validation.go, validateContainerCommon (docs/kubernetes-semantics.md R1.19) and validateContainerOnlyForPod (R1.20); then the kubelet's
 * parse (image_manager.go, EnsureImageExists: applyDefaultImageTag), which the API server never runs, so an
 * object it accepts can still fail on every node. Only one error per field: what the API server refuses never
 * reaches a node.
 */
function checkImageField(w: Workload, s: RawSlot, ref: ImageReference, errors: EvaluationError[]): void {
  const path = s.type === 'imageVolume' ? `${s.path}.reference` : `${s.path}.image`;
  if (s.image === null || s.image === '') {
    // KEP-4639: `reference` is optional in pod templates (controllers may fill it in).
    if (s.type === 'imageVolume' && !w.isPod) return;
    // A value of the wrong type was already reported by the loader.
    if (errors.some((e) => e.document === w.document && e.path === path)) return;
    const line = s.imageLine ?? s.line;
    errors.push({ code: 'required-value', document: w.document, path, line, message: `${path}: Required value` });
  } else if (w.isPod && s.type !== 'imageVolume' && s.image.trim() !== s.image) {
    errors.push({
      code: 'invalid-value',
      document: w.document,
      path,
      line: s.imageLine ?? s.line,
      message: `${path}: Invalid value: "${s.image}": must not have leading or trailing whitespace`,
    });
  } else if (ref.error !== null) {
    errors.push({
      code: 'invalid-image',
      document: w.document,
      path,
      line: s.imageLine ?? s.line,
      message:
        `${path}: ${invalidImageNameMessage(s.image, ref.error)} (the API server accepts this reference, ` +
        `but every node fails the ${s.type === 'imageVolume' ? 'volume' : 'container'} with InvalidImageName)`,
    });
  }
}

const NO_OBJECTS = {
  code: 'no-objects',
  document: null,
  path: null,
  line: null,
  column: null,
  message: 'no Kubernetes objects in the input',
} as const;

/** `{}` as the whole input is nothing, as `[]` is (an empty object inside a list is a document with errors). */
function isEmptyObject(input: unknown): boolean {
  return (
    typeof input === 'object' &&
    input !== null &&
    !Array.isArray(input) &&
    !(input instanceof Uint8Array) &&
    Object.keys(input).length === 0
  );
}

function describeProfile(p: KubeletProfile, admissionPlugins: readonly string[]): string[] {
  const out = [
    `kubelet ${p.version}${p.versionDefaulted ? ' (the newest modelled; name kubeletVersion to change it)' : ''}`,
  ];
  out.push(
    p.ensureSecretPulledImages.enabled
      ? `KubeletEnsureSecretPulledImages on, imagePullCredentialsVerificationPolicy ${p.credentialVerificationPolicy}`
      : 'KubeletEnsureSecretPulledImages off: cached images are used without credential checks',
  );
  // Plugin names are case-sensitive in kube-apiserver's --enable-admission-plugins.
  for (const name of admissionPlugins) {
    if (name !== 'AlwaysPullImages' && name.toLowerCase() === 'alwayspullimages')
      out.push(`admission plugin "${name}" is not recognised: names are case-sensitive (AlwaysPullImages)`);
  }
  return [...out, ...p.warnings];
}
