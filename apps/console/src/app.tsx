import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/preact-query';
import { lazy } from 'preact/compat';
import { useMemo } from 'preact/hooks';
import { Link, Redirect, Route, Router, Switch, useLocation } from 'wouter-preact';
import { ApiError } from './api/errors';
import { PAGES, pageOf } from './nav';
import { PageBoundary } from './page-boundary';
import { SignIn } from './pages/sign-in';
import { SessionProvider, useSessionState, type Session } from './session';

// Each page is its own chunk, loaded when first shown: sign-in and the shell stay small, and the YAML library
// (playground, evaluations, rules) and uPlot (overview) load only where they are used.
const OverviewPage = lazy(() => import('./pages/overview/overview-page').then((m) => ({ default: m.OverviewPage })));
const RulesRoutes = lazy(() => import('./pages/rules/rules-routes').then((m) => ({ default: m.RulesRoutes })));
const ExceptionsPage = lazy(() =>
  import('./pages/exceptions/exceptions-page').then((m) => ({ default: m.ExceptionsPage })),
);
const ClustersPage = lazy(() => import('./pages/clusters/clusters-page').then((m) => ({ default: m.ClustersPage })));
const EvaluationsRoutes = lazy(() =>
  import('./pages/evaluations/evaluations-routes').then((m) => ({ default: m.EvaluationsRoutes })),
);
const PlaygroundPage = lazy(() =>
  import('./pages/playground/playground-page').then((m) => ({ default: m.PlaygroundPage })),
);

export function App() {
  return (
    <SessionProvider>
      <Router base="/ui">
        <Shell />
      </Router>
    </SessionProvider>
  );
}

function Shell() {
  const { session, signOut } = useSessionState();
  // One cache per signed-in key: signing out forgets everything the last key could read.
  const client = useMemo(
    () =>
      new QueryClient({
        queryCache: new QueryCache({
          // A key revoked while the console is open: back to sign-in rather than a page of errors.
          onError: (e) => e instanceof ApiError && e.code === 'unauthorized' && signOut(),
        }),
        defaultOptions: {
          queries: {
            // A 4xx will not change by asking again; a network error or 503 may.
            retry: (n, e) => n < 2 && !(e instanceof ApiError && e.status >= 400 && e.status < 500),
            staleTime: 15_000,
            refetchOnWindowFocus: false,
          },
        },
      }),
    [session?.token, signOut],
  );
  if (!session) return <SignIn />;
  return (
    <QueryClientProvider client={client}>
      <Layout session={session} onSignOut={signOut} />
    </QueryClientProvider>
  );
}

function Layout({ session, onSignOut }: { session: Session; onSignOut: () => void }) {
  const [location] = useLocation();
  const allowed = PAGES.filter((p) => session.can(p.scope));
  const current = pageOf(location);
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="topbar">
        <span class="brand" aria-hidden="true">
          pullwise
        </span>
        <nav aria-label="Console">
          <ul>
            {allowed.map((p) => (
              <li key={p.path}>
                <Link href={p.path} aria-current={current === p ? 'page' : undefined}>
                  {p.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span class="muted small" title={session.who.scopes.join(', ')}>
            {session.who.actor}
          </span>
          <button type="button" class="secondary" onClick={onSignOut}>
            Sign out
          </button>
        </div>
      </header>
      <main id="main" tabIndex={-1}>
        <PageBoundary>
          <Switch>
            {/* "/" is the landing page: Routes sends a key without rules:read on to the first page it allows. */}
            {current && current.path !== '/' && !session.can(current.scope) ? (
              <Forbidden page={current.label} fallback={allowed[0]?.path} />
            ) : (
              <Routes landing={allowed[0]?.path} />
            )}
          </Switch>
        </PageBoundary>
      </main>
    </>
  );
}

function Routes({ landing }: { landing?: string }) {
  return (
    <Switch>
      <Route path="/">{landing && landing !== '/' ? <Redirect to={landing} replace /> : <OverviewPage />}</Route>
      <Route path="/rules" nest>
        <RulesRoutes />
      </Route>
      <Route path="/exceptions" component={ExceptionsPage} />
      <Route path="/clusters" component={ClustersPage} />
      <Route path="/evaluations" nest>
        <EvaluationsRoutes />
      </Route>
      <Route path="/playground" component={PlaygroundPage} />
      <Route>
        <h1>Not found</h1>
        <p>
          There is no page at <code>{location.pathname}</code>. <Link href="/">Go to the start page</Link>.
        </p>
      </Route>
    </Switch>
  );
}

function Forbidden({ page, fallback }: { page: string; fallback?: string }) {
  return (
    <>
      <h1>{page}</h1>
      <p role="alert" class="alert">
        This API key's scopes do not allow the {page} page.{' '}
        {fallback && <Link href={fallback}>Go to a page it allows</Link>}
      </p>
    </>
  );
}
