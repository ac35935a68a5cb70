/** Where the data lives, decided once from DATABASE_URL (see README "Configuration"). */
export type DatabaseLocation =
  { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string } | { kind: 'pglite-memory' };

export function describeLocation(loc: DatabaseLocation): string {
  if (loc.kind === 'postgres') {
    const u = new URL(loc.url);
    return `PostgreSQL at ${u.hostname}:${u.port || 5432}${u.pathname}`;
  }
  return loc.kind === 'pglite' ? `embedded PGlite in ${loc.dataDir}` : 'embedded PGlite in memory';
}
