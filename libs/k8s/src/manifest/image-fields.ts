import { isMap, isSeq, type YAMLMap } from 'yaml';
import { parseImageReference } from '../image/index.js';
import { childPath, indexPath } from './field-path.js';
import type { ReadContext } from './read-context.js';
import { stringValue, type ValueNode } from './yaml-nodes.js';

/** At most this many paths are listed per object; more would not tell the reader anything new. */
const MAX_IMAGE_PATHS = 50;
/** Nodes visited per object before the search stops (aliases can make a small text a large tree). */
const MAX_VISITED = 100_000;

/**
 * Paths of the image-like values in an object the engine does not read, for `skipped[].imagePaths`. A value is
 * image-like when it sits at
 * - a key `image` and is a non-empty string (`spec.runner.image`), or a mapping with a string `repository` or
 *   `reference` (a Helm-style `image: { repository, tag }`, an ImageVolumeSource);
 * - a key ending in `Image` (camelCase: `sidecarImage`, `initImage`) and is a string that parses as an image
 *   reference (so `baseImage: "Ubuntu 24.04 LTS"` or `useDefaultImage: true` are not counted).
 * `metadata` and `status` are not searched: annotations (last-applied-configuration) copy the spec, and status is
 * written by controllers. Paths are in document order.
 */
export function imageFieldPaths(object: YAMLMap, prefix: string, ctx: ReadContext): string[] {
  const paths: string[] = [];
  let visited = 0;
  // `hit` entries are image fields waiting their turn, so paths come out in document order.
  const stack: Array<{ node: ValueNode; path: string; hit?: true }> = [{ node: object, path: prefix }];
  while (stack.length > 0 && paths.length < MAX_IMAGE_PATHS && visited < MAX_VISITED) {
    const { node, path, hit } = stack.pop()!;
    visited++;
    if (hit) {
      paths.push(path);
      continue;
    }
    if (isSeq(node)) {
      for (let i = node.items.length - 1; i >= 0; i--) {
        const item = ctx.reader.resolve(node.items[i]);
        if (item !== null) stack.push({ node: item, path: indexPath(path, i) });
      }
      continue;
    }
    if (!isMap(node)) continue;
    const children: Array<{ node: ValueNode; path: string; hit?: true }> = [];
    for (const [key, value] of ctx.reader.entries(node)) {
      if (typeof key !== 'string' || value === null) continue;
      if (node === object && (key === 'metadata' || key === 'status')) continue;
      const valuePath = childPath(path, key);
      children.push(
        isImageField(key, value, ctx) ? { node: value, path: valuePath, hit: true } : { node: value, path: valuePath },
      );
    }
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]!);
  }
  return paths;
}

function isImageField(key: string, value: ValueNode, ctx: ReadContext): boolean {
  if (key === 'image') {
    const text = stringValue(value);
    if (text !== null) return text !== '';
    if (!isMap(value)) return false;
    return ['repository', 'reference'].some((field) => (stringValue(ctx.reader.field(value, field)) ?? '') !== '');
  }
  if (key.length > 5 && key.endsWith('Image')) {
    const text = stringValue(value);
    return text !== null && text !== '' && parseImageReference(text).error === null;
  }
  return false;
}
