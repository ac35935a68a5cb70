/**
 * Globs used by rules and exceptions (namespaces, clusters, kinds, tags, registries, images).
 *
 * Semantics, exactly:
 * - `*` matches any run of characters, including none, and it DOES cross `/`, `:` and `@`
 *   (`ghcr.io/acme/*` matches `ghcr.io/acme/team/app:1.0@sha256:…`). One exception, for image and registry
 *   patterns only ({@link GlobOptions.hostAware}): a `*` before the first `/` of a pattern that has one stays
 *   inside the registry host, so `*.gcr.io/*` matches `eu.gcr.io/app` but not `evil.com/eu.gcr.io/app`.
 * - Every other character matches itself; there is no `?`, no character class and no escaping.
 * - The whole subject must match (the pattern is anchored at both ends) and matching is case-sensitive (image and
 *   registry patterns are canonicalised, lowercase hosts included, before they get here: image-pattern.ts).
 * - An empty pattern is rejected when a definition is validated ({@link globProblem}), and so are patterns
 *   longer than {@link GLOB_MAX_LENGTH} characters or with more than {@link GLOB_MAX_STARS} `*`.
 *
 * Matching uses no regular expression (a RegExp of `[\s\S]*` runs backtracks exponentially on patterns such
 * as `a*a*a*…b`, and a long one overflows the stack). A pattern is split at its `*` into literal segments
 * (consecutive `*` collapse into one): the first segment must be a prefix of the subject, the last one a
 * suffix, and the middle ones are found left to right with indexOf, each after the previous one. For globs
 * whose only wildcard is `*` the leftmost match of every middle segment is always a correct choice, so this
 * is exact, needs no backtracking and scans the subject about once. {@link GlobList} answers "does any
 * pattern match" with a Set lookup for literal patterns and the compiled matchers for the others.
 */

/** Longest pattern a definition may use (validation only; matching itself is linear in any case). */
export const GLOB_MAX_LENGTH = 1024;
/** Most `*` a pattern may contain (validation only). */
export const GLOB_MAX_STARS = 32;

export interface GlobOptions {
  /**
   * For image and registry patterns: when the pattern contains `/`, a `*` before the first `/` matches within
   * the registry host only (it does not cross `/`), so `*.gcr.io/*` cannot match `evil.com/x.gcr.io/app`.
   * Everywhere else `*` crosses `/`.
   */
  hostAware?: boolean;
  /**
   * With hostAware: the spellings that name the same registry as a subject's host (image-pattern.ts). A host
   * glob with `*` matches when it matches one of them, so `ghcr.io:*` still names `ghcr.io` (once `:443`), and
   * `*.docker.io` names Docker Hub. A host without `*` is compared exactly (patterns are canonical already).
   */
  hostSpellings?: (host: string) => readonly string[];
}

/** One compiled glob. */
export interface CompiledGlob {
  readonly pattern: string;
  /** Whether the whole subject matches. */
  test(subject: string): boolean;
}

/** The literal runs of a pattern between its `*`; null when it has no `*`. Empty runs between stars are dropped. */
function segmentsOf(pattern: string): string[] | null {
  if (!pattern.includes('*')) return null;
  const parts = pattern.split('*');
  const first = parts[0]!;
  const last = parts[parts.length - 1]!;
  const middle = parts.slice(1, -1).filter((part) => part !== '');
  return [first, ...middle, last];
}

/**
 * Whether `subject` matches a pattern given by its segments (see segmentsOf: `[prefix, ...middle, suffix]`,
 * at least two, with `*` between consecutive segments). Linear: every character of the subject is looked at
 * a bounded number of times per segment position (indexOf never moves backwards).
 */
function matchSegments(segments: readonly string[], subject: string): boolean {
  const prefix = segments[0]!;
  const suffix = segments[segments.length - 1]!;
  if (subject.length < prefix.length + suffix.length) return false;
  if (!subject.startsWith(prefix) || !subject.endsWith(suffix)) return false;
  const end = subject.length - suffix.length;
  let position = prefix.length;
  for (let i = 1; i < segments.length - 1; i++) {
    const segment = segments[i]!;
    const found = subject.indexOf(segment, position);
    if (found < 0 || found + segment.length > end) return false;
    position = found + segment.length;
  }
  return true;
}

/** A plain glob (`*` crosses everything). */
function plainMatcher(pattern: string): (subject: string) => boolean {
  const segments = segmentsOf(pattern);
  if (segments === null) return (subject) => subject === pattern;
  if (segments.length === 2 && segments[0] === '' && segments[1] === '') return () => true;
  return (subject) => matchSegments(segments, subject);
}

/** Compiles one glob into a matcher (see the module comment for the semantics). */
export function compileGlob(pattern: string, options: GlobOptions = {}): CompiledGlob {
  const slash = pattern.indexOf('/');
  if (!options.hostAware || slash < 0) return { pattern, test: plainMatcher(pattern) };
  // `host/rest`: the host part contains no `/` and its `*` do not cross `/`, so it matches exactly the part of
  // the subject before the subject's first `/`; the rest (starting with that `/`) is a plain glob.
  const hostPattern = pattern.slice(0, slash);
  const exactHost = plainMatcher(hostPattern);
  const spellings = options.hostSpellings;
  const host =
    spellings === undefined || isLiteralGlob(hostPattern)
      ? exactHost
      : (subjectHost: string) => spellings(subjectHost).some(exactHost);
  const rest = plainMatcher(pattern.slice(slash));
  return {
    pattern,
    test: (subject) => {
      const subjectSlash = subject.indexOf('/');
      return subjectSlash >= 0 && host(subject.slice(0, subjectSlash)) && rest(subject.slice(subjectSlash));
    },
  };
}

function isLiteralGlob(pattern: string): boolean {
  return !pattern.includes('*');
}

function countStars(pattern: string): number {
  let stars = 0;
  for (let i = pattern.indexOf('*'); i >= 0; i = pattern.indexOf('*', i + 1)) stars++;
  return stars;
}

/** Why a string cannot be used as a glob, or null when it can. */
export function globProblem(pattern: string): string | null {
  if (pattern.length === 0)
    return 'must not be empty: write a name or a glob such as "team-*" (`*` matches any run of characters, including `/`)';
  if (pattern.length > GLOB_MAX_LENGTH)
    return `is ${pattern.length} characters long; a pattern may have at most ${GLOB_MAX_LENGTH}`;
  const stars = countStars(pattern);
  if (stars > GLOB_MAX_STARS) return `has ${stars} "*"; a pattern may have at most ${GLOB_MAX_STARS}`;
  if (pattern.trim() !== pattern) return `"${pattern}" has leading or trailing whitespace`;
  return null;
}

/** A compiled list of globs: matches when at least one pattern matches. */
export class GlobList {
  readonly patterns: readonly string[];
  private readonly literals: ReadonlySet<string>;
  private readonly wildcards: readonly CompiledGlob[];
  /** True when a pattern is exactly `*` (matches every string). */
  readonly matchesAll: boolean;

  private readonly options: GlobOptions;

  constructor(patterns: readonly string[], options: GlobOptions = {}) {
    this.patterns = [...patterns];
    this.options = options;
    this.literals = new Set(patterns.filter(isLiteralGlob));
    // One matcher per distinct wildcard pattern (a list may repeat one).
    const wild = [...new Set(patterns.filter((p) => !isLiteralGlob(p)))];
    this.matchesAll = wild.some((p) => /^\*+$/.test(p));
    this.wildcards = wild.map((p) => compileGlob(p, options));
  }

  matches(subject: string): boolean {
    if (this.matchesAll || this.literals.has(subject)) return true;
    for (const glob of this.wildcards) if (glob.test(subject)) return true;
    return false;
  }

  /** The first pattern (in written order) that matches, for messages; null when none does. */
  firstMatch(subject: string): string | null {
    if (!this.matches(subject)) return null;
    for (const p of this.patterns)
      if (isLiteralGlob(p) ? p === subject : compileGlob(p, this.options).test(subject)) return p;
    return null;
  }

  /** Literal patterns (no `*`), for indexing. */
  literalPatterns(): string[] {
    return [...this.literals];
  }

  hasWildcards(): boolean {
    return this.wildcards.length > 0;
  }
}
