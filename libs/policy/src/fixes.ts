import type { PullPolicy, SlotEvaluation } from '#k8s';
import type { Fix, JsonPatchOperation } from './evaluation-result.js';

/**
 * Fixes as RFC 6902 JSON patches against the submitted document, at the exact field.
 *
 * Slot paths come from libs/k8s in field.Path style (`spec.template.spec.containers[0]`,
 * `items[3].spec.containers[1]`, image volumes `spec.volumes[2].image`); they become RFC 6901 pointers
 * (`/spec/template/spec/containers/0`, `/items/3/spec/containers/1`, `/spec/volumes/2/image`).
 * The policy field is `<slot>/imagePullPolicy` for containers and `<slot>/pullPolicy` for image volumes
 * (the slot path of a volume already ends at `image`); the image field is `<slot>/image`, resp.
 * `<slot>/reference`. `document` is the index of the document in the submitted stream; for a List the
 * pointer starts at the List (`/items/3/...`).
 * The op is `replace` when the field is present in the manifest and `add` when it is absent; `add` on an
 * object member that exists also replaces it (RFC 6902 §4.1), so an `add` is correct either way.
 */

/** RFC 6901 escaping of one reference token. */
function escapeToken(token: string): string {
  return token.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** `items[3].spec.containers[0]` -> `/items/3/spec/containers/0`; `metadata.labels[app.kubernetes.io/name]` -> `/metadata/labels/app.kubernetes.io~1name`. */
export function pointerFromFieldPath(path: string): string {
  const tokens: string[] = [];
  const re = /([^.[\]]+)|\[([^\]]*)\]/g;
  for (let m = re.exec(path); m !== null; m = re.exec(path)) tokens.push(m[1] ?? m[2] ?? '');
  return tokens.map((t) => `/${escapeToken(t)}`).join('');
}

export function policyPointer(slot: Pick<SlotEvaluation, 'path' | 'type'>): string {
  return `${pointerFromFieldPath(slot.path)}/${slot.type === 'imageVolume' ? 'pullPolicy' : 'imagePullPolicy'}`;
}

export function imagePointer(slot: Pick<SlotEvaluation, 'path' | 'type'>): string {
  return `${pointerFromFieldPath(slot.path)}/${slot.type === 'imageVolume' ? 'reference' : 'image'}`;
}

/** The pod spec that holds a slot: the slot path without `.containers[i]` / `.initContainers[i]` / `.ephemeralContainers[i]` / `.volumes[i].image`. */
export function podSpecPointer(slot: Pick<SlotEvaluation, 'path'>): string {
  const podSpec = slot.path.replace(
    /\.(containers|initContainers|ephemeralContainers)\[\d+\]$|\.volumes\[\d+\]\.image$/,
    '',
  );
  return pointerFromFieldPath(podSpec);
}

/** Sets the slot's policy field: `add` when it is absent, `replace` when present. */
export function setPolicyPatch(
  slot: Pick<SlotEvaluation, 'path' | 'type'>,
  value: PullPolicy,
  present: boolean,
): JsonPatchOperation[] {
  return [{ op: present ? 'replace' : 'add', path: policyPointer(slot), value }];
}

export function patchFix(
  document: number,
  description: string,
  patch: JsonPatchOperation[],
  image: string | null = null,
): Fix {
  return { description, document, patch, image };
}

/** A fix that cannot be a patch: a precise instruction, optionally with a concrete image. */
export function instructionFix(document: number, description: string, image: string | null = null): Fix {
  return { description, document, patch: [], image };
}

/** Replaces the image field with a concrete rewritten reference. */
export function imageRewriteFix(
  document: number,
  slot: Pick<SlotEvaluation, 'path' | 'type'>,
  image: string,
  description: string,
): Fix {
  return { description, document, patch: [{ op: 'replace', path: imagePointer(slot), value: image }], image };
}
