// Issue "Security and robustness" item 4: PostgreSQL goes away and comes back. While it is down,
// evaluations keep answering from the in-memory policy snapshot and say so (`Pullwise-Snapshot: stale; …`),
// everything that needs the database answers 503 `urn:pullwise:problem:unavailable` with Retry-After (GraphQL:
// that code in extensions.code), /readyz is 503 and the process stays up; when the server is back,
// everything recovers without a restart, no acknowledged write is lost and no write is half-applied.
//
// The shared server behind TEST_DATABASE_URL must never be stopped, so this file runs its own throw-away
// cluster (test/support/private-postgres.ts), on the PostgreSQL project only.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Database, type DatabaseLocation } from '#db';
import { EFFECTIVE_POLICY_QUERY, EVALUATE_QUERY } from './support/evaluate-client.js';
import {
  PROBLEM,
  RULE_FIELDS,
  createCluster,
  createException,
  createRule,
  expectProblem,
  firedBy,
  pod,
  yamlStream,
} from './support/policy-client.js';
import { startPrivatePostgres, type PrivatePostgres } from './support/private-postgres.js';
import { spawnService, type ServiceProcess } from './support/spawn-service.js';
import { ADMIN_TOKEN, bootTestApp, type TestApp } from './support/test-app.js';
import type { TestDatabase } from './support/test-database.js';
import { testDbKind } from './support/test-database.js';

const STALE = /^stale; reason="database unavailable"; age=\d+$/;
const HEADER = 'pullwise-snapshot';

const DOCS = [
  pod({ name: 'web', namespace: 'prod-eu', image: 'nginx:1.27' }),
  pod({ name: 'old', namespace: 'prod-legacy', image: 'nginx:1.27' }),
  pod({ name: 'tool', namespace: 'dev', image: 'busybox' }),
];
/** What the rules created before the outage find in DOCS under stock Kubernetes. */
const STOCK = [
  'mutable-needs-always Pod/old',
  'mutable-needs-always Pod/web',
  'no-latest Pod/tool',
  'require-digest Pod/old waived by legacy-digest',
  'require-digest Pod/web',
];
/** Under the `hardened` profile (AlwaysPullImages) the mutable-tag rule no longer fires. */
const HARDENED = ['no-latest Pod/tool', 'require-digest Pod/old waived by legacy-digest', 'require-digest Pod/web'];

describe.runIf(testDbKind() === 'postgres')('PostgreSQL stops and starts under a running service', () => {
  let server: PrivatePostgres;
  let t: TestApp;
  let service: ServiceProcess;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  /** Every rule whose create or update was acknowledged (2xx), with the version it was acknowledged at. */
  const acknowledged = new Map<string, { name: string; version: number }>();
  let mutableRuleId: string;
  let recordedId: string;

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    const started = Date.now();
    server = await startPrivatePostgres();
    const clusterMs = Date.now() - started;
    const url = await server.createDatabase('pullwise');
    const location: DatabaseLocation = { kind: 'postgres', url };
    const testDb: TestDatabase = { location, open: () => Database.open(location), drop: async () => undefined };
    t = await bootTestApp({ testDb });
    // The real process too: an unhandled rejection or an unheard 'error' event would end it.
    service = await spawnService({ DATABASE_URL: url, PULLWISE_ADMIN_TOKEN: ADMIN_TOKEN });
    console.log(
      `db-faults: private cluster up in ${clusterMs} ms, app and service in ${Date.now() - started - clusterMs} ms`,
    );
  }, 120_000);

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    await service?.stop();
    await t?.close();
    await server?.destroy();
  });

  const evaluateRest = (extra: Record<string, unknown> = {}) =>
    t
      .http()
      .post('/v1/evaluations')
      .send({ manifests: yamlStream(...DOCS), ...extra });
  const serviceFetch = (path: string, init: RequestInit = {}) =>
    fetch(`${service.url}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json', ...init.headers },
    });

  async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 15_000): Promise<number> {
    const started = Date.now();
    while (!(await check())) {
      if (Date.now() - started > timeoutMs) throw new Error(`${what}: not within ${timeoutMs} ms`);
      await new Promise((r) => setTimeout(r, 100));
    }
    return Date.now() - started;
  }

  it('before the outage: policy written and acknowledged, an evaluation recorded, no stale header', async () => {
    const rules = [
      { name: 'mutable-needs-always', kind: 'mutable-tag-requires-always', params: {}, enforcement: 'deny' },
      {
        name: 'require-digest',
        kind: 'require-digest',
        params: {},
        enforcement: 'warn',
        match: { namespaces: ['prod-*'] },
      },
      { name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'audit' },
    ];
    for (const r of rules) {
      const created = await createRule(t, r);
      acknowledged.set(created.id, { name: created.name, version: created.version });
    }
    mutableRuleId = [...acknowledged].find(([, r]) => r.name === 'mutable-needs-always')![0];
    await createException(t, {
      name: 'legacy-digest',
      rules: ['require-digest'],
      match: { namespaces: ['prod-legacy'] },
      justification: 'migration in progress',
      owner: 'team-legacy',
    });
    await createCluster(t, { name: 'hardened', admissionPlugins: ['AlwaysPullImages'] });
    const recorded = await evaluateRest({ record: true }).expect(200);
    recordedId = recorded.body.id;
    expect(recordedId).toEqual(expect.any(String));

    const res = await evaluateRest().expect(200);
    expect(firedBy(res.body)).toEqual(STOCK);
    expect(res.headers[HEADER]).toBeUndefined();
    await t.http().get('/readyz').expect(200);
  });

  it('while PostgreSQL is down: evaluations answer from the snapshot and say so', async () => {
    await server.stop();
    // The monitor connection hears the server's shutdown notice; readiness follows at once.
    const noticed = await waitFor('/readyz 503', async () => (await t.http().get('/readyz')).status === 503);
    console.log(`db-faults: /readyz 503 ${noticed} ms after the server stopped`);
    expect(noticed).toBeLessThan(3000);

    const json = await evaluateRest().expect(200);
    expect(firedBy(json.body)).toEqual(STOCK);
    expect(json.headers[HEADER]).toMatch(STALE);

    const withProfile = await evaluateRest({ cluster: 'hardened' }).expect(200);
    expect(firedBy(withProfile.body)).toEqual(HARDENED);
    expect(withProfile.headers[HEADER]).toMatch(STALE);

    const yaml = await t
      .http()
      .post('/v1/evaluations')
      .query({ format: 'sarif' })
      .set('content-type', 'application/yaml')
      .send(yamlStream(...DOCS))
      .expect(200);
    expect(yaml.headers[HEADER]).toMatch(STALE);

    const gql = await t
      .http()
      .post('/graphql')
      .send({ query: EVALUATE_QUERY, variables: { input: { manifests: yamlStream(...DOCS) } } });
    expect(gql.body.errors).toBeUndefined();
    expect(firedBy(gql.body.data.evaluate)).toEqual(STOCK);
    expect(gql.headers[HEADER]).toMatch(STALE);

    const effective = await t
      .http()
      .get('/v1/effective-policy')
      .query({ image: 'nginx:1.27', namespace: 'prod-eu' })
      .expect(200);
    expect(effective.body.findings.map((f: any) => f.rule).sort()).toEqual(['mutable-needs-always', 'require-digest']);
    expect(effective.headers[HEADER]).toMatch(STALE);
    const gqlEffective = await t
      .http()
      .post('/graphql')
      .send({
        query: EFFECTIVE_POLICY_QUERY,
        variables: { image: 'nginx:1.27', namespace: 'prod-eu', cluster: 'hardened' },
      });
    expect(gqlEffective.body.data.effectivePolicy.pullPolicy.effective).toBe('Always');
    expect(gqlEffective.headers[HEADER]).toMatch(STALE);

    // Liveness is not readiness: the process serves.
    await t.http().get('/healthz').expect(200);
  });

  it('while PostgreSQL is down: everything that needs it is 503 unavailable with Retry-After', async () => {
    const unavailable = (res: any) => {
      expectProblem(res, 503);
      expect(res.body.type).toBe(PROBLEM('unavailable'));
      expect(res.headers['retry-after']).toMatch(/^\d+$/);
      expect(res.headers[HEADER]).toBeUndefined();
    };
    const readiness = await t.http().get('/readyz').expect(503);
    expect(readiness.body.status).toBe('not ready');

    unavailable(
      await t
        .http()
        .post('/v1/rules')
        .send({ name: 'while-down', kind: 'require-digest', params: {}, enforcement: 'warn' }),
    );
    unavailable(await t.http().patch(`/v1/rules/${mutableRuleId}`).set('if-match', '"v1"').send({ enabled: false }));
    unavailable(await t.http().delete(`/v1/rules/${mutableRuleId}`));
    unavailable(
      await t
        .http()
        .post('/v1/exceptions')
        .send({ name: 'x', rules: ['no-latest'], justification: 'j', owner: 'o' }),
    );
    unavailable(await t.http().post('/v1/clusters').send({ name: 'while-down' }));
    unavailable(await evaluateRest({ record: true }));
    // Reads that go to the database are unavailable too (they are not served from the snapshot).
    unavailable(await t.http().get('/v1/rules'));
    unavailable(await t.http().get(`/v1/evaluations/${recordedId}`));

    const gqlUnavailable = async (query: string, variables: Record<string, unknown>) => {
      const res = await t.gql(query, variables);
      expect(res.body.errors, JSON.stringify(res.body)).toBeDefined();
      expect(res.body.errors![0].extensions.code).toBe(PROBLEM('unavailable'));
    };
    await gqlUnavailable(`mutation($input: CreateRuleInput!) { createRule(input: $input) { ${RULE_FIELDS} } }`, {
      input: { name: 'while-down-gql', kind: 'require-digest', params: {}, enforcement: 'warn' },
    });
    await gqlUnavailable(
      `mutation($id: ID!, $input: UpdateRuleInput!, $v: Int) { updateRule(id: $id, input: $input, expectedVersion: $v) { id } }`,
      { id: mutableRuleId, input: { enabled: false }, v: 1 },
    );
    await gqlUnavailable(`mutation($id: ID!) { deleteRule(id: $id) }`, { id: mutableRuleId });
    await gqlUnavailable(EVALUATE_QUERY, { input: { manifests: yamlStream(...DOCS), record: true } });

    // The separate service process is still alive, not ready, and still evaluates from its snapshot.
    expect(service.child.exitCode).toBeNull();
    await waitFor('service /readyz 503', async () => (await serviceFetch('/readyz')).status === 503);
    const fromService = await serviceFetch('/v1/evaluations', {
      method: 'POST',
      body: JSON.stringify({ manifests: yamlStream(...DOCS) }),
    });
    expect(fromService.status).toBe(200);
    expect(fromService.headers.get(HEADER)).toMatch(STALE);
    const write = await serviceFetch('/v1/rules', {
      method: 'POST',
      body: JSON.stringify({ name: 'via-service', kind: 'require-digest', params: {}, enforcement: 'warn' }),
    });
    expect(write.status).toBe(503);
    expect(write.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('when PostgreSQL is back: ready again without a restart, writes succeed, nothing acknowledged is lost', async () => {
    await server.start();
    const recovered = await waitFor('/readyz 200', async () => (await t.http().get('/readyz')).status === 200);
    console.log(`db-faults: /readyz 200 again ${recovered} ms after the server was back`);
    expect(recovered).toBeLessThan(5000);
    // The snapshot reloads as soon as the monitor sees the database: the header goes.
    await waitFor('fresh snapshot', async () => (await evaluateRest()).headers[HEADER] === undefined, 5000);

    const created = await createRule(t, {
      name: 'after-recovery',
      kind: 'disallowed-tags',
      params: { tags: ['1.27'] },
      enforcement: 'warn',
      match: { namespaces: ['prod-eu'] },
    });
    acknowledged.set(created.id, { name: created.name, version: 1 });
    const patched = await t
      .http()
      .patch(`/v1/rules/${mutableRuleId}`)
      .set('if-match', '"v1"')
      .send({ severity: 'critical' });
    expect(patched.status, patched.text).toBe(200);
    acknowledged.get(mutableRuleId)!.version = 2;

    const after = await evaluateRest().expect(200);
    expect(after.headers[HEADER]).toBeUndefined();
    expect(firedBy(after.body)).toEqual([...STOCK, 'after-recovery Pod/web'].sort());
    await t.http().get(`/v1/evaluations/${recordedId}`).expect(200);
    // Nothing written while down got in.
    const names = (await t.http().get('/v1/rules').query({ limit: 100 }).expect(200)).body.items.map(
      (r: any) => r.name,
    );
    expect(names).not.toContain('while-down');
    expect(names).not.toContain('while-down-gql');
    await expectConsistent(t, acknowledged);

    await waitFor('service /readyz 200', async () => (await serviceFetch('/readyz')).status === 200);
    await waitFor('service fresh snapshot', async () => {
      const res = await serviceFetch('/v1/evaluations', {
        method: 'POST',
        body: JSON.stringify({ manifests: yamlStream(...DOCS) }),
      });
      return res.status === 200 && res.headers.get(HEADER) === null;
    });
    expect(service.child.exitCode).toBeNull();
  });

  it('writes in flight when the server stops: each is acknowledged and kept, or refused; none half-applied', async () => {
    // Four writers, each writing back to back (creates and updates, each with its version row and audit
    // event), until the server has stopped under them and they have met the outage.
    const ids = [...acknowledged.keys()];
    const results: { status: number; body: any; text: string }[] = [];
    let stopped = false;
    let n = 0;
    const writer = async (w: number) => {
      for (;;) {
        const i = n++;
        const res =
          i % 2
            ? await t
                .http()
                .post('/v1/rules')
                .send({ name: `burst-${i}`, kind: 'require-digest', params: {}, enforcement: 'warn' })
            : await t
                .http()
                .patch(`/v1/rules/${ids[(i + w) % ids.length]}`)
                .send({ description: `burst ${i}` });
        results.push(res);
        if (stopped && res.status === 503) return;
      }
    };
    const writers = Promise.all([0, 1, 2, 3].map(writer));
    await new Promise((r) => setTimeout(r, 300));
    await server.stop();
    stopped = true;
    await writers;
    for (const res of results) expect([200, 201, 412, 503], res.text).toContain(res.status);
    expect(service.child.exitCode).toBeNull();

    await server.start();
    await waitFor('/readyz 200', async () => (await t.http().get('/readyz')).status === 200);
    for (const res of results) {
      if (res.status === 201) acknowledged.set(res.body.id, { name: res.body.name, version: 1 });
      if (res.status === 200) {
        const known = acknowledged.get(res.body.id)!;
        known.version = Math.max(known.version, res.body.version);
      }
    }
    console.log(
      `db-faults: in-flight writes: ${results.filter((r) => r.status < 300).length} acknowledged, ${results.filter((r) => r.status === 503).length} refused`,
    );
    await expectConsistent(t, acknowledged);
    expect(unhandled).toEqual([]);
  });
});

/**
 * Every acknowledged rule is there at (at least) the version it was acknowledged at, and every rule in the
 * database has exactly one version row and one audit event per version: nothing half-applied.
 */
async function expectConsistent(t: TestApp, acknowledged: Map<string, { name: string; version: number }>) {
  const rules = await t.db.prisma.rule.findMany();
  const byId = new Map(rules.map((r) => [r.id, r]));
  for (const [id, ack] of acknowledged) {
    const row = byId.get(id);
    expect(row, `acknowledged rule ${ack.name} is missing`).toBeDefined();
    expect(row!.version).toBeGreaterThanOrEqual(ack.version);
  }
  for (const rule of rules) {
    const versions = await t.db.prisma.ruleVersion.findMany({
      where: { ruleId: rule.id },
      orderBy: { version: 'asc' },
    });
    expect(
      versions.map((v) => v.version),
      `versions of ${rule.name}`,
    ).toEqual(Array.from({ length: rule.version }, (_, i) => i + 1));
    const audits = await t.db.prisma.auditEvent.count({ where: { entityType: 'rule', entityId: rule.id } });
    expect(audits, `audit events of ${rule.name}`).toBe(rule.version);
  }
}
