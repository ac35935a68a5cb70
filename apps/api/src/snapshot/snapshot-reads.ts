import { AsyncLocalStorage } from 'node:async_hooks';

/** Per request (REST handler or GraphQL resolver): did it read the policy snapshot? */
interface Reads {
  used: boolean;
  /** The policy version of the snapshot last read. */
  version?: number;
}

const reads = new AsyncLocalStorage<Reads>();

/** Runs `fn` (and everything it awaits) with a fresh record of snapshot reads. */
export function trackSnapshotReads<T>(fn: () => T): { result: T; reads: Reads } {
  const store: Reads = { used: false };
  return { result: reads.run(store, fn), reads: store };
}

/** Called by PolicySnapshotService on every read of the snapshot. */
export function noteSnapshotRead(version: number): void {
  const store = reads.getStore();
  if (!store) return;
  store.used = true;
  store.version = version;
}
