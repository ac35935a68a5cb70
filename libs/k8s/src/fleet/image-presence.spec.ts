import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../image/parse-image-reference.js';
import type { ImagePresence, NodeImage } from './fleet-types.js';
import { ListedNameCache, heldDigest, imageLookup, imagePresence, indexNodeImages } from './image-presence.js';
import { readNodeInventory } from './read-node-inventory.js';

const D1 = `sha256:${'1'.repeat(64)}`;
const D2 = `sha256:${'2'.repeat(64)}`;

/** A node listing these images (each a list of names), padded with unrelated images up to `count`. */
function nodeWith(images: string[][], count = images.length): { images: NodeImage[] } {
  const listed = images.map((names, i) => ({ names, sizeBytes: 1000 - i }));
  for (let i = listed.length; i < count; i++) {
    listed.push({ names: [`registry.example.com/filler/image-${i}:1`], sizeBytes: 100 - (i % 100) });
  }
  return { images: listed };
}

const presence = (node: { images: NodeImage[] }, image: string, nodeStatusMaxImages?: number): ImagePresence =>
  imagePresence(indexNodeImages(node, { nodeStatusMaxImages }), parseImageReference(image));

const containerdNginx = [`docker.io/library/nginx@${D1}`, 'docker.io/library/nginx:1.27'];

describe('imagePresence: names compared normalised', () => {
  it.each<[string, string[][], string, ImagePresence]>([
    ['implied latest', [['docker.io/library/nginx:latest']], 'nginx', 'present'],
    ['implied docker.io/library', [containerdNginx], 'nginx:1.27', 'present'],
    ['docker.io/ without library/', [containerdNginx], 'docker.io/nginx:1.27', 'present'],
    ['index.docker.io spelling', [containerdNginx], 'index.docker.io/library/nginx:1.27', 'present'],
    ['registry-1.docker.io spelling', [containerdNginx], 'registry-1.docker.io/library/nginx:1.27', 'present'],
    ['listed in short form (cri-dockerd)', [[`nginx@${D1}`, 'nginx:1.27']], 'docker.io/library/nginx:1.27', 'present'],
    ['registry host case and :443', [['ghcr.io/acme/app:2']], 'GHCR.IO:443/acme/app:2', 'present'],
    ['digest pin', [containerdNginx], `nginx@${D1}`, 'present'],
    ['tag and digest: by digest', [containerdNginx], `nginx:1.99@${D1}`, 'present'],
    ['tag and digest: listed tag, other digest', [containerdNginx], `nginx:1.27@${D2}`, 'absent'],
    ['digest of another repository', [containerdNginx], `docker.io/library/httpd@${D1}`, 'absent'],
    ['another tag', [containerdNginx], 'nginx:1.26', 'absent'],
    ['latest is a tag like any other', [containerdNginx], 'nginx', 'absent'],
    ['tag listed only as a digest', [[`docker.io/library/nginx@${D1}`]], 'nginx:1.27', 'absent'],
    ['another registry, same path', [containerdNginx], 'mirror.gcr.io/library/nginx:1.27', 'absent'],
    [
      'EKS pause by tag only',
      [['602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.5']],
      '602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.5',
      'present',
    ],
    [
      'CRI-O digest-only payload',
      [[`quay.io/openshift-release-dev/ocp-v4.0-art-dev@${D2}`]],
      `quay.io/openshift-release-dev/ocp-v4.0-art-dev@${D2}`,
      'present',
    ],
    ['unparsable listed names are skipped', [['<none>@<none>', '<none>:<none>']], 'nginx', 'absent'],
    ['an unparsable slot image matches nothing', [containerdNginx], 'Nginx:1.27', 'absent'],
  ])('%s', (_label, images, image, expected) => {
    expect(presence(nodeWith(images), image)).toBe(expected);
  });
});

describe('imagePresence: when the list cannot prove absence', () => {
  const fiveNames = [
    `docker.io/library/busybox@${D1}`,
    'docker.io/library/busybox:1.36',
    'docker.io/library/busybox:1.36.1',
    'docker.io/library/busybox:latest',
    'docker.io/library/busybox:stable',
  ];

  it.each<[string, { images: NodeImage[] }, string, number | undefined, ImagePresence]>([
    ['empty list (image-list error)', { images: [] }, 'nginx', undefined, 'unknown'],
    ['49 images: complete', nodeWith([containerdNginx], 49), 'nginx:1.26', undefined, 'absent'],
    ['50 images: the smallest may be cut', nodeWith([containerdNginx], 50), 'nginx:1.26', undefined, 'unknown'],
    ['at the cap, but listed', nodeWith([containerdNginx], 50), 'nginx:1.27', undefined, 'present'],
    ['a lower cap', nodeWith([containerdNginx], 10), 'nginx:1.26', 10, 'unknown'],
    ['no cap (-1)', nodeWith([containerdNginx], 80), 'nginx:1.26', -1, 'absent'],
    ['cap 0: no images reported', { images: [] }, 'nginx', 0, 'unknown'],
    ['same repository lists 5 names', nodeWith([fiveNames]), 'busybox:musl', undefined, 'unknown'],
    ['same repository lists 5 names, by digest', nodeWith([fiveNames]), `busybox@${D2}`, undefined, 'unknown'],
    ['another repository lists 5 names', nodeWith([fiveNames, containerdNginx]), 'nginx:1.26', undefined, 'absent'],
    ['4 names is not truncated', nodeWith([fiveNames.slice(0, 4)]), 'busybox:musl', undefined, 'absent'],
  ])('%s', (_label, node, image, cap, expected) => {
    expect(presence(node, image, cap)).toBe(expected);
  });
});

describe('indexNodeImages', () => {
  it('parses each distinct name once per cache and shares its keys between nodes', () => {
    const cache = new ListedNameCache();
    const a = indexNodeImages(nodeWith([containerdNginx]), {}, cache);
    const b = indexNodeImages(nodeWith([containerdNginx]), {}, cache);
    expect([...a.names]).toEqual([`docker.io/library/nginx@${D1}`, 'docker.io/library/nginx:1.27']);
    expect([...b.names]).toEqual([...a.names]);
    expect(a.complete).toBe(true);
  });

  it('accepts a precomputed lookup', () => {
    const index = indexNodeImages(nodeWith([containerdNginx]));
    expect(imagePresence(index, imageLookup(parseImageReference('nginx:1.27')))).toBe('present');
    expect(imageLookup(parseImageReference(''))).toEqual({ key: null, byTag: false, repository: null });
  });

  it('knows which digest a node lists with a tag: what the tag means on that node', () => {
    const index = indexNodeImages(nodeWith([containerdNginx]));
    const digest = D1;
    expect(heldDigest(index, imageLookup(parseImageReference('nginx:1.27')))).toBe(digest);
    expect(heldDigest(index, imageLookup(parseImageReference('docker.io/library/nginx:1.26')))).toBeNull();
    // A digest reference names one content wherever it is.
    expect(heldDigest(index, imageLookup(parseImageReference(`nginx@${digest}`)))).toBeNull();
  });

  it('reads the fixture nodes as kubectl reports them', () => {
    const { nodes } = readNodeInventory(readFileSync(new URL('./fixtures/nodes.json', import.meta.url), 'utf8'));
    const at = (name: string, image: string) =>
      presence(
        nodes.find((n) => n.name.startsWith(name))!,
        image,
      );
    expect(at('ip-10-0-12-34', 'nginx:1.27')).toBe('present');
    expect(at('ip-10-0-12-34', '602401143452.dkr.ecr.us-west-2.amazonaws.com/eks/pause:3.5')).toBe('present');
    expect(at('ip-10-0-12-34', 'busybox:1.37')).toBe('unknown');
    expect(at('ip-10-0-12-34', 'redis:7')).toBe('absent');
    expect(at('worker-1', 'registry.k8s.io/pause:3.10')).toBe('present');
    expect(at('worker-1', 'quay.io/prometheus/node-exporter:v1.9.1')).toBe('present');
    expect(at('aks-apps', 'redis:7')).toBe('present');
    expect(at('aks-apps', 'nginx:1.27')).toBe('unknown');
  });
});
