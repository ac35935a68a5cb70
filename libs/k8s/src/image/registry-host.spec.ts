import { describe, expect, it } from 'vitest';
import { parseImageReference } from './parse-image-reference.js';
import { canonicalImageName, canonicalRegistryHost, registryHostSpellings } from './registry-host.js';

describe('canonicalRegistryHost', () => {
  it.each([
    ['ghcr.io', 'ghcr.io'],
    ['GHCR.IO', 'ghcr.io'],
    ['GhCr.Io', 'ghcr.io'],
    ['ghcr.io:443', 'ghcr.io'],
    ['GHCR.IO:443', 'ghcr.io'],
    ['ghcr.io:0443', 'ghcr.io'],
    ['ghcr.io:5000', 'ghcr.io:5000'],
    ['ghcr.io:05000', 'ghcr.io:5000'],
    ['ghcr.io:80', 'ghcr.io:80'],
    ['localhost:443', 'localhost'],
    ['[::1]:443', '[::1]'],
    ['[FE80::1]:5000', '[fe80::1]:5000'],
    ['docker.io', 'docker.io'],
    ['index.docker.io', 'docker.io'],
    ['INDEX.DOCKER.IO', 'docker.io'],
    ['registry-1.docker.io', 'docker.io'],
    ['Registry-1.Docker.IO:443', 'docker.io'],
    ['docker.io:443', 'docker.io'],
    ['index.docker.io:5000', 'index.docker.io:5000'],
    ['registry-2.docker.io', 'registry-2.docker.io'],
    ['docker.io.evil.com', 'docker.io.evil.com'],
  ])('%s -> %s', (host, expected) => {
    expect(canonicalRegistryHost(host)).toBe(expected);
  });
});

describe('canonicalImageName of parsed references', () => {
  it.each([
    ['nginx:1.27', 'docker.io/library/nginx'],
    ['docker.io/nginx', 'docker.io/library/nginx'],
    ['index.docker.io/nginx', 'docker.io/library/nginx'],
    ['INDEX.DOCKER.IO/nginx', 'docker.io/library/nginx'],
    ['registry-1.docker.io/nginx', 'docker.io/library/nginx'],
    ['registry-1.docker.io:443/library/nginx', 'docker.io/library/nginx'],
    ['Docker.IO/nginx', 'docker.io/library/nginx'],
    ['registry-1.docker.io/bitnami/redis', 'docker.io/bitnami/redis'],
    ['GHCR.IO/evil/miner:1.0', 'ghcr.io/evil/miner'],
    ['ghcr.io:443/evil/miner:1.0', 'ghcr.io/evil/miner'],
    ['ghcr.io:5000/evil/miner:1.0', 'ghcr.io:5000/evil/miner'],
    ['Acme/app', 'acme/app'],
  ])('%s -> %s', (reference, expected) => {
    const ref = parseImageReference(reference);
    expect(ref.error).toBeNull();
    expect(canonicalImageName(ref.registry!, ref.repository!)).toBe(expected);
  });

  it('leaves the parsed registry and repository as distribution/reference gives them', () => {
    const ref = parseImageReference('GHCR.IO:443/evil/miner:1.0');
    expect([ref.registry, ref.repository]).toEqual(['GHCR.IO:443', 'evil/miner']);
    const hub = parseImageReference('registry-1.docker.io/nginx');
    expect([hub.registry, hub.repository]).toEqual(['registry-1.docker.io', 'nginx']);
  });
});

describe('registryHostSpellings', () => {
  it.each([
    ['ghcr.io', ['ghcr.io', 'ghcr.io:443']],
    ['ghcr.io:5000', ['ghcr.io:5000']],
    [
      'docker.io',
      [
        'docker.io',
        'docker.io:443',
        'index.docker.io',
        'index.docker.io:443',
        'registry-1.docker.io',
        'registry-1.docker.io:443',
      ],
    ],
  ])('%s', (host, expected) => {
    expect(registryHostSpellings(host)).toEqual(expected);
    for (const spelling of expected) expect(canonicalRegistryHost(spelling)).toBe(host);
  });
});
