import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { EvaluationResult } from './evaluation-result.js';
import { DIGEST, evaluate, makeException, makeRule, pod } from './test-support.js';

// Property (issue 13 §2): for every registry-based rule, any spelling of an image's registry host (case, `:443`,
// Docker Hub's aliases and its implied `library/`) gives exactly the findings of the canonical spelling, and so
// does a rule whose patterns spell the hosts differently.

const DOCKER_HUB_HOSTS = ['docker.io', 'index.docker.io', 'registry-1.docker.io'];

const images = fc.record({
  hostAndPath: fc.constantFrom(
    ['ghcr.io', 'acme/app'],
    ['ghcr.io', 'evil/miner'],
    ['quay.io', 'acme/app'],
    ['registry.acme.io', 'team/api'],
    ['docker.io', 'library/nginx'],
    ['docker.io', 'library/busybox'],
    ['docker.io', 'bitnami/redis'],
  ),
  // Always a tag or a digest, so the written reference never occurs inside the messages' registry names.
  suffix: fc.constantFrom(':1.0', ':latest', ':Latest', `@${DIGEST}`, `:1.0@${DIGEST}`),
  policy: fc.constantFrom('', '|Never', '|IfNotPresent', '|Always'),
});

/** Random case of every letter of a host (registry hosts compare case-insensitively). */
const recased = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(''));

/** Another spelling of `host/path` that names the same repository. */
function spelling(host: string, path: string): fc.Arbitrary<string> {
  const hosts = host === 'docker.io' ? fc.constantFrom(...DOCKER_HUB_HOSTS) : fc.constant(host);
  return fc
    .record({
      alias: hosts,
      port: fc.constantFrom('', '', ':443', ':0443'),
      dropLibrary: fc.boolean(),
      familiar: fc.boolean(),
    })
    .chain(({ alias, port, dropLibrary, familiar }) =>
      recased(alias).map((h) => {
        const official = path.startsWith('library/');
        // Docker Hub's familiar forms: `nginx`, `bitnami/redis` (normalize.go splitDockerDomain).
        if (host === 'docker.io' && familiar && port === '' && h === 'docker.io')
          return official ? path.slice('library/'.length) : path;
        const p = official && dropLibrary ? path.slice('library/'.length) : path;
        return `${h}${port}/${p}`;
      }),
    );
}

const REGISTRY_PATTERNS = [
  'ghcr.io',
  'ghcr.io/*',
  'ghcr.io/acme/*',
  'quay.io',
  'registry.acme.io',
  'docker.io/library/*',
  'docker.io/bitnami/*',
  'nginx',
  '*.docker.io/*',
  'ghcr.io:*/*',
  '*.io/acme/*',
  'mirror.acme.io',
];
const IMAGE_PATTERNS = [
  ...REGISTRY_PATTERNS.filter((p) => p.includes('/') || p === 'nginx'),
  'docker.io/library/nginx:*',
  'ghcr.io/acme/app:1.0',
  '*@sha256:*',
];
const PRELOADED = [
  'ghcr.io/acme/app:1.0',
  'ghcr.io/evil/miner:latest',
  'busybox:latest',
  'docker.io/library/nginx:1.0',
  `registry.acme.io/team/api@${DIGEST}`,
  'bitnami/redis:Latest',
];

const pick = <T>(list: readonly T[]) => fc.subarray([...list], { minLength: 1, maxLength: 3 });

const policies = fc.record({
  denied: pick(REGISTRY_PATTERNS),
  allowed: pick(REGISTRY_PATTERNS),
  secrets: pick(REGISTRY_PATTERNS),
  match: pick(IMAGE_PATTERNS),
  exclude: pick(IMAGE_PATTERNS),
  waive: pick(IMAGE_PATTERNS),
  preloaded: fc.subarray(PRELOADED),
});
type Policies = typeof policies extends fc.Arbitrary<infer P> ? P : never;

function run(containers: string[], p: Policies, respell: (pattern: string) => string = (x) => x): EvaluationResult {
  const rules = [
    makeRule({
      name: 'denied',
      kind: 'denied-registries',
      params: {
        registries: p.denied.map(respell),
        rewrites: [{ from: respell('ghcr.io'), to: 'mirror.acme.io/ghcr' }],
      },
    }),
    makeRule({
      name: 'allowed',
      kind: 'allowed-registries',
      params: {
        registries: p.allowed.map(respell),
        rewrites: [{ from: respell('docker.io/library'), to: 'mirror.acme.io/hub' }],
      },
    }),
    makeRule({
      name: 'secrets',
      kind: 'pull-secrets-for-registries',
      params: { registries: p.secrets.map(respell) },
    }),
    makeRule({
      name: 'tags',
      kind: 'disallowed-tags',
      params: { tags: ['latest', '1.0'] },
      match: { images: p.match.map(respell) },
      exclude: { images: p.exclude.map(respell) },
    }),
    makeRule({ name: 'preloaded', kind: 'never-requires-preloaded' }),
  ];
  const exceptions = [
    makeException({ name: 'waiver', rules: ['tags', 'denied'], match: { images: p.waive.map(respell) } }),
  ];
  return evaluate(pod(containers), rules, { exceptions, rule: { preloadedImages: p.preloaded.map(respell) } });
}

/**
 * The findings with each slot's written reference replaced by a placeholder (messages quote it as written), without
 * the rule ids that every run generates afresh.
 */
function comparable(result: EvaluationResult): unknown[] {
  const written = new Map<string, string>();
  for (const w of result.workloads) for (const s of w.slots) written.set(s.path, s.image.reference);
  return result.findings.map(({ ruleId: _id, ...f }) => {
    const ref = written.get(f.slot)!;
    return JSON.parse(JSON.stringify(f).split(ref).join('<image>')) as unknown;
  });
}

/** A pattern with its host (first component, when it names one) in another spelling; random but fixed. */
function respeller(seed: number): (pattern: string) => string {
  return (pattern) => {
    const slash = pattern.indexOf('/');
    const host = slash < 0 ? pattern : pattern.slice(0, slash);
    if (!host.includes('.') || host.includes('*')) return pattern;
    const rest = slash < 0 ? '' : pattern.slice(slash);
    let h = [...host].map((c, i) => ((seed >> (i % 16)) & 1 ? c.toUpperCase() : c)).join('');
    if (host === 'docker.io') h = ['docker.io', 'INDEX.DOCKER.IO', 'Registry-1.Docker.IO'][seed % 3]!;
    if (
      host === 'docker.io' &&
      rest.startsWith('/library/') &&
      rest.split('/').length === 3 &&
      !rest.includes('*') &&
      seed % 2
    )
      return `${h}${rest.slice('/library'.length)}`;
    return `${h}${seed % 5 === 0 ? ':443' : ''}${rest}`;
  };
}

describe('registry spellings do not change findings (property)', () => {
  const containers = fc.array(
    images.chain((img) =>
      spelling(img.hostAndPath[0], img.hostAndPath[1]).map((spelled) => ({
        canonical: `${img.hostAndPath[0]}/${img.hostAndPath[1]}${img.suffix}${img.policy}`,
        spelled: `${spelled}${img.suffix}${img.policy}`,
      })),
    ),
    { minLength: 1, maxLength: 3 },
  );

  it('any host spelling of the images gives the findings of the canonical spelling', () => {
    fc.assert(
      fc.property(containers, policies, (cs, p) => {
        const canonical = run(
          cs.map((c) => c.canonical),
          p,
        );
        const spelled = run(
          cs.map((c) => c.spelled),
          p,
        );
        expect(spelled.errors).toEqual([]);
        expect(comparable(spelled)).toEqual(comparable(canonical));
      }),
      { numRuns: 200 },
    );
  });

  it('patterns, rewrites and preloaded images written in any host spelling give the same findings', () => {
    fc.assert(
      fc.property(containers, policies, fc.nat(), (cs, p, seed) => {
        const images = cs.map((c) => c.spelled);
        const canonical = run(images, p);
        const spelled = run(images, p, respeller(seed));
        // Messages and fix descriptions quote the pattern as written (and how it is read); the rest is identical.
        const strip = (r: EvaluationResult) =>
          comparable(r).map((f) => {
            const { message: _m, fix, ...rest } = f as { message: string; fix: { description: string } | null };
            return { ...rest, fix: fix === null ? null : { ...fix, description: undefined } };
          });
        expect(strip(spelled)).toEqual(strip(canonical));
      }),
      { numRuns: 200 },
    );
  });
});
