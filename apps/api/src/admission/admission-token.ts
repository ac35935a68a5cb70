import { bearerToken, sameSecret } from '../auth/api-key-token.js';
import { AppError } from '../common/errors/app-error.js';

/**
 * The optional bearer token of the admission routes (PULLWISE_ADMISSION_TOKEN). The API server sends one only
 * when its AdmissionConfiguration names a kubeConfigFile with `token` for the webhook's host; without the
 * variable the routes are open and must be reachable from the API server alone (NetworkPolicy, README).
 */
export function checkAdmissionToken(expected: string | null, authorization: string | undefined): void {
  if (expected === null) return;
  const token = bearerToken(authorization);
  if (token !== null && sameSecret(token, expected)) return;
  throw new AppError(
    'unauthorized',
    'The admission webhook needs the bearer token configured in PULLWISE_ADMISSION_TOKEN.',
    [{ path: 'Authorization', message: authorization ? 'wrong token' : 'missing' }],
    { 'www-authenticate': 'Bearer realm="pullwise-admission"' },
  );
}
