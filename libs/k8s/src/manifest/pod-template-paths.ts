import { DNS1035_LABEL, DNS1123_LABEL } from '../names.js';
import type { PodTemplatePath } from '../types.js';
import { apiGroup, apiVersionOf } from './custom-resource-kinds.js';
import { parseFieldPattern } from './field-pattern.js';

export interface PodTemplatePathProblem {
  /** `apiVersion`, `kind` or `path`, relative to the entry. */
  field: 'apiVersion' | 'kind' | 'path';
  message: string;
}

/**
 * Problems of one podTemplatePaths entry, with the rules the API server applies to a CustomResourceDefinition
 * (apiextensions-apiserver pkg/apis/apiextensions/validation/validation.go, ValidateCustomResourceDefinitionSpec:
 * the group is a DNS-1123 subdomain with at least one dot, so built-in groups cannot be named; each version is a
 * DNS-1035 label; ValidateCustomResourceDefinitionNames: the kind, lowercased, is a DNS-1035 label). Kinds are
 * written in CamelCase by convention and matched case-sensitively, so a lowercase first letter is refused too.
 */
export function podTemplatePathProblems(entry: PodTemplatePath): PodTemplatePathProblem[] {
  const problems: PodTemplatePathProblem[] = [];
  const { apiVersion, kind, path } = entry;
  if (!apiVersion.includes('/')) {
    problems.push({
      field: 'apiVersion',
      message: `"${apiVersion}" must be group/version of a custom resource, e.g. example.com/v1`,
    });
  } else {
    const group = apiGroup(apiVersion);
    const version = apiVersionOf(apiVersion);
    if (group.length > 253 || !group.split('.').every((label) => DNS1123_LABEL.test(label)))
      problems.push({
        field: 'apiVersion',
        message: `group "${group}" must be a DNS subdomain (lowercase letters, digits, "-" and ".")`,
      });
    else if (!group.includes('.'))
      problems.push({
        field: 'apiVersion',
        message: `group "${group}" should be a domain with at least one dot: podTemplatePaths name custom resources, and Kubernetes' own kinds are read already`,
      });
    if (version.length > 63 || !DNS1035_LABEL.test(version))
      problems.push({
        field: 'apiVersion',
        message: `version "${version}" must be a DNS-1035 label such as v1 or v1beta2`,
      });
  }
  if (kind.length > 63 || !DNS1035_LABEL.test(kind.toLowerCase()) || !/^[A-Z]/.test(kind))
    problems.push({
      field: 'kind',
      message: `"${kind}" is not a kind name: letters, digits and "-", starting with an uppercase letter (e.g. BatchRun)`,
    });
  const parsed = parseFieldPattern(path);
  if ('error' in parsed) problems.push({ field: 'path', message: parsed.error });
  return problems;
}
