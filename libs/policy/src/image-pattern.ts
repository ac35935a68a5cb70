import { canonicalImageName, canonicalRegistryHost, registryHostSpellings, type SlotImage } from '#k8s';
import { GlobList, globProblem, type GlobOptions } from './glob.js';

/**
 * Image and registry patterns.
 *
 * Images are compared in their normalised form, the way Kubernetes reads them (libs/k8s parseImageReference:
 * `nginx` is `docker.io/library/nginx` with tag `latest`). An image has up to four *forms*:
 *   `registry/repository`, `registry/repository:tag`, `registry/repository@digest`, `registry/repository:tag@digest`
 * (a form exists only when its parts do; an untagged, undigested image has tag `latest`). An image pattern
 * (match.images) is a glob (see glob.ts: `*` crosses `/`, `:` and `@`) and matches when it matches ANY form:
 * - `docker.io/library/nginx` matches nginx with any tag or digest (the bare-name form);
 * - `docker.io/library/nginx:*` matches nginx written with a tag (`nginx`, `nginx:1.27`, `nginx:1.27@sha256:…`),
 *   not the digest-only `nginx@sha256:…`;
 * - `ghcr.io/acme/*` matches every repository below ghcr.io/acme/, with any tag or digest;
 * - `*@sha256:*` matches every image pinned by a sha256 digest; `*:latest` every image whose tag is latest.
 * An image that does not parse has one form: the text as written (so `*` still matches it).
 *
 * Patterns are normalised like references before they are compiled (distribution/reference
 * normalize.go, splitDockerDomain), as long as the part that decides it contains no `*`:
 * a pattern without `/` gets `docker.io/library/` (`nginx:*` -> `docker.io/library/nginx:*`); a first component
 * that is not a domain (no `.` or `:`, not `localhost`, lowercase) gets `docker.io/` (`acme/*` ->
 * `docker.io/acme/*`); `index.docker.io` becomes `docker.io`; and a single-component Docker Hub repository
 * gets `library/` (`docker.io/nginx` -> `docker.io/library/nginx`).
 *
 * Registry hosts are compared as the container runtime reaches them (libs/k8s canonicalRegistryHost): images
 * and patterns are both put in one spelling, lowercase, without `:443`, with Docker Hub's aliases
 * (`index.docker.io`, `registry-1.docker.io`) as `docker.io` and `library/` for their one-component names.
 * So `GHCR.IO/*` and `ghcr.io:443/*` are read as `ghcr.io/*` and match `GHCR.IO/evil/miner:1.0`; findings
 * name the reading when it differs from what was written. A host written with `*` matches every spelling of
 * a registry (glob.ts hostSpellings): `ghcr.io:*` includes `ghcr.io`, `*.docker.io` includes Docker Hub.
 * Repository paths are lowercase in every valid reference, so a pattern whose literal path has an uppercase
 * letter could never match and is refused.
 *
 * Registry patterns (params.registries of the registry kinds) match `registry/repository` only, never
 * tags or digests. They are normalised the same way, plus one shorthand: a pattern without `/` that names a
 * host (a name containing `.`, or `localhost`, optionally with a numeric port) means every repository on it
 * (`ghcr.io` -> `ghcr.io/*`, `*.gcr.io` -> `*.gcr.io/*`, `localhost:5000` -> `localhost:5000/*`); `ubuntu:20.14`
 * or `registry:5000` read as an image with a tag and are rejected (write `registry:5000/*` for a host). Matching stays exact: `myregistry.azurecr.io/*` does not match
 * `myregistry.azurecr.io.evil.com/app`.
 */

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';

const PATTERN_GLOB_OPTIONS: GlobOptions = { hostAware: true, hostSpellings: registryHostSpellings };

function looksLikeDomain(component: string): boolean {
  return (
    component.includes('.') ||
    component.includes(':') ||
    component === 'localhost' ||
    component.toLowerCase() !== component
  );
}

/** Normalises an image pattern the way distribution normalises a reference (see the module comment). */
export function normaliseImagePattern(pattern: string): string {
  return normalisePattern(pattern, true);
}

/** `canonical`: the host in the runtime's spelling; false gives the pattern as distribution alone reads it. */
function normalisePattern(pattern: string, canonical: boolean): string {
  const slash = pattern.indexOf('/');
  const first = slash < 0 ? pattern : pattern.slice(0, slash);
  // The part that decides the domain: the first path component, or for a single component its name (before
  // a tag or digest). A `*` there leaves the pattern as written (`*`, `*/nginx`, `*:latest`, `nginx*`), but for
  // the case of a host glob: canonical hosts are lowercase.
  const decisive = slash < 0 ? (pattern.split(/[:@]/, 1)[0] ?? '') : first;
  if (decisive.includes('*')) {
    return slash < 0 || !canonical ? pattern : `${first.toLowerCase()}${pattern.slice(slash)}`;
  }
  let domain: string;
  let remainder: string;
  if (slash < 0 || !looksLikeDomain(first)) {
    domain = DEFAULT_DOMAIN;
    remainder = pattern;
  } else {
    domain = canonical ? canonicalRegistryHost(first) : first === LEGACY_DEFAULT_DOMAIN ? DEFAULT_DOMAIN : first;
    remainder = pattern.slice(slash + 1);
  }
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) {
    const name = remainder.split(/[:@]/, 1)[0] ?? '';
    if (!name.includes('*') && name !== '') remainder = `library/${remainder}`;
  }
  return `${domain}/${remainder}`;
}

/** Normalises a registry pattern (`registry/repository` globs; a bare host means the whole registry). */
export function normaliseRegistryPattern(pattern: string): string {
  return normaliseRegistry(pattern, true);
}

function normaliseRegistry(pattern: string, canonical: boolean): string {
  const host = /^([^:/@]+)(:\d+)?$/.exec(pattern);
  if (host !== null && (host[1]!.includes('.') || host[1] === 'localhost'))
    return normalisePattern(`${pattern}/*`, canonical);
  return normalisePattern(pattern, canonical);
}

/**
 * ` (read as "ghcr.io/*")` when the runtime's spelling of a registry pattern's host differs from what was written
 * (`GHCR.IO/*`, `ghcr.io:443`, `registry-1.docker.io/nginx`), else ''. For messages.
 */
export function readAsNote(pattern: string): string {
  const canonical = normaliseRegistry(pattern, true);
  return canonical === normaliseRegistry(pattern, false) ? '' : ` (read as "${canonical}")`;
}

/** Why a normalised pattern can never match because its literal repository path has an uppercase letter. */
function uppercasePathProblem(pattern: string, normalised: string): string | null {
  const slash = normalised.indexOf('/');
  if (slash < 0) return null;
  const literalPath = normalised.slice(slash + 1).split(/[:@*]/, 1)[0] ?? '';
  if (literalPath.toLowerCase() === literalPath) return null;
  // distribution/reference normalize.go ParseNormalizedNamed: "repository name (…) must be lowercase".
  return `"${pattern}" can never match: a repository path is lowercase in every valid image reference (only the registry host may have capitals, and hosts are compared case-insensitively); write the path "${literalPath}" in lowercase`;
}

/** Why a registry pattern is unusable, or null. */
export function registryPatternProblem(pattern: string): string | null {
  const glob = globProblem(pattern);
  if (glob !== null) return glob;
  const normalised = normaliseRegistryPattern(pattern);
  const slash = normalised.indexOf('/');
  const path = slash < 0 ? '' : normalised.slice(slash + 1);
  if (path.includes('@') || path.includes(':')) {
    return `"${pattern}" names a tag or digest; registry patterns match "registry/repository" only (e.g. "ghcr.io/acme/*"): scope tags with match.images`;
  }
  return uppercasePathProblem(pattern, normalised);
}

/** Why an image pattern is unusable, or null. */
export function imagePatternProblem(pattern: string): string | null {
  return globProblem(pattern) ?? uppercasePathProblem(pattern, normaliseImagePattern(pattern));
}

/** `registry/repository` of a parsed image as Kubernetes' parser gives it (for display), or null when it does not parse. */
export function imageName(image: Pick<SlotImage, 'registry' | 'repository'>): string | null {
  return image.registry === null || image.repository === null ? null : `${image.registry}/${image.repository}`;
}

/**
 * `registry/repository` in the runtime's spelling (libs/k8s canonicalImageName), what every comparison uses;
 * null when the image does not parse.
 */
export function canonicalName(image: Pick<SlotImage, 'registry' | 'repository' | 'error'>): string | null {
  if (image.error !== null || image.registry === null || image.repository === null) return null;
  return canonicalImageName(image.registry, image.repository);
}

/** A `registry/repository` string in its canonical spelling (names built elsewhere, e.g. a rewritten image). */
function canonicalNameText(name: string): string {
  const slash = name.indexOf('/');
  return slash < 0 ? name : canonicalImageName(name.slice(0, slash), name.slice(slash + 1));
}

/** The forms an image pattern is matched against (see the module comment). */
export function imageForms(image: SlotImage): string[] {
  const name = canonicalName(image);
  if (name === null) return [image.reference];
  const forms = [name];
  if (image.tag !== null) forms.push(`${name}:${image.tag}`);
  if (image.digest !== null) forms.push(`${name}@${image.digest}`);
  if (image.tag !== null && image.digest !== null) forms.push(`${name}:${image.tag}@${image.digest}`);
  return forms;
}

/** Compiled match.images patterns. */
export class ImagePatternList {
  private readonly globs: GlobList;
  constructor(readonly patterns: readonly string[]) {
    this.globs = new GlobList(patterns.map(normaliseImagePattern), PATTERN_GLOB_OPTIONS);
  }
  matches(image: SlotImage): boolean {
    return imageForms(image).some((form) => this.globs.matches(form));
  }

  /**
   * Index keys: for every normalised pattern, its literal text before the first `*` cut after its last `/`
   * (`registry.example.com/team-7/*` -> `registry.example.com/team-7/`). A form the pattern matches starts with
   * that text, so the key is one of the form's {@link slashPrefixes}. Null when some pattern has no `/` before its
   * first `*` (`*:latest`, `*.gcr.io/*`): such a list must be checked against every image.
   */
  indexKeys(): string[] | null {
    const keys = new Set<string>();
    for (const pattern of this.globs.patterns) {
      const star = pattern.indexOf('*');
      const literal = star < 0 ? pattern : pattern.slice(0, star);
      const slash = literal.lastIndexOf('/');
      if (slash < 0) return null;
      keys.add(literal.slice(0, slash + 1));
    }
    return [...keys];
  }
}

/** Every prefix of an image's forms that ends with `/` (the keys {@link ImagePatternList.indexKeys} can name). */
export function slashPrefixes(image: SlotImage): string[] {
  // Tags and digests contain no `/`, so the prefixes of the name are those of every form.
  const name = canonicalName(image);
  const text = name ?? image.reference;
  const out: string[] = [];
  for (let i = text.indexOf('/'); i >= 0; i = text.indexOf('/', i + 1)) out.push(text.slice(0, i + 1));
  return out;
}

/** Compiled registry patterns; `match` answers with the pattern as the user wrote it. */
export class RegistryPatternList {
  private readonly normalised: string[];
  private readonly globs: GlobList;
  constructor(readonly patterns: readonly string[]) {
    this.normalised = patterns.map(normaliseRegistryPattern);
    this.globs = new GlobList(this.normalised, PATTERN_GLOB_OPTIONS);
  }
  /** Whether `registry/repository` (in any spelling of its host) matches one of the patterns. */
  matches(name: string): boolean {
    return this.globs.matches(canonicalNameText(name));
  }
  /** The pattern as written that matches `registry/repository`, or null. */
  match(name: string): string | null {
    const hit = this.globs.firstMatch(canonicalNameText(name));
    if (hit === null) return null;
    return this.patterns[this.normalised.indexOf(hit)] ?? hit;
  }
}
