// kubernetes pkg/kubelet/images/image_manager.go `applyDefaultImageTag`.

/**
 * The image string the kubelet hands to the CRI, given the tag and digest that
 * `parsers.ParseImageName(image)` returned for it (tag 'latest' when neither was written).
 * The name is deliberately not fully qualified, so the runtime's own registry defaulting applies.
 */
export function applyDefaultImageTag(image: string, tag: string, digest: string): string {
  // image_manager.go applyDefaultImageTag:
  // `if len(digest) == 0 && len(tag) > 0 && !strings.HasSuffix(image, ":"+tag)`
  if (digest.length === 0 && tag.length > 0 && !image.endsWith(':' + tag)) {
    return image + ':' + tag;
  }
  return image;
}
