import { parseImageReference } from '#k8s';
import { describe, expect, it } from 'vitest';
import {
  ImagePatternList,
  RegistryPatternList,
  imageForms,
  normaliseImagePattern,
  normaliseRegistryPattern,
  registryPatternProblem,
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
