import type { ComponentChildren } from 'preact';

/**
 * A wide table that scrolls sideways on a narrow window. Focusable and named, so a keyboard user can scroll it
 * too (axe: scrollable-region-focusable).
 */
export function ScrollBox({ label, children }: { label: string; children: ComponentChildren }) {
  return (
    <div class="table-wrap" tabIndex={0} role="group" aria-label={label}>
      {children}
    </div>
  );
}
