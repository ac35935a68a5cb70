// Issue 18 (policy as code) on replicas: an apply of many objects is one transaction and one policy version,
// so a replica that did not make it (B) goes from the policy before to the policy after in one step: polled
// throughout the apply, B answers evaluations at the version before or the version after, each with exactly
// that policy, never with part of the apply; and it gets there within a second (NOTIFY, as for single writes).
// An apply that changes nothing, or fails and rolls back, announces nothing.
//
// Two application instances (A and B) on one PostgreSQL database: PostgreSQL project only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DatabaseMonitor } from '../apps/api/src/database/database-monitor.service.js';
import { POLICY_VERSION_HEADER } from '../apps/api/src/snapshot/policy-snapshot.service.js';
import { createCluster, createRule, expectProblem, pod, yamlStream } from './support/policy-client.js';
import { apply, applyRequest, bundle, storedPolicyVersion } from './support/policy-bundle-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';
import { createTestDatabase, testDbKind } from './support/test-database.js';

/** The budget of issue 7 for a change to reach every replica. */
const BUDGET_MS = 1000;
const MANIFESTS = yamlStream(pod({ name: 'web', namespace: 'prod', image: 'nginx:1.27' }));

interface View {
  version: number;
  /** `<rule> <enforcement>` per finding, sorted: the policy the answer was computed from, as far as it shows. */
  policy: string;
}

describe.runIf(testDbKind() === 'postgres')('a policy apply seen from another replica', () => {
  let a: TestApp;
  let b: TestApp;
  const timings: string[] = [];

  beforeAll(async () => {
    const testDb = await createTestDatabase();
    a = await bootTestApp({ testDb });
    b = await bootTestApp({ testDb });
    await waitFor(
      'monitors connected',
      async () => a.app.get(DatabaseMonitor).monitorPid !== null && b.app.get(DatabaseMonitor).monitorPid !== null,
      10_000,
    );
    await createRule(a, { name: 'base', kind: 'require-digest', params: {}, enforcement: 'warn' });
    await createRule(a, { name: 'doomed', kind: 'require-digest', params: {}, enforcement: 'audit' });
  }, 60_000);

  afterAll(async () => {
    await b?.close({ keepData: true });
    await a?.close();
    if (timings.length) console.log(`policy replicas:\n  ${timings.join('\n  ')}`);
  });

  async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 5));
    }
    return Date.now() - started;
  }

  async function view(t: TestApp): Promise<View> {
    const res = await t.http().post('/v1/evaluations').send({ manifests: MANIFESTS });
    expect(res.status, res.text).toBe(200);
    const policy = (res.body.findings as any[])
      .map((f) => `${f.rule} ${f.enforcement}`)
      .sort()
      .join(', ');
    return { version: Number(res.headers[POLICY_VERSION_HEADER]), policy };
  }

  /** Views of both replicas, polled from now until `until` resolves and then until both show `settled`. */
  async function watch(until: Promise<unknown>, settled: () => number | null, timeoutMs = 5000) {
    const seen: { who: string; at: number; view: View }[] = [];
    const started = Date.now();
    let done = false;
    void Promise.resolve(until).finally(() => (done = true));
    for (;;) {
      const [va, vb] = await Promise.all([view(a), view(b)]);
      const at = Date.now() - started;
      seen.push({ who: 'A', at, view: va }, { who: 'B', at, view: vb });
      const target = settled();
      if (done && target !== null && va.version === target && vb.version === target) break;
      if (Date.now() - started > timeoutMs) break;
    }
    return seen;
  }

  it('B goes from the policy before to the policy after in one step, within 1 s of the apply', async () => {
    const before = await view(b);
    expect(await view(a)).toEqual(before);
    const NEW = 80;
    const wanted = bundle({
      rules: [
        { name: 'base', kind: 'require-digest', enforcement: 'deny' },
        ...Array.from({ length: NEW }, (_, i) => ({
          name: `applied-${String(i).padStart(3, '0')}`,
          kind: 'require-digest',
          enforcement: 'warn',
        })),
      ],
      clusters: Array.from({ length: 20 }, (_, i) => ({ name: `applied-cluster-${i}` })),
    });
    let result: any = null;
    let ackedAt = 0;
    const started = Date.now();
    const applying = apply(a, wanted, { prune: true }).then((r) => {
      ackedAt = Date.now() - started;
      result = r;
    });
    const seen = await watch(applying, () => (result ? result.policyVersion : null));
    await applying;
    expect(result).toMatchObject({ applied: true, previousPolicyVersion: before.version });
    expect(result.summary).toEqual({ create: NEW + 20, update: 1, delete: 1, unchanged: 0 });
    const after: View = {
      version: before.version + 1,
      policy: ['base deny', ...Array.from({ length: NEW }, (_, i) => `applied-${String(i).padStart(3, '0')} warn`)]
        .sort()
        .join(', '),
    };
    expect(result.policyVersion).toBe(after.version);

    // Every answer of either replica is the whole policy before or the whole policy after, named by its version.
    const states = new Set(seen.map((s) => JSON.stringify(s.view)));
    expect(
      [...states].every((s) => s === JSON.stringify(before) || s === JSON.stringify(after)),
      [...states].join('\n'),
    ).toBe(true);
    // Both end at the version after; B got there within the budget of the apply's acknowledgement.
    const lastB = seen.filter((s) => s.who === 'B').at(-1)!;
    expect(lastB.view).toEqual(after);
    const firstAfterB = seen.find((s) => s.who === 'B' && s.view.version === after.version)!;
    timings.push(
      `apply of ${NEW + 22} changes acknowledged after ${ackedAt} ms; B answered at the new version after ` +
        `${firstAfterB.at} ms (${seen.length / 2} polls of each replica, versions seen: ` +
        `${[...new Set(seen.map((s) => s.view.version))].join(', ')})`,
    );
    expect(firstAfterB.at - ackedAt).toBeLessThan(BUDGET_MS);
    expect(await storedPolicyVersion(a)).toBe(after.version);
  });

  it('the same bundle again changes nothing: no new version reaches B', async () => {
    const before = await view(b);
    const res = await applyRequest(
      a,
      bundle({ rules: [{ name: 'base', kind: 'require-digest', enforcement: 'deny' }] }),
      {},
    );
    expect(res.status, res.text).toBe(200);
    expect(res.body.applied).toBe(false);
    await new Promise((r) => setTimeout(r, 300));
    expect(await view(b)).toEqual(before);
    expect(await view(a)).toEqual(before);
  });

  it('an apply that fails at its last change announces nothing: B keeps its version and policy', async () => {
    await createCluster(a, { name: 'busy' });
    const recorded = await a
      .http()
      .post('/v1/evaluations')
      .send({ manifests: MANIFESTS, cluster: 'busy', record: true });
    expect(recorded.status, recorded.text).toBe(200);
    await waitFor(
      'B has the profile',
      async () => (await view(b)).version === (await storedPolicyVersion(a)),
      BUDGET_MS,
    );
    const before = await view(b);
    const failing = Promise.resolve(
      applyRequest(
        a,
        bundle({
          rules: [
            { name: 'base', kind: 'require-digest', enforcement: 'audit' },
            ...Array.from({ length: 30 }, (_, i) => ({
              name: `rolled-back-${i}`,
              kind: 'require-digest',
              enforcement: 'deny',
            })),
          ],
        }),
        { prune: true },
      ),
    );
    const seen = await watch(failing, () => before.version, 2000);
    const res = await failing;
    expectProblem(res, 409);
    await new Promise((r) => setTimeout(r, 300));
    seen.push({ who: 'B', at: 0, view: await view(b) }, { who: 'A', at: 0, view: await view(a) });
    for (const s of seen) expect(s.view, s.who).toEqual(before);
    expect(await storedPolicyVersion(a)).toBe(before.version);
  });
});
