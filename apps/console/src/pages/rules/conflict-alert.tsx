import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import type { Rule } from './types';
import { WhoWhen } from './who-when';

/**
 * A 412 in words: the rule changed under the user since the page read it. `latest` (read again at once) says who
 * changed it and when; Reload brings that version in.
 */
export function ConflictAlert({
  basedOn,
  latest,
  deleted,
  onReload,
  reloading,
  children,
}: {
  /** The version the user's change was based on. */
  basedOn: number;
  latest?: Rule;
  /** The rule is gone: someone deleted it. */
  deleted?: boolean;
  onReload: () => void;
  reloading: boolean;
  children?: ComponentChildren;
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => ref.current?.focus(), []);
  return (
    <div ref={ref} role="alert" class="alert conflict" tabIndex={-1}>
      <p>
        <strong>This rule was changed by someone else since you opened it.</strong> Nothing was saved.
      </p>
      {latest ? (
        <p>
          You were working from version {basedOn}; version {latest.version} was saved by{' '}
          <WhoWhen by={latest.updatedBy} at={latest.updatedAt} />.
        </p>
      ) : deleted ? (
        <p>The rule has been deleted since: its history below can bring it back.</p>
      ) : (
        <p>You were working from version {basedOn}.</p>
      )}
      {children}
      <button type="button" onClick={onReload} disabled={reloading}>
        {reloading ? 'Reloading…' : 'Reload'}
      </button>
    </div>
  );
}
