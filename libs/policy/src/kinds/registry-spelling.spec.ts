import { describe, expect, it } from 'vitest';
import { DIGEST, evaluate, makeException, makeRule, pod } from '../test-support.js';

// Every registry-based comparison reads the registry host as the container runtime does (image-pattern.ts):
// the same findings for every spelling of a host, and patterns written in any spelling.

function findings(
  kind: string,
  params: Record<string, unknown>,
  image: string,
  options: Parameters<typeof evaluate>[2] = {},
) {
  return evaluate(pod([image]), [makeRule({ name: 'r', kind, params })], options).findings;
}

type Row = [string, boolean];

describe('denied-registries ["ghcr.io/*"]', () => {
  it.each<Row>([
    ['ghcr.io/evil/miner:1.0', true],
    ['GHCR.IO/evil/miner:1.0', true],
    ['Ghcr.Io/evil/miner:1.0', true],
    ['ghcr.io:443/evil/miner:1.0', true],
    ['GHCR.IO:443/evil/miner:1.0', true],
    ['ghcr.io:0443/evil/miner:1.0', true],
    [`GHCR.IO/evil/miner@${DIGEST}`, true],
    ['ghcr.io:5000/evil/miner:1.0', false],
    ['ghcr.io.evil.com/miner:1.0', false],
  ])('%s -> denied %s', (image, fires) => {
    expect(findings('denied-registries', { registries: ['ghcr.io/*'] }, image).length).toBe(fires ? 1 : 0);
  });

  it('names the registry in the runtime spelling', () => {
    const [f] = findings('denied-registries', { registries: ['ghcr.io/*'] }, 'GHCR.IO:443/evil/miner:1.0');
    expect(f!.message).toBe(
      'GHCR.IO:443/evil/miner:1.0 comes from ghcr.io/evil/miner, which matches the denied pattern "ghcr.io/*"',
    );
  });

  it('a pattern written in another spelling says how it is read', () => {
    const [f] = findings('denied-registries', { registries: ['GHCR.IO'] }, 'ghcr.io/evil/miner:1.0');
    expect(f!.message).toBe(
      'ghcr.io/evil/miner:1.0 comes from ghcr.io/evil/miner, which matches the denied pattern "GHCR.IO" (read as "ghcr.io/*")',
    );
  });
});

describe('denied-registries on Docker Hub', () => {
  it.each<[string, string, boolean]>([
    ['docker.io/library/*', 'nginx:1.27', true],
    ['docker.io/library/*', 'registry-1.docker.io/nginx:1.27', true],
    ['docker.io/library/*', 'REGISTRY-1.DOCKER.IO/nginx:1.27', true],
    ['docker.io/library/*', 'index.docker.io/nginx:1.27', true],
    ['docker.io/library/*', 'INDEX.DOCKER.IO/nginx:1.27', true],
    ['docker.io/library/*', 'docker.io:443/nginx:1.27', true],
    ['docker.io/library/*', 'registry-1.docker.io/bitnami/redis:7', false],
    ['index.docker.io', 'registry-1.docker.io/bitnami/redis:7', true],
    ['registry-1.docker.io', 'nginx:1.27', true],
    ['registry-1.docker.io/nginx', 'nginx:1.27', true],
  ])('%s vs %s -> denied %s', (pattern, image, fires) => {
    expect(findings('denied-registries', { registries: [pattern] }, image).length).toBe(fires ? 1 : 0);
  });
});

describe('allowed-registries ["ghcr.io/acme/*", "docker.io/library/*"]', () => {
  const params = { registries: ['ghcr.io/acme/*', 'docker.io/library/*'] };
  it.each<Row>([
    ['GHCR.IO/acme/app:1', false],
    ['ghcr.io:443/acme/app:1', false],
    ['registry-1.docker.io/nginx:1.27', false],
    ['index.docker.io/library/nginx:1.27', false],
    ['ghcr.io:5000/acme/app:1', true],
    ['GHCR.IO/other/app:1', true],
  ])('%s -> fires %s', (image, fires) => {
    expect(findings('allowed-registries', params, image).length).toBe(fires ? 1 : 0);
  });

  it('patterns in other spellings allow the same images', () => {
    const spelled = { registries: ['GHCR.IO:443/acme/*', 'REGISTRY-1.DOCKER.IO/library/*'] };
    for (const image of ['ghcr.io/acme/app:1', 'nginx:1.27'])
      expect(findings('allowed-registries', spelled, image)).toEqual([]);
    expect(findings('allowed-registries', spelled, 'quay.io/acme/app:1')).toHaveLength(1);
  });
});

describe('rewrites compare the canonical name', () => {
  it.each<[string, string, string]>([
    ['k8s.gcr.io', 'K8S.GCR.IO/pause:3.2', 'registry.k8s.io/pause:3.2'],
    ['k8s.gcr.io', 'k8s.gcr.io:443/pause:3.2', 'registry.k8s.io/pause:3.2'],
    ['K8S.GCR.IO:443', 'k8s.gcr.io/pause:3.2', 'registry.k8s.io/pause:3.2'],
    ['docker.io/library', 'registry-1.docker.io/nginx:1.27', 'mirror.acme.io/hub/nginx:1.27'],
    ['index.docker.io/library', 'nginx:1.27', 'mirror.acme.io/hub/nginx:1.27'],
  ])('from %s: %s -> %s', (from, image, expected) => {
    const to = from.includes('docker') ? 'mirror.acme.io/hub' : 'registry.k8s.io';
    const [f] = findings(
      'denied-registries',
      { registries: ['k8s.gcr.io', 'docker.io/library/*'], rewrites: [{ from, to }] },
      image,
    );
    expect(f!.fix!.image).toBe(expected);
  });
});

describe('pull-secrets-for-registries ["registry.acme.io"]', () => {
  it.each<Row>([
    ['registry.acme.io/app:1', true],
    ['REGISTRY.ACME.IO/app:1', true],
    ['registry.acme.io:443/app:1', true],
    ['registry.acme.io:5000/app:1', false],
  ])('%s -> fires %s', (image, fires) => {
    const out = findings('pull-secrets-for-registries', { registries: ['registry.acme.io'] }, image);
    expect(out.length).toBe(fires ? 1 : 0);
    if (fires)
      expect(out[0]!.message).toMatch(/^\S+ comes from registry\.acme\.io\/app \(matches "registry\.acme\.io"\)/);
  });
});

describe('never-requires-preloaded with preloadedImages in any spelling', () => {
  it.each<[string, string, boolean]>([
    ['registry.k8s.io/pause:3.9', 'REGISTRY.K8S.IO/pause:3.9|Never', false],
    ['registry.k8s.io/pause:3.9', 'registry.k8s.io:443/pause:3.9|Never', false],
    ['REGISTRY.K8S.IO:443/pause:3.9', 'registry.k8s.io/pause:3.9|Never', false],
    ['busybox:1.36', 'registry-1.docker.io/busybox:1.36|Never', false],
    ['index.docker.io/library/busybox:1.36', 'busybox:1.36|Never', false],
    ['registry.k8s.io/pause:3.9', 'registry.k8s.io:5000/pause:3.9|Never', true],
  ])('preloaded %s, container %s -> fires %s', (preloaded, container, fires) => {
    const out = findings('never-requires-preloaded', {}, container, { rule: { preloadedImages: [preloaded] } });
    expect(out.length).toBe(fires ? 1 : 0);
  });
});

describe('match.images and exclude.images', () => {
  const tagRule = (match: Record<string, unknown> | undefined, exclude?: Record<string, unknown>) =>
    makeRule({ name: 'r', kind: 'disallowed-tags', params: { tags: ['latest'] }, match, exclude });

  it.each<[string, string, boolean]>([
    ['ghcr.io/acme/*', 'GHCR.IO/acme/app:latest', true],
    ['ghcr.io/acme/*', 'ghcr.io:443/acme/app:latest', true],
    ['GHCR.IO/acme/*', 'ghcr.io/acme/app:latest', true],
    ['docker.io/library/nginx:*', 'registry-1.docker.io/nginx:latest', true],
    ['ghcr.io/acme/*', 'ghcr.io:5000/acme/app:latest', false],
  ])('match %s, image %s -> applies %s', (pattern, image, applies) => {
    expect(evaluate(pod([image]), [tagRule({ images: [pattern] })]).findings.length).toBe(applies ? 1 : 0);
  });

  it.each<[string, string]>([
    ['ghcr.io/acme/*', 'GHCR.IO:443/acme/app:latest'],
    ['GHCR.IO/acme/*', 'ghcr.io/acme/app:latest'],
    ['docker.io/library/*', 'index.docker.io/nginx:latest'],
  ])('exclude %s removes %s', (pattern, image) => {
    expect(evaluate(pod([image]), [tagRule(undefined)]).findings).toHaveLength(1);
    expect(evaluate(pod([image]), [tagRule(undefined, { images: [pattern] })]).findings).toEqual([]);
  });

  it.each<[string, string]>([
    ['ghcr.io/acme/*', 'GHCR.IO/acme/app:latest'],
    ['ghcr.io:443/acme/*', 'ghcr.io/acme/app:latest'],
    ['docker.io/library/nginx', 'registry-1.docker.io/nginx:latest'],
  ])('an exception on %s waives %s', (pattern, image) => {
    const exception = makeException({ name: 'x', rules: ['r'], match: { images: [pattern] } });
    const [f] = evaluate(pod([image]), [tagRule(undefined)], { exceptions: [exception] }).findings;
    expect(f!.waived).toBe(true);
  });
});
