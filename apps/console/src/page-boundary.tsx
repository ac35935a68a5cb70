import type { ComponentChildren } from 'preact';
import { Suspense } from 'preact/compat';
import { useErrorBoundary } from 'preact/hooks';
import { Loading } from './components/problem-alert';

/**
 * Where a page's chunk loads: a status while it does, and if it cannot (the service was updated and the old chunk
 * names are gone, or the network dropped) an alert with a reload instead of a blank page.
 */
export function PageBoundary({ children }: { children: ComponentChildren }) {
  const [error, reset] = useErrorBoundary();
  if (error)
    return (
      <div role="alert" class="alert">
        <p>This page could not be loaded: {error instanceof Error ? error.message : String(error)}.</p>
        <p>
          If pullwise was just updated, reloading loads the new version.{' '}
          <button type="button" onClick={() => location.reload()}>
            Reload
          </button>{' '}
          <button type="button" class="secondary" onClick={reset}>
            Try again
          </button>
        </p>
      </div>
    );
  return <Suspense fallback={<Loading label="Loading the page…" />}>{children}</Suspense>;
}
