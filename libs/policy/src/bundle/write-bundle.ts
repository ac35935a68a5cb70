import { stringify } from 'yaml';
import type { PolicyBundle } from './bundle.js';

export type BundleFormat = 'yaml' | 'json';

/** Where the bundle's JSON Schema is served, relative to the service's base URL. */
export const BUNDLE_SCHEMA_PATH = '/schemas/policy-bundle.json';

/**
 * The bundle as text, the same bytes for the same policy: fixed field order (policyBundle), two-space indent, no
 * line folding, a final newline. With a schema URL, YAML starts with the line the YAML language server (VS Code's
 * YAML extension) reads to complete and check the file, and JSON carries `$schema`, which JSON editors read.
 */
export function serializeBundle(bundle: PolicyBundle, format: BundleFormat, schemaUrl?: string): string {
  if (format === 'json') return `${JSON.stringify(schemaUrl ? { $schema: schemaUrl, ...bundle } : bundle, null, 2)}\n`;
  const body = stringify(bundle, { indent: 2, lineWidth: 0, minContentWidth: 0, aliasDuplicateObjects: false });
  return schemaUrl ? `# yaml-language-server: $schema=${schemaUrl}\n${body}` : body;
}
