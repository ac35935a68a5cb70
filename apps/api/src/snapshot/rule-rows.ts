import type { Database } from '#db';
import type { RuleDefinition } from '#policy';
import { toRuleDefinition } from '../rules/rule.mapper.js';

/** The stored rules as definitions, in name order, with a digest of each row to tell the next read what changed. */
export interface RuleRows {
  definitions: RuleDefinition[];
  digests: ReadonlyMap<string, string>;
}

/**
 * Reads the rules, fetching whole rows only for rules that are new or whose row changed since `previous`:
 * PostgreSQL digests each row (`md5` of its text form: every column, so a change made with raw SQL that
 * bumps no version is seen too). With 10,000 rules one write reads 10,000 short digests and one row, where a
 * full read moved every row through Prisma (about 100 MB of transient memory and 200 ms on this machine).
 * A row changed or deleted between the two queries is read as it is by then, or left out; the change's
 * notification reloads again.
 */
export async function readRules(db: Database, previous?: RuleRows): Promise<RuleRows> {
  const listed = await db.prisma.$queryRaw<{ id: string; digest: string }[]>`
    SELECT r."id"::text AS "id", md5(r::text) AS "digest" FROM "Rule" r ORDER BY r."name"`;
  const known = new Map((previous?.definitions ?? []).map((d) => [d.id, d]));
  const wanted = new Set(
    listed.filter((r) => previous?.digests.get(r.id) !== r.digest || !known.has(r.id)).map((r) => r.id),
  );
  const fetched =
    wanted.size === 0
      ? []
      : wanted.size === listed.length
        ? await db.prisma.rule.findMany()
        : await db.prisma.rule.findMany({ where: { id: { in: [...wanted] } } });
  const fresh = new Map(fetched.map((row) => [row.id, toRuleDefinition(row)]));
  const definitions: RuleDefinition[] = [];
  const digests = new Map<string, string>();
  for (const { id, digest } of listed) {
    const definition = wanted.has(id) ? fresh.get(id) : known.get(id);
    if (!definition) continue; // deleted after it was listed
    definitions.push(definition);
    // A row changed after it was listed was read newer than this digest says: the next read fetches it again.
    digests.set(id, digest);
  }
  return { definitions, digests };
}
