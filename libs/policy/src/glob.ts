/**
 * Globs used by rules and exceptions (namespaces, clusters, kinds, tags, registries, images).
 *
 * Semantics, exactly:
 * - `*` matches any run of characters, including none, and it DOES cross `/`, `:` and `@`
 *   (`ghcr.io/acme/*` matches `ghcr.io/acme/team/app:1.0@sha256:…`). One exception, for image and registry
 *   patterns only ({@link GlobOptions.hostAware}): a `*` before the first `/` of a pattern that has one stays
 *   inside the registry host, so `*.gcr.io/*` matches `eu.gcr.io/app` but not `evil.com/eu.gcr.io/app`.
 * - Every other character matches itself; there is no `?`, no character class and no escaping.
 * - The whole subject must match (the pattern is anchored at both ends) and matching is case-sensitive.
 * - An empty pattern is rejected when a definition is validated ({@link globProblem}).
 * Patterns are compiled once to a RegExp; {@link GlobList} answers "does any pattern match" with a Set
 * lookup for literal patterns and one combined RegExp for the others.
 */

const REGEXP_SPECIAL = /[\\^$.|?*+()[\]{}/-]/g;

function escapeRegExp(text: string): string {
  return text.replace(REGEXP_SPECIAL, '\\$&');
}

export interface GlobOptions {
  /**
   * For image and registry patterns: when the pattern contains `/`, a `*` before the first `/` matches within
   * the registry host only (it does not cross `/`), so `*.gcr.io/*` cannot match `evil.com/x.gcr.io/app`.
   * Everywhere else `*` crosses `/`.
   */
  hostAware?: boolean;
}

function starSource(pattern: string): string {
  return pattern.split('*').map(escapeRegExp).join('[\\s\\S]*');
}

/** The regular-expression source for one glob (unanchored). */
export function globSource(pattern: string, options: GlobOptions = {}): string {
  const slash = pattern.indexOf('/');
  if (!options.hostAware || slash < 0) return starSource(pattern);
  const host = pattern.slice(0, slash).split('*').map(escapeRegExp).join('[^/]*');
  return `${host}${starSource(pattern.slice(slash))}`;
}

/** Compiles one glob into an anchored RegExp. */
export function compileGlob(pattern: string, options: GlobOptions = {}): RegExp {
  return new RegExp(`^(?:${globSource(pattern, options)})$`);
}

export function isLiteralGlob(pattern: string): boolean {
  return !pattern.includes('*');
}

/** Why a string cannot be used as a glob, or null when it can. */
export function globProblem(pattern: string): string | null {
  if (pattern.length === 0)
    return 'must not be empty: write a name or a glob such as "team-*" (`*` matches any run of characters, including `/`)';
  if (pattern.trim() !== pattern) return `"${pattern}" has leading or trailing whitespace`;
  return null;
}

/** A compiled list of globs: matches when at least one pattern matches. */
export class GlobList {
  readonly patterns: readonly string[];
  private readonly literals: ReadonlySet<string>;
  private readonly regexp: RegExp | null;
  /** True when a pattern is exactly `*` (matches every string). */
  readonly matchesAll: boolean;

  private readonly options: GlobOptions;

  constructor(patterns: readonly string[], options: GlobOptions = {}) {
    this.patterns = [...patterns];
    this.options = options;
    this.literals = new Set(patterns.filter(isLiteralGlob));
    const wild = patterns.filter((p) => !isLiteralGlob(p));
    this.matchesAll = wild.includes('*');
    this.regexp = wild.length === 0 ? null : new RegExp(`^(?:${wild.map((p) => globSource(p, options)).join('|')})$`);
  }

  matches(subject: string): boolean {
    if (this.matchesAll || this.literals.has(subject)) return true;
    return this.regexp !== null && this.regexp.test(subject);
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
    return this.regexp !== null;
  }
}
