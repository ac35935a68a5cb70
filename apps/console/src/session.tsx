import { createContext, type ComponentChildren } from 'preact';
import { useCallback, useContext, useMemo, useState } from 'preact/hooks';
import type { ApiSchemas } from './api/api-schemas.generated';
import { rest } from './api/rest';

type WhoAmI = ApiSchemas['WhoAmI'];
export type Scope = WhoAmI['scopes'][number];

export interface Session {
  token: string;
  who: WhoAmI;
  /** `admin` implies every other scope, as the API's AuthGuard decides (docs/access.md). */
  can: (scope: Scope) => boolean;
}

interface SessionState {
  session?: Session;
  signIn: (token: string) => Promise<void>;
  signOut: () => void;
}

/** The key lives in sessionStorage: gone when the browser session ends, never in localStorage or a cookie. */
const STORAGE_KEY = 'pullwise.console.session';

function withCan(token: string, who: WhoAmI): Session {
  return { token, who, can: (scope) => who.scopes.includes('admin') || who.scopes.includes(scope) };
}

function restore(): Session | undefined {
  try {
    const saved = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null') as { token: string; who: WhoAmI } | null;
    return saved ? withCan(saved.token, saved.who) : undefined;
  } catch {
    return undefined;
  }
}

const SessionContext = createContext<SessionState | undefined>(undefined);

export function SessionProvider({ children }: { children: ComponentChildren }) {
  const [session, setSession] = useState<Session | undefined>(restore);
  const signIn = useCallback(async (token: string) => {
    // The key's own answer says what it may do; the navigation offers only that.
    const { body: who } = await rest<WhoAmI>(token, '/v1/whoami');
    sessionStorage.setItem(STORAGE_KEY, JSON.stringify({ token, who }));
    setSession(withCan(token, who));
  }, []);
  const signOut = useCallback(() => {
    sessionStorage.removeItem(STORAGE_KEY);
    setSession(undefined);
  }, []);
  const value = useMemo(() => ({ session, signIn, signOut }), [session, signIn, signOut]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSessionState(): SessionState {
  const state = useContext(SessionContext);
  if (!state) throw new Error('useSessionState outside SessionProvider');
  return state;
}

/** The signed-in session; pages render only inside the signed-in layout. */
export function useSession(): Session {
  const { session } = useSessionState();
  if (!session) throw new Error('useSession before sign-in');
  return session;
}
