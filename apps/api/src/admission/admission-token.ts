import { bearerToken, sameDigest, secretDigest } from '../auth/api-key-token.js';
import { AppError } from '../common/errors/app-error.js';

/** SHA-256 of PULLWISE_ADMISSION_TOKEN (made once at start-up), or null when the routes are open. */
export type AdmissionTokenDigest = Buffer | null;

export function admissionTokenDigest(token: string | null): AdmissionTokenDigest {
  return token === null ? null : secretDigest(token);
}

/**
 * The optional bearer token of the admission routes (PULLWISE_ADMISSION_TOKEN). The API server sends one only
 * when its AdmissionConfiguration names a kubeConfigFile with `token` for the webhook's host; without the
 * variable the routes are open and must be reachable from the API server alone (NetworkPolicy, README).
 */
export function checkAdmissionToken(expected: AdmissionTokenDigest, authorization: string | undefined): void {
  if (expected === null) return;
  const token = bearerToken(authorization);
  if (token !== null && sameDigest(secretDigest(token), expected)) return;
  throw new AppError(
    'unauthorized',
    'The admission webhook needs the bearer token configured in PULLWISE_ADMISSION_TOKEN.',
    [{ path: 'Authorization', message: authorization ? 'wrong token' : 'missing' }],
    { 'www-authenticate': 'Bearer realm="pullwise-admission"' },
  );
}
