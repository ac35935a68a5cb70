// Whether a node holds an image, as far as its status.images can tell (pkg/kubelet/nodestatus/setters.go, Images; README.md "Fleet: your cluster's own nodes").
// The list is built by pkg/kubelet/nodestatus/setters.go, Images: the image GC manager's cached image list
// (sorted largest first), cut to nodeStatusMaxImages entries, each entry's names being the runtime's
// RepoDigests then RepoTags, cut to MaxNamesPerImageInNodeStatus (5). So a name missing from the list proves
// nothing when the list or the entry was cut, or when the list is empty (the setter reports an empty list when
// listing images fails).

import { validateDigest } from '../image/digest.js';
import { parseNormalizedNamed } from '../image/normalize.js';
import { canonicalImageName } from '../image/registry-host.js';
import { isDigestPat } from '../image/scanners.js';
import type { ImageReference } from '../types.js';
import type { ImagePresence, InventoryNode } from './fleet-types.js';

/** KubeletConfiguration nodeStatusMaxImages default (pkg/kubelet/apis/config/v1beta1/defaults.go). */
export const DEFAULT_NODE_STATUS_MAX_IMAGES = 50;
/** pkg/kubelet/nodestatus/setters.go MaxNamesPerImageInNodeStatus. */
export const MAX_NAMES_PER_IMAGE_IN_NODE_STATUS = 5;

export interface ImageIndexOptions {
  /** The kubelets' nodeStatusMaxImages: a node listing this many images may hold more. -1: no cap. Default 50. */
  nodeStatusMaxImages?: number;
}

/** One node's status.images, ready for many look-ups. */
export interface NodeImageIndex {
  /** `registry/repository:tag` and `registry/repository@digest` of every listed name, canonical spelling. */
  readonly names: ReadonlySet<string>;
  /** Canonical repositories named by an entry that lists the maximum 5 names: more may have been cut. */
  readonly truncatedRepositories: ReadonlySet<string>;
  /** False when the list cannot prove absence: empty (an image-list error) or at the nodeStatusMaxImages cap. */
  readonly complete: boolean;
  readonly imageCount: number;
  /**
   * `registry/repository:tag` → the digest (`sha256:…`) of the entry that lists that tag with a digest: which
   * content the tag means on this node (entries list RepoDigests, then RepoTags, of one image).
   */
  readonly tagDigests: ReadonlyMap<string, string>;
}

/** A listed name's look-up keys (tag and/or digest) and canonical repository; null if unparsable. */
interface ListedName {
  keys: string[];
  repository: string;
}

/** The part of a name before `@`: canonical repository and the tag written ('' when none). */
interface NamePart {
  repository: string;
  tag: string;
}

/**
 * Reads listed names for a whole inventory (a cache to drop once the indexes are built). The nodes of a fleet
 * mostly hold the same images, so each distinct name is read once; and digests differ far more often than
 * repositories, so the part before `@` is parsed once per distinct string and the digest is only validated.
 */
export class ListedNameCache {
  /** Whole names: a hit shares the key strings between nodes. */
  private readonly names = new Map<string, ListedName | null>();
  private readonly parts = new Map<string, NamePart | null>();

  read(name: string): ListedName | null {
    let listed = this.names.get(name);
    if (listed === undefined) {
      listed = this.parse(name);
      this.names.set(name, listed);
    }
    return listed;
  }

  private parse(name: string): ListedName | null {
    const at = name.indexOf('@');
    const part = this.part(at < 0 ? name : name.slice(0, at));
    if (part === null) return null;
    const { repository, tag } = part;
    if (at < 0) {
      // parsers.go ParseImageName: no tag and no digest means `latest`.
      return { keys: [`${repository}:${tag || DEFAULT_TAG}`], repository };
    }
    // reference.go Parse: what follows the first `@` must be a valid digest (go-digest Parse).
    const digest = name.slice(at + 1);
    if (!isDigestPat(digest, 0, digest.length) || validateDigest(digest) !== null) return null;
    const keys = [`${repository}@${digest}`];
    if (tag !== '') keys.push(`${repository}:${tag}`);
    return { keys, repository };
  }

  private part(text: string): NamePart | null {
    let part = this.parts.get(text);
    if (part === undefined) {
      // Runtimes can list names the kubelet could never ask for (`<none>:<none>` from dockershim): skipped.
      const named = parseNormalizedNamed(text);
      part =
        typeof named === 'string' ? null : { repository: canonicalImageName(named.domain, named.path), tag: named.tag };
      this.parts.set(text, part);
    }
    return part;
  }
}

const DEFAULT_TAG = 'latest';

/** Builds a node's index; pass one `cache` for all nodes of an inventory. */
export function indexNodeImages(
  node: Pick<InventoryNode, 'images'>,
  options: ImageIndexOptions = {},
  cache: ListedNameCache = new ListedNameCache(),
): NodeImageIndex {
  const cap = options.nodeStatusMaxImages ?? DEFAULT_NODE_STATUS_MAX_IMAGES;
  const names = new Set<string>();
  const truncatedRepositories = new Set<string>();
  const tagDigests = new Map<string, string>();
  for (const image of node.images) {
    const full = image.names.length >= MAX_NAMES_PER_IMAGE_IN_NODE_STATUS;
    let digest: string | undefined;
    let tags: string[] | undefined;
    for (const name of image.names) {
      const listed = cache.read(name);
      if (listed === null) continue;
      for (const key of listed.keys) {
        names.add(key);
        const at = key.indexOf('@');
        if (at >= 0) digest ??= key.slice(at + 1);
        else (tags ??= []).push(key);
      }
      if (full) truncatedRepositories.add(listed.repository);
    }
    if (digest !== undefined && tags !== undefined) for (const tag of tags) tagDigests.set(tag, digest);
  }
  const imageCount = node.images.length;
  // setters.go Images: on a list error the setter reports no images; at the cap the smallest were dropped.
  const capped = cap >= 0 && imageCount >= cap;
  return { names, truncatedRepositories, complete: imageCount > 0 && !capped, imageCount, tagDigests };
}

/** What a slot's image is looked up by; compute once per slot, use for every node. */
export interface ImageLookup {
  /** The key that must be listed, or null for a reference that does not parse (no node lists it). */
  key: string | null;
  /** True when `key` is a tag (the content it names can differ between nodes), false for a digest. */
  byTag: boolean;
  /** Canonical repository, or null. */
  repository: string | null;
}

/**
 * The key a listed name must have to be the slot's image: by digest when the slot names one (also with a tag:
 * containerd's reference.ParseDockerRef drops the tag of `repo:tag@digest`, so the runtime resolves the digest;
 * RepoDigests are per repository, so the repository must match too), else by tag (`latest` when none is
 * written, parsers.go ParseImageName). Registry spellings are canonicalised (registry-host.ts), so `nginx`,
 * `docker.io/library/nginx:latest` and `index.docker.io/library/nginx:latest` are one image.
 */
export function imageLookup(ref: ImageReference): ImageLookup {
  if (ref.error !== null || ref.registry === null || ref.repository === null)
    return { key: null, byTag: false, repository: null };
  const repository = canonicalImageName(ref.registry, ref.repository);
  if (ref.digest !== null) return { key: `${repository}@${ref.digest}`, byTag: false, repository };
  return { key: `${repository}:${ref.tag ?? DEFAULT_TAG}`, byTag: true, repository };
}

/** The digest a node holds for a tag the slot names (null for a digest reference, or when not listed). */
export function heldDigest(index: NodeImageIndex, lookup: ImageLookup): string | null {
  return lookup.byTag && lookup.key !== null ? (index.tagDigests.get(lookup.key) ?? null) : null;
}

/**
 * `present` when a listed name is the image; `unknown` when it is not listed but the list cannot prove absence
 * (empty list, the nodeStatusMaxImages cap reached, or an entry of the same repository listing the maximum 5
 * names); else `absent`. Lag (the 30 s image cache, status report intervals) is not modelled.
 */
export function imagePresence(index: NodeImageIndex, ref: ImageReference | ImageLookup): ImagePresence {
  const lookup = 'reference' in ref ? imageLookup(ref) : ref;
  if (lookup.key !== null && index.names.has(lookup.key)) return 'present';
  if (!index.complete) return 'unknown';
  if (lookup.repository !== null && index.truncatedRepositories.has(lookup.repository)) return 'unknown';
  return 'absent';
}
