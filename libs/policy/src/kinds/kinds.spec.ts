import { describe, expect, it } from 'vitest';
import { DIGEST, evaluate, makeRule, pod } from '../test-support.js';

/** Runs one rule on a one-container Pod (`image|Policy`) and returns the findings of that container. */
function run(
  kind: string,
  params: Record<string, unknown>,
  container: string,
  options: Parameters<typeof evaluate>[2] = {},
) {
  const result = evaluate(pod([container]), [makeRule({ name: 'r', kind, params })], options);
  return result.findings;
}

type Row = [string, string, boolean];

function table(
  kind: string,
  params: Record<string, unknown>,
  rows: Row[],
  options: Parameters<typeof evaluate>[2] = {},
) {
  it.each(rows)(`%s: %s -> fires %s`, (_name, container, fires) => {
    expect(run(kind, params, container, options).length).toBe(fires ? 1 : 0);
  });
}

describe('pull-policy', () => {
  describe('require Always', () => {
    table('pull-policy', { allowed: ['Always'] }, [
      ['explicit Always', 'nginx:1.27|Always', false],
      ['untagged defaults to Always', 'nginx', false],
      [':latest defaults to Always', 'nginx:latest', false],
      ['fixed tag defaults to IfNotPresent', 'nginx:1.27', true],
      ['explicit IfNotPresent', 'nginx:latest|IfNotPresent', true],
      ['Never', 'nginx|Never', true],
      ['digest-only defaults to IfNotPresent', `nginx@${DIGEST}`, true],
      ['unparsable defaults to IfNotPresent', 'nginx@sha256:abc', true],
    ]);
  });

  describe('forbid Always (the reverse direction: digest-pinned images need no re-pull)', () => {
    table('pull-policy', { allowed: ['IfNotPresent', 'Never'] }, [
      ['explicit Always', 'nginx:1.27|Always', true],
      ['untagged defaults to Always', 'nginx', true],
      ['fixed tag', 'nginx:1.27', false],
    ]);
  });

  describe('digest-pinned images must not use Always (when.digest: true)', () => {
    table('pull-policy', { allowed: ['IfNotPresent'], when: { digest: true } }, [
      ['digest + Always', `nginx@${DIGEST}|Always`, true],
      ['tag+digest with latest defaults to Always', `nginx:latest@${DIGEST}`, true],
      ['digest defaults to IfNotPresent', `nginx@${DIGEST}`, false],
      ['no digest is not judged', 'nginx:1.27|Always', false],
    ]);
  });

  describe('images without digest must use Always (when.digest: false)', () => {
    table('pull-policy', { allowed: ['Always'], when: { digest: false } }, [
      ['no digest, IfNotPresent', 'nginx:1.27', true],
      ['digest is not judged', `nginx@${DIGEST}`, false],
    ]);
  });

  it('AlwaysPullImages makes every container Always, and says so', () => {
    const [f] = run('pull-policy', { allowed: ['IfNotPresent'] }, 'nginx:1.27', {
      context: { admissionPlugins: ['AlwaysPullImages'] },
    });
    expect(f!.message).toBe(
      'nginx:1.27 has effective imagePullPolicy Always (defaulted to IfNotPresent because the tag is not "latest", and the AlwaysPullImages admission plugin rewrites it to Always); this rule allows only IfNotPresent',
    );
    expect(f!.fix!.patch).toEqual([]);
    expect(f!.fix!.description).toMatch(
      /AlwaysPullImages admission plugin rewrites every container's imagePullPolicy to Always/,
    );
  });

  it('names the effective policy, its source and what is allowed', () => {
    const [f] = run('pull-policy', { allowed: ['IfNotPresent'], when: { digest: true } }, `nginx@${DIGEST}|Always`);
    expect(f!.message).toBe(
      `nginx@${DIGEST} is pinned by digest and has effective imagePullPolicy Always (set in the manifest); this rule allows only IfNotPresent for images pinned by digest`,
    );
    expect(f!.fix).toEqual({
      description: 'set imagePullPolicy: IfNotPresent',
      document: 0,
      patch: [{ op: 'replace', path: '/spec/containers/0/imagePullPolicy', value: 'IfNotPresent' }],
      image: null,
    });
  });
});

describe('explicit-pull-policy', () => {
  table('explicit-pull-policy', {}, [
    ['set', 'nginx:1.27|IfNotPresent', false],
    ['unset fixed tag', 'nginx:1.27', true],
    ['unset untagged', 'nginx', true],
    ['invalid value is written (an evaluation error, not this rule)', 'nginx|Alwayz', false],
  ]);

  it('says what defaulting gives and adds exactly that', () => {
    const [f] = run('explicit-pull-policy', {}, 'nginx');
    expect(f!.message).toBe(
      'nginx does not set imagePullPolicy, so the API server defaults it to Always because an image without tag or digest means tag "latest"; set it explicitly',
    );
    expect(f!.fix!.patch).toEqual([{ op: 'add', path: '/spec/containers/0/imagePullPolicy', value: 'Always' }]);
  });

  it('mentions AlwaysPullImages when it changes the outcome', () => {
    const [f] = run('explicit-pull-policy', {}, 'nginx:1.27', { context: { admissionPlugins: ['AlwaysPullImages'] } });
    expect(f!.message).toBe(
      'nginx:1.27 does not set imagePullPolicy, so the API server defaults it to IfNotPresent because the tag is not "latest", and the AlwaysPullImages admission plugin then rewrites it to Always; set it explicitly',
    );
  });
});

describe('mutable-tag-requires-always', () => {
  table('mutable-tag-requires-always', { immutableTags: ['v*.*.*', 'sha-*'] }, [
    ['fixed tag with IfNotPresent', 'nginx:1.27', true],
    ['fixed tag with Always', 'nginx:1.27|Always', false],
    ['untagged defaults to Always', 'nginx', false],
    ['untagged with Never', 'nginx|Never', true],
    [':latest with IfNotPresent', 'nginx:latest|IfNotPresent', true],
    ['digest-only never fires (polaris#1058, checkov#4776)', `nginx@${DIGEST}|IfNotPresent`, false],
    ['tag+digest never fires', `nginx:1.27@${DIGEST}|Never`, false],
    ['immutable tag by configuration', 'acme/app:v1.2.3', false],
    ['immutable glob does not match', 'acme/app:v1', true],
    ['hex commit tag is mutable unless listed (regolibrary#351)', 'acme/app:befacaad', true],
    ['listed commit tag', 'acme/app:sha-befacaad', false],
    ['unparsable has no tag to judge', 'nginx@sha256:abc', false],
  ]);

  it('message follows the tag, the effective policy and why', () => {
    const [f] = run('mutable-tag-requires-always', {}, 'nginx:1.27');
    expect(f!.message).toBe(
      'nginx:1.27 uses tag "1.27" without a digest and its effective imagePullPolicy is IfNotPresent (defaulted because the tag is not "latest"); mutable tags must be pulled with Always',
    );
    expect(f!.fix).toEqual({
      description:
        'set imagePullPolicy: Always, or pin the image by digest (docker.io/library/nginx:1.27@sha256:<digest>)',
      document: 0,
      patch: [{ op: 'add', path: '/spec/containers/0/imagePullPolicy', value: 'Always' }],
      image: null,
    });
  });

  it('AlwaysPullImages satisfies it', () => {
    expect(
      run('mutable-tag-requires-always', {}, 'nginx:1.27', { context: { admissionPlugins: ['AlwaysPullImages'] } }),
    ).toEqual([]);
  });
});

describe('require-digest', () => {
  table('require-digest', {}, [
    ['digest', `nginx@${DIGEST}`, false],
    ['tag + digest', `ghcr.io/a/b:1@${DIGEST}`, false],
    ['registry port + digest', `registry.example.com:5000/app@${DIGEST}`, false],
    ['tag', 'nginx:1.27', true],
    ['untagged', 'nginx', true],
    ['registry port + tag', 'registry.example.com:5000/myapp:1.0', true],
    ['short digest does not parse: not pinned', 'nginx@sha256:abc', true],
    ['uppercase hex does not parse: not pinned', `nginx@sha256:${'A'.repeat(64)}`, true],
  ]);

  it('says how to pin', () => {
    const [f] = run('require-digest', {}, 'nginx:1.27');
    expect(f!.message).toBe(
      'nginx:1.27 uses tag "1.27" without a digest; the registry can point the tag at different content, so the image must be pinned by digest',
    );
    expect(f!.fix).toMatchObject({
      patch: [],
      image: null,
      description: expect.stringContaining('replace "nginx:1.27" with "docker.io/library/nginx:1.27@sha256:<digest>"'),
    });
    const [bad] = run('require-digest', {}, 'nginx@sha256:abc');
    expect(bad!.message).toBe(
      'nginx@sha256:abc does not parse (invalid reference format), so it is not pinned to a valid digest; the kubelet refuses it with InvalidImageName',
    );
  });
});

describe('disallowed-tags', () => {
  table('disallowed-tags', { tags: ['latest', '*-SNAPSHOT', 'main'] }, [
    [':latest', 'nginx:latest', true],
    ['untagged counts as latest (kube-linter#232)', 'nginx', true],
    ['registry port is not a tag', 'openpolicyagent:443/opa', true],
    ['fixed tag', 'nginx:1.27', false],
    ['glob', 'acme/app:1.0-SNAPSHOT', true],
    ['glob is case-sensitive', 'acme/app:1.0-snapshot', false],
    ['tag match is exact', 'acme/app:mainline', false],
    ['digest-only has no tag (checkov#535)', `nginx@${DIGEST}`, false],
    ['latest beside a digest is informational', `nginx:latest@${DIGEST}`, false],
    ['case matters: Latest is not latest', 'nginx:Latest', false],
    ['unparsable has no tag', 'nginx@sha256:abc', false],
  ]);

  it('messages', () => {
    expect(run('disallowed-tags', { tags: ['latest'] }, 'nginx')[0]!.message).toBe(
      'nginx has no tag and no digest, which means tag "latest", and "latest" is disallowed',
    );
    expect(run('disallowed-tags', { tags: ['*-SNAPSHOT'] }, 'acme/app:1-SNAPSHOT')[0]!.message).toBe(
      'acme/app:1-SNAPSHOT uses tag "1-SNAPSHOT", which matches the disallowed pattern "*-SNAPSHOT"',
    );
  });
});

describe('allowed-registries', () => {
  table('allowed-registries', { registries: ['ghcr.io/acme/*', '*.dkr.ecr.*.amazonaws.com', 'docker.io/library/*'] }, [
    ['allowed repo', 'ghcr.io/acme/app:1', false],
    ['other org on the registry', 'ghcr.io/evil/app:1', true],
    ['look-alike org', 'ghcr.io/acme-evil/app:1', true],
    ['ECR glob', '123456789012.dkr.ecr.eu-west-1.amazonaws.com/postgres:16', false],
    ['implicit Docker Hub official image', 'nginx', false],
    ['Docker Hub user image', 'someone/nginx', true],
    ['unparsable cannot be shown allowed', 'ghcr.io/acme/app@sha256:abc', true],
  ]);

  it('offers a concrete rewrite when one leads to an allowed registry', () => {
    const [f] = run(
      'allowed-registries',
      { registries: ['mirror.acme.io/*'], rewrites: [{ from: 'docker.io/library', to: 'mirror.acme.io/hub' }] },
      'nginx:1.27',
    );
    expect(f!.message).toBe(
      'nginx:1.27 comes from docker.io/library/nginx, which matches none of the allowed registries "mirror.acme.io/*"',
    );
    expect(f!.fix).toEqual({
      description: 'use mirror.acme.io/hub/nginx:1.27 (the same tag and digest from an allowed registry)',
      document: 0,
      patch: [{ op: 'replace', path: '/spec/containers/0/image', value: 'mirror.acme.io/hub/nginx:1.27' }],
      image: 'mirror.acme.io/hub/nginx:1.27',
    });
  });
});

describe('denied-registries', () => {
  table('denied-registries', { registries: ['k8s.gcr.io'] }, [
    ['denied registry', 'k8s.gcr.io/pause:3.2', true],
    ['successor registry', 'registry.k8s.io/pause:3.9', false],
    ['look-alike host', 'k8s.gcr.io.evil.com/pause:3.2', false],
    ['other gcr host', 'foo.gcr.io/x:1', false],
    ['unparsable is not judged', 'k8s.gcr.io/pause@sha256:abc', false],
  ]);

  it('rewrites k8s.gcr.io to registry.k8s.io keeping tag and digest', () => {
    const [f] = run(
      'denied-registries',
      { registries: ['k8s.gcr.io'], rewrites: [{ from: 'k8s.gcr.io', to: 'registry.k8s.io' }] },
      `k8s.gcr.io/pause:3.2@${DIGEST}`,
    );
    expect(f!.message).toBe(
      `k8s.gcr.io/pause:3.2@${DIGEST} comes from k8s.gcr.io/pause, which matches the denied pattern "k8s.gcr.io"`,
    );
    expect(f!.fix!.image).toBe(`registry.k8s.io/pause:3.2@${DIGEST}`);
  });
});

describe('never-requires-preloaded', () => {
  const options = {
    rule: { preloadedImages: ['registry.k8s.io/pause:3.9', `docker.io/library/busybox@${DIGEST}`], cluster: 'edge' },
  };
  table(
    'never-requires-preloaded',
    {},
    [
      ['preloaded by tag', 'registry.k8s.io/pause:3.9|Never', false],
      ['preloaded, other tag', 'registry.k8s.io/pause:3.10|Never', true],
      ['preloaded by digest, normalised name', `busybox@${DIGEST}|Never`, false],
      ['not preloaded', 'nginx:1.27|Never', true],
      ['not Never', 'nginx:1.27|IfNotPresent', false],
      ['unparsable fails earlier (InvalidImageName)', 'nginx@sha256:abc|Never', false],
    ],
    options,
  );

  it('message and fix', () => {
    const [f] = run('never-requires-preloaded', {}, 'nginx:1.27|Never', options);
    expect(f!.message).toBe(
      'nginx:1.27 has effective imagePullPolicy Never (set in the manifest), but the cluster profile "edge" does not list it among its preloaded images; on a node without the image the container fails with ErrImageNeverPull',
    );
    expect(f!.fix!.patch).toEqual([
      { op: 'replace', path: '/spec/containers/0/imagePullPolicy', value: 'IfNotPresent' },
    ]);
  });
});

describe('pull-secrets-for-registries', () => {
  it.each<[string, string, string[], boolean]>([
    ['private registry without secrets', 'registry.acme.io/app:1', [], true],
    ['private registry with secrets', 'registry.acme.io/app:1', ['regcred'], false],
    ['public image', 'nginx:1.27', [], false],
    ['unparsable', 'registry.acme.io/app@sha256:abc', [], false],
  ])('%s', (_name, image, secrets, fires) => {
    const manifest = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web' },
      spec: {
        template: {
          spec: { imagePullSecrets: secrets.map((name) => ({ name })), containers: [{ name: 'app', image }] },
        },
      },
    };
    const result = evaluate(manifest, [
      makeRule({
        name: 'r',
        kind: 'pull-secrets-for-registries',
        params: { registries: ['registry.acme.io'], secretName: 'regcred' },
      }),
    ]);
    expect(result.findings.length).toBe(fires ? 1 : 0);
    if (fires) {
      expect(result.findings[0]!.message).toBe(
        'registry.acme.io/app:1 comes from registry.acme.io/app (matches "registry.acme.io"), but Deployment "web" lists no imagePullSecrets; the kubelet pulls it without credentials unless its ServiceAccount adds pull secrets',
      );
      expect(result.findings[0]!.fix!.patch).toEqual([
        { op: 'add', path: '/spec/template/spec/imagePullSecrets', value: [{ name: 'regcred' }] },
      ]);
    }
  });
});
