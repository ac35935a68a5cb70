// distribution/reference v0.6.0 reference.go `Parse`, restricted to what ParseNormalizedNamed
// can observe (it always passes "domain/remainder", so the result is always Named).

import { validateDigest } from './digest.js';
import { goToLower } from './go-strings.js';
import { matchReference, type ReferenceMatch } from './match-reference.js';

// distribution/reference reference.go error values
const ERR_REFERENCE_INVALID_FORMAT = 'invalid reference format';
const ERR_NAME_CONTAINS_UPPERCASE = 'repository name must be lowercase';
const ERR_NAME_EMPTY = 'repository name must have at least one component';
// reference.go RepositoryNameTotalLengthMax (NameTotalLengthMax before v0.6.0)
const REPOSITORY_NAME_TOTAL_LENGTH_MAX = 255;
const ERR_NAME_TOO_LONG = `repository name must not be more than ${REPOSITORY_NAME_TOTAL_LENGTH_MAX} characters`;

/** reference.go Parse: the parts, or the error text. */
export function parseReference(s: string): ReferenceMatch | string {
  // reference.go Parse: `if s == ""`
  if (s === '') return ERR_NAME_EMPTY;
  const match = matchReference(s);
  if (match === null) {
    // reference.go Parse: "Succeeds when lower-casing, so input contains an invalid repository name."
    const lowered = goToLower(s);
    if (lowered !== s && matchReference(lowered) !== null) return ERR_NAME_CONTAINS_UPPERCASE;
    return ERR_REFERENCE_INVALID_FORMAT;
  }
  // reference.go Parse: `len(repo.path) > RepositoryNameTotalLengthMax` — since v0.6.0 the
  // domain is not counted. The path is ASCII, so UTF-16 length equals Go's byte length.
  if (match.path.length > REPOSITORY_NAME_TOTAL_LENGTH_MAX) return ERR_NAME_TOO_LONG;
  // reference.go Parse: `digest.Parse(matches[3])`, its error returned as is
  if (match.digest !== '') {
    const error = validateDigest(match.digest);
    if (error !== null) return error;
  }
  // reference.go getBestReferenceType: Name() is never empty here (the path is non-empty).
  return match;
}
