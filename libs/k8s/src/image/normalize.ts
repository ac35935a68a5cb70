// distribution/reference v0.6.0 normalize.go: `splitDockerDomain` and `ParseNormalizedNamed`.

import { goHasUpper } from './go-strings.js';
import type { ReferenceMatch } from './match-reference.js';
import { parseReference } from './parse-reference.js';
import { isIdentifier } from './scanners.js';

// normalize.go constants
const LEGACY_DEFAULT_DOMAIN = 'index.docker.io';
export const DEFAULT_DOMAIN = 'docker.io';
export const OFFICIAL_REPO_PREFIX = 'library/';
const LOCALHOST = 'localhost';

/** `name` has `prefix` as its whole first '/'-separated element (which ends at `slash`). */
function firstElementIs(name: string, slash: number, prefix: string): boolean {
  return slash === prefix.length && name.startsWith(prefix);
}

/** `name[0:slash]` contains `c`. */
function firstElementContains(name: string, slash: number, c: string): boolean {
  const i = name.indexOf(c);
  return i >= 0 && i < slash;
}

/**
 * normalize.go splitDockerDomain, returning `domain + "/" + remainder`: the string that
 * ParseNormalizedNamed hands to Parse. When the first element is kept as the domain this is the
 * input itself, so no new string is built. The domain never contains '/', so the remainder
 * always starts after the first '/' of the result.
 */
function splitDockerDomain(name: string): string {
  const slash = name.indexOf('/');
  // normalize.go splitDockerDomain: a single element is always a Docker Hub "official" image
  // (even "localhost", "example.com" or "localhost:5000", where ":5000" is a tag).
  if (slash < 0) return DEFAULT_DOMAIN + '/' + OFFICIAL_REPO_PREFIX + name;
  let isDomain: boolean;
  if (firstElementIs(name, slash, LEGACY_DEFAULT_DOMAIN)) {
    // normalize.go splitDockerDomain: index.docker.io is canonicalised to docker.io
    const remainder = name.slice(slash + 1);
    // normalize.go splitDockerDomain: "docker.io/ubuntu" => "docker.io/library/ubuntu"
    return DEFAULT_DOMAIN + '/' + (remainder.includes('/') ? remainder : OFFICIAL_REPO_PREFIX + remainder);
  } else if (firstElementIs(name, slash, LOCALHOST)) {
    // normalize.go splitDockerDomain: localhost is always a domain
    isDomain = true;
  } else {
    // normalize.go splitDockerDomain: contains "." or ":", or is not lowercase
    isDomain =
      firstElementContains(name, slash, '.') || firstElementContains(name, slash, ':') || goHasUpper(name, 0, slash);
  }
  // normalize.go splitDockerDomain: otherwise not a domain; the whole name is the path on Docker
  // Hub (it contains a '/', so it gets no library/ prefix)
  if (!isDomain) return DEFAULT_DOMAIN + '/' + name;
  // normalize.go splitDockerDomain: "docker.io/ubuntu" => "docker.io/library/ubuntu"
  if (firstElementIs(name, slash, DEFAULT_DOMAIN) && name.indexOf('/', slash + 1) < 0) {
    return DEFAULT_DOMAIN + '/' + OFFICIAL_REPO_PREFIX + name.slice(slash + 1);
  }
  return name;
}

/** normalize.go ParseNormalizedNamed: Domain/Path/tag/digest of the Named, or the error text. */
export function parseNormalizedNamed(s: string): ReferenceMatch | string {
  // normalize.go ParseNormalizedNamed: anchoredIdentifierRegexp check on the raw input
  if (isIdentifier(s)) return `invalid repository name (${s}), cannot specify 64-byte hexadecimal strings`;
  const joined = splitDockerDomain(s);
  const remainderStart = joined.indexOf('/') + 1;
  // normalize.go ParseNormalizedNamed: the remote name (remainder up to its first ':') must be lowercase
  const tagSep = joined.indexOf(':', remainderStart);
  const remoteEnd = tagSep < 0 ? joined.length : tagSep;
  if (goHasUpper(joined, remainderStart, remoteEnd)) {
    return `invalid reference format: repository name (${joined.slice(remainderStart, remoteEnd)}) must be lowercase`;
  }
  // normalize.go ParseNormalizedNamed: Parse(domain + "/" + remainder); its errors are returned as is
  return parseReference(joined);
}
