import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../image/index.js';
import { matchesAllowlist, parseAllowlist } from './credential-verification.js';

// pkg/kubelet/images/pullmanager/image_pull_policies.go, imageMatches: `absoluteURLs.Has(noTagsName)` and
// `strings.HasPrefix(noTagsName, prefix)`. Unlike the policy's registry comparisons, the kubelet does not
// canonicalise hosts, and the model must predict what the node does.
describe('the preloaded-images allowlist compares names exactly, as the kubelet does', () => {
  const { patterns } = parseAllowlist(['ghcr.io/*', 'docker.io/library/nginx']);
  it.each([
    ['ghcr.io/acme/app:1', true],
    ['GHCR.IO/acme/app:1', false],
    ['ghcr.io:443/acme/app:1', false],
    ['nginx:1.27', true],
    ['index.docker.io/library/nginx:1.27', true],
    ['registry-1.docker.io/library/nginx:1.27', false],
  ])('%s -> %s (1.36+ normalized-name matching)', (image, expected) => {
    expect(matchesAllowlist(image, parseImageReference(image), patterns, 'normalized-name')).toBe(expected);
  });
});
