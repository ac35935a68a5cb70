import { describe, expect, it } from 'vitest';
import { globCel, globRegex, imagePatternsCel, re2Literal, registryPatternsCel } from './cel-globs.js';
import { celString } from './cel-values.js';
import { evaluateExpression, pullwiseSlot } from './cel-test-harness.js';

const cel = (expr: string, bindings: Record<string, unknown> = {}) => evaluateExpression(expr, bindings);

/** A slot map (cel-slots.ts) from pullwise's parser. */
const slot = (image: string) => pullwiseSlot('container', 'c', image, '');

const DIGEST = `sha256:${'a'.repeat(64)}`;

describe(re2Literal.name, () => {
  it('escapes exactly what Go regexp.QuoteMeta escapes', () => {
    expect(re2Literal('\\.+*?()|[]{}^$')).toBe('\\\\\\.\\+\\*\\?\\(\\)\\|\\[\\]\\{\\}\\^\\$');
    expect(re2Literal('a-b_c/d:e@f#g h')).toBe('a-b_c/d:e@f#g h');
  });
});

describe(globRegex.name, () => {
  it('anchors, escapes the literal runs and turns runs of `*` into one newline-crossing wildcard', () => {
    expect(globRegex('ghcr.io/*')).toBe('^ghcr\\.io/(?s:.*)$');
    expect(globRegex('a**b(c)')).toBe('^a(?s:.*)b\\(c\\)$');
    expect(globRegex('*')).toBe('^(?s:.*)$');
  });

  it('matches in CEL as the glob does: anchored, `*` crossing `/`, `:`, `@` and newlines', () => {
    const m = (glob: string, subject: string) =>
      cel(`x.matches(${celString(globRegex(glob))})`, { x: subject }) as boolean;
    expect(m('ghcr.io/*', 'ghcr.io/a/b:1@sha256:x')).toBe(true);
    expect(m('ghcr.io/*', 'xghcr.io/a')).toBe(false);
    expect(m('ghcr.io/*', 'ghcrXio/a')).toBe(false);
    expect(m('a*b', 'a\nb')).toBe(true);
    expect(m('a$', 'a$')).toBe(true);
    expect(m('a', 'a\n')).toBe(false);
  });
});

describe(celString.name, () => {
  it('quotes every character so the literal reads back as the text', () => {
    for (const text of ['', 'plain', 'a"b', 'back\\slash', 'new\nline', 'tab\tcr\r', 'é😀', '\u0001\u007f', "it's"]) {
      expect(cel(celString(text))).toBe(text);
    }
    expect(celString('a"\\\n😀')).toBe('"a\\"\\\\\\u000a\\U0001f600"');
  });

  it('refuses a lone surrogate, which no CEL string holds', () => {
    expect(() => celString('\ud800')).toThrow(/surrogate/);
  });
});

describe(globCel.name, () => {
  it('compares literals with ==, prefixes and suffixes with startsWith/endsWith, the rest with matches', () => {
    expect(globCel('1.0', 's.tag')).toBe('s.tag == "1.0"');
    expect(globCel('v1*', 's.tag')).toBe('s.tag.startsWith("v1")');
    expect(globCel('*-rc', 's.tag')).toBe('s.tag.endsWith("-rc")');
    expect(globCel('**', 's.tag')).toBe('true');
    expect(globCel('a*a', 's.tag')).toBe('s.tag.matches("^a(?s:.*)a$")');
    // `a*a` needs two characters: startsWith and endsWith alone would accept `a`.
    expect(cel(globCel('a*a', 's.tag'), { s: { tag: 'a' } })).toBe(false);
  });
});

describe(registryPatternsCel.name, () => {
  const matches = (patterns: string[], image: string) =>
    cel(`s.valid && ${registryPatternsCel(patterns)}`, { s: slot(image) }) as boolean;

  it('reads patterns and images in the runtime spelling of the host', () => {
    expect(matches(['ghcr.io'], 'GHCR.IO:443/acme/app:1')).toBe(true);
    expect(matches(['GHCR.IO/acme/*'], 'ghcr.io/acme/app')).toBe(true);
    expect(matches(['ghcr.io'], 'ghcr.io.evil.com/acme/app')).toBe(false);
    expect(matches(['registry-1.docker.io/nginx'], 'nginx:1.27')).toBe(true);
    expect(matches(['nginx'], 'index.docker.io/library/nginx')).toBe(true);
  });

  it('keeps a host glob inside the host and lets it name every spelling of the registry', () => {
    expect(matches(['*.gcr.io/*'], 'eu.gcr.io/app')).toBe(true);
    expect(matches(['*.gcr.io/*'], 'evil.com/eu.gcr.io/app')).toBe(false);
    expect(matches(['ghcr.io:*/*'], 'ghcr.io/acme/app')).toBe(true);
    expect(matches(['*.docker.io/*'], 'nginx')).toBe(true);
    expect(matches(['*.docker.io/*'], 'quay.io/x/y')).toBe(false);
  });
});

describe(imagePatternsCel.name, () => {
  const matches = (patterns: string[], image: string) => cel(imagePatternsCel(patterns), { s: slot(image) }) as boolean;

  it('matches any form of a valid image, with an untagged image read as :latest', () => {
    expect(matches(['docker.io/library/nginx:*'], 'nginx')).toBe(true);
    expect(matches(['docker.io/library/nginx:*'], `nginx@${DIGEST}`)).toBe(false);
    expect(matches(['*@sha256:*'], `nginx:1@${DIGEST}`)).toBe(true);
    expect(matches(['*:latest'], 'ghcr.io/acme/app')).toBe(true);
    expect(matches(['nginx:1.*'], 'nginx:1.27')).toBe(true);
  });

  it('matches an invalid image on its text as written', () => {
    expect(matches(['*'], 'Not A Reference')).toBe(true);
    expect(matches(['ghcr.io/*'], 'ghcr.io/Acme/App')).toBe(true);
    expect(matches(['ghcr.io/*'], 'GHCR.IO/Acme/App')).toBe(false);
    expect(matches(['*:latest'], '')).toBe(false);
  });
});
