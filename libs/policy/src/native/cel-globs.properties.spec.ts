import { parseImageReference } from '#k8s';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileGlob } from '../glob.js';
import {
  ImagePatternList,
  RegistryPatternList,
  canonicalName,
  imagePatternProblem,
  registryPatternProblem,
} from '../image-pattern.js';
import { globCel, globRegex, imagePatternsCel, registryPatternsCel } from './cel-globs.js';
import { celString } from './cel-values.js';
import { evaluateExpression, pullwiseSlot } from './cel-test-harness.js';

// Properties: the CEL that cel-globs.ts writes decides exactly what pullwise's own matchers decide, for globs
// (glob.ts compileGlob), registry patterns (RegistryPatternList) and image patterns (ImagePatternList), evaluated
// with an RE2 `matches` (@bufbuild/cel runs RE2JS, as cel-go runs Go's RE2).

const cel = (expr: string, bindings: Record<string, unknown> = {}) => evaluateExpression(expr, bindings);

/** A slot map (cel-slots.ts) from pullwise's parser; `writtenTag` leaves an implied `latest` out (''). */
function slot(image: string, writtenTag: boolean): Record<string, unknown> {
  const s = pullwiseSlot('container', 'c', image, '');
  const ref = parseImageReference(image);
  const implied = ref.error === null && ref.digest === null && !image.slice(image.lastIndexOf('/') + 1).includes(':');
  return writtenTag && implied ? { ...s, tag: '' } : { ...s };
}

const RUNS = { numRuns: 400 };

// Characters that matter to RE2, to CEL string literals and to globs, plus non-ASCII.
const CHARS = ['a', 'b', '/', ':', '@', '.', '\\', '"', "'", '\n', '(', ')', '[', ']', '{', '}', '^', '$', '|', '?'];
const MORE = ['+', '-', ' ', '\t', 'é', '😀', 'A', '0'];
const char = fc.constantFrom(...CHARS, ...MORE);
const text = fc.array(char, { maxLength: 8 }).map((cs) => cs.join(''));
const glob = fc.array(fc.oneof(char, fc.constant('*')), { minLength: 1, maxLength: 10 }).map((cs) => cs.join(''));
/** A subject built from the glob (its `*` filled in), so matches are frequent. */
const filled = (g: string) =>
  fc
    .array(text, { minLength: g.split('*').length, maxLength: g.split('*').length })
    .map((fills) => g.split('*').reduce((acc, part, i) => (i === 0 ? part : acc + fills[i - 1]! + part), ''));
const globAndSubject = glob.chain((g) => fc.tuple(fc.constant(g), fc.oneof(text, filled(g))));

describe('globs in CEL', () => {
  it('a string literal reads back as the text, whatever it holds', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 20 }), (t) => {
        expect(cel(celString(t), {})).toBe(t);
      }),
      RUNS,
    );
  });

  it('`matches` with the anchored regex agrees with compileGlob', () => {
    fc.assert(
      fc.property(globAndSubject, ([g, subject]) => {
        const expected = compileGlob(g).test(subject);
        expect(cel(`x.matches(${celString(globRegex(g))})`, { x: subject })).toBe(expected);
        expect(cel(globCel(g, 'x'), { x: subject })).toBe(expected);
      }),
      RUNS,
    );
  });
});

const HOSTS = [
  '',
  'ghcr.io/',
  'GHCR.IO/',
  'ghcr.io:443/',
  'Ghcr.io:0443/',
  'docker.io/',
  'index.docker.io/',
  'registry-1.docker.io/',
  'DOCKER.IO:443/',
  'localhost:5000/',
  'localhost/',
  'quay.io/',
  'eu.gcr.io/',
  'evil.com/',
  '[::1]:5000/',
  'ghcr.io.evil.com/',
];
const PATHS = ['nginx', 'library/nginx', 'acme/app', 'acme/team/app', 'evil/miner', 'eu.gcr.io/app', 'a', 'app'];
const TAGS = ['', ':latest', ':1.0', ':Latest', ':v1.2_3-rc'];
const DIGESTS = ['', `@sha256:${'a'.repeat(64)}`, `@sha256:${'b'.repeat(64)}`];
const INVALID = [
  '',
  'nginx@sha256:abc',
  'UPPER/Case:1',
  'a b',
  'ghcr.io/acme/app:',
  'foo//bar',
  'weird\nimage',
  ':tag',
  'GHCR.IO/Acme/App',
  'ghcr.io/Acme/App:latest',
  'ghcr.io/*',
  'docker.io/Library/nginx',
  'ghcr.io:443',
  'docker.io/x/Y',
];

/** Valid references in many spellings, and references that do not parse. */
const images = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.tuple(...[HOSTS, PATHS, TAGS, DIGESTS].map((xs) => fc.constantFrom(...xs))).map((p) => p.join('')),
  },
  { weight: 1, arbitrary: fc.constantFrom(...INVALID) },
);

const HOST_GLOBS = [
  'ghcr.io',
  'GHCR.IO',
  'ghcr.io:443',
  'ghcr.io:*',
  '*.io',
  '*',
  '*.docker.io',
  'docker.io',
  'index.docker.io',
  'registry-1.docker.io',
  'localhost:5000',
  'localhost',
  'eu.gcr.io',
  '*.gcr.io',
  '*:5000',
  'quay.*',
  'ghcr.*o',
  '*docker*',
];
const PATH_GLOBS = [
  '*',
  'acme/*',
  'library/*',
  'nginx',
  'acme/team/*',
  '*app',
  'a*p*',
  'evil/miner',
  'eu.gcr.io/*',
  '*/app',
];
const BARE = [
  'ghcr.io',
  '*.gcr.io',
  'localhost:5000',
  'quay.io',
  'nginx',
  'acme/*',
  '*',
  'app*',
  '*nginx',
  'library/*',
];

const registryPattern = fc
  .oneof(
    fc.tuple(fc.constantFrom(...HOST_GLOBS), fc.constantFrom(...PATH_GLOBS)).map(([h, p]) => `${h}/${p}`),
    fc.constantFrom(...BARE),
    fc
      .array(fc.constantFrom('a', '.', '/', ':', '*', 'io', 'docker', 'ghcr', '443', '5000'), {
        minLength: 1,
        maxLength: 6,
      })
      .map((cs) => cs.join('')),
  )
  .filter((p) => registryPatternProblem(p) === null);

const imagePattern = fc
  .oneof(
    fc
      .tuple(registryPattern, fc.constantFrom('', ':*', ':1.0', ':latest', '@sha256:*', '*', ':*@*', ':Latest'))
      .map(([p, s]) => p + s),
    fc.constantFrom(
      '*@sha256:*',
      '*:latest',
      '*',
      'nginx',
      'nginx:*',
      '*/app*',
      'ghcr.io/*',
      'GHCR.IO:443/acme/*',
      '*:1.0@*',
    ),
  )
  .filter((p) => imagePatternProblem(p) === null);

describe('registry and image patterns in CEL', () => {
  it('registry patterns agree with RegistryPatternList on every valid image (invalid ones are the kinds’ call)', () => {
    fc.assert(
      fc.property(
        fc.array(registryPattern, { minLength: 1, maxLength: 3 }),
        images,
        fc.boolean(),
        (patterns, image, written) => {
          const ref = parseImageReference(image);
          const name = canonicalName(ref);
          fc.pre(name !== null);
          const expected = new RegistryPatternList(patterns).matches(name);
          expect(cel(`s.valid && ${registryPatternsCel(patterns)}`, { s: slot(image, written) })).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  }, 60_000);

  it('image patterns agree with ImagePatternList on every image, valid or not, with either reading of the tag', () => {
    fc.assert(
      fc.property(
        fc.array(imagePattern, { minLength: 1, maxLength: 3 }),
        images,
        fc.boolean(),
        (patterns, image, written) => {
          const expected = new ImagePatternList(patterns).matches(parseImageReference(image));
          expect(cel(imagePatternsCel(patterns), { s: slot(image, written) })).toBe(expected);
        },
      ),
      { numRuns: 1000 },
    );
  }, 60_000);
});
