import { isMap, isSeq, type YAMLMap } from 'yaml';
import { joinPath } from './field-path.js';
import type { ReadContext } from './read-context.js';

/**
 * A pod spec needs at least one container (pkg/apis/core/validation/validation.go, validateContainers:
 * `if len(containers) == 0 { return append(allErrs, field.Required(fldPath, "")) }`, reached from
 * ValidatePodSpec for Pods and from ValidatePodTemplateSpec for every template). A missing level above the pod
 * spec (no `spec`, no `template`) leaves the containers just as missing; the error sits on the deepest level
 * that exists. A level of the wrong type is reported by the readers instead.
 */
export function requireContainers(
  object: YAMLMap,
  podSpecPath: readonly string[],
  prefix: string,
  ctx: ReadContext,
): void {
  const path = joinPath(prefix, [...podSpecPath, 'containers'].join('.'));
  let node: YAMLMap = object;
  for (const field of podSpecPath) {
    const next = ctx.reader.field(node, field);
    if (next === null) {
      ctx.report('required-value', path, node, `${path}: Required value`);
      return;
    }
    if (!isMap(next)) return;
    node = next;
  }
  const containers = ctx.reader.field(node, 'containers');
  if (containers === null) ctx.report('required-value', path, node, `${path}: Required value`);
  else if (isSeq(containers) && containers.items.length === 0)
    ctx.report('required-value', path, containers, `${path}: Required value`);
}
