import { readFileSync } from 'node:fs';

let cached: string | null = null;

/**
 * The version in the project's package.json, found by walking up: the file sits three levels above the
 * sources and four above dist/, so a fixed relative path would be wrong in one of them.
 */
export function cliVersion(): string {
  if (cached) return cached;
  for (let url = new URL('./package.json', import.meta.url), i = 0; i < 8; i++, url = new URL('../package.json', url)) {
    try {
      const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'pullwise' && pkg.version) return (cached = pkg.version);
    } catch {
      // not here: keep walking up
    }
  }
  return (cached = '0.0.0');
}
