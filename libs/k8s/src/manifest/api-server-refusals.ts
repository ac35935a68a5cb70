import type { YAMLMap } from 'yaml';
import { OBJECT_TYPES, POD_SPEC_PATHS } from './builtin-api.generated.js';
import { parseApiVersion, unmappedKind } from './builtin-kinds.js';
import { childPath } from './field-path.js';
import type { ReadContext, TypeMeta } from './read-context.js';
import { requireContainers } from './required-containers.js';
import { reportUnknownFields } from './strict-fields.js';

/**
 * Reports what the API server refuses in an object (a document root or a List item at `prefix`) before any
 * image matters: an apiVersion that does not parse, a kind its built-in group does not serve, unknown fields
 * and a pod spec without containers in the kinds that carry one. Returns false when the object cannot be
 * mapped at all, so it must not be read; objects of other groups (custom resources) pass untouched.
 */
export function acceptedByApiServer(object: YAMLMap, prefix: string, ctx: ReadContext, meta: TypeMeta): boolean {
  const { kind, apiVersion } = meta;
  // A missing apiVersion is already an error (readTypeMeta); the object is still read by kind alone.
  if (apiVersion === null || apiVersion === '') return true;
  const apiVersionPath = childPath(prefix, 'apiVersion');
  const gv = parseApiVersion(apiVersion);
  if ('error' in gv) {
    const node = ctx.reader.field(object, 'apiVersion');
    ctx.report('invalid-api-version', apiVersionPath, node, `${apiVersionPath}: ${gv.error}`);
    return false;
  }
  const unmapped = unmappedKind(kind, gv);
  if (unmapped) {
    const path = unmapped.field === 'kind' ? childPath(prefix, 'kind') : apiVersionPath;
    ctx.report('unknown-kind', path, ctx.reader.field(object, unmapped.field), unmapped.message);
    return false;
  }
  const type = Object.hasOwn(OBJECT_TYPES, `${apiVersion}/${kind}`) ? OBJECT_TYPES[`${apiVersion}/${kind}`] : undefined;
  if (type === undefined) return true;
  reportUnknownFields(object, type, prefix, ctx, `${kind} in version "${gv.version}" cannot be handled as a ${kind}`);
  requireContainers(object, POD_SPEC_PATHS[type]!, prefix, ctx);
  return true;
}
