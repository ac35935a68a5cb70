import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImageReference } from '../types.js';
import { ANCHORED_NAME_REGEXP, REFERENCE_REGEXP } from './grammar.js';
import { parseImageReference } from './index.js';
import { matchReference } from './match-reference.js';

// Property tests. The seed is fixed so that CI runs are reproducible; to explore further, change
// the seed (or drop it) locally and pin any counterexample found as an example test.
const RUNS = { seed: 42, numRuns: 2000 } as const;
// The differential check (d) is cheap per run and hunts for rare shapes, so it gets more runs.
const DIFFERENTIAL_RUNS = { seed: 42, numRuns: 20000 } as const;

// --- arbitraries built from the regexp.go grammar -------------------------------------------------

const domainComponent = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,6}[a-zA-Z0-9])?$/);
const port = fc.integer({ min: 0, max: 99999 }).map((p) => `:${p}`);
// regexp.go ipv6address; at least one ':' so that splitDockerDomain sees a domain ("[a]/x" is a path).
const ipv6 = fc.stringMatching(/^\[[a-fA-F0-9:]{0,6}:[a-fA-F0-9:]{0,6}\]$/);
/** Domains that splitDockerDomain recognises as such: contain "." or ":", are "localhost", or are not lowercase. */
const domain = fc.oneof(
  fc
    .tuple(fc.array(domainComponent, { minLength: 2, maxLength: 4 }), fc.option(port))
    .map(([c, p]) => c.join('.') + (p ?? '')),
  fc.tuple(domainComponent, port).map(([c, p]) => c + p),
  fc.tuple(ipv6, fc.option(port)).map(([h, p]) => h + (p ?? '')),
  fc.option(port).map((p) => 'localhost' + (p ?? '')),
  domainComponent.filter((c) => c.toLowerCase() !== c),
  fc.constantFrom('docker.io', 'index.docker.io', 'registry.k8s.io', 'ghcr.io', 'MyRegistry.io'),
);
const pathComponent = fc.stringMatching(/^[a-z0-9]{1,6}(?:(?:[._]|__|-{1,3})[a-z0-9]{1,6}){0,3}$/);
const tag = fc.oneof(
  fc.stringMatching(/^[\w][\w.-]{0,20}$/),
  fc.stringMatching(/^[\w][\w.-]{120,127}$/),
  fc.constantFrom('latest', 'LATEST', '1.25'),
);
const digest = fc.oneof(
  fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`),
  fc.stringMatching(/^[a-f0-9]{96}$/).map((h) => `sha384:${h}`),
  fc.stringMatching(/^[a-f0-9]{128}$/).map((h) => `sha512:${h}`),
);

interface Generated {
  input: string;
  expected: Omit<ImageReference, 'reference' | 'error'>;
}

/** A valid reference and the parts Kubernetes must read from it, computed from its construction. */
const validReference: fc.Arbitrary<Generated> = fc
  .record({
    domain: fc.option(domain),
    path: fc.array(pathComponent, { minLength: 1, maxLength: 4 }),
    tag: fc.option(tag),
    digest: fc.option(digest),
  })
  // Without a written domain, a first component that looks like one ("." or "localhost") would be
  // read as the domain: that ambiguity is the parser's business, not this generator's.
  .filter(({ domain: d, path: p }) => d !== null || p.length === 1 || (!p[0]!.includes('.') && p[0] !== 'localhost'))
  .map(({ domain: d, path: p, tag: t, digest: g }) => {
    const path = p.join('/');
    const input = (d === null ? '' : `${d}/`) + path + (t === null ? '' : `:${t}`) + (g === null ? '' : `@${g}`);
    const registry = d === null || d === 'index.docker.io' ? 'docker.io' : d;
    return {
      input,
      expected: {
        registry,
        repository: registry === 'docker.io' && p.length === 1 ? `library/${path}` : path,
        tag: t ?? (g === null ? 'latest' : null),
        digest: g,
        runtimeImage: t === null && g === null ? `${input}:latest` : input,
      },
    };
  });

/** Single-character edits of valid references, to probe the edges of the grammar. */
const ALPHABET = [...'aAzZ09_.-:/@[]fF+=% K\u0130\u212A\u00d1\n'];
const edited = fc
  .tuple(validReference, fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom(...ALPHABET))
  .map(([{ input }, at, op, c]) => {
    const i = at % (input.length + 1);
    if (op === 'insert') return input.slice(0, i) + c + input.slice(i);
    if (op === 'delete') return input.slice(0, i) + input.slice(i + 1);
    return input.slice(0, i) + c + input.slice(i + 1);
  });
const alphabetSoup = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 40 });
/** Strings of grammar-sized tokens: more likely than single characters to land near a valid reference. */
const TOKENS = [
  'a',
  'b0',
  'A',
  '.',
  '-',
  '--',
  '_',
  '__',
  ':',
  '5000',
  '/',
  '@',
  '[',
  ']',
  '::1',
  '+',
  'sha256',
  'localhost',
  'docker.io',
  'f'.repeat(32),
  'f'.repeat(64),
];
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 12 }).map((t) => t.join(''));
/** domain-ish "/" path-ish [":" tag-ish] ["@" digest-ish]: each part drawn from tokens of its own production. */
const soup = (tokens: string[], maxLength: number) =>
  fc.array(fc.constantFrom(...tokens), { maxLength }).map((t) => t.join(''));
const F32 = 'f'.repeat(32);
const nearMiss = fc
  .tuple(
    soup(['a', 'A', '0', '-', '.', '[', ']', '[]', ':', '5', '::1', '[::1]', ':5000', 'localhost', '_'], 5),
    soup(['a', '0', '-', '.', '_', '__', '/', 'A'], 6),
    fc.option(soup(['a', 'A', '_', '.', '-', '0', ':'], 4)),
    fc.option(
      fc.constantFrom(
        `sha256:${F32}${F32}`,
        `sha256:${F32}`,
        `SHA256:${F32}${F32}`,
        `a.b+c:${F32}`,
        `sha256:${'F'.repeat(64)}`,
        'x:',
        `1a:${F32}`,
        `a-:${F32}`,
      ),
    ),
  )
  .map(([d, p, t, g]) => `${d}/${p}${t === null ? '' : `:${t}`}${g === null ? '' : `@${g}`}`);
const anyUtf16 = fc.string({
  unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)),
  maxLength: 300,
});

function expectWellFormed(ref: ImageReference, image: string): void {
  expect(ref.reference).toBe(image);
  if (ref.error === null) {
    for (const part of [ref.registry, ref.repository, ref.runtimeImage]) expect(typeof part).toBe('string');
    expect(ref.tag !== null || ref.digest !== null).toBe(true);
  } else {
    expect(typeof ref.error).toBe('string');
    expect([ref.registry, ref.repository, ref.tag, ref.digest, ref.runtimeImage]).toEqual([
      null,
      null,
      null,
      null,
      null,
    ]);
  }
}

describe('properties of parseImageReference', () => {
  it('(a) never throws, on any string', () => {
    const anything = fc.oneof(
      anyUtf16,
      fc.string({ unit: 'binary', maxLength: 300 }),
      fc.string({ unit: 'grapheme', maxLength: 100 }),
      fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 50 }),
      fc.string({ maxLength: 5000 }),
      alphabetSoup,
      tokenSoup,
      nearMiss,
      edited,
    );
    fc.assert(
      fc.property(anything, (image) => {
        expectWellFormed(parseImageReference(image), image);
      }),
      RUNS,
    );
  });

  it('(b) normalisation is idempotent: re-parsing registry/repository[:tag][@digest] gives the same parts', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          validReference.map((g) => g.input),
          edited,
          alphabetSoup,
          tokenSoup,
          nearMiss,
        ),
        (image) => {
          const first = parseImageReference(image);
          if (first.error !== null) return;
          // reference.Domain can be "" (e.g. "a_b.com/foo": see edge-cases.spec.ts); then the name is the path alone.
          const normalised =
            (first.registry === '' ? '' : `${first.registry}/`) +
            first.repository +
            (first.tag === null ? '' : `:${first.tag}`) +
            (first.digest === null ? '' : `@${first.digest}`);
          const second = parseImageReference(normalised);
          expect([second.registry, second.repository, second.tag, second.digest, second.error]).toEqual([
            first.registry,
            first.repository,
            first.tag,
            first.digest,
            null,
          ]);
        },
      ),
      RUNS,
    );
  });

  it('(c) references generated from the grammar parse back to the parts they were built from', () => {
    fc.assert(
      fc.property(validReference, ({ input, expected }) => {
        expect(parseImageReference(input)).toEqual({ reference: input, ...expected, error: null });
      }),
      RUNS,
    );
  });

  it('(d) the linear matcher agrees with the transcribed regexp.go expressions (referencePat + anchoredNamePat)', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          validReference.map((g) => g.input),
          edited,
          alphabetSoup,
          tokenSoup,
          nearMiss,
        ),
        (s) => {
          const re = REFERENCE_REGEXP.exec(s);
          let expected: [string, string, string, string] | null = null;
          if (re !== null) {
            const name = ANCHORED_NAME_REGEXP.exec(re[1]!)!;
            expected = [name[1] ?? '', name[2]!, re[2] ?? '', re[3] ?? ''];
          }
          const m = matchReference(s);
          expect(m === null ? null : [m.domain, m.path, m.tag, m.digest]).toEqual(expected);
        },
      ),
      DIFFERENTIAL_RUNS,
    );
  });
});
