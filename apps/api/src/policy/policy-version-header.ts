import { AppError } from '../common/errors/app-error.js';

/** The ETag of the whole policy at a version: `"42"`, the form If-Match sends back to apply. */
export function policyEtag(version: number): string {
  return `"${version}"`;
}

const POLICY_TAG = /^(?:W\/)?"(\d{1,15})"$/;

/** The policy version an apply's If-Match demands: undefined when absent or `*`; anything else but `"42"` is a 400. */
export function policyVersionFromIfMatch(header: string | undefined): number | undefined {
  const value = header?.trim();
  if (value === undefined || value === '' || value === '*') return undefined;
  const m = POLICY_TAG.exec(value);
  if (!m)
    throw AppError.invalid(
      `If-Match must be the policy version the plan or export was made at, in double quotes ("42", as the ETag header and metadata.policyVersion give it); got ${JSON.stringify(value.slice(0, 100))}`,
      [{ path: 'If-Match', message: 'expected a policy version such as "42", with its double quotes' }],
    );
  return Number(m[1]);
}
