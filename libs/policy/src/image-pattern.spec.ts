import { parseImageReference } from '#k8s';
import { describe, expect, it } from 'vitest';
import {
  ImagePatternList,
  RegistryPatternList,
  imageForms,
  imagePatternProblem,
  normaliseImagePattern,
  normaliseRegistryPattern,
  readAsNote,
  registryPatternProblem,
  slashPrefixes,
} from './image-pattern.js';
import { DIGEST } from './test-support.js';

function image(ref: string) {
  const { runtimeImage: _r, ...rest } = parseImageReference(ref);
  return rest;
}

describe('image forms', () => {
  it.each([
    ['nginx', ['docker.io/library/nginx', 'docker.io/library/nginx:latest']],
    ['nginx:1.27', ['docker.io/library/nginx', 'docker.io/library/nginx:1.27']],
    [`nginx@${DIGEST}`, ['docker.io/library/nginx', `docker.io/library/nginx@${DIGEST}`]],
    [`ghcr.io/a/b:1@${DIGEST}`, ['ghcr.io/a/b', 'ghcr.io/a/b:1', `ghcr.io/a/b@${DIGEST}`, `ghcr.io/a/b:1@${DIGEST}`]],
    ['localhost:5000/app', ['localhost:5000/app', 'localhost:5000/app:latest']],
    ['nginx@sha256:abc', ['nginx@sha256:abc']],
  ])('%s', (ref, forms) => {
    expect(imageForms(image(ref))).toEqual(forms);
  });
});

describe('image pattern normalisation (distribution splitDockerDomain)', () => {
  it.each([
    ['nginx', 'docker.io/library/nginx'],
    ['nginx:*', 'docker.io/library/nginx:*'],
    ['acme/*', 'docker.io/acme/*'],
    ['docker.io/nginx', 'docker.io/library/nginx'],
    ['index.docker.io/nginx:1', 'docker.io/library/nginx:1'],
    ['docker.io/*', 'docker.io/*'],
    ['ghcr.io/acme/*', 'ghcr.io/acme/*'],
    ['localhost/app', 'localhost/app'],
    ['localhost:5000/app', 'localhost:5000/app'],
    ['*', '*'],
    ['*/nginx', '*/nginx'],
    ['*@sha256:*', '*@sha256:*'],
    ['ubuntu:20.14', 'docker.io/library/ubuntu:20.14'],
  ])('%s -> %s', (pattern, expected) => {
    expect(normaliseImagePattern(pattern)).toBe(expected);
  });

  it.each([
    ['ghcr.io', 'ghcr.io/*'],
    ['*.gcr.io', '*.gcr.io/*'],
    ['localhost:5000', 'localhost:5000/*'],
    ['localhost', 'localhost/*'],
    ['nginx', 'docker.io/library/nginx'],
    ['openpolicyagent/*', 'docker.io/openpolicyagent/*'],
    ['*', '*'],
  ])('registry pattern %s -> %s', (pattern, expected) => {
    expect(normaliseRegistryPattern(pattern)).toBe(expected);
  });

  it('registry patterns reject tags and digests', () => {
    expect(registryPatternProblem('ubuntu:20.14')).toMatch(/names a tag or digest/);
    expect(registryPatternProblem('ghcr.io/a@sha256:*')).toMatch(/names a tag or digest/);
    expect(registryPatternProblem('localhost:5000')).toBeNull();
    expect(registryPatternProblem('localhost:5000/app')).toBeNull();
    expect(registryPatternProblem('')).toMatch(/empty/);
  });
});

describe('image patterns', () => {
  it.each([
    ['docker.io/library/nginx:*', 'nginx:1.27', true],
    ['docker.io/library/nginx:*', 'nginx', true],
    ['docker.io/library/nginx:*', `nginx@${DIGEST}`, false],
    ['docker.io/library/nginx:*', `nginx:1.27@${DIGEST}`, true],
    ['docker.io/library/nginx', `nginx@${DIGEST}`, true],
    ['nginx', 'docker.io/library/nginx:1', true],
    ['nginx', 'nginxinc/nginx:1', false],
    ['ghcr.io/acme/*', 'ghcr.io/acme/app:1', true],
    ['ghcr.io/acme/*', `ghcr.io/acme/team/app@${DIGEST}`, true],
    ['ghcr.io/acme/*', 'ghcr.io/acme-evil/app:1', false],
    ['*@sha256:*', `ghcr.io/acme/app@${DIGEST}`, true],
    ['*@sha256:*', 'ghcr.io/acme/app:1', false],
    ['*:latest', 'nginx', true],
    ['*:latest', `nginx:latest@${DIGEST}`, true],
    ['*:latest', `nginx@${DIGEST}`, false],
    ['*', 'not a valid ref', true],
    ['docker.io/*', 'nginx', true],
    ['docker.io/*', 'quay.io/x/y', false],
  ])('%s vs %s -> %s', (pattern, ref, expected) => {
    expect(new ImagePatternList([pattern]).matches(image(ref))).toBe(expected);
  });

  it('registry lists match registry/repository with look-alikes kept out', () => {
    const list = new RegistryPatternList(['myregistry.azurecr.io', 'mydockerhub/*', 'openpolicyagent/*']);
    expect(list.match('myregistry.azurecr.io/app')).toBe('myregistry.azurecr.io');
    expect(list.matches('myregistry.azurecr.io.malicious.com/app')).toBe(false);
    expect(list.matches('docker.io/mydockerhub/app')).toBe(true);
    expect(list.matches('docker.io/mydockerhubmalicious/app')).toBe(false);
    expect(list.match('docker.io/openpolicyagent/opa')).toBe('openpolicyagent/*');
  });
});

describe('registry hosts in any spelling (case, :443, Docker Hub aliases)', () => {
  it.each([
    ['GHCR.IO/*', 'ghcr.io/*'],
    ['ghcr.io:443/*', 'ghcr.io/*'],
    ['GHCR.IO:443/acme/app:*', 'ghcr.io/acme/app:*'],
    ['ghcr.io:5000/*', 'ghcr.io:5000/*'],
    ['registry-1.docker.io/nginx', 'docker.io/library/nginx'],
    ['REGISTRY-1.DOCKER.IO/bitnami/*', 'docker.io/bitnami/*'],
    ['INDEX.DOCKER.IO/nginx:1', 'docker.io/library/nginx:1'],
    ['*.GCR.IO/*', '*.gcr.io/*'],
    ['Acme/app', 'acme/app'],
  ])('image pattern %s is read as %s', (pattern, expected) => {
    expect(normaliseImagePattern(pattern)).toBe(expected);
    expect(imagePatternProblem(pattern)).toBeNull();
  });

  it.each([
    ['GHCR.IO', 'ghcr.io/*'],
    ['ghcr.io:443', 'ghcr.io/*'],
    ['GHCR.IO/*', 'ghcr.io/*'],
    ['index.docker.io', 'docker.io/*'],
    ['registry-1.docker.io', 'docker.io/*'],
    ['registry-1.docker.io:443', 'docker.io/*'],
  ])('registry pattern %s is read as %s', (pattern, expected) => {
    expect(normaliseRegistryPattern(pattern)).toBe(expected);
    expect(registryPatternProblem(pattern)).toBeNull();
  });

  const spellings: [string, string, boolean][] = [
    ['ghcr.io/*', 'GHCR.IO/evil/miner:1.0', true],
    ['ghcr.io/*', 'Ghcr.Io/evil/miner:1.0', true],
    ['ghcr.io/*', 'ghcr.io:443/evil/miner:1.0', true],
    ['ghcr.io/*', 'GHCR.IO:443/evil/miner:1.0', true],
    ['ghcr.io/*', 'ghcr.io:5000/evil/miner:1.0', false],
    ['ghcr.io/*', 'ghcr.io.evil.com/miner:1.0', false],
    ['GHCR.IO/*', 'ghcr.io/evil/miner:1.0', true],
    ['ghcr.io:443/*', 'ghcr.io/evil/miner:1.0', true],
    ['docker.io/library/*', 'registry-1.docker.io/nginx:1', true],
    ['docker.io/library/*', 'index.docker.io/nginx:1', true],
    ['docker.io/library/*', 'INDEX.DOCKER.IO/nginx:1', true],
    ['docker.io/library/*', 'registry-1.docker.io:443/library/nginx:1', true],
    ['docker.io/library/*', 'registry-1.docker.io/bitnami/redis:7', false],
    ['nginx', 'REGISTRY-1.DOCKER.IO/nginx:1', true],
    ['registry-1.docker.io/nginx', 'nginx:1', true],
    ['*.docker.io/*', 'nginx:1', true],
    ['ghcr.io:*/*', 'ghcr.io/evil/miner:1.0', true],
    ['ghcr.io:*/*', 'GHCR.IO:5000/evil/miner:1.0', true],
    ['*:443/*', 'ghcr.io/evil/miner:1.0', true],
    ['*:443/*', 'ghcr.io:5000/evil/miner:1.0', false],
    ['*.GCR.IO/*', 'EU.GCR.IO/app:1', true],
  ];
  it.each(spellings)('match.images %s vs %s -> %s', (pattern, ref, expected) => {
    expect(new ImagePatternList([pattern]).matches(image(ref))).toBe(expected);
  });
  it.each(spellings)('registries %s vs %s -> %s', (pattern, ref, expected) => {
    const { registry, repository } = image(ref);
    expect(new RegistryPatternList([pattern]).matches(`${registry}/${repository}`)).toBe(expected);
  });

  it('image forms and index prefixes use the canonical name; the parsed parts stay as written', () => {
    const img = image('GHCR.IO:443/evil/miner:1.0');
    expect([img.registry, img.repository]).toEqual(['GHCR.IO:443', 'evil/miner']);
    expect(imageForms(img)).toEqual(['ghcr.io/evil/miner', 'ghcr.io/evil/miner:1.0']);
    expect(slashPrefixes(img)).toEqual(['ghcr.io/', 'ghcr.io/evil/']);
    expect(new ImagePatternList(['GHCR.IO:443/evil/*']).indexKeys()).toEqual(['ghcr.io/evil/']);
  });

  it('a match answers with the pattern as written, and the note says how it is read', () => {
    expect(new RegistryPatternList(['GHCR.IO/*']).match('ghcr.io:443/evil/miner')).toBe('GHCR.IO/*');
    expect(readAsNote('GHCR.IO/*')).toBe(' (read as "ghcr.io/*")');
    expect(readAsNote('ghcr.io:443')).toBe(' (read as "ghcr.io/*")');
    expect(readAsNote('registry-1.docker.io/nginx')).toBe(' (read as "docker.io/library/nginx")');
    expect(readAsNote('ghcr.io')).toBe('');
    expect(readAsNote('nginx')).toBe('');
    expect(readAsNote('index.docker.io/nginx')).toBe('');
  });

  it.each([
    ['ghcr.io/Acme/*', 'Acme/'],
    ['GHCR.IO/Acme/app', 'Acme/app'],
    ['Nginx:*', 'library/Nginx'],
    ['MyOrg/App:1.0', 'App'],
    ['*/Nginx', 'Nginx'],
  ])('%s can never match (uppercase path) and is refused', (pattern, path) => {
    const expected = `"${pattern}" can never match: a repository path is lowercase in every valid image reference (only the registry host may have capitals, and hosts are compared case-insensitively); write the path "${path}" in lowercase`;
    expect(imagePatternProblem(pattern)).toBe(expected);
    // With a tag, a registry pattern is refused for naming the tag first.
    const tagged = /:[^/]*$/.test(pattern);
    expect(registryPatternProblem(pattern)).toMatch(tagged ? /names a tag or digest/ : /can never match/);
  });

  it('tags keep their case: they are not part of the path', () => {
    expect(imagePatternProblem('nginx:Latest')).toBeNull();
    expect(imagePatternProblem('*:Latest')).toBeNull();
    expect(new ImagePatternList(['nginx:Latest']).matches(image('NGINX.IO/x:1'))).toBe(false);
  });
});
