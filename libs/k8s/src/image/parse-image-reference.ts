// kubernetes pkg/util/parsers/parsers.go `ParseImageName` and the kubelet's `applyDefaultImageTag`,
// over distribution/reference v0.6.0 `ParseNormalizedNamed`.

import type { ImageReference } from '../types.js';
import { applyDefaultImageTag } from './default-tag.js';
import { parseNormalizedNamed } from './normalize.js';

// parsers.go DefaultImageTag
const DEFAULT_IMAGE_TAG = 'latest';

/**
 * Reads an image string as Kubernetes does. Never throws: on a parse error every part is null
 * and `error` carries the library's own text (without ParseImageName's
 * `couldn't parse image name "<image>": ` prefix).
 */
export function parseImageReference(image: string): ImageReference {
  const named = parseNormalizedNamed(image);
  if (typeof named === 'string') {
    return {
      reference: image,
      registry: null,
      repository: null,
      tag: null,
      digest: null,
      runtimeImage: null,
      error: named,
    };
  }
  // parsers.go ParseImageName: "If no tag was specified, use the default "latest"."
  const tag = named.tag === '' && named.digest === '' ? DEFAULT_IMAGE_TAG : named.tag;
  return {
    reference: image,
    // reference.Domain(named) / reference.Path(named); ParseImageName's repo is their join
    registry: named.domain,
    repository: named.path,
    tag: tag === '' ? null : tag,
    digest: named.digest === '' ? null : named.digest,
    runtimeImage: applyDefaultImageTag(image, tag, named.digest),
    error: null,
  };
}
