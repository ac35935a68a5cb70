// Issue 8, part 1: the admission webhooks answer real admission.k8s.io/v1 AdmissionReviews (test/fixtures/admission,
// as the API server sends them: defaulted objects, managedFields, service-account volumes, userInfo, options) with
// the right allow / deny / warnings / JSON patch, on CREATE, UPDATE, subresources, DELETE and dry runs; they record
// what they judge in history (never a dry run) and honour exceptions as every other path does.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyJsonPatch } from '../libs/policy/src/test-support.js';
import { AdmissionRecorder } from '../apps/api/src/admission/admission-recorder.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

type Json = any;

const fixture = (name: string): Json =>
  JSON.parse(readFileSync(new URL(`./fixtures/admission/${name}.json`, import.meta.url), 'utf8'));

const RULES = [
  { name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'deny', severity: 'high' },
  { name: 'mutable-tags-pull-always', kind: 'mutable-tag-requires-always', enforcement: 'warn' },
  { name: 'require-digest', kind: 'require-digest', enforcement: 'audit', severity: 'low' },
  { name: 'shop-pull-always', kind: 'set-pull-policy', match: { namespaces: ['shop'] }, enforcement: 'audit' },
];
const PROD_EU = { name: 'prod-eu', admissionPlugins: ['AlwaysPullImages'], kubeletVersion: '1.34' };

let t: TestApp;
beforeAll(async () => {
  t = await bootTestApp();
  for (const rule of RULES) await t.http().post('/v1/rules').send(rule).expect(201);
  await t.http().post('/v1/clusters').send(PROD_EU).expect(201);
}, 60_000);
afterAll(() => t?.close());

/** POSTs a review without credentials, as the API server does; checks the envelope and the echoed uid. */
async function review(path: string, body: Json): Promise<Json> {
  const res = await t.anon().post(path).set('content-type', 'application/json').send(body);
  expect(res.status, `${path}: ${res.text}`).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  expect(res.body).toMatchObject({ apiVersion: 'admission.k8s.io/v1', kind: 'AdmissionReview' });
  expect(res.body.response.uid).toBe(body.request.uid);
  return res.body.response;
}

const validate = (body: Json, cluster?: string) => review(`/admission/validate${cluster ? `/${cluster}` : ''}`, body);
const mutate = (body: Json, cluster?: string) => review(`/admission/mutate${cluster ? `/${cluster}` : ''}`, body);

function patchOf(response: Json): Json[] {
  expect(response.patchType).toBe('JSONPatch');
  return JSON.parse(Buffer.from(response.patch, 'base64').toString('utf8'));
}

function expectNoPatch(response: Json) {
  expect(response).toEqual({ uid: response.uid, allowed: true });
}

/** Recorded admissions, newest first, after every background write has finished. */
async function records(): Promise<Json[]> {
  await t.app.get(AdmissionRecorder).settled();
  const res = await t.http().get('/v1/evaluations').query({ pipeline: 'admission', limit: 500 }).expect(200);
  return res.body.items;
}

/** `[rule] workload, slot` of each warning or deny line. */
const heads = (lines: string[]) => lines.map((l) => l.slice(0, l.indexOf(': ')));

function withRequest(body: Json, change: (request: Json) => void): Json {
  const copy = structuredClone(body);
  change(copy.request);
  return copy;
}

describe('a Pod CREATE (kubectl apply)', () => {
  const pod = fixture('pod-create');

  it('validate: the deny finding rejects, naming rule, container and fix; the warn finding warns', async () => {
    const response = await validate(pod);
    expect(response.allowed).toBe(false);
    expect(response.status).toMatchObject({ code: 403, reason: 'Forbidden' });
    expect(response.status.message.split('\n')).toEqual([
      'pullwise: Pod/web has 1 unwaived deny finding:',
      '[no-latest] Pod/web, container "log-shipper": docker.io/fluent/fluent-bit:latest uses tag "latest", which is ' +
        'disallowed. Fix: use a specific version tag that this rule allows, or pin the image by digest ' +
        '(docker.io/fluent/fluent-bit:latest@sha256:<digest>).',
    ]);
    expect(heads(response.warnings)).toEqual(['[mutable-tags-pull-always] Pod/web, container "web"']);
    for (const w of response.warnings) expect(w.length).toBeLessThanOrEqual(256);
    expect(response.patch).toBeUndefined();
  });

  it('validate records the evaluation once, with the AdmissionReview uid and the requesting user', async () => {
    const mine = (await records()).filter((r) => r.source.commit === pod.request.uid);
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({
      verdict: 'fail',
      cluster: null,
      namespaces: ['shop'],
      source: { repository: null, commit: pod.request.uid, pipeline: 'admission' },
      createdBy: 'admission:kubernetes-admin',
      // deny: latest; warn: mutable tag; audit: two images without digest, one pull policy the webhook sets.
      summary: { documents: 1, workloads: 1, slots: 2, findings: { deny: 1, warn: 1, audit: 3, waived: 0 } },
    });
    const full = await t.http().get(`/v1/evaluations/${mine[0].id}`).expect(200);
    expect(full.body.result.workloads.map((w: Json) => `${w.kind}/${w.name}`)).toEqual(['Pod/web']);
  });

  it('mutate: a JSON patch that sets the pull policy, gives the expected object, and is idempotent', async () => {
    const before = (await records()).length;
    const response = await mutate(pod);
    expect(response.allowed).toBe(true);
    const ops = patchOf(response);
    expect(ops).toEqual([{ op: 'replace', path: '/spec/containers/0/imagePullPolicy', value: 'Always' }]);
    expect(response.warnings).toEqual(['[shop-pull-always] Pod/web, container "web": imagePullPolicy set to Always']);

    const patched = applyJsonPatch(pod.request.object, ops);
    const expected = structuredClone(pod.request.object);
    expected.spec.containers[0].imagePullPolicy = 'Always';
    expect(patched).toEqual(expected);

    // Re-invocation (reinvocationPolicy: IfNeeded) on the webhook's own output changes nothing.
    const again = withRequest(pod, (r) => (r.object = patched));
    expectNoPatch(await mutate(again));
    // The validating webhook, which runs after every mutation, sees the fixed policy: no mutable-tag warning.
    const validated = await validate(again);
    expect(validated.allowed).toBe(false);
    expect(validated.warnings).toBeUndefined();
    // Mutating never records; the validation above records once.
    expect((await records()).length).toBe(before + 1);
  });

  it('a dry run (kubectl apply --dry-run=server) is answered the same and never recorded', async () => {
    const dry = fixture('pod-create-dry-run');
    expect(dry.request.dryRun).toBe(true);
    const before = await records();
    const response = await validate(dry);
    expect(response.allowed).toBe(false);
    expect(heads(response.status.message.split('\n').slice(1))).toEqual([
      '[no-latest] Pod/web, container "log-shipper"',
    ]);
    expect(patchOf(await mutate(dry))).toHaveLength(1);
    const after = await records();
    expect(after).toHaveLength(before.length);
    expect(after.some((r) => r.source.commit === dry.request.uid)).toBe(false);
  });
});

describe('an object pullwise cannot judge is refused, whatever its findings', () => {
  const pod = fixture('pod-create');

  it('an invalid field: denied with the error line, in the deny message format', async () => {
    const broken = withRequest(pod, (r) => {
      for (const c of r.object.spec.containers) c.imagePullPolicy = 'always';
    });
    const response = await validate(broken);
    expect(response.allowed).toBe(false);
    expect(response.status.code).toBe(403);
    const [head, ...lines] = response.status.message.split('\n');
    expect(head).toMatch(/^pullwise: Pod\/\S+ cannot be judged: \d+ input errors?:$/);
    expect(lines[0]).toMatch(
      /^\[input\] document 0, spec\.containers\[0\]\.imagePullPolicy, line \d+: .*Unsupported value: "always"/,
    );
  });

  it('an object of which nothing can be read: denied with its errors, not a failed call', async () => {
    const response = await validate(withRequest(pod, (r) => (r.object = { metadata: { name: 'x' } })));
    expect(response.allowed).toBe(false);
    expect(response.status.message).toMatch(
      /^pullwise: Pod\/\S+ cannot be judged: 2 input errors:\n\[input\] document 0, kind/,
    );
    expect((await mutate(withRequest(pod, (r) => (r.object = { metadata: { name: 'x' } })))).allowed).toBe(true);
  });
});

describe('workload kinds: the pod template paths', () => {
  it('a Deployment CREATE (Argo CD): init container, container and image volume; allowed with warnings', async () => {
    const body = fixture('deployment-create');
    const response = await validate(body);
    expect(response.allowed).toBe(true);
    expect(response.status).toBeUndefined();
    expect(heads(response.warnings)).toEqual([
      '[mutable-tags-pull-always] Deployment/web, init container "migrate"',
      '[mutable-tags-pull-always] Deployment/web, container "web"',
      '[mutable-tags-pull-always] Deployment/web, image volume "models"',
    ]);
    const ops = patchOf(await mutate(body));
    expect(ops).toEqual([
      { op: 'replace', path: '/spec/template/spec/initContainers/0/imagePullPolicy', value: 'Always' },
      { op: 'replace', path: '/spec/template/spec/containers/0/imagePullPolicy', value: 'Always' },
      { op: 'replace', path: '/spec/template/spec/volumes/0/image/pullPolicy', value: 'Always' },
    ]);
    const spec = applyJsonPatch(body.request.object, ops).spec.template.spec;
    expect([...spec.initContainers, ...spec.containers].map((c: Json) => c.imagePullPolicy)).toEqual([
      'Always',
      'Always',
    ]);
    expect(spec.volumes[0].image.pullPolicy).toBe('Always');
    const mine = (await records()).filter((r) => r.source.commit === body.request.uid);
    expect(mine.map((r) => r.createdBy)).toEqual([
      'admission:system:serviceaccount:argocd:argocd-application-controller',
    ]);
  });

  it('a CronJob CREATE: the job template path', async () => {
    const body = fixture('cronjob-create');
    expect(heads((await validate(body)).warnings)).toEqual([
      '[mutable-tags-pull-always] CronJob/nightly-report, container "report"',
    ]);
    expect(patchOf(await mutate(body))).toEqual([
      { op: 'replace', path: '/spec/jobTemplate/spec/template/spec/containers/0/imagePullPolicy', value: 'Always' },
    ]);
  });

  it('kinds without a pod spec pullwise knows are allowed without a patch, even with a "latest" in them', async () => {
    const configMap = fixture('configmap-create');
    const crd = withRequest(fixture('deployment-create'), (r) => {
      r.kind = { group: 'apps.example.com', version: 'v1', kind: 'Deployment' };
      r.resource = { group: 'apps.example.com', version: 'v1', resource: 'deployments' };
      r.object.apiVersion = 'apps.example.com/v1';
      r.object.spec.template.spec.containers[0].image = 'nginx:latest';
    });
    for (const body of [configMap, crd]) {
      expectNoPatch(await validate(body));
      expectNoPatch(await mutate(body));
    }
  });
});

describe('UPDATE: only what the update introduces counts', () => {
  const update = fixture('deployment-update');

  it('kubectl rollout restart: findings the old object had neither reject, warn, patch nor get recorded', async () => {
    const before = (await records()).length;
    expectNoPatch(await validate(update));
    // Patching would also change the template and roll the Deployment out again: the webhook must not.
    expectNoPatch(await mutate(update));
    expect((await records()).length).toBe(before);
  });

  it('a changed image is judged: deny, patch and record', async () => {
    const body = withRequest(update, (r) => {
      r.uid = 'c0ffee00-0000-4000-8000-00000000a001';
      r.object.spec.template.spec.containers[0].image = 'registry.example.com/shop/web:latest';
    });
    const response = await validate(body);
    expect(response.allowed).toBe(false);
    expect(heads(response.status.message.split('\n').slice(1))).toEqual([
      '[no-latest] Deployment/web, container "web"',
    ]);
    expect(patchOf(await mutate(body))).toEqual([
      { op: 'replace', path: '/spec/template/spec/containers/0/imagePullPolicy', value: 'Always' },
    ]);
    expect((await records()).filter((r) => r.source.commit === body.request.uid)).toHaveLength(1);
  });

  it('a deny finding the old object already had is not enforced, and one warning says so', async () => {
    const sidecar = { name: 'legacy', image: 'docker.io/acme/legacy:latest', imagePullPolicy: 'Always' };
    const body = withRequest(update, (r) => {
      for (const o of [r.object, r.oldObject]) o.spec.template.spec.containers.push(structuredClone(sidecar));
    });
    const response = await validate(body);
    expect(response.allowed).toBe(true);
    expect(response.warnings).toEqual([
      'pullwise: 1 deny finding(s) predate this update and are not enforced on it (no-latest)',
    ]);
  });

  it('a Pod UPDATE may change an image but no pull policy: judged, never patched', async () => {
    const pod = fixture('pod-create');
    const body = withRequest(pod, (r) => {
      r.uid = 'c0ffee00-0000-4000-8000-00000000a002';
      r.operation = 'UPDATE';
      r.oldObject = structuredClone(r.object);
      r.oldObject.spec.containers[0].image = 'registry.example.com/shop/web:1.4.1';
      r.options = { kind: 'UpdateOptions', apiVersion: 'meta.k8s.io/v1' };
    });
    const response = await validate(body);
    expect(response.allowed).toBe(true);
    expect(heads(response.warnings)).toEqual(['pullwise', '[mutable-tags-pull-always] Pod/web, container "web"']);
    expectNoPatch(await mutate(body));
  });
});

describe('subresources, DELETE', () => {
  it('pods/ephemeralcontainers (kubectl debug) on a cluster with AlwaysPullImages: only the debug container counts', async () => {
    const debug = fixture('pod-ephemeralcontainers');
    // AlwaysPullImages ignores the subresource (shouldIgnore), so the debug container keeps IfNotPresent.
    const response = await validate(debug, 'prod-eu');
    expect(response.allowed).toBe(true);
    expect(heads(response.warnings)).toEqual([
      'pullwise',
      '[mutable-tags-pull-always] Pod/web, ephemeral container "debugger-x7k2q"',
    ]);
    expect(response.warnings[0]).toBe(
      'pullwise: 1 deny finding(s) predate this update and are not enforced on it (no-latest)',
    );
    const ops = patchOf(await mutate(debug, 'prod-eu'));
    expect(ops).toEqual([{ op: 'replace', path: '/spec/ephemeralContainers/0/imagePullPolicy', value: 'Always' }]);
    expect(applyJsonPatch(debug.request.object, ops).spec.ephemeralContainers[0].imagePullPolicy).toBe('Always');
  });

  it('pods/status (the kubelet) is allowed untouched, though the Pod runs a "latest" image', async () => {
    const status = fixture('pod-status-update');
    const before = (await records()).length;
    expectNoPatch(await validate(status));
    expectNoPatch(await mutate(status));
    expect((await records()).length).toBe(before);
  });

  it('DELETE is allowed untouched', async () => {
    const del = fixture('pod-delete');
    expect(del.request.object).toBeNull();
    expectNoPatch(await validate(del));
    expectNoPatch(await mutate(del));
  });
});

describe('bounded answers', () => {
  const pod = fixture('pod-create');
  const many = (count: number, image: (i: number) => string) =>
    withRequest(pod, (r) => {
      r.object.spec.containers = Array.from({ length: count }, (_, i) => ({
        name: `c${i}`,
        image: image(i),
        imagePullPolicy: 'IfNotPresent',
      }));
    });

  it('at most 20 warnings of at most 256 characters and 4,000 in all, the last counting the rest', async () => {
    const response = await validate(many(30, (i) => `registry.example.com/team/app-${i}:1.0.${i}`));
    expect(response.allowed).toBe(true);
    const warnings: string[] = response.warnings;
    expect(warnings.length).toBeLessThanOrEqual(20);
    for (const w of warnings) expect(w.length).toBeLessThanOrEqual(256);
    expect(warnings.join('').length).toBeLessThanOrEqual(4000);
    const left = /^pullwise: (\d+) more warnings not shown$/.exec(warnings.at(-1)!);
    expect(left, warnings.at(-1)).not.toBeNull();
    expect(warnings.length - 1 + Number(left![1])).toBe(30);
    expect(heads(warnings.slice(0, 2))).toEqual([
      '[mutable-tags-pull-always] Pod/web, container "c0"',
      '[mutable-tags-pull-always] Pod/web, container "c1"',
    ]);
  });

  it('the rejection lists 10 findings and counts the rest', async () => {
    const response = await validate(many(12, (i) => `registry.example.com/team/app-${i}:latest`));
    const lines = response.status.message.split('\n');
    expect(lines[0]).toBe('pullwise: Pod/web has 12 unwaived deny findings:');
    expect(lines).toHaveLength(12);
    expect(lines[11]).toBe('... and 2 more');
  });
});

describe('exceptions waive on the admission path as on every other', () => {
  it('a waiver of the deny rule admits the Pod; a waiver of set-pull-policy removes the patch', async () => {
    const pod = fixture('pod-create');
    const waivers = [
      { name: 'fluent-bit-latest', rules: ['no-latest'], match: { images: ['docker.io/fluent/*'] } },
      { name: 'shop-web-cache', rules: ['shop-pull-always'], match: { namespaces: ['shop'] } },
    ];
    const ids: string[] = [];
    for (const w of waivers) {
      const res = await t
        .http()
        .post('/v1/exceptions')
        .send({ ...w, justification: 'tested', owner: 'team-shop' })
        .expect(201);
      ids.push(res.body.id);
    }
    try {
      const body = withRequest(pod, (r) => (r.uid = 'c0ffee00-0000-4000-8000-00000000a003'));
      const response = await validate(body);
      expect(response.allowed).toBe(true);
      expect(heads(response.warnings)).toEqual(['[mutable-tags-pull-always] Pod/web, container "web"']);
      expectNoPatch(await mutate(body));
      const [recorded] = (await records()).filter((r) => r.source.commit === body.request.uid);
      expect(recorded.summary.findings).toEqual({ deny: 0, warn: 1, audit: 2, waived: 2 });
    } finally {
      for (const id of ids) await t.http().delete(`/v1/exceptions/${id}`).expect(204);
    }
  });
});

describe('GraphQL: reviewAdmission answers as the webhook would, and records nothing', () => {
  const QUERY = `query ($review: JSON!, $webhook: AdmissionWebhook, $cluster: String) {
    reviewAdmission(review: $review, webhook: $webhook, cluster: $cluster) {
      uid allowed status { code reason message } warnings patchType patch patchOperations
    }
  }`;

  it('validate and mutate', async () => {
    const pod = withRequest(fixture('pod-create'), (r) => (r.uid = 'c0ffee00-0000-4000-8000-00000000a004'));
    const rest = await validate(pod);
    const validated = await t.gql(QUERY, { review: pod });
    expect(validated.body.errors).toBeUndefined();
    expect(validated.body.data.reviewAdmission).toEqual({
      uid: pod.request.uid,
      allowed: false,
      status: rest.status,
      warnings: rest.warnings,
      patchType: null,
      patch: null,
      patchOperations: null,
    });
    const mutated = await t.gql(QUERY, { review: pod, webhook: 'MUTATE' });
    expect(mutated.body.data.reviewAdmission).toMatchObject({
      allowed: true,
      patchType: 'JSONPatch',
      patchOperations: [{ op: 'replace', path: '/spec/containers/0/imagePullPolicy', value: 'Always' }],
    });
    // The REST call above recorded once; the two previews nothing.
    expect((await records()).filter((r) => r.source.commit === pod.request.uid)).toHaveLength(1);
  });
});

describe('what is not an answer: problems, which the API server treats as a failed call (failurePolicy)', () => {
  const pod = fixture('pod-create');
  const problem = async (path: string, body: unknown, type = 'application/json') => {
    const req = t.anon().post(path).set('content-type', type);
    const res = await (typeof body === 'string' ? req.send(body) : req.send(body as object));
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    return res;
  };

  it.each([
    ['an empty object', 'request', {}],
    ['admission.k8s.io/v1beta1', 'admissionReviewVersions', { ...pod, apiVersion: 'admission.k8s.io/v1beta1' }],
    ['no uid', 'request.uid', withRequest(pod, (r) => delete r.uid)],
    ['CREATE without an object', 'request.object', withRequest(pod, (r) => (r.object = null))],
    ['an unknown operation', 'request.operation', withRequest(pod, (r) => (r.operation = 'PATCH'))],
    ['an object that is an array', 'request.object', withRequest(pod, (r) => (r.object = [1]))],
    ['an object of another kind', 'request.object.kind', withRequest(pod, (r) => (r.object.kind = 'List'))],
  ])('%s: 400 naming %s', async (_name, named, body) => {
    const res = await problem('/admission/validate', body);
    expect(res.status).toBe(400);
    expect(res.text).toContain(named);
  });

  it('an unknown cluster profile in the path: 400 naming it', async () => {
    const res = await problem('/admission/validate/prod-us', pod);
    expect(res.status).toBe(400);
    expect(res.body.errors).toEqual([{ path: 'cluster', message: 'unknown cluster profile "prod-us"' }]);
  });

  it('a YAML body: 415', async () => {
    const res = await problem('/admission/mutate', 'apiVersion: admission.k8s.io/v1\n', 'application/yaml');
    expect(res.status).toBe(415);
  });
});

describe('configuration: PULLWISE_ADMISSION_CLUSTER, PULLWISE_ADMISSION_TOKEN, no rate limit', () => {
  let app: TestApp;
  const TOKEN = 'admission-token-0123456789abcdef';
  beforeAll(async () => {
    app = await bootTestApp({
      env: { PULLWISE_ADMISSION_CLUSTER: 'prod-eu', PULLWISE_ADMISSION_TOKEN: TOKEN, PULLWISE_RATE_LIMIT: '2' },
    });
    await app.http().post('/v1/rules').send(RULES[1]).expect(201);
    await app.http().post('/v1/clusters').send(PROD_EU).expect(201);
  }, 60_000);
  afterAll(() => app?.close());

  const send = (token: string | null, body: Json) => {
    const req = app.anon().post('/admission/validate').set('content-type', 'application/json');
    return token === null ? req.send(body) : req.set('authorization', `Bearer ${token}`).send(body);
  };

  it('without the token: 401; with it: answered, with the configured profile, and never rate-limited', async () => {
    const pod = fixture('pod-create');
    for (const token of [null, 'wrong-token-0123456789']) {
      const res = await send(token, pod);
      expect(res.status).toBe(401);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // Six calls against a limit of two per minute: the API server is never throttled.
    for (let i = 0; i < 3; i++) {
      // prod-eu enables AlwaysPullImages, which has rewritten a new Pod's containers to Always: no warning.
      const created = await send(TOKEN, pod);
      expect(created.status, created.text).toBe(200);
      expect(created.body.response).toEqual({ uid: pod.request.uid, allowed: true });
      // The plugin ignores pods/ephemeralcontainers: the debug container keeps IfNotPresent.
      const debugged = await send(TOKEN, fixture('pod-ephemeralcontainers'));
      expect(debugged.status, debugged.text).toBe(200);
      expect(heads(debugged.body.response.warnings)).toEqual([
        '[mutable-tags-pull-always] Pod/web, ephemeral container "debugger-x7k2q"',
      ]);
    }
  });
});
