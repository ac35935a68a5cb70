import { DNS1123_SUBDOMAIN } from '#k8s';
import type { DefinitionProblem, LabelSelector, LabelSelectorRequirement } from './rule-types.js';

/**
 * Label selectors with Kubernetes' semantics.
 *
 * Conversion: k8s.io/apimachinery/pkg/apis/meta/v1/helpers.go, LabelSelectorAsSelector: an empty selector
 * (no matchLabels, no matchExpressions) selects everything; every matchLabels entry becomes an `Equals`
 * requirement; all requirements are ANDed. (Kubernetes turns a nil selector into labels.Nothing(); here an
 * absent `labels` field means "no constraint" like every other absent MatchSpec field, so it matches all.)
 * Matching: k8s.io/apimachinery/pkg/labels/selector.go, Requirement.Matches:
 *   In / Equals: the key is present and its value is in the set;
 *   NotIn:       the key is ABSENT, or its value is not in the set;
 *   Exists:      the key is present;  DoesNotExist: the key is absent.
 * Validation: k8s.io/apimachinery/pkg/apis/meta/v1/validation/validation.go, ValidateLabelSelector and
 * ValidateLabelSelectorRequirement (values required for In/NotIn, forbidden for Exists/DoesNotExist, key a
 * qualified name, values label values), ValidateLabels for matchLabels; names and values per
 * k8s.io/apimachinery/pkg/util/validation/validation.go (IsQualifiedName, IsValidLabelValue).
 */

export type LabelMatcher = (labels: Readonly<Record<string, string>>) => boolean;

const SELECTOR_OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'] as const;

// validation.go: qualifiedNameFmt, qualifiedNameMaxLength, DNS1123SubdomainMaxLength, LabelValueMaxLength.
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const NAME_MAX = 63;
const PREFIX_MAX = 253;

/** IsQualifiedName: why `key` is not a valid label key, or null. */
export function labelKeyProblem(key: string): string | null {
  const parts = key.split('/');
  let name = key;
  if (parts.length === 2) {
    const prefix = parts[0]!;
    name = parts[1]!;
    if (prefix.length === 0) return `"${key}": prefix part must be non-empty`;
    if (prefix.length > PREFIX_MAX || !DNS1123_SUBDOMAIN.test(prefix)) {
      return `"${key}": prefix part must be a lowercase RFC 1123 subdomain of at most ${PREFIX_MAX} characters (e.g. "example.com")`;
    }
  } else if (parts.length > 2) {
    return `"${key}": a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/' (e.g. "app.kubernetes.io/name")`;
  }
  if (name.length === 0) return `"${key}": name part must be non-empty`;
  if (name.length > NAME_MAX) return `"${key}": name part must be no more than ${NAME_MAX} characters`;
  if (!QUALIFIED_NAME.test(name)) {
    return `"${key}": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. "MyName", "my.name", "123-abc")`;
  }
  return null;
}

/** IsValidLabelValue: why `value` is not a valid label value, or null. */
export function labelValueProblem(value: string): string | null {
  if (value.length > NAME_MAX) return `"${value}": must be no more than ${NAME_MAX} characters`;
  if (value !== '' && !QUALIFIED_NAME.test(value)) {
    return `"${value}": a valid label value must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character`;
  }
  return null;
}

/** ValidateLabelSelector over an already well-typed selector; paths are relative to `path`. */
export function labelSelectorProblems(selector: LabelSelector, path: string): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    const keyPath = `${path}.matchLabels[${key}]`;
    const keyProblem = labelKeyProblem(key);
    if (keyProblem) problems.push({ path: keyPath, message: `invalid label key ${keyProblem}` });
    const valueProblem = labelValueProblem(value);
    if (valueProblem) problems.push({ path: keyPath, message: `invalid label value ${valueProblem}` });
  }
  (selector.matchExpressions ?? []).forEach((req, i) =>
    problems.push(...requirementProblems(req, `${path}.matchExpressions[${i}]`)),
  );
  return problems;
}

function requirementProblems(req: LabelSelectorRequirement, path: string): DefinitionProblem[] {
  const problems: DefinitionProblem[] = [];
  const values = req.values ?? [];
  switch (req.operator) {
    case 'In':
    case 'NotIn':
      if (values.length === 0) {
        problems.push({
          path: `${path}.values`,
          message: `must be specified when \`operator\` is 'In' or 'NotIn': give at least one value`,
        });
      }
      break;
    case 'Exists':
    case 'DoesNotExist':
      if (values.length > 0) {
        problems.push({
          path: `${path}.values`,
          message: `may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
        });
      }
      break;
    default:
      problems.push({
        path: `${path}.operator`,
        message: `"${String(req.operator)}" is not a valid selector operator: use one of ${SELECTOR_OPERATORS.join(', ')}`,
      });
  }
  const keyProblem = labelKeyProblem(req.key);
  if (keyProblem) problems.push({ path: `${path}.key`, message: `invalid label key ${keyProblem}` });
  values.forEach((v, j) => {
    const valueProblem = labelValueProblem(v);
    if (valueProblem) problems.push({ path: `${path}.values[${j}]`, message: `invalid label value ${valueProblem}` });
  });
  return problems;
}

type Requirement = (labels: Readonly<Record<string, string>>) => boolean;

function has(labels: Readonly<Record<string, string>>, key: string): boolean {
  return Object.hasOwn(labels, key);
}

// selector.go, Requirement.Matches.
function compileRequirement(req: LabelSelectorRequirement): Requirement {
  const { key } = req;
  const values = new Set(req.values ?? []);
  switch (req.operator) {
    case 'In':
      return (labels) => has(labels, key) && values.has(labels[key]!);
    case 'NotIn':
      return (labels) => !has(labels, key) || !values.has(labels[key]!);
    case 'Exists':
      return (labels) => has(labels, key);
    case 'DoesNotExist':
      return (labels) => !has(labels, key);
    default:
      // Validation rejects unknown operators; a selector that slipped through selects nothing (fail closed).
      return () => false;
  }
}

/** LabelSelectorAsSelector + Selector.Matches; `undefined`/`null` (no constraint) and `{}` match everything. */
export function compileLabelSelector(selector: LabelSelector | null | undefined): LabelMatcher {
  if (!selector) return () => true;
  const requirements: Requirement[] = [];
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    // helpers.go: matchLabels become selection.Equals, which matches like In with one value.
    requirements.push((labels) => has(labels, key) && labels[key] === value);
  }
  for (const req of selector.matchExpressions ?? []) requirements.push(compileRequirement(req));
  if (requirements.length === 0) return () => true;
  return (labels) => requirements.every((r) => r(labels));
}
