// The reference grammar of github.com/distribution/reference v0.6.0 (regexp.go), transcribed
// constant by constant, plus the digest pattern of github.com/opencontainers/go-digest v1.0.0.
//
// These regular expressions are the *specification*, not the runtime path. Go's regexp package
// (RE2) matches in linear time; V8's backtracking engine throws `RangeError: Maximum call stack
// size exceeded` on multi-megabyte inputs for these patterns. The parser therefore uses the
// hand-written linear recognisers in `scanners.ts`, and the tests check those recognisers against
// the expressions below (ported regexp_test.go tables plus a differential property test).
// Go's `[[:xdigit:]]` is written `[0-9A-Fa-f]`; Go's `\w` and JavaScript's `\w` (no `u` flag) are both
// ASCII `[0-9A-Za-z_]`, and `$` without the multiline flag means end of input in both.

// distribution/reference regexp.go alphanumeric
const ALPHANUMERIC = '[a-z0-9]+';
// distribution/reference regexp.go separator: one period, one or two underscores, or dashes
const SEPARATOR = '(?:[._]|__|[-]+)';
// distribution/reference regexp.go domainNameComponent (uppercase allowed)
const DOMAIN_NAME_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
// distribution/reference regexp.go optionalPort
const OPTIONAL_PORT = '(?::[0-9]+)?';
// distribution/reference regexp.go tag
const TAG = '[\\w][\\w.-]{0,127}';
// distribution/reference regexp.go digestPat
const DIGEST_PAT = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*[:][0-9A-Fa-f]{32,}';
// distribution/reference regexp.go identifier
const IDENTIFIER = '([a-f0-9]{64})';
// distribution/reference regexp.go ipv6address (no zone identifiers, no embedded IPv4)
const IPV6_ADDRESS = '\\[(?:[a-fA-F0-9:]+)\\]';
// distribution/reference regexp.go domainName
const DOMAIN_NAME = `${DOMAIN_NAME_COMPONENT}(?:\\.${DOMAIN_NAME_COMPONENT})*`;
// distribution/reference regexp.go host
const HOST = `(?:${DOMAIN_NAME}|${IPV6_ADDRESS})`;
// distribution/reference regexp.go domainAndPort
const DOMAIN_AND_PORT = `${HOST}${OPTIONAL_PORT}`;
// distribution/reference regexp.go pathComponent
const PATH_COMPONENT = `${ALPHANUMERIC}(?:${SEPARATOR}${ALPHANUMERIC})*`;
// distribution/reference regexp.go remoteName
const REMOTE_NAME = `${PATH_COMPONENT}(?:/${PATH_COMPONENT})*`;
// distribution/reference regexp.go namePat
const NAME_PAT = `(?:${DOMAIN_AND_PORT}/)?${REMOTE_NAME}`;

/**
 * The pattern sources other engines compile (the CEL of exported admission policies runs them under RE2, which
 * reads these as JavaScript does: no lookaround, no backreferences).
 */
export const REFERENCE_GRAMMAR = { DOMAIN_AND_PORT, REMOTE_NAME, TAG } as const;

// distribution/reference regexp.go referencePat: captures name, tag, digest
export const REFERENCE_REGEXP = new RegExp(`^(${NAME_PAT})(?::(${TAG}))?(?:@(${DIGEST_PAT}))?$`);
// distribution/reference regexp.go anchoredNamePat: captures domain, path
export const ANCHORED_NAME_REGEXP = new RegExp(`^(?:(${DOMAIN_AND_PORT})/)?(${REMOTE_NAME})$`);
// distribution/reference regexp.go anchoredIdentifierRegexp
export const ANCHORED_IDENTIFIER_REGEXP = new RegExp(`^${IDENTIFIER}$`);
// distribution/reference regexp_test.go TestDomainRegexp compiles `^` + domainAndPort + `$`
export const ANCHORED_DOMAIN_REGEXP = new RegExp(`^${DOMAIN_AND_PORT}$`);
