import { parseImageReference, canonicalImageName, type PullPolicy } from '#k8s';
import { readAsNote } from '../image-pattern.js';
import type { RuleParams } from '../rule-params.js';
import type { RuleDefinition, RuleKind } from '../rule-types.js';
import { globCel, registryPatternCel, registryPatternsCel, slotTagCel } from './cel-globs.js';
import { celString } from './cel-values.js';

/**
 * Each rule kind's check (kinds/*.ts) as CEL over one slot map `s` of `variables.slots` (cel-slots.ts), for a
 * ValidatingAdmissionPolicy: `variables.slots.filter(s, <scope> && <violation>)` lists the slots the rule
 * fires on, and `message` (a messageExpression over `s`) says why, in the kind's own words where CEL can
 * know them.
 *
 * What a validating policy sees: the object after decoding, which applies defaulting (apimachinery
 * runtime/serializer/versioning/versioning.go codec.Decode calls the defaulter; pkg/apis/core/v1/defaults.go
 * SetDefaults_Container fills imagePullPolicy), and after every mutating admission plugin
 * (apiserver endpoints/handlers/create.go runs mutating admission before validating admission): AlwaysPullImages'
 * Always and the ServiceAccount plugin's imagePullSecrets are already there. `s.effective` is the field as
 * admitted, so it is pullwise's effective policy.
 *
 * An image that does not parse (`s.valid == false`) is judged as each kind judges it: require-digest and
 * allowed-registries fire (fail closed), pull-policy and set-pull-policy judge its defaulted policy, the others
 * pass. An empty image (a template whose controller fills it in) fires only on the policy kinds.
 */

export type CelRule = { exported: true; violation: string; message: string } | { exported: false; reason: string };

/** What a rule's CEL may depend on beyond the rule: facts of the cluster profile it is compiled for. */
export interface CelRuleInputs {
  /** The cluster profile's name, for messages. */
  cluster?: string | null;
  /**
   * The profile's preloadedImages (never-requires-preloaded): null or absent when no profile is given, so the
   * rule is not exported.
   */
  preloadedImages?: readonly string[] | null;
  /** Whether the profile has a node inventory: pullwise then judges on it (never-requires-preloaded, drift). */
  nodeInventory?: boolean;
  /**
   * pull-secrets-for-registries: a CEL boolean, true when the admitted object's pod spec lists imagePullSecrets
   * with a name (extract-workload.ts readPullSecrets counts entries with a name), e.g.
   * `has(object.spec.imagePullSecrets) && object.spec.imagePullSecrets.exists(p, has(p.name))` for a Pod. Absent:
   * the rule is not exported (a slot map has no pod-level field).
   */
  podHasPullSecrets?: string | null;
}

/** The slot variable the CEL is written over. */
const S = 's';

const VALID = `${S}.valid`;
const HAS_DIGEST = `(${S}.valid && ${S}.digest != "")`;
const TAG = slotTagCel(S);

/**
 * The image as written for a message (slot-text.ts imageText). The API server refuses a messageExpression result
 * with a line break (apiserver admission/plugin/policy/validating/validator.go: `strings.ContainsAny(message,
 * "\n")` falls back to the static message), and Pod validation allows one inside an image, so it is replaced.
 */
const IMG = `(${S}.image == "" ? "(empty image)" : ${S}.image.replace("\\n", " "))`;

/** slot-text.ts SLOT_WORDS. */
const SLOT_WORDS = `{"container": "container", "initContainer": "init container", "ephemeralContainer": "ephemeral container", "imageVolume": "image volume"}[${S}.slot]`;

/** slot-text.ts policyField. */
const FIELD = `(${S}.slot == "imageVolume" ? "image.pullPolicy" : "imagePullPolicy")`;

/**
 * slot-text.ts tagImplied, for a valid slot without a digest: no `:` after the last `/`, so no tag was written
 * (a port is before a `/`).
 */
const IMPLIED = `!${S}.image.substring(${S}.image.lastIndexOf("/") + 1).contains(":")`;

/** slot-text.ts digestTemplate, named canonically (the slot map's name_ref). */
const DIGEST_TEMPLATE = `${S}.name_ref + (${IMPLIED} ? "" : ":" + ${TAG}) + "@sha256:<digest>"`;

/** Compile-time text for a message: no line break may reach the API server's message (see IMG). */
function lit(text: string): string {
  return celString(text.replace(/\n/g, '\\n'));
}

/** Cases nested as ternaries up to this many; beyond, a flat list (see firstOf). */
const NESTED_CASES = 16;

/**
 * The value of the first case whose condition holds, else `fallback` (a string). Few cases nest as ternaries;
 * many are a flat list, because every nested ternary is a level of cel-go's parser recursion, which stops at 250
 * (cel-go parser/parser.go NewParser: maxRecursionDepth), while a list literal and a `||` chain stay flat.
 */
function firstOf(cases: readonly (readonly [string, string])[], fallback: string): string {
  if (cases.length <= NESTED_CASES)
    return cases.reduceRight((acc, [cond, value]) => `(${cond} ? ${value} : ${acc})`, fallback);
  const values = cases.map(([cond, value]) => `(${cond} ? ${value} : "")`).join(', ');
  return `([${values}].filter(hit, hit != "") + [${fallback}])[0]`;
}

/** Pattern lists in messages stop after about this many characters (the API server's message limit is 5 KiB). */
const LIST_TEXT_MAX = 1000;

/**
 * `"a", "b"` as pullwise quotes a list (slot-text.ts quoteList), cut short when long: the API server drops a
 * messageExpression result over 5 KiB for the static message (validator.go, MaxEvaluatedMessageExpressionSizeBytes).
 */
function quoteList(items: readonly string[]): string {
  const quoted = items.map((i) => `"${i}"`);
  let text = '';
  for (const [n, q] of quoted.entries()) {
    const next = text === '' ? q : `${text}, ${q}`;
    if (next.length > LIST_TEXT_MAX && n > 0) return `${text} and ${quoted.length - n} more`;
    text = next;
  }
  return text;
}

function params<K extends RuleKind>(rule: RuleDefinition, _kind: K): RuleParams<K> {
  return rule.params as RuleParams<K>;
}

/** `(when.digest)`: the slot has (true) or has no (false) digest; invalid images have none (kinds/pull-policy.ts). */
function whenDigest(digest: boolean | undefined): string[] {
  return digest === undefined ? [] : [digest ? HAS_DIGEST : `!${HAS_DIGEST}`];
}

function and(parts: readonly string[]): string {
  return parts.length === 1 ? parts[0]! : parts.join(' && ');
}

/** cel-go parser/parser.go NewParser: expressionSizeCodePointLimit defaults to 100,000 code points. */
const EXPRESSION_CODE_POINTS_MAX = 100_000;

/**
 * CEL for a validated rule, or why it has none. `message` begins `rule "<name>" (<kind>): <slot> "<name>": `
 * and ends with `; fix: …`. The violation is a conjunction (or a parenthesised term), so `<scope> && <violation>`
 * needs no parentheses. A rule whose CEL would be longer than the API server's CEL parser accepts (a list of
 * hundreds of long patterns) is not exported; the caller's scope and `filter` around it count too.
 */
export function celForRule(rule: RuleDefinition, inputs: CelRuleInputs = {}): CelRule {
  const out = celFor(rule, inputs);
  if (!out.exported) return out;
  const size = Math.max([...out.violation].length, [...out.message].length);
  if (size <= EXPRESSION_CODE_POINTS_MAX) return out;
  return {
    exported: false,
    reason: `its CEL would be ${size} code points long, more than the ${EXPRESSION_CODE_POINTS_MAX} the API server's CEL parser accepts`,
  };
}

function celFor(rule: RuleDefinition, inputs: CelRuleInputs): CelRule {
  const head = `${lit(`rule "${rule.name}" (${rule.kind}): `)} + ${SLOT_WORDS} + " \\"" + ${S}.name + "\\": "`;
  const done = (violation: string, message: string): CelRule => ({
    exported: true,
    violation,
    message: `${head} + ${message}`,
  });
  switch (rule.kind) {
    case 'pull-policy': {
      const { allowed, when } = params(rule, 'pull-policy');
      const scope =
        when?.digest === true
          ? ' for images pinned by digest'
          : when?.digest === false
            ? ' for images without a digest'
            : '';
      const allowedSet = [...new Set(allowed)];
      const notAllowed =
        allowedSet.length === 1
          ? `${S}.effective != ${lit(allowedSet[0]!)}`
          : `!(${S}.effective in [${allowedSet.map(lit).join(', ')}])`;
      // kinds/pull-policy.ts target: the preferred replacement depends on the digest.
      const pick = (order: PullPolicy[]) => order.find((p) => allowed.includes(p)) ?? allowed[0]!;
      const withDigest = pick(['IfNotPresent', 'Always', 'Never']);
      const without = pick(['Always', 'IfNotPresent', 'Never']);
      const target = withDigest === without ? lit(without) : `(${HAS_DIGEST} ? ${lit(withDigest)} : ${lit(without)})`;
      return done(
        and([...whenDigest(when?.digest), notAllowed]),
        `${IMG} + (${HAS_DIGEST} ? " is pinned by digest and" : "") + " has effective " + ${FIELD} + " " + ${S}.effective + ` +
          `${lit(`; this rule allows only ${allowed.join(' or ')}${scope}; fix: set `)} + ${FIELD} + ": " + ${target}`,
      );
    }
    case 'set-pull-policy': {
      // Validation only: the finding is what a MutatingAdmissionPolicy (or pullwise's webhook) would change.
      const { policy, when } = params(rule, 'set-pull-policy');
      const target = policy ?? 'Always';
      return done(
        and([...whenDigest(when?.digest), `${S}.effective != ${lit(target)}`]),
        `${IMG} + " has effective " + ${FIELD} + " " + ${S}.effective + ${lit(`; this rule sets it to ${target} at admission; fix: set `)} + ${FIELD} + ${lit(`: ${target}`)}`,
      );
    }
    case 'mutable-tag-requires-always': {
      const { immutableTags } = params(rule, 'mutable-tag-requires-always');
      const immutable = [...new Set(immutableTags ?? [])].map((g) => globCel(g, TAG));
      const parts = [VALID, `${S}.digest == ""`];
      if (immutable.includes('true')) parts.push('false');
      else if (immutable.length > 0) parts.push(`!(${immutable.join(' || ')})`);
      parts.push(`${S}.effective != "Always"`);
      return done(
        and(parts),
        `(${IMPLIED} ? ${IMG} + " has no tag and no digest (so tag \\"latest\\")" : ${IMG} + " uses tag \\"" + ${TAG} + "\\" without a digest")` +
          ` + " and its effective " + ${FIELD} + " is " + ${S}.effective + "; mutable tags must be pulled with Always; fix: set " + ${FIELD} + ": Always, or pin the image by digest (" + ${DIGEST_TEMPLATE} + ")"`,
      );
    }
    case 'require-digest':
      return done(
        `${S}.image != "" && !(${HAS_DIGEST})`,
        `(!${VALID} ? ${IMG} + " does not parse, so it is not pinned to a valid digest; the kubelet refuses it with InvalidImageName; fix: write a valid reference pinned by digest, e.g. <registry>/<repository>[:<tag>]@sha256:<64 lowercase hex digits>"` +
          ` : ${IMG} + (${IMPLIED} ? " has no tag and no digest (tag \\"latest\\" is implied)" : " uses tag \\"" + ${TAG} + "\\" without a digest")` +
          ` + "; the registry can point the tag at different content, so the image must be pinned by digest; fix: pin the digest: replace \\"" + ${IMG} + "\\" with \\"" + ${DIGEST_TEMPLATE} + "\\"")`,
      );
    case 'disallowed-tags': {
      const { tags } = params(rule, 'disallowed-tags');
      // GlobList.firstMatch: the first pattern in written order names the verdict.
      const cases = tags.map((g) => {
        const verdict = g.includes('*') ? `matches the disallowed pattern "${g}"` : 'is disallowed';
        return [globCel(g, TAG), lit(verdict)] as const;
      });
      const verdict = firstOf(cases, '""');
      const matched = cases.some(([c]) => c === 'true') ? 'true' : `(${cases.map(([c]) => c).join(' || ')})`;
      return done(
        and([VALID, `${S}.digest == ""`, matched]),
        `(${IMPLIED} ? ${IMG} + " has no tag and no digest, which means tag \\"latest\\", and \\"latest\\" " + ${verdict} : ${IMG} + " uses tag \\"" + ${TAG} + "\\", which " + ${verdict})` +
          ` + "; fix: use a specific version tag that this rule allows, or pin the image by digest (" + ${DIGEST_TEMPLATE} + ")"`,
      );
    }
    case 'allowed-registries': {
      // `rewrites` only chooses the fix (kinds/registry-rewrite.ts), never whether the rule fires; whether a rewrite
      // is accepted needs the rewritten reference parsed, so the CEL fix names the allowed registries instead.
      const { registries } = params(rule, 'allowed-registries');
      const list = quoteList(registries);
      return done(
        `${S}.image != "" && (!${VALID} || !(${registryPatternsCel(registries, S)}))`,
        `(!${VALID} ? ${IMG} + ${lit(` does not parse, so it cannot be shown to come from an allowed registry (${list}); fix: write a valid reference to an image from ${list}`)}` +
          ` : ${IMG} + " comes from " + ${S}.name_ref + ${lit(`, which matches none of the allowed registries ${list}; fix: use an image from an allowed registry: ${list}`)})`,
      );
    }
    case 'denied-registries': {
      const { registries } = params(rule, 'denied-registries');
      const hit = firstOf(
        registries.map((p) => [
          registryPatternCel(p, S),
          lit(`"${p}"${readAsNote(p)}; fix: use an image from a registry that does not match "${p}"`),
        ]),
        '""',
      );
      return done(
        `${VALID} && ${registryPatternsCel(registries, S)}`,
        `${IMG} + " comes from " + ${S}.name_ref + ", which matches the denied pattern " + ${hit}`,
      );
    }
    case 'pull-secrets-for-registries': {
      const { registries, secretName } = params(rule, 'pull-secrets-for-registries');
      // plugin/pkg/admission/serviceaccount/admission.go Admit copies the ServiceAccount's imagePullSecrets into a
      // Pod that lists none, in the mutating phase: this CEL sees them, as pullwise's webhook does (it judges
      // request.object). Workload templates are left alone, so there both read the template as written.
      if (!inputs.podHasPullSecrets) {
        return {
          exported: false,
          reason:
            'whether the pod spec lists imagePullSecrets is not a slot field: give the CEL for it (podHasPullSecrets) to export this rule',
        };
      }
      const fix =
        secretName !== undefined
          ? lit(`add imagePullSecrets: [{ name: ${secretName} }] to the pod spec`)
          : `"add imagePullSecrets naming a Secret with credentials for " + ${S}.name_ref`;
      const hit = firstOf(
        registries.map((p) => [registryPatternCel(p, S), lit(`"${p}"${readAsNote(p)}`)]),
        '""',
      );
      return done(
        `!(${inputs.podHasPullSecrets}) && ${VALID} && ${registryPatternsCel(registries, S)}`,
        `${IMG} + " comes from " + ${S}.name_ref + " (matches " + ${hit} + "), but the pod spec lists no imagePullSecrets (a Pod's include those its ServiceAccount adds at admission); fix: " + ${fix}`,
      );
    }
    case 'never-requires-preloaded': {
      if (inputs.nodeInventory) {
        return {
          exported: false,
          reason:
            "the cluster profile has a node inventory, and pullwise judges on each eligible node's status.images, which admission cannot see",
        };
      }
      if (inputs.preloadedImages == null) {
        return {
          exported: false,
          reason:
            "pullwise judges against the cluster profile's preloadedImages, and no profile's list was given to compile against",
        };
      }
      const keys = preloadedKeys(inputs.preloadedImages);
      const where = inputs.cluster ? `the cluster profile "${inputs.cluster}"` : 'the cluster profile';
      const listed =
        inputs.preloadedImages.length === 0
          ? `${where} lists no preloaded images`
          : `${where} does not list it among its preloaded images`;
      const parts = [`${S}.effective == "Never"`, VALID];
      if (keys.length > 0) {
        const key = `(${S}.digest != "" ? ${S}.name_ref + "@" + ${S}.digest : ${S}.name_ref + ":" + ${TAG})`;
        parts.push(`!(${key} in [${keys.map(lit).join(', ')}])`);
      }
      return done(
        and(parts),
        `${IMG} + " has effective " + ${FIELD} + ${lit(` Never, but ${listed}; on a node without the image the container fails with ErrImageNeverPull; fix: set `)} + ${FIELD} + ": IfNotPresent so a node without the image pulls it, or add " + ${IMG} + " to the cluster profile's preloadedImages"`,
      );
    }
    case 'explicit-pull-policy':
      return {
        exported: false,
        reason:
          'the API server defaults imagePullPolicy while decoding the request, before any admission plugin runs (apimachinery runtime/serializer/versioning/versioning.go Decode; pkg/apis/core/v1/defaults.go SetDefaults_Container), so a validating policy cannot tell a written policy from a defaulted one',
      };
    case 'mutable-tag-drift':
      return {
        exported: false,
        reason:
          "it compares the digests the cluster's nodes hold for a tag (a node inventory's status.images), which admission cannot see",
      };
  }
}

/**
 * libs/k8s preloadedMatcher as keys: `name@digest` for an entry with a digest, else `name:tag`, on the canonical
 * name; an image matches by its digest when it has one, else by its tag. Entries that do not parse never match.
 */
function preloadedKeys(preloaded: readonly string[]): string[] {
  const keys = new Set<string>();
  for (const entry of preloaded) {
    const p = parseImageReference(entry);
    if (p.error !== null || p.registry === null || p.repository === null) continue;
    const name = canonicalImageName(p.registry, p.repository);
    if (p.digest !== null) keys.add(`${name}@${p.digest}`);
    else if (p.tag !== null) keys.add(`${name}:${p.tag}`);
  }
  return [...keys].sort();
}
