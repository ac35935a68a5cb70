import { formatDateTime, formatRelative } from '../../format';

/** "2 minutes ago" with the exact instant on hover and for assistive technology. */
export function When({ at }: { at: string }) {
  return (
    <time dateTime={at} title={formatDateTime(at)}>
      {formatRelative(at)}
    </time>
  );
}

/** Who made a change and when: "alice, 2 minutes ago". */
export function WhoWhen({ by, at }: { by: string | null; at: string }) {
  return (
    <>
      <span class="who-name">{by ?? 'unknown'}</span>, <When at={at} />
    </>
  );
}
