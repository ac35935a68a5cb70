import { describe, expect, it } from 'vitest';
import { GlobList, compileGlob, globProblem } from './glob.js';

describe('globs', () => {
  it.each([
    ['team-*', 'team-a', true],
    ['team-*', 'team-', true],
    ['team-*', 'xteam-a', false],
    ['*', '', true],
    ['*', 'a/b:c@d', true],
    ['ghcr.io/acme/*', 'ghcr.io/acme/team/app', true],
    ['ghcr.io/acme/*', 'ghcr.io/acmeevil/app', false],
    ['*-SNAPSHOT', '1.0-SNAPSHOT', true],
    ['*-SNAPSHOT', '1.0-snapshot', false],
    ['a.b', 'aXb', false],
    ['a+b(c)', 'a+b(c)', true],
    ['[x]', '[x]', true],
    ['[x]', 'x', false],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'a-b-d', false],
    ['prod', 'production', false],
  ])('%s against %s -> %s', (pattern, subject, expected) => {
    expect(compileGlob(pattern).test(subject)).toBe(expected);
    expect(new GlobList([pattern]).matches(subject)).toBe(expected);
  });

  it('a list matches when any pattern does, and names the first matching pattern', () => {
    const list = new GlobList(['kube-system', 'team-*', '*-prod']);
    expect(list.matches('kube-system')).toBe(true);
    expect(list.matches('team-x')).toBe(true);
    expect(list.matches('x-prod')).toBe(true);
    expect(list.matches('default')).toBe(false);
    expect(list.firstMatch('team-prod')).toBe('team-*');
    expect(list.firstMatch('default')).toBeNull();
    expect(list.literalPatterns()).toEqual(['kube-system']);
    expect(list.hasWildcards()).toBe(true);
  });

  it('an empty list matches nothing', () => {
    expect(new GlobList([]).matches('')).toBe(false);
  });

  it('rejects empty and padded patterns', () => {
    expect(globProblem('')).toMatch(/must not be empty/);
    expect(globProblem(' a')).toMatch(/whitespace/);
    expect(globProblem('a*')).toBeNull();
  });
});

describe('host-aware globs (image and registry patterns)', () => {
  it.each([
    ['*.gcr.io/*', 'eu.gcr.io/app', true],
    ['*.gcr.io/*', 'evil.com/eu.gcr.io/app', false],
    ['*/library/nginx', 'docker.io/library/nginx', true],
    ['*/library/nginx', 'docker.io/x/library/nginx', false],
    ['ghcr.io/*', 'ghcr.io/a/b/c', true],
    ['*', 'a/b', true],
    ['*@sha256:*', 'ghcr.io/a@sha256:abc', true],
  ])('%s against %s -> %s', (pattern, subject, expected) => {
    expect(compileGlob(pattern, { hostAware: true }).test(subject)).toBe(expected);
    expect(new GlobList([pattern], { hostAware: true }).matches(subject)).toBe(expected);
  });

  it('without hostAware `*` crosses `/` everywhere', () => {
    expect(compileGlob('*.gcr.io/*').test('evil.com/eu.gcr.io/app')).toBe(true);
  });
});
