import { stat } from 'node:fs/promises';
import path from 'node:path';

/** The nearest directory at or above `dir` holding `.git` (a directory, or a file in worktrees and submodules). */
async function repositoryRoot(dir: string): Promise<string | null> {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    if (
      await stat(path.join(d, '.git')).then(
        () => true,
        () => false,
      )
    )
      return d;
    if (path.dirname(d) === d) return null;
  }
}

function inside(base: string, abs: string): string | null {
  const rel = path.relative(base, abs);
  return rel === '' || rel.startsWith('..') || path.isAbsolute(rel) ? null : rel.split(path.sep).join('/');
}

/**
 * A file's path as code scanning and CI annotations resolve it: relative to the root of the git repository the
 * check runs in (else the working directory), however it was named (`/abs/deploy/x.yaml`, `../x.yaml`). A file
 * outside both is named relative to its own repository, else by its file name: never an absolute path.
 */
export async function repositoryPath(abs: string, cwd: string): Promise<string> {
  const base = (await repositoryRoot(cwd)) ?? path.resolve(cwd);
  const own = inside(base, abs);
  if (own !== null) return own;
  const root = await repositoryRoot(path.dirname(abs));
  return (root !== null ? inside(root, abs) : null) ?? path.basename(abs);
}
