import { stringify } from 'yaml';

const CONTENT_KEYS = [
  'name',
  'description',
  'kind',
  'enabled',
  'enforcement',
  'severity',
  'params',
  'match',
  'exclude',
] as const;

/**
 * What a rule says as YAML with every map's keys sorted: two versions render the same text for the same content,
 * whatever order the JSON came in, so a line diff shows only real changes. Unset fields are left out.
 */
export function ruleYaml(content: Partial<Record<(typeof CONTENT_KEYS)[number], unknown>>): string {
  const picked: Record<string, unknown> = {};
  for (const key of CONTENT_KEYS) {
    const v = content[key];
    if (v !== null && v !== undefined) picked[key] = v;
  }
  return stringify(picked, { sortMapEntries: true, lineWidth: 0 });
}
