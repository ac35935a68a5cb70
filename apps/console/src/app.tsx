import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/preact-query';
import { useMemo } from 'preact/hooks';
import { Link, Redirect, Route, Router, Switch, useLocation } from 'wouter-preact';
import { ApiError } from './api/errors';
import { PAGES, pageOf } from './nav';
import { ClustersPage } from './pages/clusters/clusters-page';
import { EvaluationsRoutes } from './pages/evaluations/evaluations-routes';
import { ExceptionsPage } from './pages/exceptions/exceptions-page';
import { OverviewPage } from './pages/overview/overview-page';
import { PlaygroundPage } from './pages/playground/playground-page';
import { RulesRoutes } from './pages/rules/rules-routes';
import { SignIn } from './pages/sign-in';
import { SessionProvider, useSessionState, type Session } from './session';

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
        <Switch>
          {/* "/" is the landing page: Routes sends a key without rules:read on to the first page it allows. */}
          {current && current.path !== '/' && !session.can(current.scope) ? (
            <Forbidden page={current.label} fallback={allowed[0]?.path} />
          ) : (
            <Routes landing={allowed[0]?.path} />
          )}
        </Switch>
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
