import { Badge } from '../../components/badge';
import { formatDateTime, formatRelative } from '../../format';
import { expiryState } from './expiry';
import type { Exception } from './types';

/** The expiry as a state in words (a badge, never colour alone), the relative time and the absolute one. */
export function ExpiryInfo({ exception: e }: { exception: Exception }) {
  const state = expiryState(e);
  if (state === 'permanent') return <span class="muted">Never expires</span>;
  const relative = formatRelative(e.expiresAt!);
  return (
    <span class="expiry">
      {state === 'expired' && <Badge value="deny" label="Expired" />}
      {state === 'expiring' && <Badge value="warn" label="Expires soon" />}{' '}
      {/* Read together: "Expired 2 days ago", "Expires soon in 3 days", "in 4 months". */}
      <span>{relative}</span>
      <br />
      <time class="muted small" dateTime={e.expiresAt!} title={e.expiresAt!}>
        {formatDateTime(e.expiresAt)}
      </time>
    </span>
  );
}
