import type { PullPolicy } from '../types.js';

// Model of the kube-apiserver admission plugin `AlwaysPullImages`
// (plugin/pkg/admission/alwayspullimages/admission.go: Admit, Validate, shouldIgnore,
// isUpdateWithNoNewImages, NewAlwaysPullImages; pkg/apis/core/pods/helpers.go: VisitContainersWithPath).
// It works on a minimal Pod shape so that upstream's admission_test.go cases can be replayed.

export const ALWAYS_PULL_IMAGES_PLUGIN = 'AlwaysPullImages';

/** True when the plugin list enables AlwaysPullImages (plugin names are case-sensitive). */
export function hasAlwaysPullImages(admissionPlugins: readonly string[] | undefined): boolean {
  return (admissionPlugins ?? []).some((p) => p.trim() === ALWAYS_PULL_IMAGES_PLUGIN);
}

/** `''` stands for a field that is present but empty (not yet defaulted). */
export type PolicyValue = PullPolicy | '';

export interface AdmissionContainer {
  name: string;
  image: string;
  imagePullPolicy?: PolicyValue;
}

export interface AdmissionVolume {
  name: string;
  image?: { reference?: string; pullPolicy?: PolicyValue };
}

export interface AdmissionPodSpec {
  initContainers?: AdmissionContainer[];
  containers?: AdmissionContainer[];
  ephemeralContainers?: AdmissionContainer[];
  volumes?: AdmissionVolume[];
}

export interface AdmissionObject {
  kind: string;
  metadata?: { name?: string; namespace?: string };
  spec?: AdmissionPodSpec;
}

export interface AdmissionAttributes {
  operation: 'CREATE' | 'UPDATE';
  /** Plural resource, e.g. `pods`, `deployments`. */
  resource: string;
  /** `''`/absent for the main resource; `ephemeralcontainers`, `status`, `exec`, `binding`, `resize`, ... */
  subresource?: string;
  object: AdmissionObject;
  oldObject?: AdmissionObject;
}

export type AdmitResult =
  | { outcome: 'ignored'; why: string; object: AdmissionObject }
  | { outcome: 'admitted'; object: AdmissionObject; changed: string[] }
  | { outcome: 'error'; error: string };

export interface ValidateResult {
  /** One rendered Forbidden error per container or image volume whose policy is not Always. */
  errors: string[];
  /** The aggregate as the API server prints it (null when the request passes). */
  message: string | null;
}

interface VisitedContainer {
  path: string;
  container: AdmissionContainer;
}

/** A field the plugin forces to Always: a container's imagePullPolicy or an image volume's pullPolicy. */
interface PolicySlot {
  /** Field path as the API server prints it, e.g. `spec.volumes[0].image.pullPolicy`. */
  field: string;
  get: () => PolicyValue | undefined;
  set: (value: PolicyValue) => void;
}

// pkg/apis/core/pods/helpers.go, VisitContainersWithPath: init, regular, then ephemeral containers.
function visitContainers(spec: AdmissionPodSpec | undefined): VisitedContainer[] {
  const out: VisitedContainer[] = [];
  (spec?.initContainers ?? []).forEach((c, i) => out.push({ path: `spec.initContainers[${i}]`, container: c }));
  (spec?.containers ?? []).forEach((c, i) => out.push({ path: `spec.containers[${i}]`, container: c }));
  (spec?.ephemeralContainers ?? []).forEach((c, i) =>
    out.push({ path: `spec.ephemeralContainers[${i}]`, container: c }),
  );
  return out;
}

// admission.go, Admit/Validate: the containers first, then every volume with an `image` source (KEP-4639,
// since 1.31); admission_test.go TestValidate expects the volume errors after the container errors. Volumes
// of other types have no pull policy and are skipped.
function policySlots(spec: AdmissionPodSpec | undefined): PolicySlot[] {
  const slots: PolicySlot[] = visitContainers(spec).map(({ path, container }) => ({
    field: `${path}.imagePullPolicy`,
    get: () => container.imagePullPolicy,
    set: (value) => {
      container.imagePullPolicy = value;
    },
  }));
  (spec?.volumes ?? []).forEach((volume, i) => {
    const source = volume.image;
    if (source === undefined) return;
    slots.push({
      field: `spec.volumes[${i}].image.pullPolicy`,
      get: () => source.pullPolicy,
      set: (value) => {
        source.pullPolicy = value;
      },
    });
  });
  return slots;
}

// admission.go, shouldIgnore: "Ignore all calls to subresources or resources other than pods", and
// updates that introduce no new image (isUpdateWithNoNewImages).
function ignoreReason(attrs: AdmissionAttributes): string | null {
  if ((attrs.subresource ?? '') !== '') {
    return `subresource "${attrs.subresource}" is ignored (shouldIgnore: every subresource is skipped)`;
  }
  if (attrs.resource !== 'pods') {
    return `resource "${attrs.resource}" is not pods (shouldIgnore: only Pod objects are mutated)`;
  }
  if (isUpdateWithNoNewImages(attrs)) {
    return 'update introduces no new image (isUpdateWithNoNewImages)';
  }
  return null;
}

// admission.go, isUpdateWithNoNewImages: on UPDATE, skip when every image of the new Pod already
// appears among the old Pod's images. Only containers are compared: pod volumes cannot change on
// update (pkg/apis/core/validation/validation.go, ValidatePodUpdate), so no new volume image can appear.
function isUpdateWithNoNewImages(attrs: AdmissionAttributes): boolean {
  if (attrs.operation !== 'UPDATE') return false;
  if (attrs.object.kind !== 'Pod' || attrs.oldObject?.kind !== 'Pod') return false;
  const oldImages = new Set(visitContainers(attrs.oldObject.spec).map((v) => v.container.image));
  return visitContainers(attrs.object.spec).every((v) => oldImages.has(v.container.image));
}

function clone<T>(value: T): T {
  return structuredClone(value);
}

/**
 * admission.go, Admit: sets Always on every visited container and image volume. Pure: returns a copy.
 */
export function admitAlwaysPullImages(attrs: AdmissionAttributes): AdmitResult {
  const why = ignoreReason(attrs);
  if (why !== null) return { outcome: 'ignored', why, object: attrs.object };
  if (attrs.object.kind !== 'Pod') {
    // admission.go: apierrors.NewBadRequest(...)
    return { outcome: 'error', error: 'Resource was marked with kind Pod but was unable to be converted' };
  }
  const object = clone(attrs.object);
  const changed: string[] = [];
  for (const slot of policySlots(object.spec)) {
    if (slot.get() !== 'Always') changed.push(slot.field);
    slot.set('Always');
  }
  return { outcome: 'admitted', object, changed };
}

/**
 * admission.go, Validate: one Forbidden error wrapping field.NotSupported per container or image volume whose
 * policy is not Always, containers first, aggregated. Catches later mutating admission
 * (webhooks) undoing Admit (B25). The rendering follows apimachinery's aggregate: a single error is printed
 * alone, several in `[a, b]`.
 */
export function validateAlwaysPullImages(attrs: AdmissionAttributes): ValidateResult {
  if (ignoreReason(attrs) !== null) return { errors: [], message: null };
  if (attrs.object.kind !== 'Pod') {
    const error = 'Resource was marked with kind Pod but was unable to be converted';
    return { errors: [error], message: error };
  }
  const name = attrs.object.metadata?.name ?? '';
  const errors = policySlots(attrs.object.spec)
    .filter((slot) => slot.get() !== 'Always')
    .map(
      (slot) =>
        `pods "${name}" is forbidden: ${slot.field}: Unsupported value: "${slot.get() ?? ''}": supported values: "Always"`,
    );
  if (errors.length === 0) return { errors, message: null };
  return { errors, message: errors.length === 1 ? errors[0]! : `[${errors.join(', ')}]` };
}
