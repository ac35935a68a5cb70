import { describe, expect, it } from 'vitest';
import { parseImageReference } from './index.js';

// Tables ported from github.com/distribution/reference (normalize_test.go, reference_test.go).
// Every case goes through ParseNormalizedNamed here; where upstream calls another entry point
// (Parse, ParseAnyReference) the expectation is adapted and says so.

const F64 = 'f'.repeat(64);
const F128 = 'f'.repeat(128);

describe('distribution/reference normalize_test.go TestValidateReferenceName', () => {
  const validRepoNames = [
    'docker/docker',
    'library/debian',
    'debian',
    'docker.io/docker/docker',
    'docker.io/library/debian',
    'docker.io/debian',
    'index.docker.io/docker/docker',
    'index.docker.io/library/debian',
    'index.docker.io/debian',
    '127.0.0.1:5000/docker/docker',
    '127.0.0.1:5000/library/debian',
    '127.0.0.1:5000/debian',
    '192.168.0.1',
    '192.168.0.1:80',
    '192.168.0.1:8/debian',
    '192.168.0.2:25000/debian',
    'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev',
    '[fc00::1]:5000/docker',
    '[fc00::1]:5000/docker/docker',
    '[fc00:1:2:3:4:5:6:7]:5000/library/debian',
    // valid when specified with a hostname: no ambiguity with an identifier
    'docker.io/1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
    'Docker/docker',
    'DOCKER/docker',
  ];
  const invalidRepoNames = [
    'https://github.com/docker/docker',
    'docker/Docker',
    '-docker',
    '-docker/docker',
    '-docker.io/docker/docker',
    'docker///docker',
    'docker.io/docker/Docker',
    'docker.io/docker///docker',
    '[fc00::1]',
    '[fc00::1]:5000',
    'fc00::1:5000/debian',
    '[fe80::1%eth0]:5000/debian',
    '[2001:db8:3:4::192.0.2.33]:5000/debian',
    '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
  ];
  it.each(validRepoNames)('valid: %s', (name) => expect(parseImageReference(name).error).toBeNull());
  it.each(invalidRepoNames)('invalid: %s', (name) => expect(parseImageReference(name).error).not.toBeNull());
});

describe('distribution/reference normalize_test.go TestValidateRemoteName', () => {
  const valid = [
    'docker/docker',
    'thisisthesongthatneverendsitgoesonandonandonthisisthesongthatnev', // 64 chars, not hex
    'docker-rules/docker',
    'docker---rules/docker',
    'doc/docker',
    'd/docker',
    'jess/t',
    'dock__er/docker',
  ];
  const invalid = [
    'docker/Docker',
    'docker///docker',
    '1a3f5e7d9c1b3a5f7e9d1c3b5a7f9e1d3c5b7a9f1e3d5d7c9b1a3f5e7d9c1b3a',
    '-docker/docker',
    'docker-/docker',
    '-docker-/docker',
    '____/____',
    '_docker/_docker',
    'dock..er/docker',
    'dock_.er/docker',
    'dock-.er/docker',
    'docker/',
    'this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255_this_is_not_a_valid_namespace_because_its_lenth_is_greater_than_255/docker',
  ];
  it.each(valid)('valid: %s', (name) => expect(parseImageReference(name).error).toBeNull());
  it.each(invalid)('invalid: %s', (name) => expect(parseImageReference(name).error).not.toBeNull());
});

describe('distribution/reference normalize_test.go TestParseRepositoryInfo', () => {
  // Upstream also checks FamiliarName/FullName strings; here Domain and Path (RemoteName) are checked
  // for each of the familiar, full and ambiguous spellings, as upstream does.
  const tests = [
    {
      RemoteName: 'fooo/bar',
      FamiliarName: 'fooo/bar',
      FullName: 'docker.io/fooo/bar',
      AmbiguousName: 'index.docker.io/fooo/bar',
      Domain: 'docker.io',
    },
    {
      RemoteName: 'library/ubuntu',
      FamiliarName: 'ubuntu',
      FullName: 'docker.io/library/ubuntu',
      AmbiguousName: 'library/ubuntu',
      Domain: 'docker.io',
    },
    {
      RemoteName: 'nonlibrary/ubuntu',
      FamiliarName: 'nonlibrary/ubuntu',
      FullName: 'docker.io/nonlibrary/ubuntu',
      AmbiguousName: '',
      Domain: 'docker.io',
    },
    {
      RemoteName: 'other/library',
      FamiliarName: 'other/library',
      FullName: 'docker.io/other/library',
      AmbiguousName: '',
      Domain: 'docker.io',
    },
    {
      RemoteName: 'private/moonbase',
      FamiliarName: '127.0.0.1:8000/private/moonbase',
      FullName: '127.0.0.1:8000/private/moonbase',
      AmbiguousName: '',
      Domain: '127.0.0.1:8000',
    },
    {
      RemoteName: 'privatebase',
      FamiliarName: '127.0.0.1:8000/privatebase',
      FullName: '127.0.0.1:8000/privatebase',
      AmbiguousName: '',
      Domain: '127.0.0.1:8000',
    },
    {
      RemoteName: 'private/moonbase',
      FamiliarName: 'example.com/private/moonbase',
      FullName: 'example.com/private/moonbase',
      AmbiguousName: '',
      Domain: 'example.com',
    },
    {
      RemoteName: 'privatebase',
      FamiliarName: 'example.com/privatebase',
      FullName: 'example.com/privatebase',
      AmbiguousName: '',
      Domain: 'example.com',
    },
    {
      RemoteName: 'private/moonbase',
      FamiliarName: 'example.com:8000/private/moonbase',
      FullName: 'example.com:8000/private/moonbase',
      AmbiguousName: '',
      Domain: 'example.com:8000',
    },
    {
      RemoteName: 'privatebasee',
      FamiliarName: 'example.com:8000/privatebasee',
      FullName: 'example.com:8000/privatebasee',
      AmbiguousName: '',
      Domain: 'example.com:8000',
    },
    {
      RemoteName: 'library/ubuntu-12.04-base',
      FamiliarName: 'ubuntu-12.04-base',
      FullName: 'docker.io/library/ubuntu-12.04-base',
      AmbiguousName: 'index.docker.io/library/ubuntu-12.04-base',
      Domain: 'docker.io',
    },
    {
      RemoteName: 'library/foo',
      FamiliarName: 'foo',
      FullName: 'docker.io/library/foo',
      AmbiguousName: 'docker.io/foo',
      Domain: 'docker.io',
    },
    {
      RemoteName: 'library/foo/bar',
      FamiliarName: 'library/foo/bar',
      FullName: 'docker.io/library/foo/bar',
      AmbiguousName: '',
      Domain: 'docker.io',
    },
    {
      RemoteName: 'store/foo/bar',
      FamiliarName: 'store/foo/bar',
      FullName: 'docker.io/store/foo/bar',
      AmbiguousName: '',
      Domain: 'docker.io',
    },
    { RemoteName: 'bar', FamiliarName: 'Foo/bar', FullName: 'Foo/bar', AmbiguousName: '', Domain: 'Foo' },
    { RemoteName: 'bar', FamiliarName: 'FOO/bar', FullName: 'FOO/bar', AmbiguousName: '', Domain: 'FOO' },
  ];
  const rows = tests.flatMap((tc, i) =>
    [tc.FamiliarName, tc.FullName, ...(tc.AmbiguousName ? [tc.AmbiguousName] : [])].map((r) => ({
      i,
      r,
      domain: tc.Domain,
      path: tc.RemoteName,
    })),
  );
  it.each(rows)('$i/$r', ({ r, domain, path }) => {
    const ref = parseImageReference(r);
    expect(ref.error).toBeNull();
    expect(ref.registry).toBe(domain);
    expect(ref.repository).toBe(path);
    // the FullName, as the kubelet's ParseImageName returns it
    expect(`${ref.registry}/${ref.repository}`).toBe(
      tests.find((t) => t.RemoteName === path && t.Domain === domain)!.FullName,
    );
  });
});

describe('distribution/reference normalize_test.go TestParseReferenceWithTagAndDigest', () => {
  it('keeps both the tag and the digest', () => {
    const shortRef = 'busybox:latest@sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa';
    expect(parseImageReference(shortRef)).toMatchObject({
      registry: 'docker.io',
      repository: 'library/busybox',
      tag: 'latest',
      digest: 'sha256:86e0e091d0da6bde2456dbb48306f3956bbeb2eae1b5b9a43045843f69fe4aaa',
      runtimeImage: shortRef,
      error: null,
    });
  });
});

describe('distribution/reference normalize_test.go TestInvalidReferenceComponents (ParseNormalizedNamed part)', () => {
  it('rejects -foo', () => expect(parseImageReference('-foo').error).toBe('invalid reference format'));
});

describe('distribution/reference normalize_test.go TestParseAnyReference (adapted to ParseNormalizedNamed)', () => {
  const D = 'dbcc1c35ac38df41fd2f5e4130b32ffdb93ebae8b3dbe638c23575912276fc9c';
  // Equivalent is upstream's canonical string; its parts are checked. The two identifier/digest-only
  // inputs, which ParseAnyReference turns into digest references, go through ParseNormalizedNamed here
  // (as the kubelet does): see the adapted expectations below the table.
  const cases: [reference: string, registry: string, repository: string, tag: string | null, digest: string | null][] =
    [
      ['redis', 'docker.io', 'library/redis', 'latest', null],
      ['redis:latest', 'docker.io', 'library/redis', 'latest', null],
      ['docker.io/library/redis:latest', 'docker.io', 'library/redis', 'latest', null],
      [`redis@sha256:${D}`, 'docker.io', 'library/redis', null, `sha256:${D}`],
      [`docker.io/library/redis@sha256:${D}`, 'docker.io', 'library/redis', null, `sha256:${D}`],
      ['dmcgowan/myapp', 'docker.io', 'dmcgowan/myapp', 'latest', null],
      ['dmcgowan/myapp:latest', 'docker.io', 'dmcgowan/myapp', 'latest', null],
      ['docker.io/mcgowan/myapp:latest', 'docker.io', 'mcgowan/myapp', 'latest', null],
      [`dmcgowan/myapp@sha256:${D}`, 'docker.io', 'dmcgowan/myapp', null, `sha256:${D}`],
      [`docker.io/dmcgowan/myapp@sha256:${D}`, 'docker.io', 'dmcgowan/myapp', null, `sha256:${D}`],
      // 63 hex characters: not an identifier, an ordinary name
      [D.slice(0, 63), 'docker.io', `library/${D.slice(0, 63)}`, 'latest', null],
      ['dbcc1', 'docker.io', 'library/dbcc1', 'latest', null],
      // adapted: ParseAnyReference reads this as a digest; ParseNormalizedNamed as image "sha256", tag <hex>
      [`sha256:${D}`, 'docker.io', 'library/sha256', D, null],
    ];
  it.each(cases)('%s', (reference, registry, repository, tag, digest) => {
    expect(parseImageReference(reference)).toMatchObject({ registry, repository, tag, digest, error: null });
  });
  it(`adapted: a bare 64-hex identifier is rejected by ParseNormalizedNamed`, () => {
    expect(parseImageReference(D).error).toBe(
      `invalid repository name (${D}), cannot specify 64-byte hexadecimal strings`,
    );
  });
});

describe('distribution/reference normalize_test.go TestNormalizedSplitHostname', () => {
  const tests = [
    { input: 'test.com/foo', domain: 'test.com', path: 'foo' },
    { input: 'test_com/foo', domain: 'docker.io', path: 'test_com/foo' },
    { input: 'docker/migrator', domain: 'docker.io', path: 'docker/migrator' },
    { input: 'test.com:8080/foo', domain: 'test.com:8080', path: 'foo' },
    { input: 'test-com:8080/foo', domain: 'test-com:8080', path: 'foo' },
    { input: 'foo', domain: 'docker.io', path: 'library/foo' },
    { input: 'xn--n3h.com/foo', domain: 'xn--n3h.com', path: 'foo' },
    { input: 'xn--n3h.com:18080/foo', domain: 'xn--n3h.com:18080', path: 'foo' },
    { input: 'docker.io/foo', domain: 'docker.io', path: 'library/foo' },
    { input: 'docker.io/library/foo', domain: 'docker.io', path: 'library/foo' },
    { input: 'docker.io/library/foo/bar', domain: 'docker.io', path: 'library/foo/bar' },
  ];
  it.each(tests)('$input', ({ input, domain, path }) => {
    expect(parseImageReference(input)).toMatchObject({ registry: domain, repository: path, error: null });
  });
});

describe('distribution/reference reference_test.go TestReferenceParse (adapted to ParseNormalizedNamed)', () => {
  // Upstream calls Parse, which does no normalisation. Through ParseNormalizedNamed, names without a
  // domain gain docker.io (and library/ for one component), upstream's ErrNameEmpty and
  // ErrNameContainsUppercase cases turn into the errors noted, and the rest are unchanged.
  // `upstream` gives Parse's repository where it differs.
  type Row = {
    input: string;
    registry?: string;
    repository?: string;
    tag?: string;
    digest?: string;
    err?: string;
    upstream?: string;
  };
  const rows: Row[] = [
    { input: 'test_com', registry: 'docker.io', repository: 'library/test_com', upstream: 'test_com' },
    { input: 'test.com:tag', registry: 'docker.io', repository: 'library/test.com', tag: 'tag', upstream: 'test.com' },
    {
      input: 'test.com:5000',
      registry: 'docker.io',
      repository: 'library/test.com',
      tag: '5000',
      upstream: 'test.com',
    },
    { input: 'test.com/repo:tag', registry: 'test.com', repository: 'repo', tag: 'tag' },
    { input: 'test:5000/repo', registry: 'test:5000', repository: 'repo' },
    { input: 'test:5000/repo:tag', registry: 'test:5000', repository: 'repo', tag: 'tag' },
    { input: `test:5000/repo@sha256:${F64}`, registry: 'test:5000', repository: 'repo', digest: `sha256:${F64}` },
    {
      input: `test:5000/repo:tag@sha256:${F64}`,
      registry: 'test:5000',
      repository: 'repo',
      tag: 'tag',
      digest: `sha256:${F64}`,
    },
    { input: 'test:5000/repo', registry: 'test:5000', repository: 'repo' },
    // upstream: ErrNameEmpty; "" becomes "docker.io/library/", which does not match
    { input: '', err: 'invalid reference format' },
    { input: ':justtag', err: 'invalid reference format' },
    { input: `@sha256:${F64}`, err: 'invalid reference format' },
    { input: `repo@sha256:${'f'.repeat(34)}`, err: 'invalid checksum digest length' },
    { input: `validname@invaliddigest:${F64}`, err: 'unsupported digest algorithm' },
    // upstream: ErrNameContainsUppercase from Parse; ParseNormalizedNamed's own check answers first
    { input: 'Uppercase:tag', err: 'invalid reference format: repository name (library/Uppercase) must be lowercase' },
    {
      input: 'test:5000/Uppercase/lowercase:tag',
      err: 'invalid reference format: repository name (Uppercase/lowercase) must be lowercase',
    },
    {
      input: 'lowercase:Uppercase',
      registry: 'docker.io',
      repository: 'library/lowercase',
      tag: 'Uppercase',
      upstream: 'lowercase',
    },
    { input: 'a/'.repeat(128) + 'a:tag', err: 'repository name must not be more than 255 characters' },
    // upstream reads "a" as the domain (Parse); splitDockerDomain does not, so the 255-char path is all path
    {
      input: 'a/'.repeat(127) + 'a:tag-puts-this-over-max',
      registry: 'docker.io',
      repository: 'a/'.repeat(127) + 'a',
      tag: 'tag-puts-this-over-max',
    },
    { input: 'aa/asdf$$^/aa', err: 'invalid reference format' },
    { input: 'sub-dom1.foo.com/bar/baz/quux', registry: 'sub-dom1.foo.com', repository: 'bar/baz/quux' },
    {
      input: 'sub-dom1.foo.com/bar/baz/quux:some-long-tag',
      registry: 'sub-dom1.foo.com',
      repository: 'bar/baz/quux',
      tag: 'some-long-tag',
    },
    {
      input: 'b.gcr.io/test.example.com/my-app:test.example.com',
      registry: 'b.gcr.io',
      repository: 'test.example.com/my-app',
      tag: 'test.example.com',
    },
    { input: 'xn--n3h.com/myimage:xn--n3h.com', registry: 'xn--n3h.com', repository: 'myimage', tag: 'xn--n3h.com' },
    {
      input: `xn--7o8h.com/myimage:xn--7o8h.com@sha512:${F128}`,
      registry: 'xn--7o8h.com',
      repository: 'myimage',
      tag: 'xn--7o8h.com',
      digest: `sha512:${F128}`,
    },
    {
      input: 'foo_bar.com:8080',
      registry: 'docker.io',
      repository: 'library/foo_bar.com',
      tag: '8080',
      upstream: 'foo_bar.com',
    },
    {
      input: 'foo/foo_bar.com:8080',
      registry: 'docker.io',
      repository: 'foo/foo_bar.com',
      tag: '8080',
      upstream: 'foo/foo_bar.com (domain "foo")',
    },
    { input: '192.168.1.1', registry: 'docker.io', repository: 'library/192.168.1.1', upstream: '192.168.1.1' },
    {
      input: '192.168.1.1:tag',
      registry: 'docker.io',
      repository: 'library/192.168.1.1',
      tag: 'tag',
      upstream: '192.168.1.1',
    },
    {
      input: '192.168.1.1:5000',
      registry: 'docker.io',
      repository: 'library/192.168.1.1',
      tag: '5000',
      upstream: '192.168.1.1',
    },
    { input: '192.168.1.1/repo', registry: '192.168.1.1', repository: 'repo' },
    { input: '192.168.1.1:5000/repo', registry: '192.168.1.1:5000', repository: 'repo' },
    { input: '192.168.1.1:5000/repo:5050', registry: '192.168.1.1:5000', repository: 'repo', tag: '5050' },
    { input: '[2001:db8::1]', err: 'invalid reference format' },
    { input: '[2001:db8::1]:5000', err: 'invalid reference format' },
    { input: '[2001:db8::1]:tag', err: 'invalid reference format' },
    { input: '[2001:db8::1]/repo', registry: '[2001:db8::1]', repository: 'repo' },
    { input: '[2001:db8:1:2:3:4:5:6]/repo:tag', registry: '[2001:db8:1:2:3:4:5:6]', repository: 'repo', tag: 'tag' },
    { input: '[2001:db8::1]:5000/repo', registry: '[2001:db8::1]:5000', repository: 'repo' },
    { input: '[2001:db8::1]:5000/repo:tag', registry: '[2001:db8::1]:5000', repository: 'repo', tag: 'tag' },
    {
      input: `[2001:db8::1]:5000/repo@sha256:${F64}`,
      registry: '[2001:db8::1]:5000',
      repository: 'repo',
      digest: `sha256:${F64}`,
    },
    {
      input: `[2001:db8::1]:5000/repo:tag@sha256:${F64}`,
      registry: '[2001:db8::1]:5000',
      repository: 'repo',
      tag: 'tag',
      digest: `sha256:${F64}`,
    },
    { input: '[2001:db8::]:5000/repo', registry: '[2001:db8::]:5000', repository: 'repo' },
    { input: '[::1]:5000/repo', registry: '[::1]:5000', repository: 'repo' },
    { input: '[fe80::1%eth0]:5000/repo', err: 'invalid reference format' },
    { input: '[fe80::1%@invalidzone]:5000/repo', err: 'invalid reference format' },
  ];

  it.each(rows)('$input', ({ input, registry, repository, tag, digest, err }) => {
    const ref = parseImageReference(input);
    if (err !== undefined) {
      expect(ref.error).toBe(err);
      return;
    }
    expect(ref).toMatchObject({
      registry,
      repository,
      // ParseImageName: "latest" only when neither tag nor digest is written
      tag: tag ?? (digest === undefined ? 'latest' : null),
      digest: digest ?? null,
      error: null,
    });
  });
});
