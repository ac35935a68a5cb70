import { describe, expect, it } from 'vitest';
import { parseImageReference } from './index.js';

// Behaviour that follows from reading the upstream sources (normalize.go, reference.go, regexp.go,
// go-digest) but is NOT covered by docs/kubernetes-semantics.md §8(a) or by an upstream test: each expectation below was derived
// by hand, not produced by running the Go code.

describe('derived: splitDockerDomain picks a "domain" that the grammar then rejects', () => {
  it('a first component with "." but "_" falls back to a path with no domain (reference.Domain is "")', () => {
    // Parse("a_b.com/foo"): the optional domain group fails, the whole name is a valid remote name.
    expect(parseImageReference('a_b.com/foo')).toMatchObject({
      registry: '',
      repository: 'a_b.com/foo',
      tag: 'latest',
      runtimeImage: 'a_b.com/foo:latest',
      error: null,
    });
  });
  it("an uppercase first component that is not a valid domain gives Parse's uppercase error", () => {
    // Parse("A_B/foo") fails; strings.ToLower of it matches, so ErrNameContainsUppercase.
    expect(parseImageReference('A_B/foo').error).toBe('repository name must be lowercase');
    expect(parseImageReference('Foo_bar.com/x').error).toBe('repository name must be lowercase');
  });
  it('a first component with ":" that is not host:port is an invalid reference', () => {
    expect(parseImageReference('foo_bar:5000/x').error).toBe('invalid reference format');
    expect(parseImageReference('fc00::1:5000/debian').error).toBe('invalid reference format');
  });
  it('only the exact strings "index.docker.io" and "localhost" are special', () => {
    expect(parseImageReference('index.docker.io/nginx')).toMatchObject({
      registry: 'docker.io',
      repository: 'library/nginx',
      runtimeImage: 'index.docker.io/nginx:latest',
    });
    expect(parseImageReference('Docker.io/nginx')).toMatchObject({ registry: 'Docker.io', repository: 'nginx' });
    expect(parseImageReference('LOCALHOST/app')).toMatchObject({ registry: 'LOCALHOST', repository: 'app' });
    expect(parseImageReference('localhost.localdomain/app')).toMatchObject({
      registry: 'localhost.localdomain',
      repository: 'app',
    });
  });
  it('IPv6 needs brackets and a path; a bracketed host without "/" is an invalid official name', () => {
    expect(parseImageReference('[::1]/app')).toMatchObject({ registry: '[::1]', repository: 'app' });
    expect(parseImageReference('[::1]:5000').error).toBe('invalid reference format');
    expect(parseImageReference('[::1%lo]:5000/app').error).toBe('invalid reference format');
    expect(parseImageReference('[]:5000/app').error).toBe('invalid reference format');
    // without ':' or '.', a lowercase bracketed first component is not taken as a domain at all...
    expect(parseImageReference('[ab]/app').error).toBe('invalid reference format');
    // ...but an uppercase one is, and the grammar accepts it as an ipv6address
    expect(parseImageReference('[AB]/app')).toMatchObject({ registry: '[AB]', repository: 'app', error: null });
  });
});

describe('derived: lengths (reference.go Parse; v0.6.0 counts the path only)', () => {
  const seg = (n: number) => 'a'.repeat(n);
  it('a 255-character path is accepted, 256 is too long, whatever the domain', () => {
    const path255 = `${seg(127)}/${seg(127)}`;
    expect(parseImageReference(`registry.example.com/${path255}`)).toMatchObject({ repository: path255, error: null });
    expect(parseImageReference(`registry.example.com/${path255}a`).error).toBe(
      'repository name must not be more than 255 characters',
    );
    const longDomain = Array.from({ length: 20 }, () => seg(30)).join('.');
    expect(parseImageReference(`${longDomain}/app`)).toMatchObject({
      registry: longDomain,
      repository: 'app',
      error: null,
    });
  });
  it('the library/ prefix counts towards the 255', () => {
    expect(parseImageReference(seg(247))).toMatchObject({ repository: `library/${seg(247)}`, error: null });
    expect(parseImageReference(seg(248)).error).toBe('repository name must not be more than 255 characters');
  });
  it('tags are 1 to 128 characters', () => {
    expect(parseImageReference(`nginx:${seg(128)}`)).toMatchObject({ tag: seg(128), error: null });
    expect(parseImageReference(`nginx:${seg(129)}`).error).toBe('invalid reference format');
    expect(parseImageReference('nginx:-x').error).toBe('invalid reference format');
    expect(parseImageReference('nginx:_x.Y-z')).toMatchObject({ tag: '_x.Y-z', error: null });
  });
});

describe('derived: structure', () => {
  it.each([
    ['nginx:latest\n', 'invalid reference format'],
    [' nginx', 'invalid reference format'],
    ['nginx\t', 'invalid reference format'],
    [`nginx@sha256:${'a'.repeat(64)}@sha256:${'a'.repeat(64)}`, 'invalid reference format'],
    ['foo/bar:tag/baz', 'invalid reference format'],
    ['foo/Bar:tag', 'invalid reference format: repository name (foo/Bar) must be lowercase'],
    ['docker.io/', 'invalid reference format'],
    ['/nginx', 'invalid reference format'],
    ['nginx/', 'invalid reference format'],
    ['@', 'invalid reference format'],
    [':', 'invalid reference format'],
    ['/', 'invalid reference format'],
  ])('%j → %s', (image, error) => {
    expect(parseImageReference(image).error).toBe(error);
  });
  it('a tag that merely looks like a port is kept as written', () => {
    expect(parseImageReference('registry.example.com:443')).toMatchObject({
      registry: 'docker.io',
      repository: 'library/registry.example.com',
      tag: '443',
      runtimeImage: 'registry.example.com:443',
    });
  });
});

describe('derived: non-ASCII input (Go strings.ToLower semantics)', () => {
  it('non-ASCII lowercase letters are simply invalid', () => {
    expect(parseImageReference('ñginx').error).toBe('invalid reference format');
  });
  it('non-ASCII uppercase letters in the remote name trip the remote-name check', () => {
    expect(parseImageReference('Ñginx').error).toBe(
      'invalid reference format: repository name (library/Ñginx) must be lowercase',
    );
  });
  it('characters that Go lowercases to ASCII make Parse report an uppercase name', () => {
    // U+212A KELVIN SIGN -> 'k'; U+0130 -> 'i' in Go (JavaScript would give "i\u0307").
    expect(parseImageReference('foo:\u212A').error).toBe('repository name must be lowercase');
    expect(parseImageReference('nginx:\u0130').error).toBe('repository name must be lowercase');
    expect(parseImageReference('\u0130.io/foo').error).toBe('repository name must be lowercase');
  });
  it('astral and lone-surrogate input is rejected without throwing', () => {
    expect(parseImageReference('🐳/app').error).toBe('invalid reference format');
    expect(parseImageReference('nginx:\uD800').error).toBe('invalid reference format');
  });
});

describe('linear time on huge input (V8 regexps would throw RangeError here; Go RE2 would not)', () => {
  const n = 5_000_000;
  it.each([
    ['long path', 'docker.io/' + 'a/'.repeat(n) + 'a', 'repository name must not be more than 255 characters'],
    [
      'long path, bad end',
      'docker.io/' + 'a/'.repeat(n) + 'A',
      'invalid reference format: repository name (' + 'a/'.repeat(n) + 'A) must be lowercase',
    ],
    ['long domain', 'a.'.repeat(n) + 'a/x', null],
    ['long dashes', 'x.io/' + 'a-'.repeat(n) + 'a!', 'invalid reference format'],
    ['long digest', `x.io/x@sha256:${'f'.repeat(2 * n)}`, 'invalid checksum digest length'],
    ['long algorithm', `x.io/x@${'a.'.repeat(n)}a:${'f'.repeat(64)}`, 'unsupported digest algorithm'],
  ])('%s', (_name, image, error) => {
    expect(parseImageReference(image).error).toBe(error);
  });
});

describe('hostile image strings end in an error, in linear time', () => {
  const MB5 = 5_000_000;
  it.each([
    ['100,000 slashes', '/'.repeat(100_000), 'invalid reference format'],
    ['100,000 slashes after a domain', 'x.io' + '/'.repeat(100_000) + 'a', 'invalid reference format'],
    ['5 MB of one letter', 'a'.repeat(MB5), 'repository name must not be more than 255 characters'],
    ['5 MB of colons', ':'.repeat(MB5), 'invalid reference format'],
    ['5 MB of "a:"', 'a:'.repeat(MB5 / 2), 'invalid reference format'],
    ['5 MB of "x@"', 'x@'.repeat(MB5 / 2), 'invalid reference format'],
    ['a 5 MB tag', 'nginx:' + 't'.repeat(MB5), 'invalid reference format'],
    ['5 MB of "./"', './'.repeat(MB5 / 2), 'invalid reference format'],
    ['5 MB of NUL', '\u0000'.repeat(MB5), 'invalid reference format'],
  ])('%s', (_name, image, error) => {
    const started = performance.now();
    expect(parseImageReference(image).error).toBe(error);
    // Guard against backtracking (about 100 ms on an idle machine for 5 MB), not a benchmark.
    expect(performance.now() - started).toBeLessThan(3000);
  });
});
