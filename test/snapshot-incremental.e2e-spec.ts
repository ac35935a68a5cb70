// Issue #7 (scale): a snapshot reload reads whole rows only for rules that are new or changed since the last
// load (apps/api/src/snapshot/rule-rows.ts), on both databases; a change made with raw SQL that bumps no
// version is still seen.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { readRules } from '../apps/api/src/snapshot/rule-rows.js';
import { PolicySnapshotService } from '../apps/api/src/snapshot/policy-snapshot.service.js';
import { createRule, evaluate, pod } from './support/policy-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
  for (const name of ['c-latest', 'a-digest', 'b-secrets'])
    await createRule(t, {
      name,
      kind: name === 'c-latest' ? 'disallowed-tags' : name === 'a-digest' ? 'require-digest' : 'explicit-pull-policy',
      params: name === 'c-latest' ? { tags: ['latest'] } : {},
      enforcement: 'deny',
    });
}, 120_000);
afterAll(() => t?.close());

/**
 * Lets the service's own reloads (after a write, and on PostgreSQL after the change's NOTIFY) finish, so the
 * spy counts only the test's reads.
 */
async function settle(): Promise<void> {
  await t.app.get(PolicySnapshotService).refresh();
  await new Promise((r) => setTimeout(r, 300));
  await t.app.get(PolicySnapshotService).refresh();
}

describe('incremental rule reads', () => {
  it('reads every row once, then nothing while nothing changed, then only the changed row', async () => {
    await settle();
    const findMany = vi.spyOn(t.db.prisma.rule, 'findMany');
    try {
      const first = await readRules(t.db);
      expect(first.definitions.map((d) => d.name)).toEqual(['a-digest', 'b-secrets', 'c-latest']);
      expect(findMany).toHaveBeenCalledTimes(1);

      const second = await readRules(t.db, first);
      expect(findMany).toHaveBeenCalledTimes(1);
      second.definitions.forEach((d, i) => expect(d).toBe(first.definitions[i]));

      // Raw SQL: no version bump, no updatedAt change; only the row's content differs.
      await t.db.prisma.$executeRaw`UPDATE "Rule" SET "enforcement" = 'audit' WHERE "name" = 'b-secrets'`;
      await settle();
      findMany.mockClear();
      const third = await readRules(t.db, second);
      expect(findMany).toHaveBeenCalledTimes(1);
      const changedId = second.definitions[1]!.id;
      expect(findMany.mock.calls[0]![0]).toEqual({ where: { id: { in: [changedId] } } });
      expect(third.definitions.map((d) => [d.name, d.enforcement])).toEqual([
        ['a-digest', 'deny'],
        ['b-secrets', 'audit'],
        ['c-latest', 'deny'],
      ]);
      expect(third.definitions[0]).toBe(first.definitions[0]);

      await t.db.prisma.$executeRaw`DELETE FROM "Rule" WHERE "name" = 'a-digest'`;
      await settle();
      findMany.mockClear();
      const fourth = await readRules(t.db, third);
      expect(findMany).not.toHaveBeenCalled();
      expect(fourth.definitions.map((d) => d.name)).toEqual(['b-secrets', 'c-latest']);
    } finally {
      findMany.mockRestore();
    }
  });

  it('the service applies a raw-SQL change at its next reload', async () => {
    await t.db.prisma.$executeRaw`UPDATE "Rule" SET "params" = '{"tags": ["1.27"]}'::jsonb WHERE "name" = 'c-latest'`;
    await t.app.get(PolicySnapshotService).refresh();
    const result = await evaluate(t, [pod({ image: 'nginx:1.27', policy: 'Always' })]);
    expect(result.findings.map((f: { rule: string }) => f.rule)).toContain('c-latest');
    const clean = await evaluate(t, [pod({ image: 'nginx:latest', policy: 'Always' })]);
    expect(clean.findings.map((f: { rule: string }) => f.rule)).not.toContain('c-latest');
  });
});
