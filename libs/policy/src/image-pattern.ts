import type { SlotImage } from '#k8s';
import { GlobList, globProblem } from './glob.js';

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
 * Registry patterns (params.registries of the registry kinds) match `registry/repository` only, never
 * tags or digests. They are normalised the same way, plus one shorthand: a pattern without `/` that names a
 * host (a name containing `.`, or `localhost`, optionally with a numeric port) means every repository on it
 * (`ghcr.io` -> `ghcr.io/*`, `*.gcr.io` -> `*.gcr.io/*`, `localhost:5000` -> `localhost:5000/*`); `ubuntu:20.14`
 * or `registry:5000` read as an image with a tag and are rejected (write `registry:5000/*` for a host). Matching stays exact: `myregistry.azurecr.io/*` does not match
 * `myregistry.azurecr.io.evil.com/app`.
 */

const DEFAULT_DOMAIN = 'docker.io';
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';

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
  const slash = pattern.indexOf('/');
  const first = slash < 0 ? pattern : pattern.slice(0, slash);
  // The part that decides the domain: the first path component, or for a single component its name (before
  // a tag or digest). A `*` there leaves the pattern as written (`*`, `*/nginx`, `*:latest`, `nginx*`).
  const decisive = slash < 0 ? (pattern.split(/[:@]/, 1)[0] ?? '') : first;
  if (decisive.includes('*')) return pattern;
  let domain: string;
  let remainder: string;
  if (slash < 0 || !looksLikeDomain(first)) {
    domain = DEFAULT_DOMAIN;
    remainder = pattern;
  } else {
    domain = first === LEGACY_DEFAULT_DOMAIN ? DEFAULT_DOMAIN : first;
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
  const host = /^([^:/@]+)(:\d+)?$/.exec(pattern);
  if (host !== null && (host[1]!.includes('.') || host[1] === 'localhost')) return `${pattern}/*`;
  return normaliseImagePattern(pattern);
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
  return null;
}

/** Why an image pattern is unusable, or null. */
export function imagePatternProblem(pattern: string): string | null {
  return globProblem(pattern);
}

/** `registry/repository` of a parsed image, or null when it does not parse. */
export function imageName(image: Pick<SlotImage, 'registry' | 'repository'>): string | null {
  return image.registry === null || image.repository === null ? null : `${image.registry}/${image.repository}`;
}

/** The forms an image pattern is matched against (see the module comment). */
export function imageForms(image: SlotImage): string[] {
  const name = imageName(image);
  if (name === null || image.error !== null) return [image.reference];
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
    this.globs = new GlobList(patterns.map(normaliseImagePattern), { hostAware: true });
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
  const name = image.error === null ? imageName(image) : null;
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
    this.globs = new GlobList(this.normalised, { hostAware: true });
  }
  /** Whether `registry/repository` matches one of the patterns. */
  matches(name: string): boolean {
    return this.globs.matches(name);
  }
  /** The pattern as written that matches `registry/repository`, or null. */
  match(name: string): string | null {
    const hit = this.globs.firstMatch(name);
    if (hit === null) return null;
    return this.patterns[this.normalised.indexOf(hit)] ?? hit;
  }
}
