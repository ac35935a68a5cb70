import { currentScope } from '../http/request-scope.js';

/** Called by PolicySnapshotService on every read of the snapshot: the answer names the version it came from. */
export function noteSnapshotRead(version: number): void {
  const scope = currentScope();
  if (scope) scope.snapshotVersion = version;
}
