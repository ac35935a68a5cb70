import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WORKLOAD_KINDS, loadManifests } from '#k8s';
import { slotVariables, type CelSlot, type CelSlotType } from './cel-slots.js';
import { apiServerDefaults, evaluateVariables, pullwiseSlot } from './cel-test-harness.js';

// Differential property tests: the CEL of cel-slots.ts against pullwise's own reading (libs/k8s
// parseImageReference, canonicalImageName, defaultPullPolicy and the slot extractor). The seed is fixed so runs
// are reproducible; change it locally to explore and pin any counterexample in cel-slots.spec.ts.
const SEED = 4639;
const TIMEOUT = 120_000;

const VARIABLES = slotVariables();

function celSlots(object: unknown): CelSlot[] {
  return evaluateVariables(VARIABLES, object).slots as CelSlot[];
}

// --- references (after libs/k8s image/properties.spec.ts and edge-cases.spec.ts) ------------------------------------

const domainComponent = fc.stringMatching(/^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,6}[a-zA-Z0-9])?$/);
/**
 * Ports as written: small and large numbers, :443 and its zero-padded spellings. Values stay below 2^53: pullwise's
 * canonicalRegistryHost reads the port through a JS number, which rounds beyond that (see cel-slots.spec.ts).
 */
const port = fc
  .tuple(
    fc.oneof(
      fc.integer({ min: 0, max: 99999 }),
      fc.constantFrom(0, 80, 443, 5000),
      fc.integer({ min: 0, max: Number.MAX_SAFE_INTEGER }),
    ),
    fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 25 })),
  )
  .map(([p, zeros]) => `:${'0'.repeat(zeros)}${p}`);
const ipv6 = fc.stringMatching(/^\[[a-fA-F0-9:]{0,6}:[a-fA-F0-9:]{0,6}\]$/);
const domain = fc.oneof(
  fc
    .tuple(fc.array(domainComponent, { minLength: 2, maxLength: 4 }), fc.option(port))
    .map(([c, p]) => c.join('.') + (p ?? '')),
  fc.tuple(domainComponent, port).map(([c, p]) => c + p),
  fc.tuple(ipv6, fc.option(port)).map(([h, p]) => h + (p ?? '')),
  fc.option(port).map((p) => 'localhost' + (p ?? '')),
  domainComponent.filter((c) => c.toLowerCase() !== c),
  fc
    .tuple(
      fc.constantFrom(
        'docker.io',
        'index.docker.io',
        'registry-1.docker.io',
        'DOCKER.IO',
        'Index.Docker.IO',
        'Registry-1.Docker.Io',
        'registry.k8s.io',
        'ghcr.io',
        'GHCR.IO',
        'MyRegistry.io',
        'LocalHost',
        '127.0.0.1',
        'a_b.com',
        'a__b.c',
        'x_y',
      ),
      fc.option(port),
    )
    .map(([d, p]) => d + (p ?? '')),
);
const pathComponent = fc.stringMatching(/^[a-z0-9]{1,6}(?:(?:[._]|__|-{1,3})[a-z0-9]{1,6}){0,3}$/);
const tag = fc.oneof(
  fc.stringMatching(/^[\w][\w.-]{0,20}$/),
  fc.stringMatching(/^[\w][\w.-]{120,128}$/),
  fc.constantFrom('latest', 'LATEST', 'Latest', '1.25', '443', '5000'),
);
const digest = fc.oneof(
  fc.stringMatching(/^[a-f0-9]{64}$/).map((h) => `sha256:${h}`),
  fc.stringMatching(/^[a-f0-9]{96}$/).map((h) => `sha384:${h}`),
  fc.stringMatching(/^[a-f0-9]{128}$/).map((h) => `sha512:${h}`),
  fc.constantFrom(`sha256:${'a'.repeat(63)}`, `sha256:${'A'.repeat(64)}`, `md5:${'a'.repeat(32)}`, 'sha256:'),
);
/** Path lengths around RepositoryNameTotalLengthMax (255), counted with and without Docker Hub's library/. */
const longPath = fc.integer({ min: 240, max: 260 }).map((n) => 'a'.repeat(n));

/** Valid-looking references: any domain (or none), 1-4 path components (or a long one), tag and digest optional. */
const composed = fc
  .record({
    domain: fc.option(domain),
    path: fc.oneof(
      { weight: 5, arbitrary: fc.array(pathComponent, { minLength: 1, maxLength: 4 }) },
      { weight: 1, arbitrary: longPath.map((p) => [p]) },
    ),
    tag: fc.option(tag),
    digest: fc.option(digest),
  })
  .map(
    ({ domain: d, path, tag: t, digest: g }) =>
      (d === null ? '' : `${d}/`) + path.join('/') + (t === null ? '' : `:${t}`) + (g === null ? '' : `@${g}`),
  );

/** Near the path limit on Docker Hub, where splitDockerDomain's library/ counts and an alias's does not. */
const longOnHub = fc
  .tuple(fc.constantFrom('', 'docker.io/', 'index.docker.io/', 'registry-1.docker.io/', 'DOCKER.IO/'), longPath)
  .map(([d, p]) => d + p);

/** Single-character edits, to probe the edges of the grammar. */
const ALPHABET = [...'aAzZ09_.-:/@[]fF+=% K\u0130\u212A\u00d1\n\t'];
const edited = fc
  .tuple(composed, fc.nat(), fc.constantFrom('insert', 'delete', 'replace'), fc.constantFrom(...ALPHABET))
  .map(([input, at, op, c]) => {
    const i = at % (input.length + 1);
    if (op === 'insert') return input.slice(0, i) + c + input.slice(i);
    if (op === 'delete') return input.slice(0, i) + input.slice(i + 1);
    return input.slice(0, i) + c + input.slice(i + 1);
  });
const alphabetSoup = fc.string({ unit: fc.constantFrom(...ALPHABET), maxLength: 40 });
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
  '443',
  '0443',
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
  'index.docker.io',
  'registry-1.docker.io',
  'f'.repeat(32),
  'f'.repeat(64),
];
const tokenSoup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 12 }).map((t) => t.join(''));
const soup = (tokens: string[], maxLength: number) =>
  fc.array(fc.constantFrom(...tokens), { maxLength }).map((t) => t.join(''));
const F32 = 'f'.repeat(32);
const nearMiss = fc
  .tuple(
    soup(['a', 'A', '0', '-', '.', '[', ']', '[]', ':', '5', '::1', '[::1]', ':5000', ':443', 'localhost', '_'], 5),
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
      ),
    ),
  )
  .map(([d, p, t, g]) => `${d}/${p}${t === null ? '' : `:${t}`}${g === null ? '' : `@${g}`}`);

/** Strings the API server can hold: JSON text is UTF-8, so no lone surrogate reaches CEL. */
const wellFormed = (s: string) => !/\p{Cs}/u.test(s);

const image = fc
  .oneof(
    { weight: 8, arbitrary: composed },
    { weight: 1, arbitrary: longOnHub },
    { weight: 3, arbitrary: edited },
    { weight: 2, arbitrary: nearMiss },
    { weight: 1, arbitrary: tokenSoup },
    { weight: 1, arbitrary: alphabetSoup },
    { weight: 1, arbitrary: fc.string({ maxLength: 30 }) },
    { weight: 1, arbitrary: fc.constantFrom('', 'f'.repeat(64), ' nginx', 'nginx ', 'http://x/y', 'ko://a/b') },
  )
  .filter(wellFormed);

const written = fc.constantFrom('', 'Always', 'IfNotPresent', 'Never', 'always', 'Latest', ' Never');

// --- objects -----------------------------------------------------------------------------------------------------

interface GeneratedSlot {
  slot: CelSlotType;
  name: string;
  image: string;
  written: string;
}

const generatedSlot: fc.Arbitrary<GeneratedSlot> = fc.record({
  slot: fc.constantFrom<CelSlotType>('container', 'initContainer', 'ephemeralContainer', 'imageVolume'),
  name: fc.stringMatching(/^[a-z][a-z0-9-]{0,8}$/),
  image,
  written,
});

const LISTS: Record<Exclude<CelSlotType, 'imageVolume'>, string> = {
  initContainer: 'initContainers',
  container: 'containers',
  ephemeralContainer: 'ephemeralContainers',
};
const ORDER: CelSlotType[] = ['initContainer', 'container', 'ephemeralContainer', 'imageVolume'];

/** A workload of `kind` holding the slots; returns it with the slots in pullwise's visiting order. */
function build(kind: string, slots: GeneratedSlot[]): { object: Record<string, unknown>; ordered: GeneratedSlot[] } {
  const spec: Record<string, unknown[]> = {};
  for (const s of slots) {
    if (s.slot === 'imageVolume') {
      const source = { reference: s.image, ...(s.written === '' ? {} : { pullPolicy: s.written }) };
      (spec.volumes ??= []).push({ name: s.name, image: source });
    } else {
      (spec[LISTS[s.slot]] ??= []).push({
        name: s.name,
        image: s.image,
        ...(s.written === '' ? {} : { imagePullPolicy: s.written }),
      });
    }
  }
  let node: unknown = spec;
  for (const field of [...WORKLOAD_KINDS[kind]!.podSpecPath].reverse()) node = { [field]: node };
  const ordered = ORDER.flatMap((t) => slots.filter((s) => s.slot === t));
  const group = WORKLOAD_KINDS[kind]!.groups[0]!;
  const apiVersion = group === '' ? 'v1' : `${group}/v1`;
  return { object: { apiVersion, kind, metadata: { name: 'w' }, ...(node as object) }, ordered };
}

function expectSameSlots(object: unknown, expected: CelSlot[]): void {
  expect(celSlots(object)).toEqual(expected);
  const defaulted = celSlots(apiServerDefaults(object));
  expect(defaulted.map(({ written: _, ...rest }) => rest)).toEqual(expected.map(({ written: _, ...rest }) => rest));
  // The API server fills an empty policy with exactly the default the CEL computed.
  expect(defaulted.map((s) => s.written)).toEqual(expected.map((s) => (s.written === '' ? s.effective : s.written)));
}

describe('cel-slots: differential properties against pullwise', () => {
  it(
    'every field of a slot, for any reference and written policy, as written and as defaulted',
    () => {
      fc.assert(
        fc.property(image, written, (img, policy) => {
          const { object } = build('Pod', [{ slot: 'container', name: 'c', image: img, written: policy }]);
          expectSameSlots(object, [pullwiseSlot('container', 'c', img, policy)]);
        }),
        { seed: SEED, numRuns: 4000 },
      );
    },
    TIMEOUT,
  );

  it(
    'every workload kind and slot mix: the slot list pullwise extracts, in its order',
    () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...Object.keys(WORKLOAD_KINDS)),
          fc.array(generatedSlot, { minLength: 0, maxLength: 5 }),
          (kind, slots) => {
            const { object, ordered } = build(kind, slots);
            const expected = ordered.map((s) => pullwiseSlot(s.slot, s.name, s.image, s.written));
            // The generator's object is read by pullwise as intended.
            const extracted = loadManifests([object]).workloads.flatMap((w) => w.slots);
            expect(extracted.map((s) => [s.type, s.name, s.image, s.declaredPolicy ?? ''])).toEqual(
              expected.map((s) => [s.slot, s.name, s.image, s.written]),
            );
            expectSameSlots(object, expected);
          },
        ),
        { seed: SEED, numRuns: 600 },
      );
    },
    TIMEOUT,
  );
});
