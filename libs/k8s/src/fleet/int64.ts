const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * Go's strconv.ParseInt(value, 10, 64), which Kubernetes uses to read numbers out of label values (Gt/Lt
 * selector requirements) and taint values (Gt/Lt tolerations): an optional `+` or `-`, then one or more decimal
 * digits (leading zeros allowed, no underscores with an explicit base 10), within int64. null when Go would
 * return an error. A bigint, so values beyond 2^53 compare exactly.
 */
export function parseInt64(value: string): bigint | null {
  if (!/^[+-]?[0-9]+$/.test(value)) return null;
  const parsed = BigInt(value.startsWith('+') ? value.slice(1) : value);
  return parsed < INT64_MIN || parsed > INT64_MAX ? null : parsed;
}
