// Issue 14 items 3–5: writes that lose nothing and surprise nobody.
// - A cluster profile that admission webhooks route to, or that recorded evaluations name, is not deleted without
//   `force` (under a fail-closed webhook every Pod creation would fail on the unknown profile).
// - Restoring a version of a deleted rule brings the rule back (same id, next version, audited, evaluated).
// - A PATCH / update mutation that changes nothing writes nothing: no version, no audit event, no NOTIFY.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLUSTER_FIELDS,
  EXCEPTION_FIELDS,
  RULE_FIELDS,
  createCluster,
  createException,
  createRule,
  evaluate,
  expectProblem,
  firedBy,
  gqlFails,
  gqlOk,
  pod,
} from './support/policy-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

type Json = any;

const IN_USE_DAYS = 5;

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp({ env: { PULLWISE_CLUSTER_IN_USE_DAYS: String(IN_USE_DAYS) } });
}, 60_000);
afterAll(() => t?.close());

let seq = 0;
const uniq = (prefix: string) => `${prefix}-${++seq}`;

/** Counts of everything a write leaves behind for one entity, and the policy version NOTIFY announces. */
async function writes(entityId: string) {
  const [versions, audits, policy] = await Promise.all([
    t.db.prisma.ruleVersion.count({ where: { ruleId: entityId } }),
    t.db.prisma.auditEvent.count({ where: { entityId } }),
    t.db.prisma.policyVersion.findUnique({ where: { id: 1 } }),
  ]);
  return { versions, audits, policyVersion: String(policy?.version ?? 0) };
}

// -------------------------------------------------------------------------------------------------------------
// Item 3: cluster profiles in use
// -------------------------------------------------------------------------------------------------------------
describe('deleting a cluster profile that is in use', () => {
  const podReview = (): Json => {
    const body = JSON.parse(
      readFileSync(new URL('./fixtures/admission/pod-create.json', import.meta.url), 'utf8'),
    ) as Json;
    body.request.uid = `00000000-0000-4000-8000-${String(++seq).padStart(12, '0')}`;
    return body;
  };
  const GQL_DELETE = `mutation($id: ID!, $force: Boolean) { deleteClusterProfile(id: $id, force: $force) }`;

  it.each(['validate', 'mutate'])(
    'is refused with 409 after /admission/%s/<name> routed to it, unless ?force=true',
    async (webhook) => {
      const profile = await createCluster(t, { name: uniq(`routed-${webhook}`) });
      const review = await t.anon().post(`/admission/${webhook}/${profile.name}`).send(podReview());
      expect(review.status, review.text).toBe(200);

      const refused = await t.http().delete(`/v1/clusters/${profile.id}`);
      expectProblem(refused, 409);
      expect(refused.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(refused.body.detail).toContain(`/admission/${webhook}/${profile.name}`);
      expect(refused.body.detail).toContain('force=true');
      expect(refused.body.errors.map((e: Json) => e.path)).toContain(`admission.${webhook}`);
      await t.http().get(`/v1/clusters/${profile.id}`).expect(200);

      const err = await gqlFails(t, 'conflict', GQL_DELETE, { id: profile.id });
      expect(err.message).toContain(`/admission/${webhook}/${profile.name}`);
      await t.http().get(`/v1/clusters/${profile.id}`).expect(200);

      await t.http().delete(`/v1/clusters/${profile.id}`).query({ force: 'true' }).expect(204);
      await t.http().get(`/v1/clusters/${profile.id}`).expect(404);
      const audit = await t.db.prisma.auditEvent.findFirst({
        where: { entityId: profile.id, action: 'cluster.deleted' },
      });
      expect(audit?.after).toMatchObject({ forced: true, inUse: [expect.stringContaining(webhook)] });
    },
  );

  it('is refused while recorded evaluations of the last N days name it; older ones do not count', async () => {
    const profile = await createCluster(t, { name: uniq('recorded') });
    const res = await t
      .http()
      .post('/v1/evaluations')
      .send({ manifests: pod({ image: 'nginx:1.27' }), cluster: profile.name, record: true });
    expect(res.status, res.text).toBe(200);

    const refused = await t.http().delete(`/v1/clusters/${profile.id}`);
    expectProblem(refused, 409);
    expect(refused.body.detail).toMatch(new RegExp(`1 recorded evaluation.* last ${IN_USE_DAYS} days`));
    expect(refused.body.errors.map((e: Json) => e.path)).toContain('evaluations');

    // Moved out of the window: no longer a sign of use.
    await t.db.prisma.evaluation.updateMany({
      where: { cluster: profile.name },
      data: { createdAt: new Date(Date.now() - (IN_USE_DAYS + 1) * 86_400_000) },
    });
    await t.http().delete(`/v1/clusters/${profile.id}`).expect(204);
  });

  it('GraphQL deleteClusterProfile takes force: true', async () => {
    const profile = await createCluster(t, { name: uniq('gql-force') });
    await t.anon().post(`/admission/validate/${profile.name}`).send(podReview()).expect(200);
    await gqlFails(t, 'conflict', GQL_DELETE, { id: profile.id, force: false });
    expect(await gqlOk(t, GQL_DELETE, { id: profile.id, force: true })).toEqual({ deleteClusterProfile: true });
    await t.http().get(`/v1/clusters/${profile.id}`).expect(404);
  });

  it('a profile nobody routed to or named is deleted without force; force must be a boolean', async () => {
    const profile = await createCluster(t, { name: uniq('unused') });
    expectProblem(await t.http().delete(`/v1/clusters/${profile.id}`).query({ force: 'yes' }), 400);
    await t.http().delete(`/v1/clusters/${profile.id}`).expect(204);
  });

  it('a GraphQL preview (reviewAdmission) is not a sign of use', async () => {
    const profile = await createCluster(t, { name: uniq('previewed') });
    const preview = await t.gql(
      `query($review: JSON!, $cluster: String) { reviewAdmission(review: $review, webhook: VALIDATE, cluster: $cluster) { allowed } }`,
      { review: podReview(), cluster: profile.name },
    );
    expect(preview.body.errors, JSON.stringify(preview.body)).toBeUndefined();
    await t.http().delete(`/v1/clusters/${profile.id}`).expect(204);
  });
});

// -------------------------------------------------------------------------------------------------------------
// Item 4: restore brings a deleted rule back
// -------------------------------------------------------------------------------------------------------------
describe('restoring a version of a deleted rule', () => {
  const GQL_RESTORE = `mutation($id: ID!, $version: Int!, $v: Int) { restoreRuleVersion(id: $id, version: $version, expectedVersion: $v) { ${RULE_FIELDS} } }`;
  const noTag = (name: string) => ({
    name,
    kind: 'disallowed-tags',
    params: { tags: ['latest'] },
    enforcement: 'deny',
    severity: 'high',
  });

  it('brings the rule back: same id, next version, audited, evaluated again', async () => {
    const rule = await createRule(t, noTag(uniq('undeleted')));
    await t.http().patch(`/v1/rules/${rule.id}`).send({ severity: 'low' }).expect(200);
    await t.http().delete(`/v1/rules/${rule.id}`).expect(204);
    expect(firedBy(await evaluate(t, [pod({ image: 'nginx:latest' })]))).not.toContain(`${rule.name} Pod/app`);

    const res = await t.http().post(`/v1/rules/${rule.id}/versions/1/restore`);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.etag).toBe('"v4"');
    expect(res.body).toMatchObject({ id: rule.id, name: rule.name, version: 4, severity: 'high', enabled: true });
    expect((await t.http().get(`/v1/rules/${rule.id}`).expect(200)).body).toMatchObject({ version: 4 });

    const history = await t.http().get(`/v1/rules/${rule.id}/versions`).expect(200);
    expect(history.body.items.map((v: Json) => [v.version, v.change])).toEqual([
      [4, 'restored'],
      [3, 'deleted'],
      [2, 'updated'],
      [1, 'created'],
    ]);
    const audit = await t.db.prisma.auditEvent.findFirst({ where: { entityId: rule.id, action: 'rule.restored' } });
    expect(audit).toMatchObject({ version: 4, after: { restoredFrom: 1, version: 4 } });

    expect(firedBy(await evaluate(t, [pod({ image: 'nginx:latest' })]))).toContain(`${rule.name} Pod/app`);
  });

  it('the "deleted" marker is not a version to restore, and a stale If-Match is 412', async () => {
    const rule = await createRule(t, noTag(uniq('marker')));
    await t.http().delete(`/v1/rules/${rule.id}`).expect(204);
    expectProblem(await t.http().post(`/v1/rules/${rule.id}/versions/2/restore`), 404);
    expectProblem(await t.http().post(`/v1/rules/${rule.id}/versions/1/restore`).set('if-match', '"v1"'), 412);
    const res = await t.http().post(`/v1/rules/${rule.id}/versions/1/restore`).set('if-match', '"v2"');
    expect(res.status, res.text).toBe(200);
    expect(res.body.version).toBe(3);
  });

  it('is 409 naming the rule that took the name since, and brings nothing back', async () => {
    const rule = await createRule(t, noTag(uniq('taken')));
    await t.http().delete(`/v1/rules/${rule.id}`).expect(204);
    const squatter = await createRule(t, noTag(rule.name));
    const res = await t.http().post(`/v1/rules/${rule.id}/versions/1/restore`);
    expectProblem(res, 409);
    expect(res.body.detail).toContain(squatter.id);
    expect(res.body.detail).toContain(`"${rule.name}"`);
    await t.http().get(`/v1/rules/${rule.id}`).expect(404);
    expect(await writes(rule.id)).toMatchObject({ versions: 2 });

    const err = await gqlFails(t, 'conflict', GQL_RESTORE, { id: rule.id, version: 1 });
    expect(err.message).toContain(squatter.id);
  });

  it('through GraphQL restoreRuleVersion', async () => {
    const rule = await createRule(t, noTag(uniq('gql-undeleted')));
    await t.http().delete(`/v1/rules/${rule.id}`).expect(204);
    const { restoreRuleVersion } = await gqlOk(t, GQL_RESTORE, { id: rule.id, version: 1 });
    expect(restoreRuleVersion).toMatchObject({ id: rule.id, name: rule.name, version: 3 });
    await t.http().get(`/v1/rules/${rule.id}`).expect(200);
  });
});

// -------------------------------------------------------------------------------------------------------------
// Item 5: a change that changes nothing writes nothing
// -------------------------------------------------------------------------------------------------------------
describe('a change that changes nothing', () => {
  /** Asserts that `change` answers the current version and leaves no trace. */
  async function expectNoWrite(entityId: string, version: number, change: () => Promise<{ version: number }>) {
    const before = await writes(entityId);
    expect(await change()).toMatchObject({ version });
    expect(await writes(entityId)).toEqual(before);
  }

  const rest = async (path: string, body: object, etag: string) => {
    const res = await t.http().patch(path).set('if-match', etag).send(body);
    expect(res.status, res.text).toBe(200);
    expect(res.headers.etag).toBe(etag);
    return res.body;
  };

  it('rules: PATCH {} or the current values, REST and GraphQL, make no version, no audit event, no NOTIFY', async () => {
    const rule = await createRule(t, {
      name: uniq('noop-rule'),
      kind: 'pull-policy',
      params: { allowed: ['Always', 'IfNotPresent'], when: { digest: false } },
      match: { namespaces: ['prod-*'], kinds: ['Deployment'] },
      enforcement: 'warn',
    });
    const path = `/v1/rules/${rule.id}`;
    const { id: _id, version: _v, createdAt: _c, updatedAt: _u, createdBy: _cb, updatedBy: _ub, ...current } = rule;
    await expectNoWrite(rule.id, 1, () => rest(path, {}, '"v1"'));
    await expectNoWrite(rule.id, 1, () => rest(path, current, '"v1"'));
    // Same values, keys in another order, defaults spelled out.
    await expectNoWrite(rule.id, 1, () =>
      rest(path, { params: { when: { digest: false }, allowed: ['Always', 'IfNotPresent'] }, enabled: true }, '"v1"'),
    );
    const GQL = `mutation($id: ID!, $input: UpdateRuleInput!, $v: Int) { updateRule(id: $id, input: $input, expectedVersion: $v) { ${RULE_FIELDS} } }`;
    await expectNoWrite(rule.id, 1, async () => (await gqlOk(t, GQL, { id: rule.id, input: {}, v: 1 })).updateRule);
    await expectNoWrite(
      rule.id,
      1,
      async () =>
        (await gqlOk(t, GQL, { id: rule.id, input: { enforcement: 'warn', severity: rule.severity } })).updateRule,
    );
    // A stale If-Match is still refused, and a real change still writes.
    expectProblem(await t.http().patch(path).set('if-match', '"v9"').send({}), 412);
    const changed = await t.http().patch(path).send({ enforcement: 'deny' }).expect(200);
    expect(changed.headers.etag).toBe('"v2"');
    expect(await writes(rule.id)).toMatchObject({ versions: 2 });
  });

  it('exceptions: PATCH {} or the current values, REST and GraphQL', async () => {
    const rule = await createRule(t, { name: uniq('noop-target'), kind: 'require-digest', enforcement: 'warn' });
    const exception = await createException(t, {
      name: uniq('noop-exception'),
      rules: [rule.name],
      match: { namespaces: ['legacy'] },
      justification: 'migrating',
      owner: 'team-a',
      expiresAt: '2099-01-01T00:00:00Z',
    });
    const path = `/v1/exceptions/${exception.id}`;
    await expectNoWrite(exception.id, 1, () => rest(path, {}, '"v1"'));
    await expectNoWrite(exception.id, 1, () =>
      rest(
        path,
        {
          name: exception.name,
          rules: exception.rules,
          match: exception.match,
          justification: exception.justification,
          owner: exception.owner,
          // The same instant, written another way.
          expiresAt: '2099-01-01T00:00:00.000+00:00',
        },
        '"v1"',
      ),
    );
    const GQL = `mutation($id: ID!, $input: UpdateExceptionInput!) { updateException(id: $id, input: $input) { ${EXCEPTION_FIELDS} } }`;
    await expectNoWrite(
      exception.id,
      1,
      async () => (await gqlOk(t, GQL, { id: exception.id, input: { owner: 'team-a' } })).updateException,
    );
    await t.http().patch(path).send({ owner: 'team-b' }).expect(200);
    expect(await writes(exception.id)).toMatchObject({ audits: 2 });
  });

  it('cluster profiles: PATCH {} or the current values, REST and GraphQL', async () => {
    const profile = await createCluster(t, {
      name: uniq('noop-profile'),
      labels: { env: 'prod', region: 'eu' },
      admissionPlugins: ['AlwaysPullImages'],
      kubeletVersion: '1.33',
    });
    const path = `/v1/clusters/${profile.id}`;
    await expectNoWrite(profile.id, 1, () => rest(path, {}, '"v1"'));
    await expectNoWrite(profile.id, 1, () =>
      rest(
        path,
        { labels: { region: 'eu', env: 'prod' }, admissionPlugins: ['AlwaysPullImages'], kubeletVersion: '1.33' },
        '"v1"',
      ),
    );
    const GQL = `mutation($id: ID!, $input: UpdateClusterProfileInput!) { updateClusterProfile(id: $id, input: $input) { ${CLUSTER_FIELDS} } }`;
    await expectNoWrite(
      profile.id,
      1,
      async () => (await gqlOk(t, GQL, { id: profile.id, input: { name: profile.name } })).updateClusterProfile,
    );
    await t.http().patch(path).send({ kubeletVersion: '1.34' }).expect(200);
    expect(await writes(profile.id)).toMatchObject({ audits: 2 });
  });
});
