// Linear-time recognisers for the languages of grammar.ts. Each one answers whether
// s[start, end) matches the anchored expression named in its comment, without allocating.
// They replace the regular expressions at run time because V8's backtracking engine can throw
// on very long input where Go's RE2 cannot (see grammar.ts).

const DOT = 0x2e; // .
const UNDERSCORE = 0x5f; // _
const DASH = 0x2d; // -
const PLUS = 0x2b; // +
const SLASH = 0x2f; // /
const COLON = 0x3a; // :
const EQUALS = 0x3d; // =
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]

function isDigit(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}
function isLower(c: number): boolean {
  return c >= 0x61 && c <= 0x7a;
}
function isUpper(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}
function isLowerAlnum(c: number): boolean {
  return isLower(c) || isDigit(c);
}
function isAlpha(c: number): boolean {
  return isLower(c) || isUpper(c);
}
function isAlnum(c: number): boolean {
  return isAlpha(c) || isDigit(c);
}
function isHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66) || (c >= 0x41 && c <= 0x46);
}
function isLowerHex(c: number): boolean {
  return isDigit(c) || (c >= 0x61 && c <= 0x66);
}
/** Go / JavaScript `\w` (ASCII). */
function isWord(c: number): boolean {
  return isAlnum(c) || c === UNDERSCORE;
}

/**
 * distribution/reference regexp.go remoteName: pathComponent ('/' pathComponent)*, where
 * pathComponent = [a-z0-9]+ (separator [a-z0-9]+)* and separator = [._] | __ | [-]+.
 */
export function isRemoteName(s: string, start: number, end: number): boolean {
  let i = start;
  if (i >= end || !isLowerAlnum(s.charCodeAt(i))) return false;
  for (;;) {
    // alphanumeric run (the caller guarantees s[i] is alphanumeric here)
    i++;
    while (i < end && isLowerAlnum(s.charCodeAt(i))) i++;
    if (i === end) return true;
    const c = s.charCodeAt(i);
    if (c === SLASH) {
      i++;
    } else if (c === DOT) {
      i++;
    } else if (c === UNDERSCORE) {
      i++;
      if (i < end && s.charCodeAt(i) === UNDERSCORE) i++;
    } else if (c === DASH) {
      i++;
      while (i < end && s.charCodeAt(i) === DASH) i++;
    } else {
      return false;
    }
    // every separator and every '/' must be followed by an alphanumeric
    if (i >= end || !isLowerAlnum(s.charCodeAt(i))) return false;
  }
}

/**
 * distribution/reference regexp.go domainAndPort: host optionalPort, where host is domainName
 * (dot-separated [a-zA-Z0-9] components with inner dashes) or ipv6address (`[` [a-fA-F0-9:]+ `]`).
 */
export function isDomainAndPort(s: string, start: number, end: number): boolean {
  let i = start;
  if (i >= end) return false;
  if (s.charCodeAt(i) === OPEN_BRACKET) {
    // regexp.go ipv6address
    i++;
    const first = i;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (!isHex(c) && c !== COLON) break;
      i++;
    }
    if (i === first || i >= end || s.charCodeAt(i) !== CLOSE_BRACKET) return false;
    i++;
  } else {
    // regexp.go domainName / domainNameComponent
    for (;;) {
      if (i >= end || !isAlnum(s.charCodeAt(i))) return false;
      i++;
      let lastIsAlnum = true;
      while (i < end) {
        const c = s.charCodeAt(i);
        if (isAlnum(c)) lastIsAlnum = true;
        else if (c === DASH) lastIsAlnum = false;
        else break;
        i++;
      }
      if (!lastIsAlnum) return false;
      if (i < end && s.charCodeAt(i) === DOT) {
        i++;
        continue;
      }
      break;
    }
  }
  // regexp.go optionalPort
  if (i === end) return true;
  if (s.charCodeAt(i) !== COLON) return false;
  i++;
  if (i >= end) return false;
  while (i < end && isDigit(s.charCodeAt(i))) i++;
  return i === end;
}

/** distribution/reference regexp.go tag: [\w][\w.-]{0,127} */
export function isTag(s: string, start: number, end: number): boolean {
  const length = end - start;
  if (length < 1 || length > 128 || !isWord(s.charCodeAt(start))) return false;
  for (let i = start + 1; i < end; i++) {
    const c = s.charCodeAt(i);
    if (!isWord(c) && c !== DOT && c !== DASH) return false;
  }
  return true;
}

/**
 * distribution/reference regexp.go digestPat:
 * [A-Za-z][A-Za-z0-9]*([-_+.][A-Za-z][A-Za-z0-9]*)* ':' [[:xdigit:]]{32,}
 */
export function isDigestPat(s: string, start: number, end: number): boolean {
  let i = start;
  for (;;) {
    if (i >= end || !isAlpha(s.charCodeAt(i))) return false;
    i++;
    while (i < end && isAlnum(s.charCodeAt(i))) i++;
    if (i >= end) return false;
    const c = s.charCodeAt(i);
    if (c === COLON) break;
    if (c !== DASH && c !== UNDERSCORE && c !== PLUS && c !== DOT) return false;
    i++;
  }
  i++;
  const hexStart = i;
  while (i < end && isHex(s.charCodeAt(i))) i++;
  return i === end && end - hexStart >= 32;
}

/** distribution/reference regexp.go anchoredIdentifierRegexp: ^[a-f0-9]{64}$ */
export function isIdentifier(s: string): boolean {
  if (s.length !== 64) return false;
  for (let i = 0; i < 64; i++) if (!isLowerHex(s.charCodeAt(i))) return false;
  return true;
}

/** go-digest algorithm.go anchoredEncodedRegexps: ^[a-f0-9]{n}$ (length checked by the caller). */
export function isLowerHexRange(s: string, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (!isLowerHex(s.charCodeAt(i))) return false;
  return true;
}

/** go-digest digest.go DigestRegexpAnchored: ^[a-z0-9]+([.+_-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$ */
export function isGoDigestFormat(s: string): boolean {
  const end = s.length;
  let i = 0;
  for (;;) {
    const componentStart = i;
    while (i < end && isLowerAlnum(s.charCodeAt(i))) i++;
    if (i === componentStart || i >= end) return false;
    const c = s.charCodeAt(i);
    if (c === COLON) break;
    if (c !== DOT && c !== PLUS && c !== UNDERSCORE && c !== DASH) return false;
    i++;
  }
  i++;
  const encodedStart = i;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (!isAlnum(c) && c !== EQUALS && c !== UNDERSCORE && c !== DASH) break;
    i++;
  }
  return i === end && end > encodedStart;
}
