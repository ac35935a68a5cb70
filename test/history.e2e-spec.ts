// Recording and history: record: true stores the evaluation with its provenance, rule versions and
// findings; GET /v1/evaluations and GraphQL `evaluations` list, filter and paginate it.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyMigrations, defaultMigrationsDir, readMigrations } from '#db';
import { RESULT_SCHEMA_VERSION } from '#policy';
import { bootTestApp, type TestApp } from './support/test-app.js';

const pod = (name: string, namespace: string, image: string) => `apiVersion: v1
kind: Pod
metadata: {name: ${name}, namespace: ${namespace}}
spec:
  containers: [{name: c, image: "${image}"}]
`;

// Two evaluations that could not be judged in full (issue 13 §1): their verdict is error, never pass, and
// not fail either, although the second one's readable part has a deny finding.
//   e  qa/Pod e, an image the kubelet cannot parse                       → error, no findings
//   f  qa/Pod f with nginx:latest, then a kind apps/v1 does not serve    → error, 1 deny finding
const ERROR_MANIFESTS: Record<'e' | 'f', string> = {
  e: pod('e', 'qa', 'MyOrg/App:1.0'),
  f: `${pod('f', 'qa', 'nginx:latest')}---
apiVersion: apps/v1
kind: Deploymnet
metadata: {name: f, namespace: qa}
spec:
  template:
    spec:
      containers: [{name: c, image: "nginx:1.27"}]
`,
};

describe('recorded evaluations', () => {
  let t: TestApp;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    t = await bootTestApp();
    await t
      .http()
      .post('/v1/rules')
      .send({ name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'deny' })
      .expect(201);
    const cases: [string, string, string, string][] = [
      ['a', 'prod', 'nginx', 'acme/shop'],
      ['b', 'prod', 'nginx:1.27', 'acme/shop'],
      ['c', 'dev', 'nginx:latest', 'acme/blog'],
      ['d', 'dev', 'redis:7', 'acme/blog'],
    ];
    for (const [name, ns, image, repository] of cases) {
      const res = await t
        .http()
        .post('/v1/evaluations')
        .send({
          manifests: pod(name, ns, image),
          record: true,
          source: { repository, commit: `sha-${name}`, pipeline: 'ci' },
        })
        .expect(200);
      ids[name] = res.body.id;
    }
    for (const name of ['e', 'f'] as const) {
      const res = await t
        .http()
        .post('/v1/evaluations')
        .send({
          manifests: ERROR_MANIFESTS[name],
          record: true,
          source: { repository: 'acme/lab', commit: `sha-${name}`, pipeline: 'ci' },
        })
        .expect(200);
      expect(res.body.verdict).toBe('error');
      ids[name] = res.body.id;
    }
  });
  afterAll(() => t.close());

  it('returns an id only when asked to record', async () => {
    const res = await t
      .http()
      .post('/v1/evaluations')
      .send({ manifests: pod('x', 'prod', 'nginx') })
      .expect(200);
    expect(res.body.id).toBeNull();
    expect(ids.a).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('GET /v1/evaluations/{id} returns provenance, rule versions and the full result', async () => {
    const res = await t.http().get(`/v1/evaluations/${ids.a}`).expect(200);
    expect(res.body).toMatchObject({
      id: ids.a,
      verdict: 'fail',
      namespaces: ['prod'],
      source: { repository: 'acme/shop', commit: 'sha-a', pipeline: 'ci' },
      summary: { slots: 1, findings: { deny: 1, warn: 0, audit: 0, waived: 0 } },
      ruleVersions: [{ name: 'no-latest', version: 1 }],
    });
    expect(res.body.result.findings[0]).toMatchObject({ rule: 'no-latest', workload: 'Pod/a' });
  });

  it.each([
    [{ verdict: 'fail' }, ['c', 'a']],
    [{ verdict: 'pass' }, ['d', 'b']],
    [{ verdict: 'error' }, ['f', 'e']],
    [{ verdict: 'error', namespace: 'qa' }, ['f', 'e']],
    [{ verdict: 'error', repository: 'acme/shop' }, []],
    [{ namespace: 'dev' }, ['d', 'c']],
    [{ rule: 'no-latest' }, ['f', 'c', 'a']],
    [{ repository: 'acme/shop' }, ['b', 'a']],
    [{ repository: 'acme/shop', verdict: 'fail' }, ['a']],
  ])('filters %j, newest first', async (query, expected) => {
    const res = await t.http().get('/v1/evaluations').query(query).expect(200);
    expect(res.body.items.map((e: any) => e.id)).toEqual(expected.map((n) => ids[n]));
    expect(res.body.totalCount).toBe(expected.length);
  });

  it('filters by time range', async () => {
    const future = new Date(Date.now() + 3600_000).toISOString();
    const res = await t.http().get('/v1/evaluations').query({ since: future }).expect(200);
    expect(res.body.items).toEqual([]);
  });

  it('paginates with a cursor until the end', async () => {
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const res = await t
        .http()
        .get('/v1/evaluations')
        .query({ limit: 1, ...(cursor ? { cursor } : {}) })
        .expect(200);
      seen.push(...res.body.items.map((e: any) => e.id));
      cursor = res.body.nextCursor ?? undefined;
    } while (cursor);
    expect(seen).toEqual(['f', 'e', 'd', 'c', 'b', 'a'].map((n) => ids[n]));
  });

  it.each([
    [{ verdict: 'maybe' }, 'verdict'],
    [{ since: 'yesterday' }, 'since'],
    [{ cursor: 'not-a-cursor' }, 'cursor'],
    [{ limit: '0' }, 'limit'],
    [{ colour: 'red' }, 'colour'],
  ])('bad query %j is a 400 naming %s', async (query, path) => {
    const res = await t.http().get('/v1/evaluations').query(query).expect(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.body.errors.map((e: any) => e.path)).toContain(path);
  });

  it('an unknown id is a 404 problem', async () => {
    await t.http().get('/v1/evaluations/00000000-0000-4000-8000-000000000000').expect(404);
    await t.http().get('/v1/evaluations/nope').expect(404);
  });

  it('GraphQL evaluations mirrors the REST list, with the result on demand', async () => {
    const res = await t.gql(
      `{ evaluations(first: 2, namespace: "dev") { totalCount pageInfo { hasNextPage endCursor } nodes { id verdict source { repository } result { verdict findings { rule } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const c = res.body.data.evaluations;
    expect(c.totalCount).toBe(2);
    expect(c.nodes.map((n: any) => n.id)).toEqual([ids.d, ids.c]);
    expect(c.nodes[1].result.findings).toEqual([{ rule: 'no-latest' }]);
  });

  describe('evaluations that could not be judged (verdict error)', () => {
    it('the list shows them as error, with their counts, never as pass or fail', async () => {
      const res = await t.http().get('/v1/evaluations').query({ verdict: 'error' }).expect(200);
      expect(res.body.items.map((e: any) => [e.id, e.verdict])).toEqual([
        [ids.f, 'error'],
        [ids.e, 'error'],
      ]);
      expect(res.body.items[0]).toMatchObject({
        namespaces: ['qa'],
        source: { repository: 'acme/lab', commit: 'sha-f', pipeline: 'ci' },
        summary: { findings: { deny: 1, warn: 0, audit: 0, waived: 0 } },
      });
      expect(res.body.items[1].summary.findings).toEqual({ deny: 0, warn: 0, audit: 0, waived: 0 });
    });

    it('GET /v1/evaluations/{id} returns verdict error with the input errors, as the API server and kubelet say them', async () => {
      const e = await t.http().get(`/v1/evaluations/${ids.e}`).expect(200);
      expect(e.body).toMatchObject({ id: ids.e, verdict: 'error', result: { verdict: 'error', findings: [] } });
      expect(e.body.result.errors).toEqual([
        {
          code: 'invalid-image',
          document: 0,
          path: 'spec.containers[0].image',
          line: 5,
          message: expect.stringContaining('InvalidImageName'),
        },
      ]);
      expect(e.body.result.errors[0].message).toContain('repository name (App) must be lowercase');

      const f = await t.http().get(`/v1/evaluations/${ids.f}`).expect(200);
      expect(f.body).toMatchObject({ verdict: 'error', result: { verdict: 'error' } });
      expect(f.body.result.findings).toEqual([expect.objectContaining({ rule: 'no-latest', workload: 'Pod/f' })]);
      expect(f.body.result.errors).toEqual([
        expect.objectContaining({ document: 1, message: expect.stringContaining('Deploymnet') }),
      ]);
    });

    it('GraphQL evaluations(verdict: "error") returns exactly the error ones, with verdict and errors', async () => {
      const res = await t.gql(
        `query($v: String) { evaluations(verdict: $v) { totalCount nodes { id verdict result { verdict errors { document path line message } findings { rule } } } } }`,
        { v: 'error' },
      );
      expect(res.body.errors).toBeUndefined();
      const c = res.body.data.evaluations;
      expect(c.totalCount).toBe(2);
      expect(c.nodes.map((n: any) => [n.id, n.verdict, n.result.verdict])).toEqual([
        [ids.f, 'error', 'error'],
        [ids.e, 'error', 'error'],
      ]);
      expect(c.nodes[1].result.errors).toEqual([
        {
          document: 0,
          path: 'spec.containers[0].image',
          line: 5,
          message: expect.stringContaining('InvalidImageName'),
        },
      ]);
      expect(c.nodes[0].result.findings).toEqual([{ rule: 'no-latest' }]);

      for (const [verdict, expected] of [
        ['pass', ['d', 'b']],
        ['fail', ['c', 'a']],
      ] as const) {
        const other = await t.gql(`query($v: String) { evaluations(verdict: $v) { nodes { id verdict } } }`, {
          v: verdict,
        });
        expect(other.body.errors).toBeUndefined();
        expect(other.body.data.evaluations.nodes).toEqual(expected.map((n) => ({ id: ids[n], verdict })));
      }
    });

    it('a bad verdict names error among the accepted values', async () => {
      const res = await t.http().get('/v1/evaluations').query({ verdict: 'maybe' }).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ message: expect.stringContaining('error') })]);
    });

    it('an input of which nothing can be read is a 422 and is not recorded', async () => {
      const before = (await t.http().get('/v1/evaluations').expect(200)).body.totalCount;
      const res = await t
        .http()
        .post('/v1/evaluations')
        .send({ manifests: 'this is : not : yaml: [', record: true })
        .expect(422);
      expect(res.body.type).toBe('urn:pullwise:problem:unreadable-manifests');
      expect((await t.http().get('/v1/evaluations').expect(200)).body.totalCount).toBe(before);
    });
  });

  // The stored result says which shape it holds (libs/policy/src/result-schema-version.ts); readers branch on
  // that, not on the shape. Last in this file: it adds a rule and a row the tests above do not expect.
  describe('result schema version', () => {
    const storedVersion = async (id: string) =>
      (
        await t.db.prisma.$queryRaw<{ v: number }[]>`
          SELECT "resultSchemaVersion" AS v FROM "Evaluation" WHERE "id" = ${id}::uuid`
      )[0]?.v;

    it('a new record carries the current version, which the API does not show', async () => {
      for (const name of ['a', 'e']) expect(await storedVersion(ids[name]!)).toBe(RESULT_SCHEMA_VERSION);
      const res = await t.http().get(`/v1/evaluations/${ids.a}`).expect(200);
      expect(JSON.stringify(res.body)).not.toMatch(/schemaVersion/i);
    });

    it('a version 1 record (no rules, no skipped) is read in the current shape and rendered with the rules it ran', async () => {
      // The rule as it was when the old evaluation ran (version 1, medium), then changed (version 2, critical).
      const created = await t
        .http()
        .post('/v1/rules')
        .send({ name: 'legacy-pin', kind: 'require-digest', enforcement: 'warn', severity: 'medium' })
        .expect(201);
      await t
        .http()
        .patch(`/v1/rules/${created.body.id}`)
        .set('if-match', created.headers.etag)
        .send({ severity: 'critical' })
        .expect(200);
      const noLatest = (await t.http().get('/v1/rules?kind=disallowed-tags').expect(200)).body.items[0];
      expect(noLatest).toMatchObject({ name: 'no-latest', version: 1 });

      // Pod c's result (dev, nginx:latest: one deny finding) as version 1 stored it.
      const current = (await t.http().get(`/v1/evaluations/${ids.c}`).expect(200)).body.result;
      const { id: _id, rules: _rules, skipped: _skipped, ...v1 } = current;
      const ruleVersions = [
        { id: created.body.id, name: 'legacy-pin', version: 1 },
        { id: noLatest.id, name: 'no-latest', version: 1 },
      ];
      const id = '0d6f1c2a-7b3e-4c59-9a81-5e2f4b7c1d03';
      await t.db.prisma.$executeRaw`
        INSERT INTO "Evaluation" ("id", "createdAt", "verdict", "namespaces", "documents", "workloads", "slots",
          "denyCount", "warnCount", "auditCount", "waivedCount", "ruleVersions", "context", "manifests", "result",
          "resultSchemaVersion")
        VALUES (${id}::uuid, ${new Date('2026-11-01T10:00:00Z')}, 'fail', ARRAY['dev'], 1, 1, 1, 1, 0, 0, 0,
          ${JSON.stringify(ruleVersions)}::jsonb, '{}', ${pod('c', 'dev', 'nginx:latest')},
          ${JSON.stringify(v1)}::jsonb, 1)`;

      const res = await t.http().get(`/v1/evaluations/${id}`).expect(200);
      expect(res.body.result).toEqual({
        id,
        ...v1,
        skipped: [],
        // The versions the record names, from the rule history: not today's legacy-pin (critical, version 2).
        rules: [
          {
            id: created.body.id,
            name: 'legacy-pin',
            kind: 'require-digest',
            version: 1,
            enforcement: 'warn',
            severity: 'medium',
            description: null,
          },
          {
            id: noLatest.id,
            name: 'no-latest',
            kind: 'disallowed-tags',
            version: 1,
            enforcement: 'deny',
            severity: noLatest.severity,
            description: null,
          },
        ],
      });

      const junit = await t.http().get(`/v1/evaluations/${id}?format=junit`).expect(200);
      expect(junit.text).toContain('tests="2" failures="1" errors="0"');
      // One test case per workload and rule the evaluation ran: legacy-pin counts, without a finding.
      expect(junit.text).toContain('<testcase classname="Pod/c (dev)" name="legacy-pin"');
      const sarif = (await t.http().get(`/v1/evaluations/${id}?format=sarif`).expect(200)).text;
      expect(JSON.parse(sarif).runs[0].tool.driver.rules.map((r: any) => r.id)).toEqual(['legacy-pin', 'no-latest']);

      const gql = await t.gql(
        `query($id: ID!) { evaluation(id: $id) { verdict result { verdict findings { rule } } } }`,
        {
          id,
        },
      );
      expect(gql.body.errors).toBeUndefined();
      expect(gql.body.data.evaluation).toEqual({
        verdict: 'fail',
        result: { verdict: 'fail', findings: [{ rule: 'no-latest' }] },
      });
    });

    it('a version this pullwise does not know is refused, not guessed at', async () => {
      await t.db.prisma.$executeRaw`
        UPDATE "Evaluation" SET "resultSchemaVersion" = ${RESULT_SCHEMA_VERSION + 1} WHERE "id" = ${ids.b}::uuid`;
      const res = await t.http().get(`/v1/evaluations/${ids.b}`).expect(500);
      expect(res.body.detail).toContain(`result schema version ${RESULT_SCHEMA_VERSION + 1}`);
    });
  });
});

describe('the migration that added resultSchemaVersion', () => {
  it('gives rows recorded before it the version their result has', async () => {
    const all = defaultMigrationsDir();
    const migrations = (await readMigrations(all)).migrationDirectories.map((m) => m.path);
    const added = migrations.find((m) => m.endsWith('_evaluation_result_schema_version'))!;
    const before = await mkdtemp(path.join(os.tmpdir(), 'pullwise-migrations-'));
    const db = await PGlite.create();
    try {
      // Every migration before the one that added the column (later ones may assume it), and the lock file.
      const folder = (src: string) => path.relative(all, src).split(path.sep)[0]!;
      await cp(all, before, {
        recursive: true,
        filter: (src) => !migrations.includes(folder(src)) || folder(src) < added,
      });
      await applyMigrations({ kind: 'pglite', db }, before);
      const row = (id: string, result: unknown) =>
        db.query(
          `INSERT INTO "Evaluation" ("id", "verdict", "namespaces", "documents", "workloads", "slots", "denyCount",
             "warnCount", "auditCount", "waivedCount", "ruleVersions", "context", "manifests", "result")
           VALUES ($1, 'pass', ARRAY['dev'], 1, 1, 1, 0, 0, 0, 0, '[]', '{}', '', $2)`,
          [id, JSON.stringify(result)],
        );
      const v1 = '11111111-1111-4111-8111-111111111111';
      const v2 = '22222222-2222-4222-8222-222222222222';
      await row(v1, { verdict: 'pass', findings: [], errors: [] });
      await row(v2, { verdict: 'pass', findings: [], errors: [], skipped: [], rules: [] });
      expect(await applyMigrations({ kind: 'pglite', db }, all)).toContain(added);
      const rows = await db.query<{ id: string; v: number }>(
        `SELECT "id", "resultSchemaVersion" AS v FROM "Evaluation" ORDER BY "id"`,
      );
      expect(rows.rows).toEqual([
        { id: v1, v: 1 },
        { id: v2, v: 2 },
      ]);
    } finally {
      await db.close();
      await rm(before, { recursive: true, force: true });
    }
  });
});

describe('the documents of a recorded evaluation', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await bootTestApp();
  });
  afterAll(() => t?.close());

  it('hands out the text of each workload document, and no other document of the input', async () => {
    const manifests = `# the app
${pod('docs', 'prod', 'nginx:latest')}---
apiVersion: v1
kind: Secret
metadata: {name: db, namespace: prod}
stringData: {password: hunter2}
---
${pod('docs2', 'prod', 'redis:7')}`;
    const posted = await t.http().post('/v1/evaluations').send({ manifests, record: true }).expect(200);
    const rest = await t.http().get(`/v1/evaluations/${posted.body.id}`).expect(200);
    expect(rest.body.documents).toEqual([
      { document: 0, text: pod('docs', 'prod', 'nginx:latest').trimEnd() },
      { document: 2, text: pod('docs2', 'prod', 'redis:7').trimEnd() },
    ]);
    expect(JSON.stringify(rest.body)).not.toContain('hunter2');
    const gql = await t.gql(`query($id: ID!) { evaluation(id: $id) { documents { document text } } }`, {
      id: posted.body.id,
    });
    expect(gql.body.data.evaluation.documents).toEqual(rest.body.documents);
  });
});
