import { isMap, type YAMLMap } from 'yaml';
import type { SlotType } from '../types.js';
import { childPath, indexPath } from './field-path.js';
import type { RawSlot } from './manifest-types.js';
import type { ReadContext } from './read-context.js';

/**
 * Container lists in the order the kubelet and API server visit them
 * (pkg/apis/core/pods/helpers.go, VisitContainersWithPath: initContainers, containers, ephemeralContainers).
 */
const CONTAINER_LISTS: ReadonlyArray<readonly [field: string, type: SlotType]> = [
  ['initContainers', 'initContainer'],
  ['containers', 'container'],
  ['ephemeralContainers', 'ephemeralContainer'],
];

/** Every image slot of a pod spec: containers in visiting order, then image volumes (KEP-4639). */
export function extractSlots(spec: YAMLMap, specPath: string, ctx: ReadContext): RawSlot[] {
  const slots: RawSlot[] = [];
  for (const [field, type] of CONTAINER_LISTS) {
    const list = ctx.list(spec, field, specPath);
    if (!list) continue;
    const listPath = childPath(specPath, field);
    list.items.forEach((item, i) => {
      const path = indexPath(listPath, i);
      const container = ctx.reader.resolve(item);
      if (!isMap(container)) {
        ctx.mismatch(path, container, 'a mapping (a container)');
        return;
      }
      ctx.takeSlot(path, container);
      slots.push(containerSlot(container, path, type, ctx));
    });
  }
  imageVolumeSlots(spec, specPath, ctx, slots);
  return slots;
}

/** Container fields: staging/src/k8s.io/api/core/v1/types.go, Container (image, imagePullPolicy, restartPolicy). */
export function containerSlot(container: YAMLMap, path: string, type: SlotType, ctx: ReadContext): RawSlot {
  const name = ctx.string(container, 'name', path).value;
  const image = ctx.string(container, 'image', path);
  const policy = ctx.string(container, 'imagePullPolicy', path);
  // restartPolicy on an init container makes it a native sidecar (KEP-753); elsewhere it is not a slot property.
  const restartPolicy = type === 'initContainer' ? ctx.string(container, 'restartPolicy', path).value : null;
  const position = ctx.start(container);
  return {
    name: name ?? '',
    type,
    path,
    line: position.line,
    column: position.column,
    image: image.value,
    imageLine: ctx.line(image.node),
    declaredPolicy: policy.value,
    policyLine: ctx.line(policy.node),
    policyPath: childPath(path, 'imagePullPolicy'),
    restartPolicy,
  };
}

/**
 * Image volumes: volumes[i].image is an ImageVolumeSource { reference, pullPolicy }
 * (staging/src/k8s.io/api/core/v1/types.go, VolumeSource.Image / ImageVolumeSource).
 */
function imageVolumeSlots(spec: YAMLMap, specPath: string, ctx: ReadContext, slots: RawSlot[]): void {
  const volumes = ctx.list(spec, 'volumes', specPath);
  if (!volumes) return;
  const listPath = childPath(specPath, 'volumes');
  volumes.items.forEach((item, i) => {
    const volumePath = indexPath(listPath, i);
    const volume = ctx.reader.resolve(item);
    if (!isMap(volume)) {
      ctx.mismatch(volumePath, volume, 'a mapping (a volume)');
      return;
    }
    const source = ctx.map(volume, 'image', volumePath);
    if (!source) return;
    const path = childPath(volumePath, 'image');
    ctx.takeSlot(path, source);
    const reference = ctx.string(source, 'reference', path);
    const pullPolicy = ctx.string(source, 'pullPolicy', path);
    const position = ctx.start(source);
    slots.push({
      name: ctx.string(volume, 'name', volumePath).value ?? '',
      type: 'imageVolume',
      path,
      line: position.line,
      column: position.column,
      image: reference.value,
      imageLine: ctx.line(reference.node),
      declaredPolicy: pullPolicy.value,
      policyLine: ctx.line(pullPolicy.node),
      policyPath: childPath(path, 'pullPolicy'),
      restartPolicy: null,
    });
  });
}
