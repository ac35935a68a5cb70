// Bad input to POST /v1/evaluations and GraphQL `evaluate`: never a 500 or a stack trace, always what and where.
// Request-level mistakes are 400 problem+json (RFC 9457); a manifest that cannot be read is an entry in the
// result's `errors` while the rest is still evaluated (docs/design.md, "Errors").
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  EVALUATE_QUERY,
  TRANSPORTS,
  evaluateVia,
  expectNoStackTrace,
  expectProblem,
  fixture,
  lineOf,
} from './support/evaluate-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
});
afterAll(() => t?.close());

const POD = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: [{name: c, image: "nginx:1.27"}]\n';
const postJson = (body: unknown) =>
  t
    .http()
    .post('/v1/evaluations')
    .set('content-type', 'application/json')
    .send(body as object);
const postYaml = (body: string, query: Record<string, string> = {}) =>
  t.http().post('/v1/evaluations').query(query).set('content-type', 'application/yaml').send(body);

describe('request mistakes are 400 problem+json naming the field', () => {
  it.each([
    ['manifests is a number', { manifests: 7 }, 'manifests'],
    ['manifests is null', { manifests: null }, 'manifests'],
    ['manifests is a boolean', { manifests: true }, 'manifests'],
    ['manifests is missing', { context: { kubeletVersion: '1.35' } }, 'manifests'],
    [
      'credentialVerificationPolicy is not a policy',
      { manifests: POD, context: { credentialVerificationPolicy: 'Sometimes' } },
      'context.credentialVerificationPolicy',
    ],
    [
      'kubeletVersion 1.12 is outside the modelled range',
      { manifests: POD, context: { kubeletVersion: '1.12' } },
      'context.kubeletVersion',
    ],
    [
      'kubeletVersion is not a version',
      { manifests: POD, context: { kubeletVersion: 'banana' } },
      'context.kubeletVersion',
    ],
    [
      'admissionPlugins is a string, not a list',
      { manifests: POD, context: { admissionPlugins: 'AlwaysPullImages' } },
      'context.admissionPlugins',
    ],
    [
      'preloadedImages holds a number',
      { manifests: POD, context: { preloadedImages: ['nginx', 3] } },
      'context.preloadedImages[1]',
    ],
    ['record is a string', { manifests: POD, record: 'yes' }, 'record'],
  ])('%s', async (_what, body, path) => {
    const res = await postJson(body);
    expectProblem(res, 400);
    expect(res.body.type).toBe('urn:pullwise:problem:invalid-input');
    expect(res.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ path })]));
    // The detail names the field too (its own name; the full path is in errors[].path).
    expect(res.body.detail).toContain(
      path
        .split('.')
        .pop()!
        .replace(/\[\d+\]$/, ''),
    );
  });

  it('an unknown top-level field is named', async () => {
    const res = await postJson({ manifests: POD, contexts: { kubeletVersion: '1.35' } });
    expectProblem(res, 400);
    expect(res.body.type).toBe('urn:pullwise:problem:invalid-input');
    expect(res.body.detail).toContain('"contexts"');
    expect(res.body.errors.map((e: any) => e.message).join('\n')).toContain('contexts');
  });

  it('an unknown context field (a typo) is named, not silently ignored', async () => {
    const res = await postJson({ manifests: POD, context: { kubeletVerison: '1.34' } });
    expectProblem(res, 400);
    expect(res.body.detail).toContain('kubeletVerison');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'context.kubeletVerison' })]);
  });

  it('YAML body: bad query parameters are named the same way', async () => {
    for (const [query, name] of [
      [{ credentialVerificationPolicy: 'Sometimes' }, 'credentialVerificationPolicy'],
      [{ kubeletVersion: '1.12' }, 'kubeletVersion'],
      [{ record: 'maybe' }, 'record'],
      [{ kubeletVerison: '1.34' }, 'kubeletVerison'],
    ] as const) {
      const res = await postYaml(POD, query);
      expectProblem(res, 400);
      expect(res.body.type, JSON.stringify(query)).toBe('urn:pullwise:problem:invalid-input');
      expect(JSON.stringify(res.body.errors), JSON.stringify(query)).toContain(name);
    }
  });

  it('malformed JSON -> 400 problem+json', async () => {
    const res = await t.http().post('/v1/evaluations').set('content-type', 'application/json').send('{"manifests": ');
    expectProblem(res, 400);
    expect(res.body.type).toBe('urn:pullwise:problem:invalid-input');
  });

  it('an unknown cluster profile is a problem naming it', async () => {
    const res = await postJson({ manifests: POD, cluster: 'no-such-cluster' });
    expect([400, 404, 422]).toContain(res.status);
    expectProblem(res, res.status);
    expect(res.body.detail).toContain('no-such-cluster');
    expect(res.body.errors).toEqual([expect.objectContaining({ path: 'cluster' })]);
  });
});

describe('empty bodies and content types', () => {
  it('no body at all -> 400 problem+json', async () => {
    const res = await t.http().post('/v1/evaluations');
    expectProblem(res, 400);
    expect(res.body.type).toBe('urn:pullwise:problem:invalid-input');
  });

  it('an empty JSON body -> 400 problem+json', async () => {
    const res = await t.http().post('/v1/evaluations').set('content-type', 'application/json').send('');
    expectProblem(res, 400);
    expect(res.body.type).toBe('urn:pullwise:problem:invalid-input');
  });

  it('an empty YAML body -> 400 problem+json, like an empty JSON body (nothing was sent to evaluate)', async () => {
    const res = await postYaml('');
    expectProblem(res, 400);
    expect(res.body.type).toBe('urn:pullwise:problem:invalid-input');
  });

  it.each(['text/plain', 'application/xml', 'application/x-www-form-urlencoded'])(
    '%s -> 415 problem+json',
    async (type) => {
      const res = await t.http().post('/v1/evaluations').set('content-type', type).send(POD);
      expectProblem(res, 415);
      expect(res.body.type).toBe('urn:pullwise:problem:unsupported-media-type');
    },
  );

  it.each(['application/yaml', 'application/x-yaml', 'text/yaml'])('%s is accepted as a YAML body', async (type) => {
    const res = await t.http().post('/v1/evaluations').set('content-type', type).send(POD);
    expect(res.status, res.text).toBe(200);
    expect(res.body.summary).toMatchObject({ workloads: 1, slots: 1 });
  });

  it('a body over the limit (5 MiB) -> 413 problem+json', async () => {
    const big = POD + `# ${'x'.repeat(6 * 1024 * 1024)}\n`;
    const res = await postYaml(big);
    expectProblem(res, 413);
    expect(res.body.type).toBe('urn:pullwise:problem:payload-too-large');
  });
});

describe('unreadable manifests are listed in errors; the rest is evaluated', () => {
  const yaml = fixture('broken-middle.yaml');

  it.each(TRANSPORTS)(
    'via %s: document 1 has bad indentation -> 200, errors[0] names document 1 and the line',
    async (via) => {
      const r = await evaluateVia(t, via, yaml);
      expect(r.errors.length).toBeGreaterThan(0);
      for (const e of r.errors) expect(e.document).toBe(1);
      // The parser may blame the line before the misindented one (`name: broken` then reads as a multi-line key).
      expect([lineOf(yaml, 'name: broken'), lineOf(yaml, '   labels:')]).toContain(r.errors[0].line);
      expect(r.errors[0].message.length).toBeGreaterThan(0);
      expect(r.summary).toMatchObject({ documents: 3, workloads: 2, slots: 2 });
      expect(r.workloads.map((w: any) => [w.document, w.kind, w.name])).toEqual([
        [0, 'Deployment', 'first'],
        [2, 'Job', 'third'],
      ]);
      const third = r.workloads[1];
      expect(third.line).toBe(lineOf(yaml, 'apiVersion: batch/v1'));
      expect(third.slots[0]).toMatchObject({
        path: 'spec.template.spec.containers[0]',
        line: lineOf(yaml, '- name: work'),
        pullPolicy: { declared: 'Never', effective: 'Never' },
      });
    },
  );

  it.each(TRANSPORTS)(
    'via %s: imagePullPolicy "always" (wrong case) -> 200 with a Kubernetes-worded error',
    async (via) => {
      const yaml =
        'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      imagePullPolicy: always\n';
      const r = await evaluateVia(t, via, yaml);
      expect(r.errors).toEqual([
        {
          code: 'invalid-pull-policy',
          document: 0,
          path: 'spec.containers[0].imagePullPolicy',
          line: expect.any(Number),
          message:
            'spec.containers[0].imagePullPolicy: Unsupported value: "always": supported values: "Always", "IfNotPresent", "Never"',
        },
      ]);
      expect(r.errors[0].path).toMatch(/imagePullPolicy$/);
      // The slot is still answered.
      expect(r.summary.slots).toBe(1);
      expect(r.workloads[0].slots[0].image.reference).toBe('nginx:1.27');
    },
  );

  it('an image volume’s pullPolicy is validated the same way (R1.21)', async () => {
    const yaml = `apiVersion: v1
kind: Pod
metadata: {name: p}
spec:
  containers: [{name: c, image: "nginx:1.27"}]
  volumes:
    - name: data
      image:
        reference: quay.io/acme/data:v1
        pullPolicy: ifnotpresent
`;
    const r = await evaluateVia(t, 'rest-json', yaml);
    expect(r.errors).toEqual([
      expect.objectContaining({
        document: 0,
        path: 'spec.volumes[0].image.pullPolicy',
        message:
          'spec.volumes[0].image.pullPolicy: Unsupported value: "ifnotpresent": supported values: "Always", "IfNotPresent", "Never"',
      }),
    ]);
  });

  const LINES_POD = `apiVersion: v1
kind: Pod
metadata:
  name: p
spec:
  containers:
    - name: wrong-case
      image: nginx:1.27
      imagePullPolicy: always
    - name: empty-image
      image: ""
    - name: padded
      image: "nginx:1.27 "
`;
  it.each([
    ['spec.containers[0].imagePullPolicy', 'imagePullPolicy: always'],
    ['spec.containers[1].image', 'image: ""'],
    ['spec.containers[2].image', 'image: "nginx:1.27 "'],
  ])('the error at %s carries the line where that field is written', async (path, written) => {
    const r = await evaluateVia(t, 'rest-json', LINES_POD);
    expect(r.errors.map((e: any) => e.path)).toEqual([
      'spec.containers[0].imagePullPolicy',
      'spec.containers[1].image',
      'spec.containers[2].image',
    ]);
    expect(r.errors.find((e: any) => e.path === path).line).toBe(lineOf(LINES_POD, written));
  });

  it.each(TRANSPORTS)('via %s: containers: "x" -> 200 with an error at spec.containers', async (via) => {
    const yaml = 'apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec:\n  containers: "x"\n';
    const r = await evaluateVia(t, via, yaml);
    expect(r.errors).toEqual([
      expect.objectContaining({ document: 0, path: 'spec.containers', line: lineOf(yaml, 'containers:') }),
    ]);
    expect(r.errors[0].message).toContain('spec.containers');
    expect(r.summary).toMatchObject({ documents: 1, slots: 0 });
  });

  it('a JSON array with a non-object element: that document is an error, the others are evaluated', async () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'ok' },
      spec: { containers: [{ name: 'c', image: 'nginx' }] },
    };
    const res = await postJson({ manifests: [pod, 'not an object', pod] });
    expect(res.status, res.text).toBe(200);
    expect(res.body.errors).toEqual([expect.objectContaining({ document: 1 })]);
    expect(res.body.workloads.map((w: any) => w.document)).toEqual([0, 2]);
  });

  it('a document that is a plain scalar is an error naming document 0 (nothing read: 422)', async () => {
    const res = await postYaml('just some text\n');
    expectProblem(res, 422);
    expect(res.body.errors).toEqual([expect.objectContaining({ document: 0, line: 1 })]);
  });
});

// Issue 13 §1: nothing pullwise could not judge passes. Each of these answered 200 `verdict: pass` before.
describe('input that cannot be judged never passes', () => {
  const UNREADABLE: [string, string, Record<string, unknown>][] = [
    ['not YAML', 'this is : not : yaml: [', { document: 0, path: null, line: 1 }],
    ['a sentence', 'hello world', { document: 0, path: null, line: 1, message: expect.stringContaining('string') }],
    ['a number', '42', { document: 0, line: 1, message: expect.stringContaining('number') }],
    ['null', 'null', { document: 0, line: 1, message: expect.stringContaining('null') }],
    ['a mapping without kind', 'foo: bar', { document: 0, path: 'kind', line: 1 }],
    [
      'duplicate keys',
      'apiVersion: v1\nkind: Pod\nkind: Pod\nmetadata: {name: a}\nspec: {containers: [{name: a, image: "nginx:1.27"}]}\n',
      { document: 0, line: 3, message: expect.stringContaining('unique') },
    ],
  ];

  it.each(UNREADABLE)('%s: 422 unreadable-manifests with the errors (YAML body)', async (_name, body, first) => {
    const res = await postYaml(body);
    expectProblem(res, 422);
    expect(res.body).toMatchObject({
      type: 'urn:pullwise:problem:unreadable-manifests',
      title: 'Unreadable manifests',
    });
    expect(res.body.detail).toMatch(/^No Kubernetes object could be read from the input/);
    expect(res.body.errors[0]).toMatchObject({ message: expect.any(String), ...first });
  });

  it.each(UNREADABLE)('%s: the same 422 for a JSON body', async (_name, body) => {
    const yaml = await postYaml(body);
    const json = await postJson({ manifests: body });
    expectProblem(json, 422);
    expect(json.body.errors).toEqual(yaml.body.errors);
  });

  it.each(UNREADABLE)('%s: GraphQL answers the same problem type in extensions.code', async (_name, body) => {
    const res = await t.gql(EVALUATE_QUERY, { input: { manifests: body } });
    expect(res.body.data).toBeNull();
    expect(res.body.errors?.[0]?.extensions).toMatchObject({
      code: 'urn:pullwise:problem:unreadable-manifests',
      status: 422,
      errors: expect.arrayContaining([expect.objectContaining({ document: 0 })]),
    });
    expectNoStackTrace(JSON.stringify(res.body));
  });

  it('a blank body is still the 400 "no Kubernetes objects"', async () => {
    const res = await postJson({ manifests: '# only a comment\n---\n' });
    expectProblem(res, 400);
    expect(res.body.detail).toMatch(/no Kubernetes objects/);
  });

  it.each(TRANSPORTS)('via %s: a multi-document file with one broken document -> 200, verdict error', async (via) => {
    const r = await evaluateVia(t, via, `${POD}---\nfoo: [\n---\n${POD.replace('name: p', 'name: q')}`);
    expect(r.verdict).toBe('error');
    expect(r.errors).toEqual([expect.objectContaining({ document: 1 })]);
    expect(r.workloads.map((w: any) => w.name)).toEqual(['p', 'q']);
  });

  it.each(TRANSPORTS)('via %s: an invalid field beside a clean workload -> verdict error, not pass', async (via) => {
    const r = await evaluateVia(
      t,
      via,
      POD.replace('image: "nginx:1.27"', 'image: "nginx:1.27", imagePullPolicy: always'),
    );
    expect(r.errors).toHaveLength(1);
    expect(r.verdict).toBe('error');
  });

  it('a clean input still passes', async () => {
    expect((await evaluateVia(t, 'rest-yaml', POD)).verdict).toBe('pass');
  });
});

describe('hostile YAML is answered quickly and without a 500', () => {
  async function timed(send: () => PromiseLike<any>) {
    const started = Date.now();
    const res = await send();
    return { res, ms: Date.now() - started };
  }

  it.each(['yaml', 'json'])('billion laughs (%s body)', async (kind) => {
    const lol = fixture('billion-laughs.yaml');
    const { res, ms } = await timed(() => (kind === 'yaml' ? postYaml(lol) : postJson({ manifests: lol })));
    expect(ms).toBeLessThan(5_000);
    expect(res.status).toBeLessThan(500);
    expectNoStackTrace(res.text);
    if (res.status === 200) {
      expect(res.body.errors.length).toBeGreaterThan(0);
      expect(res.body.errors[0]).toMatchObject({ document: 0, line: expect.any(Number) });
      expect(res.body.errors[0].message).toMatch(/alias/i);
    } else {
      expectProblem(res, res.status);
    }
  });

  it('10 000 nested sequences', async () => {
    const deep = `${'['.repeat(10_000)}${']'.repeat(10_000)}\n`;
    const { res, ms } = await timed(() => postYaml(deep));
    expect(ms).toBeLessThan(5_000);
    expect(res.status).toBeLessThan(500);
    expectNoStackTrace(res.text);
    if (res.status === 200) expect(res.body.errors.length).toBeGreaterThan(0);
    else expectProblem(res, res.status);
  });

  it('the service still answers afterwards', async () => {
    const r = await evaluateVia(t, 'rest-yaml', POD);
    expect(r.summary.slots).toBe(1);
  });
});

describe('GraphQL errors', () => {
  it.each([
    [{ credentialVerificationPolicy: 'Sometimes' }, 'context.credentialVerificationPolicy'],
    [{ kubeletVersion: '1.12' }, 'context.kubeletVersion'],
  ])(
    'evaluate with a bad context %j -> typed error, extensions.code invalid-input, naming %s',
    async (context, path) => {
      const res = await t.gql(EVALUATE_QUERY, { input: { manifests: POD, context } });
      expect(res.status).toBeLessThan(500);
      expect(res.body.data?.evaluate ?? null).toBeNull();
      expect(res.body.errors).toHaveLength(1);
      expect(res.body.errors![0].extensions.code).toBe('urn:pullwise:problem:invalid-input');
      expect(res.body.errors![0].extensions.errors).toEqual([expect.objectContaining({ path })]);
      expect(res.body.errors![0].message).toContain(path.split('.').pop());
      expectNoStackTrace(JSON.stringify(res.body));
    },
  );

  it('a context field of the wrong GraphQL type is a typed validation error', async () => {
    const res = await t.gql(EVALUATE_QUERY, { input: { manifests: POD, context: { admissionPlugins: 7 } } });
    expect(res.body.errors?.[0]?.extensions?.code).toBe('urn:pullwise:problem:invalid-input');
    expect(res.body.errors![0].message).toContain('admissionPlugins');
    expectNoStackTrace(JSON.stringify(res.body));
  });

  it('evaluate without manifests is a typed validation error', async () => {
    const res = await t.gql('{ evaluate(input: {}) { verdict } }');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('urn:pullwise:problem:invalid-input');
    expect(res.body.errors![0].message).toContain('manifests');
  });

  it('a literal input with a bad context is a typed error too', async () => {
    const res = await t.gql(
      `{ evaluate(input: {manifests: ${JSON.stringify(POD)}, context: {credentialVerificationPolicy: "Sometimes"}}) { verdict } }`,
    );
    expect(res.body.errors?.[0]?.extensions?.code).toBe('urn:pullwise:problem:invalid-input');
    expect(JSON.stringify(res.body.errors![0].extensions.errors)).toContain('context.credentialVerificationPolicy');
  });
});
