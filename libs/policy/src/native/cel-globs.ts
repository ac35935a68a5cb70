import { registryHostSpellings } from '#k8s';
import { compileGlob } from '../glob.js';
import { normaliseImagePattern, normaliseRegistryPattern } from '../image-pattern.js';
import { celString } from './cel-values.js';

/**
 * pullwise globs (glob.ts) as CEL for ValidatingAdmissionPolicy expressions.
 *
 * A glob becomes an anchored RE2 regex for CEL's `matches` (cel-go evaluates it with Go's regexp, RE2 syntax):
 * every literal character is escaped as regexp.QuoteMeta does, and `*` becomes `(?s:.*)`, any run of characters
 * including newlines (glob.ts: `*` crosses everything). RE2 has no backtracking, so patterns such as `a*a*a*…b`
 * stay linear. Literal globs compare with `==`, and `x*` / `*x` with startsWith / endsWith, so most rules need no
 * regex at all.
 *
 * Image and registry patterns are read as pullwise reads them (image-pattern.ts): normalised first (Docker Hub's
 * implied `docker.io/library/`, the runtime's spelling of the host), then matched host-aware: the part before
 * the pattern's first `/` against the slot's canonical host (a host glob with `*` against every spelling of it:
 * libs/k8s registryHostSpellings), the rest against the repository.
 *
 * Slot fields read (cel-slots.ts): host, repository, name_ref, tag, digest, image, valid.
 */

/** RE2 metacharacters: Go regexp.QuoteMeta (regexp/regexp.go, `special`) escapes exactly these. */
const RE2_SPECIAL = /[\\.+*?()|[\]{}^$]/g;

/** `text` as an RE2 literal. */
export function re2Literal(text: string): string {
  return text.replace(RE2_SPECIAL, '\\$&');
}

/** A glob as an anchored RE2 regex (without CEL quoting). `$` is end of text in RE2 unless (?m) is set. */
export function globRegex(glob: string): string {
  return `^${glob.replace(/\*+/g, '*').split('*').map(re2Literal).join('(?s:.*)')}$`;
}

/** `subject` parenthesised unless it is a plain selector (`s.tag`), so it can take `.matches(…)` or `==`. */
function operand(subject: string): string {
  return /^[A-Za-z_][\w.]*$/.test(subject) || wrapped(subject) ? subject : `(${subject})`;
}

/** Whether the expression is one parenthesised group, `(…)` (string literals inside are skipped). */
function wrapped(expr: string): boolean {
  if (!expr.startsWith('(') || !expr.endsWith(')')) return false;
  let depth = 0;
  let quoted = false;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i]!;
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0 && i < expr.length - 1) return false;
  }
  return depth === 0;
}

/** Segments between `*` (glob.ts segmentsOf, with empty middle runs dropped); null without `*`. */
function segments(glob: string): string[] | null {
  if (!glob.includes('*')) return null;
  const parts = glob.split('*');
  return [parts[0]!, ...parts.slice(1, -1).filter((p) => p !== ''), parts[parts.length - 1]!];
}

/** A CEL boolean: whether the string `subject` (a CEL expression) matches the plain glob (glob.ts compileGlob). */
export function globCel(glob: string, subject: string): string {
  const s = operand(subject);
  const segs = segments(glob);
  if (segs === null) return `${s} == ${celString(glob)}`;
  const [prefix, ...rest] = segs;
  const suffix = rest[rest.length - 1]!;
  if (rest.length === 1) {
    if (prefix === '' && suffix === '') return 'true';
    // `x*` and `*x`: no overlap to worry about when one side is empty.
    if (suffix === '') return `${s}.startsWith(${celString(prefix!)})`;
    if (prefix === '') return `${s}.endsWith(${celString(suffix)})`;
  }
  return `${s}.matches(${celString(globRegex(glob))})`;
}

/** A port at the end of a host (registry-host.ts registryHostSpellings: `/:\d+$/`; `\d` is ASCII in JS and RE2). */
const HAS_PORT = celString(':[0-9]+$');

/**
 * Whether the host part of a host-aware glob matches `host` (glob.ts compileGlob with hostSpellings): a literal
 * host compares exactly; a host glob with `*` matches when it matches a spelling of the host: itself, with `:443`
 * when it has no port, and for `docker.io` also Docker Hub's aliases (decided here, once, with pullwise's own
 * matcher, since the aliases are constants).
 */
function hostGlobCel(hostGlob: string, host: string): string {
  if (!hostGlob.includes('*')) return `${host} == ${celString(hostGlob)}`;
  const direct = globCel(hostGlob, host);
  if (direct === 'true') return 'true';
  const parts = [direct, `(!${host}.matches(${HAS_PORT}) && ${globCel(hostGlob, `${host} + ":443"`)})`];
  const exact = compileGlob(hostGlob);
  if (registryHostSpellings('docker.io').some((h) => exact.test(h))) parts.push(`${host} == "docker.io"`);
  return `(${parts.join(' || ')})`;
}

/**
 * A host-aware glob (glob.ts GlobOptions.hostAware) on a subject given in three views: `whole` (the full string),
 * or `host` (before its first `/`) and `path` (after it). A glob without `/` is a plain glob on the whole subject;
 * otherwise its host part is matched by {@link hostGlobCel} and the part after its first `/` against `path`
 * (`/x` against `/y` is `x` against `y`: the leading `/` is a literal on both sides).
 */
function hostAwareCel(glob: string, view: { whole: string; host: string; path: string }): string {
  const slash = glob.indexOf('/');
  if (slash < 0) return globCel(glob, view.whole);
  const host = hostGlobCel(glob.slice(0, slash), view.host);
  const path = globCel(glob.slice(slash + 1), view.path);
  if (host === 'true') return path;
  return path === 'true' ? host : `(${host} && ${path})`;
}

/**
 * A CEL boolean over a valid slot `slot` (the caller guards `slot.valid`): its canonical `registry/repository`
 * matches the registry pattern as written (image-pattern.ts RegistryPatternList.matches for one pattern).
 */
export function registryPatternCel(pattern: string, slot = 's'): string {
  return hostAwareCel(normaliseRegistryPattern(pattern), {
    whole: `${slot}.name_ref`,
    host: `${slot}.host`,
    path: `${slot}.repository`,
  });
}

/** Any of the registry patterns (RegistryPatternList.matches); a valid slot only. */
export function registryPatternsCel(patterns: readonly string[], slot = 's'): string {
  if (patterns.length === 0) return 'false';
  const parts = [...new Set(patterns.map((p) => registryPatternCel(p, slot)))];
  if (parts.includes('true')) return 'true';
  return parts.length === 1 ? parts[0]! : `(${parts.join(' || ')})`;
}

/**
 * The tag pullwise reads for a valid slot: the tag written, else `latest` when there is no digest either
 * (libs/k8s parseImageReference: Kubernetes' parsers.go ParseImageName), else none (''). Correct whether the
 * slot map carries the tag as written or already defaulted.
 */
export function slotTagCel(slot = 's'): string {
  return `(${slot}.tag != "" ? ${slot}.tag : (${slot}.digest == "" ? "latest" : ""))`;
}

/**
 * A CEL boolean over any slot: one of the image patterns (match.images) matches it (image-pattern.ts
 * ImagePatternList.matches). A valid image matches on any of its forms `name`, `name:tag`, `name@digest`,
 * `name:tag@digest`; an invalid (or empty) one on its text as written, split at its first `/` for a host-aware
 * pattern (its "host" spelled as written, as pullwise does).
 */
export function imagePatternsCel(patterns: readonly string[], slot = 's'): string {
  const globs = [...new Set(patterns.map(normaliseImagePattern))];
  if (globs.length === 0) return 'false';
  const tag = slotTagCel(slot);
  const digest = `${slot}.digest`;
  // The form suffixes after `registry/repository` (image-pattern.ts imageForms).
  const suffixes =
    `([""] + (${tag} != "" ? [":" + ${tag}] : []) + (${digest} != "" ? ["@" + ${digest}] : [])` +
    ` + (${tag} != "" && ${digest} != "" ? [":" + ${tag} + "@" + ${digest}] : []))`;
  const valid = globs.map((g) =>
    hostAwareCel(g, { whole: `${slot}.name_ref + sfx`, host: `${slot}.host`, path: `${slot}.repository + sfx` }),
  );
  const image = `${slot}.image`;
  const slash = `${image}.indexOf("/")`;
  const invalid = globs.map((g) => {
    if (!g.includes('/')) return globCel(g, image);
    // compileGlob: a subject without `/` never matches a host-aware pattern with one.
    const test = hostAwareCel(g, {
      whole: image,
      host: `${image}.substring(0, ${slash})`,
      path: `${image}.substring(${slash} + 1)`,
    });
    return `(${image}.contains("/") && ${test})`;
  });
  const any = (parts: string[]) => (parts.includes('true') ? 'true' : parts.join(' || '));
  const onValid = any(valid);
  return `(${slot}.valid ? ${onValid === 'true' ? 'true' : `${suffixes}.exists(sfx, ${onValid})`} : ${any(invalid)})`;
}
