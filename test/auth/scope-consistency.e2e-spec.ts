// Issue 14 item 11: a scope means the same thing on every way in. What REST refuses a key (rules, recorded
// evaluations without `rules:read`) chat-ops does not answer either, over /v1/chatops/ask and the Slack
// endpoint (whose scopes are PULLWISE_SLACK_SCOPES): the answer says which scope is missing instead. And a
// `rules:write` key can read what it may change (rules and their versions, exceptions, cluster profiles; REST
// and GraphQL), so it can send the ETag it read in If-Match; recorded evaluations and trends stay `rules:read`.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootTestApp, type TestApp } from '../support/test-app.js';

const SECRET = 'slack-signing-secret-for-scopes';
const RULE = {
  name: 'prod-pull-always',
  description: 'Production pulls on every start',
  kind: 'pull-policy',
  params: { allowed: ['Always'] },
  match: { namespaces: ['prod'] },
  enforcement: 'deny',
  severity: 'high',
};
const MANIFESTS = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'prod' },
  spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
};

let t: TestApp;
const keys: Record<string, string> = {};
let ruleId: string;
let exceptionId: string;
let clusterId: string;
let evaluationId: string;

async function key(name: string, scopes: string[]): Promise<string> {
  const res = await t.http().post('/v1/api-keys').send({ name, scopes }).expect(201);
  return res.body.token as string;
}

beforeAll(async () => {
  t = await bootTestApp({ env: { PULLWISE_SLACK_SIGNING_SECRET: SECRET } });
  keys.evaluate = await key('scopes-evaluate', ['evaluate']);
  keys.reader = await key('scopes-evaluate-read', ['evaluate', 'rules:read']);
  keys.writer = await key('scopes-write', ['rules:write']);
  ruleId = (await t.http().post('/v1/rules').send(RULE).expect(201)).body.id;
  exceptionId = (
    await t
      .http()
      .post('/v1/exceptions')
      .send({ name: 'scopes-waiver', rules: ['prod-pull-always'], justification: 'why', owner: 'team-a' })
      .expect(201)
  ).body.id;
  clusterId = (await t.http().post('/v1/clusters').send({ name: 'scopes-eu', kubeletVersion: '1.33' }).expect(201)).body
    .id;
  const ev = await t.http().post('/v1/evaluations').send({ manifests: MANIFESTS, record: true }).expect(200);
  evaluationId = ev.body.id;
  expect(evaluationId).toBeTruthy();
}, 60_000);
afterAll(() => t?.close());

function ask(token: string, text: string) {
  return t.anon().post('/v1/chatops/ask').set('authorization', `Bearer ${token}`).send({ text });
}

function slack(app: TestApp, text: string) {
  const body = new URLSearchParams({ command: '/pullwise', text, user_id: 'U1', team_id: 'T1' }).toString();
  const ts = Math.floor(Date.now() / 1000);
  const signature = `v0=${createHmac('sha256', SECRET).update(`v0:${ts}:${body}`).digest('hex')}`;
  return app
    .anon()
    .post('/v1/chatops/slack')
    .set('content-type', 'application/x-www-form-urlencoded')
    .set('x-slack-request-timestamp', String(ts))
    .set('x-slack-signature', signature)
    .send(body);
}

describe('chat-ops answers within the caller’s scopes', () => {
  it('REST refuses an evaluate-only key the rules and the recorded evaluation (the baseline)', async () => {
    const bearer = `Bearer ${keys.evaluate}`;
    expect((await t.anon().get('/v1/rules').set('authorization', bearer)).status).toBe(403);
    expect((await t.anon().get(`/v1/evaluations/${evaluationId}`).set('authorization', bearer)).status).toBe(403);
  });

  it('ask with an evaluate-only key: `rules` and `why <id>` name the missing scope and leak nothing', async () => {
    for (const text of ['rules', 'rules prod', `why ${evaluationId}`]) {
      const res = await ask(keys.evaluate!, text).expect(200);
      expect(res.body.text, text).toContain('`rules:read`');
      expect(res.body.text, text).toMatch(/lacks the `rules:read` scope/);
      expect(res.body.text, text).not.toContain('prod-pull-always');
      expect(res.body.text, text).not.toMatch(/Verdict|fail|deny/);
      expect(JSON.stringify(res.body.blocks), text).not.toContain('prod-pull-always');
    }
    // The same over GET, and a missing id is not told apart from an existing one.
    const get = await t
      .anon()
      .get('/v1/chatops/ask')
      .query({ q: `why ${evaluationId}` })
      .set('authorization', `Bearer ${keys.evaluate}`)
      .expect(200);
    expect(get.body.text).toMatch(/lacks the `rules:read` scope/);
    const missing = await ask(keys.evaluate!, 'why 00000000-0000-4000-8000-000000000000').expect(200);
    expect(missing.body.text).toMatch(/lacks the `rules:read` scope/);
  });

  it('ask with an evaluate-only key still answers check and help', async () => {
    const check = await ask(keys.evaluate!, 'check nginx:1.27 in prod').expect(200);
    expect(check.body.text).toContain('### nginx:1.27 in prod');
    expect((await ask(keys.evaluate!, 'help').expect(200)).body.text).toContain('why <evaluation id>');
  });

  it('ask with evaluate and rules:read answers rules and why', async () => {
    expect((await ask(keys.reader!, 'rules prod').expect(200)).body.text).toContain('`prod-pull-always`');
    expect((await ask(keys.reader!, `why ${evaluationId}`).expect(200)).body.text).toContain('Verdict: ');
  });

  it('Slack by default (PULLWISE_SLACK_SCOPES=evaluate) answers check, and names the scope for rules and why', async () => {
    const check = await slack(t, 'check nginx:1.27 in prod').expect(200);
    expect(JSON.stringify(check.body)).toContain('nginx:1.27 in prod');
    for (const text of ['rules', `why ${evaluationId}`]) {
      const res = await slack(t, text).expect(200);
      const all = JSON.stringify(res.body);
      expect(all, text).toContain('rules:read');
      expect(all, text).toContain('PULLWISE_SLACK_SCOPES');
      expect(all, text).not.toContain('prod-pull-always');
      expect(all, text).not.toMatch(/Verdict/);
    }
  });

  it('Slack with PULLWISE_SLACK_SCOPES=evaluate,rules:read answers rules and why', async () => {
    const wide = await bootTestApp({
      env: { PULLWISE_SLACK_SIGNING_SECRET: SECRET, PULLWISE_SLACK_SCOPES: 'evaluate,rules:read' },
    });
    try {
      await wide.http().post('/v1/rules').send(RULE).expect(201);
      const ev = await wide.http().post('/v1/evaluations').send({ manifests: MANIFESTS, record: true }).expect(200);
      expect(JSON.stringify((await slack(wide, 'rules').expect(200)).body)).toContain('prod-pull-always');
      expect(JSON.stringify((await slack(wide, `why ${ev.body.id}`).expect(200)).body)).toContain('Verdict: fail');
    } finally {
      await wide.close();
    }
  });

  it('PULLWISE_SLACK_SCOPES takes only chat-ops scopes', async () => {
    const { loadConfig } = await import('../../apps/api/src/config/app-config.js');
    expect(loadConfig({ PULLWISE_SLACK_SCOPES: 'evaluate, rules:read' }).slackScopes).toEqual([
      'evaluate',
      'rules:read',
    ]);
    expect(() => loadConfig({ PULLWISE_SLACK_SCOPES: 'admin' })).toThrow(/PULLWISE_SLACK_SCOPES/);
    expect(() => loadConfig({ PULLWISE_SLACK_SCOPES: 'evaluate,rules:wrte' })).toThrow(/rules:wrte/);
  });
});

describe('a rules:write key reads what it may change', () => {
  const writer = () => `Bearer ${keys.writer}`;

  it('REST: rules (list, item, versions), exceptions and cluster profiles (list, item) answer 200 with an ETag', async () => {
    for (const path of ['/v1/rules', '/v1/exceptions', '/v1/clusters', `/v1/rules/${ruleId}/versions`]) {
      const res = await t.anon().get(path).set('authorization', writer());
      expect(res.status, path).toBe(200);
    }
    for (const path of [`/v1/rules/${ruleId}`, `/v1/exceptions/${exceptionId}`, `/v1/clusters/${clusterId}`]) {
      const res = await t.anon().get(path).set('authorization', writer());
      expect(res.status, path).toBe(200);
      expect(res.headers.etag, path).toMatch(/^"v\d+"$/);
    }
  });

  it('the ETag it read is what a safe PATCH sends', async () => {
    const read = await t.anon().get(`/v1/rules/${ruleId}`).set('authorization', writer()).expect(200);
    const patched = await t
      .anon()
      .patch(`/v1/rules/${ruleId}`)
      .set('authorization', writer())
      .set('if-match', read.headers.etag!)
      .send({ severity: 'critical' });
    expect(patched.status, patched.text).toBe(200);
  });

  it('recorded evaluations, trends and impact previews stay rules:read', async () => {
    for (const path of ['/v1/evaluations', `/v1/evaluations/${evaluationId}`]) {
      expect((await t.anon().get(path).set('authorization', writer())).status, path).toBe(403);
    }
    const impact = await t.anon().post('/v1/rules/impact').set('authorization', writer()).send({ rule: RULE });
    expect(impact.status).toBe(403);
  });

  it('GraphQL: rules, rule, ruleVersions, exceptions, exception, clusters, cluster answer; evaluations do not', async () => {
    const query = `query($r: ID!, $e: ID!, $c: ID!) {
      rules { totalCount } rule(id: $r) { version } ruleVersions(id: $r) { version }
      exceptions { totalCount } exception(id: $e) { version }
      clusters { totalCount } cluster(id: $c) { version }
    }`;
    const res = await t
      .anon()
      .post('/graphql')
      .set('authorization', writer())
      .send({ query, variables: { r: ruleId, e: exceptionId, c: clusterId } });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.rule.version).toBeGreaterThanOrEqual(1);
    expect(res.body.data.cluster.version).toBe(1);
    const ev = await t
      .anon()
      .post('/graphql')
      .set('authorization', writer())
      .send({ query: '{ evaluations { totalCount } }' });
    expect(ev.body.errors?.[0]?.extensions?.code).toBe('urn:pullwise:problem:forbidden');
  });

  it('the OpenAPI document says either scope reads them', async () => {
    const doc = (await t.anon().get('/openapi.json').expect(200)).body;
    expect(doc.paths['/v1/rules'].get.description).toContain('`rules:read` or `rules:write`');
    expect(doc.paths['/v1/evaluations'].get.description).not.toContain('`rules:write`');
  });
});
