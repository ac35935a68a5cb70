import { chmodSync, lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

/** Group and other get nothing: the data directory holds every rule, evaluation and API key hash. */
const PRIVATE = 0o077;

/**
 * Makes what this process creates from now on owner-only. PGlite writes its files through Node's fs with the
 * modes PostgreSQL asks for, which the process umask then narrows; a worker thread cannot change the umask
 * (Node throws ERR_WORKER_UNSUPPORTED_OPERATION), and there makePrivate's pass at the next start remains.
 */
export function restrictUmask(): void {
  try {
    const previous = process.umask(PRIVATE);
    process.umask(previous | PRIVATE);
  } catch {
    // see above
  }
}

/**
 * Removes group and other permissions from `dir` and everything under it (symbolic links are not followed);
 * answers how many entries changed. PGlite unpacks a new database with modes 0666 and 0777 whatever the
 * umask, and directories made by older versions of pullwise are 0755.
 */
export function makePrivate(dir: string): number {
  let changed = 0;
  const visit = (p: string) => {
    const st = lstatSync(p);
    if (st.isSymbolicLink()) return;
    if (st.mode & PRIVATE) {
      chmodSync(p, st.mode & 0o7777 & ~PRIVATE);
      changed++;
    }
    if (st.isDirectory()) for (const name of readdirSync(p)) visit(path.join(p, name));
  };
  visit(dir);
  return changed;
}
