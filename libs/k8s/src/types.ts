// Shared vocabulary of the Kubernetes semantics library. Plain data only: no Nest, no Prisma.

// The closed sets the engine produces are defined here once; libs/policy builds the result schema's enums
// from these arrays (docs/design.md "The result schema").

/**
 * A closed set's values, typed as a list of their union rather than a tuple, so that callers can cast it to
 * the non-empty tuple `z.enum` takes and `includes` accepts any member.
 */
export function closedSet<const T extends string>(values: readonly T[]): readonly T[] {
  return values;
}

export const PULL_POLICIES = closedSet(['Always', 'IfNotPresent', 'Never']);
export type PullPolicy = (typeof PULL_POLICIES)[number];

/** Where an image sits in a pod spec. */
export const SLOT_TYPES = closedSet(['container', 'initContainer', 'ephemeralContainer', 'imageVolume']);
export type SlotType = (typeof SLOT_TYPES)[number];

/** What the kubelet does with an image in one node state. */
export const NODE_ACTIONS = ['pull', 'use-local', 'fail'] as const;
export type NodeAction = (typeof NODE_ACTIONS)[number];

/** The `type` of a Kubernetes event (core/v1 EventTypeNormal, EventTypeWarning). */
export const KUBELET_EVENT_TYPES = ['Normal', 'Warning'] as const;
export type KubeletEventType = (typeof KUBELET_EVENT_TYPES)[number];

/** The kubelet's imagePullCredentialsVerificationPolicy values (KEP-2535). */
export const CREDENTIAL_VERIFICATION_POLICIES = [
  'NeverVerify',
  'NeverVerifyPreloadedImages',
  'NeverVerifyAllowlistedImages',
  'AlwaysVerify',
] as const;
export type CredentialVerificationPolicy = (typeof CREDENTIAL_VERIFICATION_POLICIES)[number];

/** A position in the submitted text, both 1-based. */
export interface SourcePosition {
  line: number;
  column: number;
}

/**
 * An image reference as Kubernetes reads it (pkg/util/parsers.ParseImageName over
 * github.com/distribution/reference.ParseNormalizedNamed).
 * Example: `nginx` -> registry `docker.io`, repository `library/nginx`, tag `latest`, digest null.
 */
export interface ImageReference {
  /** The string exactly as written in the manifest. */
  reference: string;
  /** Normalised domain (`docker.io` for Docker Hub); null when the reference does not parse. */
  registry: string | null;
  /** Path below the domain (`library/nginx`); null when the reference does not parse. */
  repository: string | null;
  /** Tag, `latest` when neither tag nor digest is written; null when digest-only or unparsable. */
  tag: string | null;
  /** `algorithm:hex` or null. */
  digest: string | null;
  /** What the kubelet hands to the runtime (applyDefaultImageTag), null on error. */
  runtimeImage: string | null;
  /** Error in the library's own wording, e.g. `invalid reference format`; null when it parses. */
  error: string | null;
}

/** Facts about the target cluster that change the answers. */
export interface ClusterContext {
  /** Namespace for documents without metadata.namespace (else `default`). */
  namespace?: string;
  /** Admission plugins enabled on the API server, e.g. ["AlwaysPullImages"]. */
  admissionPlugins?: string[];
  /** Kubelet minor version as "1.NN" (1.27 up to the newest modelled). */
  kubeletVersion?: string;
  /** imagePullCredentialsVerificationPolicy. */
  credentialVerificationPolicy?: CredentialVerificationPolicy;
  /** preloadedImagesVerificationAllowlist entries. */
  verificationAllowlist?: string[];
  /** Images known to be on every node before any pod runs. */
  preloadedImages?: string[];
  /** Feature-gate overrides on the kubelet (e.g. { KubeletEnsureSecretPulledImages: false }). */
  featureGates?: Record<string, boolean>;
  /** KubeletConfiguration maxParallelImagePulls, when known. */
  maxParallelImagePulls?: number;
  /** Pod specs inside custom resources the engine does not know by itself (see podTemplatePathProblems). */
  podTemplatePaths?: PodTemplatePath[];
}

/**
 * Where a custom resource embeds a pod spec: objects of exactly this apiVersion and kind have a PodSpec at
 * `path` (`spec.template.spec`; `[*]` after a list field for every element: `spec.jobs[*].template.spec`).
 */
export interface PodTemplatePath {
  apiVersion: string;
  kind: string;
  path: string;
}

export interface KubeletEvent {
  type: KubeletEventType;
  reason: string;
  message: string;
}

export interface NodeOutcome {
  action: NodeAction;
  contactsRegistry: boolean;
  /** Container waiting reason (`ErrImageNeverPull`, `InvalidImageName`, ...) or null. */
  reason: string | null;
  events: KubeletEvent[];
}

export interface NodeBehaviour {
  imageAbsent: NodeOutcome;
  imagePresent: NodeOutcome;
  /** Only when credential verification is active on the kubelet, else null. */
  imagePresentUnverified: NodeOutcome | null;
  /** Short human notes (pull secrets, AlwaysPullImages/KEP-2535 interplay, version caveats). */
  notes: string[];
}

export interface PullPolicyResolution {
  declared: PullPolicy | null;
  default: PullPolicy;
  effective: PullPolicy;
  /** The admission plugin that set the effective policy (`AlwaysPullImages`), or null. */
  admittedBy: string | null;
  reasons: string[];
}
