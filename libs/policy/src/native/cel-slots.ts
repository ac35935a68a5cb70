import { PULL_POLICIES, REFERENCE_GRAMMAR, WORKLOAD_KINDS } from '#k8s';
import { celString, celStringList } from './cel-values.js';

/**
 * The image slots of a workload object as admission-policy CEL `variables`: `variables.slots` is one map per slot
 * with the reference read exactly as pullwise reads it (libs/k8s parseImageReference, canonicalImageName and
 * defaultPullPolicy), so native ValidatingAdmissionPolicy / MutatingAdmissionPolicy rules can reproduce pullwise's
 * verdicts.
 *
 * Only the CEL every supported API server (1.30+) and @bufbuild/cel share is used: `has()`, `map`/`filter`,
 * `in`, `matches` (RE2) and the strings extension (`indexOf`, `lastIndexOf`, `substring`, `lowerAscii`, `replace`,
 * `trim`). No optional types and no `cel.bind`, so a value computed once per slot is carried to the next stage in
 * the slot's own map: each variable is one pass over the slots of the previous one, and nothing iterates over the
 * containers inside another comprehension.
 *
 * `object` is read through `dyn(object)`: the API server compiles with `object` as dyn, but also type-checks each
 * expression against the schema of every kind the policy matches and reports `object.spec.template` on a Pod as a
 * warning (staging/src/k8s.io/apiserver/pkg/admission/plugin/policy/validating/typechecking.go).
 *
 * Informal cost (cel-go interpreter/runtimecost.go: string functions about 0.1 per character, `matches`
 * ceil(0.1 × (1 + len(input))) × ceil(0.25 × len(regex))): for a 60-character image the reference regex (332
 * characters) costs 7 × 83 ≈ 580, the other regexes and string steps of all stages a few hundred more, so about
 * 1,000 per slot, spent once per admission request however many rules read `variables.slots` (variables are
 * evaluated lazily, once). A pod spec with 100 image slots stays near 100,000, against the API server's 1,000,000
 * per expression and 10,000,000 per policy evaluation (k8s.io/apiserver/pkg/apis/cel/config.go PerCallLimit,
 * RuntimeCELCostBudget; ValidatingAdmissionPolicy enforces only this runtime cost, kubernetes/kubernetes#115747).
 */

export interface CelVariable {
  name: string;
  expression: string;
}

export type CelSlotType = 'container' | 'initContainer' | 'ephemeralContainer' | 'imageVolume';

/** One element of `variables.slots`. Every string is '' when it does not apply (parsed parts of an invalid image). */
export interface CelSlot {
  slot: CelSlotType;
  /** Container name, or the volume's name for an image volume. */
  name: string;
  /** `image`, or `image.reference` of an image volume, as written ('' when absent). */
  image: string;
  /** `imagePullPolicy` / `image.pullPolicy` as written ('' when absent). */
  written: string;
  /** Canonical registry host (libs/k8s canonicalRegistryHost): lowercase, no `:443`, Docker Hub as `docker.io`. */
  host: string;
  /** Repository path below the host, with Docker Hub's implied `library/` (libs/k8s canonicalImageName). */
  repository: string;
  /** `host/repository`. */
  name_ref: string;
  /** The tag, `latest` when neither tag nor digest is written (pkg/util/parsers/parsers.go ParseImageName). */
  tag: string;
  /** `algorithm:hex`. */
  digest: string;
  /** The written policy when it is Always, IfNotPresent or Never, else the API server's default. */
  effective: 'Always' | 'IfNotPresent' | 'Never';
  /** The image parses (libs/k8s parseImageReference gives no error); the kubelet refuses it otherwise. */
  valid: boolean;
}

/** The keys of every `variables.slots` element, in the order the map literal lists them. */
export const CEL_SLOT_KEYS = [
  'slot',
  'name',
  'image',
  'written',
  'host',
  'repository',
  'name_ref',
  'tag',
  'digest',
  'effective',
  'valid',
] as const satisfies ReadonlyArray<keyof CelSlot>;

// --- the reference grammar: libs/k8s grammar.ts's sources (distribution/reference v0.6.0 regexp.go) ---

const { DOMAIN_AND_PORT, REMOTE_NAME, TAG } = REFERENCE_GRAMMAR;
/**
 * regexp.go digestPat narrowed to what go-digest then accepts (digest.go Validate, algorithm.go): a registered
 * algorithm with exactly its length of lowercase hex (sha384/sha512 count: the kubelet links crypto/sha512).
 */
const DIGEST = '(?:sha256:[a-f0-9]{64}|sha384:[a-f0-9]{96}|sha512:[a-f0-9]{128})';

/**
 * regexp.go referencePat, anchored (CEL `matches` searches). Matching the reference as written is the same as
 * matching what ParseNormalizedNamed hands to Parse (normalize.go splitDockerDomain): the prefix it adds
 * (`docker.io/`, `docker.io/library/`) is always valid, and a first component it does not take as a domain
 * (lowercase, no `.` or `:`, not `localhost`) is a valid path component whenever it is a valid domain. The
 * lowercase check of ParseNormalizedNamed is implied too: the repository part of the grammar has no uppercase.
 */
const REFERENCE_RE2 = `^(?:${DOMAIN_AND_PORT}/)?${REMOTE_NAME}(?::${TAG})?(?:@${DIGEST})?$`;

/** normalize.go ParseNormalizedNamed: anchoredIdentifierRegexp, a bare 64-hex string is refused. */
const IDENTIFIER_RE2 = '^[a-f0-9]{64}$';
/** reference.go RepositoryNameTotalLengthMax: the path (without the domain, since v0.6.0) is at most 255. */
const REPOSITORY_NAME_TOTAL_LENGTH_MAX = 255;

/**
 * normalize.go splitDockerDomain: a first component with one of these (or `localhost`) is a domain. Go also counts
 * non-ASCII uppercase; any non-ASCII character makes the reference invalid, whichever way it is split.
 */
const DOMAIN_MARK = '[.:A-Z]';
/**
 * The first component is a domain for splitDockerDomain and stays one in Parse. In a valid reference it fails
 * regexp.go domainAndPort only when it has a `_` (a path component without `_` is a valid domain), and then Parse
 * reads the whole name as a path with no domain (`a_b.c/x`), so no second match of the grammar is needed.
 */
const DOMAIN_FIRST_RE2 = `^(?:localhost|[^/_]*${DOMAIN_MARK}[^/_]*)/`;
/** A first component splitDockerDomain takes as a domain but Parse does not: reference.Domain is ''. */
const NO_DOMAIN_FIRST_RE2 = `^[^/]*${DOMAIN_MARK}`;

/** moby registry/config.go IndexHostname and DefaultRegistryHost: Docker Hub's other names (registry-host.ts). */
const DOCKER_HUB_ALIASES = ['index.docker.io', 'registry-1.docker.io'];
const DOCKER_HUB = 'docker.io';

const O = 'dyn(object)';
const q = celString;

/** `has(v.f) ? v.f : ""` */
function stringField(value: string, field: string): string {
  return `(has(${value}.${field}) ? ${value}.${field} : "")`;
}

/** `variables.<from>.map(s, {…})`, carrying `carry` unchanged and adding `fields`. */
function stage(from: string, carry: readonly string[], fields: Record<string, string>): string {
  const entries = [...carry.map((k) => `${q(k)}: s.${k}`), ...Object.entries(fields).map(([k, v]) => `${q(k)}: ${v}`)];
  return `variables.${from}.map(s, {${entries.join(', ')}})`;
}

/** Kind -> API groups, as libs/k8s workloadKind matches them (any version; no apiVersion matches on kind). */
function workloadKindExpression(): string {
  const groups = `{${Object.entries(WORKLOAD_KINDS)
    .map(([kind, w]) => `${q(kind)}: ${celStringList(w.groups)}`)
    .join(', ')}}`;
  const apiVersion = `${O}.apiVersion`;
  const group = `(${apiVersion}.contains("/") ? ${apiVersion}.substring(0, ${apiVersion}.indexOf("/")) : "")`;
  return (
    `has(${O}.kind) && ${O}.kind in ${groups} && ` +
    `(!has(${apiVersion}) || ${apiVersion} == "" || ${group} in ${groups}[${O}.kind]) ? ${O}.kind : ""`
  );
}

/** The pod spec at `path`, or `{}` when a level is missing (libs/k8s extract-workload.ts: no pod spec, no slots). */
function specAt(path: readonly string[]): string {
  const guards = path.map((_, i) => `has(${O}.${path.slice(0, i + 1).join('.')})`);
  return `(${guards.join(' && ')} ? ${O}.${path.join('.')} : {})`;
}

function specExpression(): string {
  const byPath = new Map<string, { path: readonly string[]; kinds: string[] }>();
  for (const [kind, w] of Object.entries(WORKLOAD_KINDS)) {
    const key = w.podSpecPath.join('.');
    const entry = byPath.get(key) ?? { path: w.podSpecPath, kinds: [] };
    entry.kinds.push(kind);
    byPath.set(key, entry);
  }
  return [...byPath.values()].reduceRight(
    (otherwise, { path, kinds }) =>
      `variables.workloadKind in ${celStringList(kinds)} ? ${specAt(path)} : ${otherwise}`,
    '{}',
  );
}

/**
 * Container lists in pkg/apis/core/pods/helpers.go VisitContainersWithPath order, then image volumes
 * (staging/src/k8s.io/api/core/v1/types.go VolumeSource.Image, KEP-4639), as libs/k8s extract-slots.ts lists them.
 */
const CONTAINER_LISTS: ReadonlyArray<readonly [field: string, slot: CelSlotType]> = [
  ['initContainers', 'initContainer'],
  ['containers', 'container'],
  ['ephemeralContainers', 'ephemeralContainer'],
];

function slotFieldsExpression(): string {
  const spec = 'variables.spec';
  const lists = CONTAINER_LISTS.map(
    ([field, slot]) =>
      `(has(${spec}.${field}) ? ${spec}.${field}.map(c, {"slot": ${q(slot)}, "name": ${stringField('c', 'name')}, ` +
      `"image": ${stringField('c', 'image')}, "written": ${stringField('c', 'imagePullPolicy')}}) : [])`,
  );
  const volumes =
    `(has(${spec}.volumes) ? ${spec}.volumes.filter(v, has(v.image)).map(v, {"slot": "imageVolume", ` +
    `"name": ${stringField('v', 'name')}, "image": ${stringField('v.image', 'reference')}, ` +
    `"written": ${stringField('v.image', 'pullPolicy')}}) : [])`;
  return [...lists, volumes].join(' + ');
}

const BASE = ['slot', 'name', 'image', 'written'];

/**
 * The ordered variables: `workloadKind`, `spec` (the pod spec, `{}` for other kinds), five intermediate stages
 * (`slotFields`, `slotRefs`, `slotNames`, `slotParts`, `slotHosts`), then `slots` (CelSlot maps). Expressions never
 * fail on a missing field or an invalid reference: every substring index is guarded.
 */
export function slotVariables(): CelVariable[] {
  // Split at '@' (regexp.go referencePat: '@' appears only before the digest).
  const at = 's.image.indexOf("@")';
  const refs = stage('slotFields', BASE, {
    ok: `!(size(s.image) == 64 && s.image.matches(${q(IDENTIFIER_RE2)})) && s.image.matches(${q(REFERENCE_RE2)})`,
    nt: `s.image.contains("@") ? s.image.substring(0, ${at}) : s.image`,
    digest: `s.image.contains("@") ? s.image.substring(${at} + 1) : ""`,
  });

  // A tag is there iff the last ':' comes after the last '/' (libs/k8s match-reference.ts).
  const colon = 's.nt.lastIndexOf(":")';
  const tagged = `${colon} > s.nt.lastIndexOf("/")`;
  const names = stage('slotRefs', [...BASE, 'ok', 'digest'], {
    tag: `${tagged} ? s.nt.substring(${colon} + 1) : ""`,
    named: `${tagged} ? s.nt.substring(0, ${colon}) : s.nt`,
    // The first '/'-separated component ('' without one): it lies before any tag, so it is also `named`'s.
    first: `s.nt.contains("/") ? s.nt.substring(0, s.nt.indexOf("/")) : ""`,
    // normalize.go splitDockerDomain, by the first component.
    mode:
      `!s.nt.contains("/") ? "official" : ` +
      `s.nt.startsWith("docker.io/") || s.nt.startsWith("index.docker.io/") ? "hub" : ` +
      `s.nt.matches(${q(DOMAIN_FIRST_RE2)}) ? "domain" : ` +
      `s.nt.matches(${q(NO_DOMAIN_FIRST_RE2)}) ? "nodomain" : "implicit"`,
  });

  // `named` after its first component (every mode but "official" has one).
  const rest = 's.named.substring(size(s.first) + 1)';
  // A port is the digits after the first component's last ':' (an IPv6 host ends in ']').
  const ported = 's.first.matches(":[0-9]+$")';
  const parts = stage('slotNames', [...BASE, 'ok', 'digest', 'tag'], {
    // Parse's path: "library/" is added by splitDockerDomain for one-component Docker Hub names.
    path:
      `s.mode == "official" ? "library/" + s.named : ` +
      `s.mode == "hub" ? (${rest}.contains("/") ? ${rest} : "library/" + ${rest}) : ` +
      `s.mode == "domain" ? ${rest} : s.named`,
    hostLower:
      `s.mode == "domain" ? (${ported} ? s.first.substring(0, s.first.lastIndexOf(":")) : s.first).lowerAscii() : ` +
      `s.mode == "nodomain" ? "" : ${q(DOCKER_HUB)}`,
    port: `s.mode == "domain" && ${ported} ? s.first.substring(s.first.lastIndexOf(":") + 1) : ""`,
  });

  // libs/k8s registry-host.ts canonicalRegistryHost: the port as a decimal number (no leading zeros), :443 dropped.
  const https = `(s.port == "" || s.port.matches("^0*443$"))`;
  // Leading zeros off without int() (which fails past int64): the first non-zero digit starts the first
  // occurrence of the port's non-zero core (zeros blanked, trimmed, restored).
  const port =
    `(!s.port.startsWith("0") ? s.port : s.port.matches("^0+$") ? "0" : ` +
    `s.port.substring(s.port.indexOf(s.port.replace("0", " ").trim().replace(" ", "0"))))`;
  const hosts = stage('slotParts', [...BASE, 'digest', 'tag'], {
    valid: `s.ok && size(s.path) <= ${REPOSITORY_NAME_TOTAL_LENGTH_MAX}`,
    host: `${https} ? (s.hostLower in ${celStringList(DOCKER_HUB_ALIASES)} ? ${q(DOCKER_HUB)} : s.hostLower) : s.hostLower + ":" + ${port}`,
    // registry-host.ts canonicalImageName: a one-component Docker Hub repository is under library/.
    repository: `${https} && s.hostLower in ${celStringList([DOCKER_HUB, ...DOCKER_HUB_ALIASES])} && !s.path.contains("/") ? "library/" + s.path : s.path`,
  });

  // pkg/apis/core/v1/defaults.go SetDefaults_Container / SetDefaults_Volume: Always iff ParseImageName's tag is
  // "latest" (no tag and no digest reads as "latest"); a parse error leaves the tag "", so IfNotPresent.
  const implied = 's.tag == "" && s.digest == ""';
  const slots = stage('slotHosts', BASE, {
    host: `s.valid ? s.host : ""`,
    repository: `s.valid ? s.repository : ""`,
    name_ref: `s.valid ? s.host + "/" + s.repository : ""`,
    tag: `s.valid ? (${implied} ? "latest" : s.tag) : ""`,
    digest: `s.valid ? s.digest : ""`,
    effective:
      `s.written in ${celStringList(PULL_POLICIES)} ? s.written : ` +
      `s.valid && (s.tag == "latest" || ${implied}) ? "Always" : "IfNotPresent"`,
    valid: 's.valid',
  });

  return [
    { name: 'workloadKind', expression: workloadKindExpression() },
    { name: 'spec', expression: specExpression() },
    { name: 'slotFields', expression: slotFieldsExpression() },
    { name: 'slotRefs', expression: refs },
    { name: 'slotNames', expression: names },
    { name: 'slotParts', expression: parts },
    { name: 'slotHosts', expression: hosts },
    { name: 'slots', expression: slots },
  ];
}
