// Issue #4 item 11 (docs/design.md, "Snapshot"): everything a replica needs on the hot path lives in
// memory. Once the policy snapshot is built, an evaluation (REST JSON, REST YAML, GraphQL, effective-policy;
// with a cluster profile and exceptions) sends no query to the database; a write rebuilds the snapshot so
// the next evaluation sees it, still without a query of its own.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi, type MockInstance } from 'vitest';
import { EFFECTIVE_POLICY_QUERY, EVALUATE_QUERY } from './support/evaluate-client.js';
import {
  createCluster,
  createException,
  createRule,
  evaluate,
  expectProblem,
  firedBy,
  gqlOk,
  pod,
  yamlStream,
} from './support/policy-client.js';
import { PolicySnapshotService } from '../apps/api/src/snapshot/policy-snapshot.service.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
let ruleId: string;
beforeAll(async () => {
  t = await bootTestApp();
  const rule = await createRule(t, {
    name: 'mutable-needs-always',
    kind: 'mutable-tag-requires-always',
    params: {},
    enforcement: 'deny',
  });
  ruleId = rule.id;
  await createRule(t, {
    name: 'require-digest',
    kind: 'require-digest',
    params: {},
    enforcement: 'warn',
    match: { namespaces: ['prod-*'] },
  });
  await createRule(t, {
    name: 'no-latest',
    kind: 'disallowed-tags',
    params: { tags: ['latest'] },
    enforcement: 'audit',
  });
  await createException(t, {
    name: 'legacy-digest',
    rules: ['require-digest'],
    match: { namespaces: ['prod-legacy'] },
    justification: 'migration in progress',
    owner: 'team-legacy',
  });
  await createCluster(t, { name: 'hardened', admissionPlugins: ['AlwaysPullImages'], kubeletVersion: '1.34' });
});
afterAll(() => t.close());

/**
 * Counts calls into the database driver underneath Prisma: PGlite's query/exec/transaction, or the pg Pool's
 * query/connect (every Prisma query and transaction goes through one of them).
 */
function watchDatabase(app: TestApp) {
  const target = app.db.target;
  const spies: MockInstance[] =
    target.kind === 'pglite'
      ? [vi.spyOn(target.db, 'query'), vi.spyOn(target.db, 'exec'), vi.spyOn(target.db, 'transaction')]
      : [vi.spyOn(target.pool, 'query'), vi.spyOn(target.pool, 'connect')];
  return {
    calls: () => spies.reduce((n, s) => n + s.mock.calls.length, 0),
    reset: () => spies.forEach((s) => s.mockClear()),
  };
}

const DOCS = [
  pod({ name: 'web', namespace: 'prod-eu', image: 'nginx:1.27' }),
  pod({ name: 'old', namespace: 'prod-legacy', image: 'nginx:1.27' }),
  pod({ name: 'tool', namespace: 'dev', image: 'busybox' }),
];

/** The findings stock Kubernetes gives for DOCS with the rules above. */
const STOCK = [
  'mutable-needs-always Pod/old',
  'mutable-needs-always Pod/web',
  'no-latest Pod/tool',
  'require-digest Pod/old waived by legacy-digest',
  'require-digest Pod/web',
];
/** Under the hardened profile AlwaysPullImages makes every effective policy Always. */
const HARDENED = ['no-latest Pod/tool', 'require-digest Pod/old waived by legacy-digest', 'require-digest Pod/web'];

describe('evaluations read the in-memory snapshot only', () => {
  let db: ReturnType<typeof watchDatabase>;
  beforeAll(async () => {
    await evaluate(t, DOCS); // warm
    db = watchDatabase(t);
  });
  afterEach(() => db.reset());
  afterAll(() => vi.restoreAllMocks());

  it('the counters see the database: a rule list queries it', async () => {
    await t.http().get('/v1/rules').expect(200);
    expect(db.calls()).toBeGreaterThan(0);
  });

  it('REST JSON, REST YAML and GraphQL evaluations, with and without a cluster profile, query nothing', async () => {
    db.reset();
    expect(firedBy(await evaluate(t, DOCS))).toEqual(STOCK);
    expect(firedBy(await evaluate(t, DOCS, { cluster: 'hardened' }))).toEqual(HARDENED);
    expect(firedBy(await evaluate(t, DOCS, { via: 'graphql' }))).toEqual(STOCK);
    expect(
      firedBy(await evaluate(t, DOCS, { via: 'graphql', cluster: 'hardened', context: { namespace: 'x' } })),
    ).toEqual(HARDENED);
    const yaml = await t
      .http()
      .post('/v1/evaluations')
      .query({ cluster: 'hardened' })
      .set('content-type', 'application/yaml')
      .send(yamlStream(...DOCS));
    expect(yaml.status, yaml.text).toBe(200);
    expect(firedBy(yaml.body)).toEqual(HARDENED);
    expect(db.calls()).toBe(0);
  });

  it('effective-policy over REST and GraphQL queries nothing', async () => {
    db.reset();
    const rest = await t
      .http()
      .get('/v1/effective-policy')
      .query({ image: 'nginx:1.27', namespace: 'prod-eu', cluster: 'hardened' })
      .expect(200);
    expect(rest.body.pullPolicy.effective).toBe('Always');
    const gql = await gqlOk(t, EFFECTIVE_POLICY_QUERY, { image: 'nginx:1.27', namespace: 'prod-eu' });
    expect(gql.effectivePolicy.findings.map((f: any) => f.rule).sort()).toEqual([
      'mutable-needs-always',
      'require-digest',
    ]);
    expect(db.calls()).toBe(0);
  });

  it('the admission webhooks (a dry run, a mutation, a GraphQL preview) query nothing', async () => {
    const review = (uid: string) => ({
      apiVersion: 'admission.k8s.io/v1',
      kind: 'AdmissionReview',
      request: {
        uid,
        kind: { group: '', version: 'v1', kind: 'Pod' },
        resource: { group: '', version: 'v1', resource: 'pods' },
        namespace: 'prod-eu',
        operation: 'CREATE',
        object: DOCS[0],
        dryRun: true,
      },
    });
    db.reset();
    const denied = await t.anon().post('/admission/validate').send(review('a')).expect(200);
    expect(denied.body.response).toMatchObject({ uid: 'a', allowed: false });
    // AlwaysPullImages (the hardened profile) makes the tag pulled Always: only the warn rule remains.
    const hardened = await t.anon().post('/admission/validate/hardened').send(review('b')).expect(200);
    expect(hardened.body.response).toMatchObject({ uid: 'b', allowed: true, warnings: [expect.any(String)] });
    await t.anon().post('/admission/mutate').send(review('c')).expect(200);
    await gqlOk(t, 'query($r: JSON!) { reviewAdmission(review: $r) { allowed } }', { r: review('d') });
    expect(db.calls()).toBe(0);
  });

  it('an unknown cluster is answered from the snapshot too', async () => {
    db.reset();
    expectProblem(
      await t
        .http()
        .post('/v1/evaluations')
        .send({ manifests: yamlStream(...DOCS), cluster: 'nowhere' }),
      400,
    );
    expect(db.calls()).toBe(0);
  });

  it('fifty concurrent evaluations query nothing', async () => {
    db.reset();
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        i % 2
          ? evaluate(t, DOCS, { cluster: 'hardened' })
          : t.gql(EVALUATE_QUERY, { input: { manifests: yamlStream(...DOCS) } }),
      ),
    );
    expect(results.every((r: any) => r.verdict ?? r.body?.data?.evaluate?.verdict)).toBe(true);
    expect(db.calls()).toBe(0);
  });

  it('a write rebuilds the snapshot: the next evaluation sees it, still without a query', async () => {
    await t.http().patch(`/v1/rules/${ruleId}`).send({ enabled: false }).expect(200);
    expect(db.calls()).toBeGreaterThan(0);
    db.reset();
    expect(firedBy(await evaluate(t, DOCS))).toEqual([
      'no-latest Pod/tool',
      'require-digest Pod/old waived by legacy-digest',
      'require-digest Pod/web',
    ]);
    expect(db.calls()).toBe(0);

    // GraphQL writes too: the exception goes, so the legacy finding is no longer waived.
    const ex = await t.http().get('/v1/exceptions').expect(200);
    await gqlOk(t, 'mutation($id: ID!) { deleteException(id: $id) }', { id: ex.body.items[0].id });
    const profile = (await t.http().get('/v1/clusters').expect(200)).body.items[0];
    await t.http().patch(`/v1/clusters/${profile.id}`).send({ admissionPlugins: [] }).expect(200);
    await t.http().patch(`/v1/rules/${ruleId}`).send({ enabled: true }).expect(200);
    db.reset();
    expect(firedBy(await evaluate(t, DOCS, { via: 'graphql', cluster: 'hardened' }))).toEqual([
      'mutable-needs-always Pod/old',
      'mutable-needs-always Pod/web',
      'no-latest Pod/tool',
      'require-digest Pod/old',
      'require-digest Pod/web',
    ]);
    expect(db.calls()).toBe(0);
  });

  it('after concurrent writes, the next evaluation sees every one of them', async () => {
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        createRule(t, {
          name: `burst-${i}`,
          kind: 'disallowed-tags',
          params: { tags: [`t${i}`] },
          enforcement: 'deny',
          match: { namespaces: ['burst'] },
        }),
      ),
    );
    // On PostgreSQL the writes' NOTIFYs can trail their acknowledgements and start reloads of their own; one
    // more refresh reads the newest version, so those see nothing new and stay quiet while we count.
    await t.app.get(PolicySnapshotService).refresh();
    db.reset();
    const docs = Array.from({ length: 8 }, (_, i) => pod({ name: `p${i}`, namespace: 'burst', image: `nginx:t${i}` }));
    const burst = (await evaluate(t, docs)).findings.filter((f: any) => f.rule.startsWith('burst-'));
    expect(burst.map((f: any) => `${f.rule} ${f.workload}`).sort()).toEqual(
      Array.from({ length: 8 }, (_, i) => `burst-${i} Pod/p${i}`),
    );
    expect(db.calls()).toBe(0);
  });

  it('a new cluster profile is known to the very next evaluation', async () => {
    await createCluster(t, { name: 'brand-new', admissionPlugins: ['AlwaysPullImages'] });
    db.reset();
    expect(firedBy(await evaluate(t, DOCS, { cluster: 'brand-new' }))).toContain('require-digest Pod/web');
    expect(
      (await evaluate(t, DOCS, { cluster: 'brand-new' })).findings.some((f: any) => f.rule === 'mutable-needs-always'),
    ).toBe(false);
    expect(db.calls()).toBe(0);
  });
});
