import { describe, expect, it } from 'vitest';
import {
  ANCHORED_DOMAIN_REGEXP,
  ANCHORED_IDENTIFIER_REGEXP,
  ANCHORED_NAME_REGEXP,
  REFERENCE_REGEXP,
} from './grammar.js';
import { matchName, matchReference } from './match-reference.js';
import { isDomainAndPort, isIdentifier } from './scanners.js';

// distribution/reference regexp_test.go, run twice: against the transcribed regular expressions of
// grammar.ts (is the transcription right?) and against the linear scanners the parser uses (do they
// accept the same language with the same submatches?).

const BE178 = 'sha256:be178c0543eb17f5f3043021c9e5fcf30285e557a4fc309cce97ff9ca6182912';

describe('distribution/reference regexp_test.go TestDomainRegexp', () => {
  const tests: [input: string, match: boolean][] = [
    ['test.com', true],
    ['test.com:10304', true],
    ['test.com:http', false],
    ['localhost', true],
    ['localhost:8080', true],
    ['a', true],
    ['a.b', true],
    ['ab.cd.com', true],
    ['a-b.com', true],
    ['-ab.com', false],
    ['ab-.com', false],
    ['ab.c-om', true],
    ['ab.-com', false],
    ['ab.com-', false],
    ['0101.com', true],
    ['001a.com', true],
    ['b.gbc.io:443', true],
    ['b.gbc.io', true],
    ['xn--n3h.com', true],
    ['Asdf.com', true],
    ['192.168.1.1:75050', true],
    ['192.168.1.1:750050', true],
    ['[fd00:1:2::3]:75050', true],
    ['[fd00:1:2::3]75050', false],
    ['[fd00:1:2::3]::75050', false],
    ['[fd00:1:2::3%eth0]:75050', false],
    ['[fd00123123123]:75050', true],
    ['[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:75050', true],
    ['[2001:0db8:85a3:0000:0000:8a2e:0370:7334]:750505', true],
    ['fd00:1:2::3:75050', false],
  ];
  it.each(tests)('%s → %s', (input, match) => {
    expect(ANCHORED_DOMAIN_REGEXP.test(input)).toBe(match);
    expect(isDomainAndPort(input, 0, input.length)).toBe(match);
  });
});

describe('distribution/reference regexp_test.go TestFullNameRegexp', () => {
  const tests: [input: string, subs: [domain: string, path: string] | null][] = [
    ['', null],
    ['short', ['', 'short']],
    ['simple/name', ['simple', 'name']],
    ['library/ubuntu', ['library', 'ubuntu']],
    ['docker/stevvooe/app', ['docker', 'stevvooe/app']],
    ['aa/aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb', ['aa', 'aa/aa/aa/aa/aa/aa/aa/aa/bb/bb/bb/bb/bb/bb']],
    ['aa/aa/bb/bb/bb', ['aa', 'aa/bb/bb/bb']],
    ['a/a/a/a', ['a', 'a/a/a']],
    ['a/a/a/a/', null],
    ['a//a/a', null],
    ['a', ['', 'a']],
    ['a/aa', ['a', 'aa']],
    ['a/aa/a', ['a', 'aa/a']],
    ['foo.com', ['', 'foo.com']],
    ['foo.com/', null],
    ['foo.com:8080/bar', ['foo.com:8080', 'bar']],
    ['foo.com:http/bar', null],
    ['foo.com/bar', ['foo.com', 'bar']],
    ['foo.com/bar/baz', ['foo.com', 'bar/baz']],
    ['localhost:8080/bar', ['localhost:8080', 'bar']],
    ['sub-dom1.foo.com/bar/baz/quux', ['sub-dom1.foo.com', 'bar/baz/quux']],
    ['blog.foo.com/bar/baz', ['blog.foo.com', 'bar/baz']],
    ['a^a', null],
    ['aa/asdf$$^/aa', null],
    ['asdf$$^/aa', null],
    ['aa-a/a', ['aa-a', 'a']],
    ['a/'.repeat(128) + 'a', ['a', 'a/'.repeat(127) + 'a']],
    ['a-/a/a/a', null],
    ['foo.com/a-/a/a', null],
    ['-foo/bar', null],
    ['foo/bar-', null],
    ['foo-/bar', null],
    ['foo/-bar', null],
    ['_foo/bar', null],
    ['foo_bar', ['', 'foo_bar']],
    ['foo_bar.com', ['', 'foo_bar.com']],
    ['foo_bar.com:8080', null],
    ['foo_bar.com:8080/app', null],
    ['foo.com/foo_bar', ['foo.com', 'foo_bar']],
    ['____/____', null],
    ['_docker/_docker', null],
    ['docker_/docker_', null],
    ['b.gcr.io/test.example.com/my-app', ['b.gcr.io', 'test.example.com/my-app']],
    ['xn--n3h.com/myimage', ['xn--n3h.com', 'myimage']],
    ['xn--7o8h.com/myimage', ['xn--7o8h.com', 'myimage']],
    ['example.com/xn--7o8h.com/myimage', ['example.com', 'xn--7o8h.com/myimage']],
    ['example.com/some_separator__underscore/myimage', ['example.com', 'some_separator__underscore/myimage']],
    ['example.com/__underscore/myimage', null],
    ['example.com/..dots/myimage', null],
    ['example.com/.dots/myimage', null],
    ['example.com/nodouble..dots/myimage', null],
    ['docker./docker', null],
    ['.docker/docker', null],
    ['docker-/docker', null],
    ['-docker/docker', null],
    ['do..cker/docker', null],
    ['do__cker:8080/docker', null],
    ['do__cker/docker', ['', 'do__cker/docker']],
    [
      'registry.io/foo/project--id.module--name.ver---sion--name',
      ['registry.io', 'foo/project--id.module--name.ver---sion--name'],
    ],
    // upstream checks only that these match / do not match
    ['Asdf.com/foo/bar', ['Asdf.com', 'foo/bar']],
    ['Foo/FarB', null],
  ];
  it.each(tests)('%s', (input, subs) => {
    const re = ANCHORED_NAME_REGEXP.exec(input);
    expect(re === null ? null : [re[1] ?? '', re[2]]).toEqual(subs);
    const scanned = matchName(input, input.length);
    expect(scanned === null ? null : [scanned.domain, scanned.path]).toEqual(subs);
  });
});

describe('distribution/reference regexp_test.go TestReferenceRegexp', () => {
  const tests: [input: string, subs: [name: string, tag: string, digest: string] | null][] = [
    ['registry.com:8080/myapp:tag', ['registry.com:8080/myapp', 'tag', '']],
    [`registry.com:8080/myapp@${BE178}`, ['registry.com:8080/myapp', '', BE178]],
    [`registry.com:8080/myapp:tag2@${BE178}`, ['registry.com:8080/myapp', 'tag2', BE178]],
    ['registry.com:8080/myapp@sha256:badbadbadbad', null],
    ['registry.com:8080/myapp:invalid~tag', null],
    ['bad_hostname.com:8080/myapp:tag', null],
    // localhost treated as name, missing tag with 8080 as tag
    [`localhost:8080@${BE178}`, ['localhost', '8080', BE178]],
    [`localhost:8080/name@${BE178}`, ['localhost:8080/name', '', BE178]],
    [`localhost:http/name@${BE178}`, null],
    // localhost will be treated as an image name without a host
    [`localhost@${BE178}`, ['localhost', '', BE178]],
    ['registry.com:8080/myapp@bad', null],
    ['registry.com:8080/myapp@2bad', null],
  ];
  it.each(tests)('%s', (input, subs) => {
    const re = REFERENCE_REGEXP.exec(input);
    expect(re === null ? null : [re[1], re[2] ?? '', re[3] ?? '']).toEqual(subs);
    const m = matchReference(input);
    expect(m === null ? null : [m.domain === '' ? m.path : `${m.domain}/${m.path}`, m.tag, m.digest]).toEqual(subs);
  });
});

describe('distribution/reference regexp_test.go TestIdentifierRegexp', () => {
  const tests: [input: string, match: boolean][] = [
    ['da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821', true],
    ['7EC43B381E5AEFE6E04EFB0B3F0693FF2A4A50652D64AEC573905F2DB5889A1C', false],
    ['da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf', false],
    ['sha256:da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf9821', false],
    ['da304e823d8ca2b9d863a3c897baeb852ba21ea9a9f1414736394ae7fcaf98218482', false],
  ];
  it.each(tests)('%s → %s', (input, match) => {
    expect(ANCHORED_IDENTIFIER_REGEXP.test(input)).toBe(match);
    expect(isIdentifier(input)).toBe(match);
  });
});
