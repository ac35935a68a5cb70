import { describe, expect, it } from 'vitest';
import { parseImageReference } from './index.js';

const HEX = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('kubernetes pkg/util/parsers/parsers_test.go TestParseImageName', () => {
  // Upstream compares ParseImageName's (repo, tag, digest); repo is Domain + "/" + Path, and an
  // absent tag is "" there but null here. Errors are matched with strings.Contains, as upstream.
  const cases: { Input: string; Repo?: string; Tag?: string; Digest?: string; expectedError?: string }[] = [
    { Input: 'root', Repo: 'docker.io/library/root', Tag: 'latest' },
    { Input: 'root:tag', Repo: 'docker.io/library/root', Tag: 'tag' },
    { Input: `root@sha256:${HEX}`, Repo: 'docker.io/library/root', Digest: `sha256:${HEX}` },
    { Input: 'user/repo', Repo: 'docker.io/user/repo', Tag: 'latest' },
    { Input: 'user/repo:tag', Repo: 'docker.io/user/repo', Tag: 'tag' },
    { Input: `user/repo@sha256:${HEX}`, Repo: 'docker.io/user/repo', Digest: `sha256:${HEX}` },
    { Input: 'url:5000/repo', Repo: 'url:5000/repo', Tag: 'latest' },
    { Input: 'url:5000/repo:tag', Repo: 'url:5000/repo', Tag: 'tag' },
    { Input: `url:5000/repo@sha256:${HEX}`, Repo: 'url:5000/repo', Digest: `sha256:${HEX}` },
    { Input: `url:5000/repo:latest@sha256:${HEX}`, Tag: 'latest', Repo: 'url:5000/repo', Digest: `sha256:${HEX}` },
    { Input: 'ROOT', expectedError: 'must be lowercase' },
    { Input: 'http://root', expectedError: 'invalid reference format' },
    { Input: HEX, expectedError: 'cannot specify 64-byte hexadecimal strings' },
  ];

  it.each(cases)('$Input', ({ Input, Repo, Tag, Digest, expectedError }) => {
    const ref = parseImageReference(Input);
    if (expectedError !== undefined) {
      expect(ref.error).toContain(expectedError);
      return;
    }
    expect(ref.error).toBeNull();
    expect(`${ref.registry}/${ref.repository}`).toBe(Repo);
    expect(ref.tag).toBe(Tag ?? null);
    expect(ref.digest).toBe(Digest ?? null);
  });
});

describe('kubernetes pkg/kubelet/images/image_manager_test.go TestApplyDefaultImageTag', () => {
  const cases = [
    { testName: 'root', Input: 'root', Output: 'root:latest' },
    { testName: 'root:tag', Input: 'root:tag', Output: 'root:tag' },
    { testName: 'root@sha', Input: `root@sha256:${HEX}`, Output: `root@sha256:${HEX}` },
    { testName: 'root:latest@sha', Input: `root:latest@sha256:${HEX}`, Output: `root:latest@sha256:${HEX}` },
    { testName: 'root:latest', Input: 'root:latest', Output: 'root:latest' },
  ];

  it.each(cases)('$testName', ({ Input, Output }) => {
    const ref = parseImageReference(Input);
    expect(ref.error).toBeNull();
    expect(ref.runtimeImage).toBe(Output);
  });
});
