// Selectors that can never match are refused with the field path and a suggestion, never stored silently
// (issue 13 §2): kinds in another case, namespaces that are not DNS labels, misspelt admission plugins, in rules,
// exceptions, cluster profiles, evaluation context and query parameters. REST and GraphQL alike.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CLUSTER_FIELDS,
  EXCEPTION_FIELDS,
  PROBLEM,
  RULE_FIELDS,
  createRule,
  expectProblem,
  gqlErrorPaths,
  gqlFails,
  listAll,
} from './support/policy-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
  await createRule(t, { name: 'pin', kind: 'require-digest', enforcement: 'deny' });
});
afterAll(() => t.close());

const POD =
  'apiVersion: v1\nkind: Pod\nmetadata: { name: p }\nspec: { containers: [ { name: c, image: nginx:1.27 } ] }\n';
const rule = (scope: Record<string, unknown>) => ({
  name: 'scoped',
  kind: 'require-digest',
  enforcement: 'deny',
  ...scope,
});
const exception = (match: Record<string, unknown>) => ({ rules: ['pin'], match, justification: 'why', owner: 'me' });

describe('rules and exceptions', () => {
  it.each([
    ['a lowercase kind', { match: { kinds: ['deployment'] } }, 'match.kinds[0]', 'did you mean "Deployment"?'],
    [
      'a kind with its group',
      { exclude: { kinds: ['Pod', 'apps/Deployment'] } },
      'exclude.kinds[1]',
      'cannot be a Kind',
    ],
    ['a lowercase kind glob', { match: { kinds: ['cron*'] } }, 'match.kinds[0]', 'would match "CronJob"'],
    ['an uppercase namespace', { match: { namespaces: ['Prod'] } }, 'match.namespaces[0]', 'did you mean "prod"?'],
    ['an underscore in a namespace glob', { exclude: { namespaces: ['team_*'] } }, 'exclude.namespaces[0]', 'RFC 1123'],
  ])('POST /v1/rules refuses %s', async (_name, scope, path, fragment) => {
    const res = await t.http().post('/v1/rules').send(rule(scope));
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([{ path, message: expect.stringContaining(fragment) }]);
  });

  it('nothing was stored', async () => {
    expect((await listAll(t, '/v1/rules')).map((r) => r.name)).toEqual(['pin']);
  });

  it('PATCH /v1/rules refuses it too', async () => {
    const r = await createRule(t, rule({ name: 'fine', match: { kinds: ['Deployment'], namespaces: ['prod-*'] } }));
    const res = await t
      .http()
      .patch(`/v1/rules/${r.id}`)
      .send({ match: { kinds: ['DaemonSET'] } });
    expectProblem(res, 400);
    expect(res.body.errors[0]).toEqual({ path: 'match.kinds[0]', message: expect.stringContaining('"DaemonSet"') });
  });

  it('a CamelCase kind a profile may add is kept', async () => {
    const r = await createRule(t, rule({ name: 'rollouts', match: { kinds: ['Rollout'] } }));
    expect(r.match).toEqual({ kinds: ['Rollout'] });
  });

  it('GraphQL createRule: the same typed error and path', async () => {
    const err = await gqlFails(
      t,
      'invalid-input',
      `mutation($input: CreateRuleInput!) { createRule(input: $input) { ${RULE_FIELDS} } }`,
      {
        input: rule({ name: 'gql-scoped', match: { kinds: ['statefulset'] } }),
      },
    );
    expect(gqlErrorPaths(err)).toEqual(['match.kinds[0]']);
  });

  it('exceptions over REST and GraphQL', async () => {
    const res = await t
      .http()
      .post('/v1/exceptions')
      .send(exception({ namespaces: ['Legacy-Batch'], kinds: ['job'] }));
    expectProblem(res, 400);
    expect(res.body.errors.map((e: any) => e.path)).toEqual(['match.namespaces[0]', 'match.kinds[0]']);
    const err = await gqlFails(
      t,
      'invalid-input',
      `mutation($input: CreateExceptionInput!) { createException(input: $input) { ${EXCEPTION_FIELDS} } }`,
      {
        input: exception({ kinds: ['pod'] }),
      },
    );
    expect(gqlErrorPaths(err)).toEqual(['match.kinds[0]']);
  });
});

describe('admission plugin names', () => {
  it('POST /v1/clusters refuses a misspelt plugin, with the right name', async () => {
    const res = await t
      .http()
      .post('/v1/clusters')
      .send({ name: 'prod', admissionPlugins: ['AlwaysPullImage'] });
    expectProblem(res, 400);
    expect(res.body.errors).toEqual([
      { path: 'admissionPlugins[0]', message: expect.stringContaining('did you mean "AlwaysPullImages"?') },
    ]);
  });

  it('GraphQL createClusterProfile likewise', async () => {
    const err = await gqlFails(
      t,
      'invalid-input',
      `mutation($input: CreateClusterProfileInput!) { createClusterProfile(input: $input) { ${CLUSTER_FIELDS} } }`,
      {
        input: { name: 'prod', admissionPlugins: ['NamespaceLifecycle', 'alwayspullimages'] },
      },
    );
    expect(gqlErrorPaths(err)).toEqual(['admissionPlugins[1]']);
  });

  it('the YAML query parameter admissionPlugins=AlwaysPullImage is a 400, not a silent "without AlwaysPullImages"', async () => {
    const res = await t
      .http()
      .post('/v1/evaluations?admissionPlugins=AlwaysPullImage')
      .set('content-type', 'application/yaml')
      .send(POD);
    expectProblem(res, 400);
    expect(res.body.type).toBe(PROBLEM('invalid-input'));
    expect(res.body.errors[0].path).toBe('admissionPlugins[0]');
    expect(res.body.errors[0].message).toContain('"AlwaysPullImages"');
  });

  it('context.admissionPlugins in a JSON body and in GraphQL evaluate', async () => {
    const res = await t
      .http()
      .post('/v1/evaluations')
      .send({ manifests: POD, context: { admissionPlugins: ['AlwaysPulImages'] } });
    expectProblem(res, 400);
    expect(res.body.errors[0].path).toBe('context.admissionPlugins[0]');
    const err = await gqlFails(
      t,
      'invalid-input',
      'query($input: EvaluateInput!) { evaluate(input: $input) { verdict } }',
      {
        input: { manifests: POD, context: { admissionPlugins: ['AlwaysPullImage'] } },
      },
    );
    expect(gqlErrorPaths(err)).toEqual(['context.admissionPlugins[0]']);
  });
});

describe('namespaces in requests', () => {
  it('?namespace=Prod is a 400 with the lowercase suggestion', async () => {
    const res = await t.http().post('/v1/evaluations?namespace=Prod').set('content-type', 'application/yaml').send(POD);
    expectProblem(res, 400);
    expect(res.body.errors[0]).toEqual({ path: 'namespace', message: expect.stringContaining('did you mean "prod"?') });
  });

  it('context.namespace in a JSON body', async () => {
    const res = await t
      .http()
      .post('/v1/evaluations')
      .send({ manifests: POD, context: { namespace: 'team_a' } });
    expectProblem(res, 400);
    expect(res.body.errors[0].path).toBe('context.namespace');
  });

  it('GET /v1/effective-policy?namespace=', async () => {
    const res = await t.http().get('/v1/effective-policy').query({ image: 'nginx:1.27', namespace: 'Prod' });
    expectProblem(res, 400);
    expect(res.body.errors[0]).toEqual({ path: 'namespace', message: expect.stringContaining('"prod"') });
    await t.http().get('/v1/effective-policy').query({ image: 'nginx:1.27', namespace: 'prod' }).expect(200);
  });
});
