import type { Exception } from './types';

/** Waivers expiring within this many days are "expiring soon"; expired ones as recent are "recently expired". */
export const SOON_DAYS = 14;
const DAY_MS = 86_400_000;

export type ExpiryState = 'expired' | 'expiring' | 'active' | 'permanent';

/** The API's `expired` decides; the clock only tells "soon" from later. */
export function expiryState(e: Exception, now = Date.now()): ExpiryState {
  if (e.expired) return 'expired';
  if (!e.expiresAt) return 'permanent';
  return new Date(e.expiresAt).getTime() - now <= SOON_DAYS * DAY_MS ? 'expiring' : 'active';
}

export function expiredRecently(e: Exception, now = Date.now()): boolean {
  return e.expired && !!e.expiresAt && now - new Date(e.expiresAt).getTime() <= SOON_DAYS * DAY_MS;
}

/** Expired first (they already waive nothing), then by expiry soonest first, then those that never expire. */
export function byExpiry(a: Exception, b: Exception): number {
  const at = (e: Exception) => (e.expiresAt ? new Date(e.expiresAt).getTime() : Number.POSITIVE_INFINITY);
  return Number(b.expired) - Number(a.expired) || at(a) - at(b) || a.name.localeCompare(b.name);
}
