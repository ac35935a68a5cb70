import { describe, expect, it } from 'vitest';
import { parseImageReference } from '../image/index.js';
import {
  matchesAllowlist,
  parseAllowlist,
  parseAllowlistEntry,
  requiresCredentialVerification,
  type AllowlistMatching,
} from './credential-verification.js';

// Port of pkg/kubelet/images/pullmanager/image_pull_policies_test.go, TestNeverVerifyPreloadedPullPolicy.
describe('TestNeverVerifyPreloadedPullPolicy (image_pull_policies_test.go)', () => {
  it.each([
    ['there are no records about the image being pulled', false, false],
    ['there are records about the image being pulled', true, true],
  ])('%s', (_name, imageRecordsExist, want) => {
    expect(requiresCredentialVerification('NeverVerifyPreloadedImages', imageRecordsExist, false)).toBe(want);
  });
});

describe('NeverVerify / AlwaysVerify (image_pull_policies.go)', () => {
  it.each([true, false])('records exist %s', (records) => {
    expect(requiresCredentialVerification('NeverVerify', records, false)).toBe(false);
    expect(requiresCredentialVerification('AlwaysVerify', records, true)).toBe(true);
  });
});

// Port of image_pull_policies_test.go, TestNewNeverVerifyAllowListedPullPolicy. Upstream checks the image
// "test.io/test/test-image" (≤1.35 source, raw string matching) and, after PR #137629, the tagged
// "test.io/test/test-image:tag" (normalised-name matching). Both forms are replayed.
describe('TestNewNeverVerifyAllowListedPullPolicy (image_pull_policies_test.go)', () => {
  interface Case {
    name: string;
    imageRecordsExist?: boolean;
    allowlist: string[];
    expectedAbsolutes?: number;
    expectedWildcards?: number;
    want?: boolean;
    wantErr?: boolean;
  }
  const cases: Case[] = [
    {
      name: 'there are no records about the image being pulled, not in allowlist',
      imageRecordsExist: false,
      want: true,
      allowlist: ['test.io/test/image1', 'test.io/test/image2', 'test.io/test/image3'],
      expectedAbsolutes: 3,
    },
    {
      name: 'there are records about the image being pulled, not in allowlist',
      imageRecordsExist: true,
      want: true,
      allowlist: ['test.io/test/image1', 'test.io/test/image3', 'test.io/test/image2', 'test.io/test/image3'],
      expectedAbsolutes: 3,
    },
    {
      name: 'there are no records about the image being pulled, appears in allowlist',
      imageRecordsExist: false,
      want: false,
      allowlist: ['test.io/test/image1', 'test.io/test/image2', 'test.io/test/test-image', 'test.io/test/image3'],
      expectedAbsolutes: 4,
    },
    {
      name: 'there are records about the image being pulled, appears in allowlist',
      imageRecordsExist: true,
      want: false,
      allowlist: ['test.io/test/image1', 'test.io/test/image2', 'test.io/test/test-image', 'test.io/test/image3'],
      expectedAbsolutes: 4,
    },
    {
      name: 'invalid allowlist pattern - wildcard in the middle',
      wantErr: true,
      allowlist: ['image.repo/pokus*/imagename'],
    },
    {
      name: 'invalid allowlist pattern - trailing non-segment wildcard middle',
      wantErr: true,
      allowlist: ['image.repo/pokus*'],
    },
    {
      name: 'invalid allowlist pattern - wildcard path segment in the middle',
      wantErr: true,
      allowlist: ['image.repo/*/imagename'],
    },
    { name: 'invalid allowlist pattern - only wildcard segment', wantErr: true, allowlist: ['/*'] },
    { name: "invalid allowlist pattern - ends with a '/'", wantErr: true, allowlist: ['image.repo/'] },
    { name: 'invalid allowlist pattern - empty', wantErr: true, allowlist: [''] },
    { name: 'invalid allowlist pattern - asterisk', wantErr: true, allowlist: ['*'] },
    { name: 'invalid allowlist pattern - image with a tag', wantErr: true, allowlist: ['test.io/test/image1:tagged'] },
    {
      name: 'invalid allowlist pattern - image with a digest',
      wantErr: true,
      allowlist: ['test.io/test/image1@sha256:38a8906435c4dd5f4258899d46621bfd8eea3ad6ff494ee3c2f17ef0321625bd'],
    },
    { name: 'invalid allowlist pattern - trailing whitespace', wantErr: true, allowlist: ['test.io/test/image1 '] },
    {
      name: 'there are no records about the image being pulled, not in allowlist - different repo wildcard',
      imageRecordsExist: false,
      want: true,
      allowlist: ['test.io/test/image1', 'test.io/test/image2', 'different.repo/test/*'],
      expectedAbsolutes: 2,
      expectedWildcards: 1,
    },
    {
      name: 'there are no records about the image being pulled, not in allowlist - matches org wildcard',
      imageRecordsExist: false,
      want: false,
      allowlist: ['test.io/test/image1', 'test.io/test/image2', 'test.io/test/*'],
      expectedAbsolutes: 2,
      expectedWildcards: 1,
    },
    {
      name: 'there are no records about the image being pulled, not in allowlist - matches repo wildcard',
      imageRecordsExist: false,
      want: false,
      allowlist: ['test.io/test/image1', 'test.io/test/image2', 'test.io/*'],
      expectedAbsolutes: 2,
      expectedWildcards: 1,
    },
  ];

  const forms: [AllowlistMatching, string][] = [
    ['image-string', 'test.io/test/test-image'],
    ['normalized-name', 'test.io/test/test-image:tag'],
  ];

  describe.each(forms)('%s matching with image %s', (matching, image) => {
    it.each(cases)('$name', (tc) => {
      const { patterns, errors } = parseAllowlist(tc.allowlist);
      expect(errors.length > 0).toBe(tc.wantErr === true);
      if (tc.wantErr) return;
      expect(new Set(patterns.filter((p) => p.kind === 'exact').map((p) => p.value)).size).toBe(
        tc.expectedAbsolutes ?? 0,
      );
      expect(patterns.filter((p) => p.kind === 'prefix')).toHaveLength(tc.expectedWildcards ?? 0);
      const allowlisted = matchesAllowlist(image, parseImageReference(image), patterns, matching);
      expect(
        requiresCredentialVerification('NeverVerifyAllowlistedImages', tc.imageRecordsExist ?? false, allowlisted),
      ).toBe(tc.want);
    });
  });
});

describe('getAllowlistImagePattern error texts (image_pull_policies.go)', () => {
  it.each([
    ['test.io/a ', 'leading/trailing spaces are not allowed: test.io/a '],
    ['', 'the supplied pattern is too short: '],
    ['*', "not a valid wildcard pattern, only patterns ending with '/*' are allowed: *"],
    ['/*', 'at least registry hostname is required'],
    ['image.repo/', 'failed to parse as an image name: invalid reference format'],
    ['nginx', 'neither tag nor digest is accepted in an image reference: nginx'],
    [
      'test.io/test/image1:tagged',
      'neither tag nor digest is accepted in an image reference: test.io/test/image1:tagged',
    ],
  ])('%j → %s', (entry, error) => {
    expect(parseAllowlistEntry(entry)).toEqual({ entry, error });
  });
});

// docs/kubernetes-semantics.md §5.3: until PR #137629 (1.36, inferred) the pod's image string is compared as written.
describe('allowlist matching before and after PR #137629 (spec §5.3)', () => {
  const { patterns } = parseAllowlist([
    'docker.io/library/alpine',
    'registry.example.com/pause',
    'registry.example.com/org/*',
  ]);
  it.each([
    ['alpine', false, true],
    ['alpine:3.20', false, true],
    ['docker.io/library/alpine', true, true],
    ['docker.io/library/alpine:3.20', false, true],
    ['registry.example.com/pause:testing', false, true],
    ['registry.example.com/pause', true, true],
    ['registry.example.com/org/app:1.0', true, true],
    ['registry.example.com/orgx/app:1.0', false, false],
    ['registry.example.com/other:1.0', false, false],
    ['Alpine', false, false],
  ])('%s: ≤1.35 %s, 1.36+ %s', (image, before, after) => {
    const ref = parseImageReference(image);
    expect(matchesAllowlist(image, ref, patterns, 'image-string')).toBe(before);
    expect(matchesAllowlist(image, ref, patterns, 'normalized-name')).toBe(after);
  });
});
