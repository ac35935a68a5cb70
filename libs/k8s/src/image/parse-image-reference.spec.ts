import { describe, expect, it } from 'vitest';
import { parseImageReference } from './index.js';

// docs/kubernetes-semantics.md §8(a): produced upstream with distribution/reference
// v0.6.0 and the logic of ParseImageName / applyDefaultImageTag. The "default policy" column is
// not this module's concern and is left out. `null` in the tag/digest columns is the doc's "—".
const HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';
const DIGEST = `sha256:${HEX}`;

type Accepted = [
  row: number,
  image: string,
  registry: string,
  repository: string,
  tag: string | null,
  digest: string | null,
  runtimeImage: string,
];
type Rejected = [row: number, image: string, error: string];

const accepted: Accepted[] = [
  [1, 'nginx', 'docker.io', 'library/nginx', 'latest', null, 'nginx:latest'],
  [2, 'nginx:latest', 'docker.io', 'library/nginx', 'latest', null, 'nginx:latest'],
  [3, 'nginx:1.25', 'docker.io', 'library/nginx', '1.25', null, 'nginx:1.25'],
  [4, 'nginx:LATEST', 'docker.io', 'library/nginx', 'LATEST', null, 'nginx:LATEST'],
  [5, 'nginx:Latest', 'docker.io', 'library/nginx', 'Latest', null, 'nginx:Latest'],
  [6, 'busybox:latest-glibc', 'docker.io', 'library/busybox', 'latest-glibc', null, 'busybox:latest-glibc'],
  [7, `nginx@${DIGEST}`, 'docker.io', 'library/nginx', null, DIGEST, `nginx@${DIGEST}`],
  [8, `nginx:latest@${DIGEST}`, 'docker.io', 'library/nginx', 'latest', DIGEST, `nginx:latest@${DIGEST}`],
  [9, `nginx:1.25@${DIGEST}`, 'docker.io', 'library/nginx', '1.25', DIGEST, `nginx:1.25@${DIGEST}`],
  [10, 'library/nginx', 'docker.io', 'library/nginx', 'latest', null, 'library/nginx:latest'],
  [11, 'docker.io/nginx', 'docker.io', 'library/nginx', 'latest', null, 'docker.io/nginx:latest'],
  [
    12,
    'index.docker.io/library/nginx:1.25',
    'docker.io',
    'library/nginx',
    '1.25',
    null,
    'index.docker.io/library/nginx:1.25',
  ],
  [13, 'user/repo', 'docker.io', 'user/repo', 'latest', null, 'user/repo:latest'],
  [14, 'localhost:5000/app', 'localhost:5000', 'app', 'latest', null, 'localhost:5000/app:latest'],
  [15, 'localhost:5000/app:latest', 'localhost:5000', 'app', 'latest', null, 'localhost:5000/app:latest'],
  [16, `localhost:5000/app:v1@${DIGEST}`, 'localhost:5000', 'app', 'v1', DIGEST, `localhost:5000/app:v1@${DIGEST}`],
  [17, 'localhost/app', 'localhost', 'app', 'latest', null, 'localhost/app:latest'],
  [18, 'localhost:5000', 'docker.io', 'library/localhost', '5000', null, 'localhost:5000'],
  [19, 'localhost', 'docker.io', 'library/localhost', 'latest', null, 'localhost:latest'],
  [20, 'example.com', 'docker.io', 'library/example.com', 'latest', null, 'example.com:latest'],
  [21, 'host:5000/app', 'host:5000', 'app', 'latest', null, 'host:5000/app:latest'],
  [22, 'host:5000/app:v1', 'host:5000', 'app', 'v1', null, 'host:5000/app:v1'],
  [23, '127.0.0.1:5000/app', '127.0.0.1:5000', 'app', 'latest', null, '127.0.0.1:5000/app:latest'],
  [24, '[::1]:5000/app:v1', '[::1]:5000', 'app', 'v1', null, '[::1]:5000/app:v1'],
  [25, 'registry.k8s.io/pause:3.9', 'registry.k8s.io', 'pause', '3.9', null, 'registry.k8s.io/pause:3.9'],
  [26, `gcr.io/project/app@${DIGEST}`, 'gcr.io', 'project/app', null, DIGEST, `gcr.io/project/app@${DIGEST}`],
  [27, `ghcr.io/org/app:latest@${DIGEST}`, 'ghcr.io', 'org/app', 'latest', DIGEST, `ghcr.io/org/app:latest@${DIGEST}`],
  [28, 'MyRegistry.io/app', 'MyRegistry.io', 'app', 'latest', null, 'MyRegistry.io/app:latest'],
  [35, DIGEST, 'docker.io', 'library/sha256', HEX, null, DIGEST],
];

const rejected: Rejected[] = [
  [29, 'myregistry.io/App', 'invalid reference format: repository name (App) must be lowercase'],
  [30, 'Nginx', 'invalid reference format: repository name (library/Nginx) must be lowercase'],
  [31, 'nginx:', 'invalid reference format'],
  [32, 'nginx:1.25:extra', 'invalid reference format'],
  [33, 'nginx@sha256:abc', 'invalid reference format'],
  [34, HEX, `invalid repository name (${HEX}), cannot specify 64-byte hexadecimal strings`],
  [36, '', 'invalid reference format'],
  [37, 'nginx:latest ', 'invalid reference format'],
  [38, 'http://registry.example.com/app', 'invalid reference format'],
];

describe('docs/kubernetes-semantics.md §8(a): image string → parsed reference → CRI image', () => {
  it('covers all 38 rows', () => {
    const rows = [...accepted.map((r) => r[0]), ...rejected.map((r) => r[0])].sort((a, b) => a - b);
    expect(rows).toEqual(Array.from({ length: 38 }, (_, i) => i + 1));
  });

  it.each(accepted)('#%i %j parses', (_row, image, registry, repository, tag, digest, runtimeImage) => {
    expect(parseImageReference(image)).toEqual({
      reference: image,
      registry,
      repository,
      tag,
      digest,
      runtimeImage,
      error: null,
    });
  });

  it.each(rejected)('#%i %j is rejected', (_row, image, error) => {
    expect(parseImageReference(image)).toEqual({
      reference: image,
      registry: null,
      repository: null,
      tag: null,
      digest: null,
      runtimeImage: null,
      error,
    });
  });
});
