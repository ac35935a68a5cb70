import { Prisma } from '#db';

/**
 * True when two stored contents (Prisma write data or JSON read back) are the same: objects compared without
 * regard to key order (jsonb does not keep it) and with undefined keys left out, Dates by instant, Prisma's
 * DbNull/JsonNull as null. Arrays keep their order: order is meaningful in rules, plugins and patches.
 */
export function sameContent(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(v: unknown): unknown {
  if (v === Prisma.DbNull || v === Prisma.JsonNull || v === null || v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return v.map(canonical);
  if (typeof v === 'object')
    return Object.fromEntries(
      Object.entries(v)
        .filter(([, x]) => x !== undefined)
        .sort(([k1], [k2]) => (k1 < k2 ? -1 : k1 > k2 ? 1 : 0))
        .map(([k, x]) => [k, canonical(x)]),
    );
  return v;
}
