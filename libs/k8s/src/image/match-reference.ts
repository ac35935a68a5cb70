// The submatches of distribution/reference's referenceRegexp and anchoredNameRegexp, computed
// without regular expressions (see grammar.ts for why).
//
// Why a direct split gives the same captures as the Go regexps (leftmost-first semantics):
// - '@' occurs only as the digest separator (no other production contains it), so the digest is
//   everything after the first '@', and must match digestPat as a whole.
// - Before the '@', ':' may occur inside the name only in the domain's port or IPv6 brackets, which
//   are always followed by a '/', and never in a tag; so there is a tag iff the last ':' comes
//   after the last '/', and then the tag is what follows that ':'.
// - A domain is never followed by anything but '/', and contains none, so the only candidate is the
//   text before the first '/'; `(?:domain/)?` is greedy, so the domain reading wins whenever it
//   matches, and the name is re-read as a bare remote name only when it does not.

import { isDigestPat, isDomainAndPort, isRemoteName, isTag } from './scanners.js';

export interface ReferenceMatch {
  /** anchoredNameRegexp submatch 1: '' when the name has no domain part. */
  domain: string;
  /** anchoredNameRegexp submatch 2. */
  path: string;
  /** referenceRegexp submatch 2: '' when absent. */
  tag: string;
  /** referenceRegexp submatch 3: '' when absent. */
  digest: string;
}

/**
 * distribution/reference regexp.go anchoredNameRegexp over s[0, end):
 * `^(?:(domainAndPort)/)?(remoteName)$`. Returns null when it does not match; tag and digest are ''.
 */
export function matchName(s: string, end: number): ReferenceMatch | null {
  const firstSlash = s.indexOf('/');
  if (firstSlash >= 0 && firstSlash < end && isDomainAndPort(s, 0, firstSlash)) {
    // Greedy optional domain group; if the rest is not a remote name, neither is the whole name
    // (the whole would need the same rest after its first path component).
    if (!isRemoteName(s, firstSlash + 1, end)) return null;
    return { domain: s.slice(0, firstSlash), path: s.slice(firstSlash + 1, end), tag: '', digest: '' };
  }
  if (!isRemoteName(s, 0, end)) return null;
  return { domain: '', path: end === s.length ? s : s.slice(0, end), tag: '', digest: '' };
}

/**
 * distribution/reference reference.go Parse: `referenceRegexp.FindStringSubmatch(s)` followed by
 * `anchoredNameRegexp.FindStringSubmatch(matches[1])`. Returns null when referenceRegexp does not match.
 */
export function matchReference(s: string): ReferenceMatch | null {
  const at = s.indexOf('@');
  let nameAndTagEnd = s.length;
  let digest = '';
  if (at >= 0) {
    // regexp.go referencePat: (?:@(digestPat))?
    if (!isDigestPat(s, at + 1, s.length)) return null;
    digest = s.slice(at + 1);
    nameAndTagEnd = at;
  }
  if (nameAndTagEnd === 0) return null;
  // regexp.go referencePat: (?::(tag))?
  const lastColon = s.lastIndexOf(':', nameAndTagEnd - 1);
  const lastSlash = s.lastIndexOf('/', nameAndTagEnd - 1);
  let nameEnd = nameAndTagEnd;
  let tag = '';
  if (lastColon > lastSlash) {
    if (!isTag(s, lastColon + 1, nameAndTagEnd)) return null;
    tag = s.slice(lastColon + 1, nameAndTagEnd);
    nameEnd = lastColon;
  }
  // regexp.go referencePat: (namePat), then anchoredNameRegexp on it
  const match = matchName(s, nameEnd);
  if (match === null) return null;
  match.tag = tag;
  match.digest = digest;
  return match;
}
