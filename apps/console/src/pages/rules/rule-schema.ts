import { resolve, type JsonSchema, type SchemaRoot } from '../../components/schema-form/json-schema';
import type { RuleContent } from './types';

/** A rule kind as the API documents it: `RuleInput.oneOf` variant `<Kind>Rule`, its params `$ref <Kind>Params`. */
interface KindVariant {
  kind: string;
  title?: string;
  description?: string;
  params?: JsonSchema;
}

function ruleInput(doc: SchemaRoot): JsonSchema {
  const schema = doc.components.schemas.RuleInput;
  if (!schema) throw new Error('The API document has no RuleInput schema.');
  return schema;
}

export function kindVariant(doc: SchemaRoot, kind: string): KindVariant | undefined {
  for (const ref of ruleInput(doc).oneOf ?? []) {
    const variant = resolve(doc, ref);
    const constant = variant.properties?.kind?.const;
    if (constant === kind)
      return { kind, title: variant.title, description: variant.description, params: variant.properties?.params };
  }
  return undefined;
}

/**
 * RuleInput with its `params` made concrete for one kind: the form renders the kind's own parameters and swaps
 * them when the kind changes. Without a kind there is nothing to set yet.
 */
export function ruleFormSchema(doc: SchemaRoot, kind: string | undefined): JsonSchema {
  const { oneOf: _variants, discriminator: _d, ...input } = ruleInput(doc);
  const variant = kind ? kindVariant(doc, kind) : undefined;
  const params: JsonSchema = variant?.params
    ? { ...variant.params, title: 'Parameters' }
    : { type: 'object', properties: {}, title: 'Parameters' };
  return { ...input, properties: { ...input.properties, params } };
}

/** The order fields appear in: what the rule is first, where it applies last. */
export const FIELD_ORDER = [
  'name',
  'kind',
  'params',
  'enforcement',
  'severity',
  'enabled',
  'description',
  'match',
  'exclude',
] as const;

/** What the form edits: RuleInput's fields, any of them possibly unset while the user types. */
export type RuleDraft = Partial<Record<keyof RuleContent, unknown>>;

/** A stored rule (or version) as the form's starting point; `null`s become unset fields. */
export function draftOf(content: RuleContent): RuleDraft {
  const draft: RuleDraft = {};
  for (const key of FIELD_ORDER) if (content[key] !== null && content[key] !== undefined) draft[key] = content[key];
  return draft;
}

/**
 * The draft as the API takes it, for POST /v1/rules, PATCH (RulePatch) and the impact preview alike. Unset
 * optional fields are sent as null (which a PATCH needs to clear them); unset required ones are left out, so
 * the API names them.
 */
export function ruleInputOf(draft: RuleDraft): Record<string, unknown> {
  return {
    name: draft.name,
    description: draft.description ?? null,
    kind: draft.kind,
    params: draft.params ?? {},
    match: draft.match ?? null,
    exclude: draft.exclude ?? null,
    enforcement: draft.enforcement,
    severity: draft.severity,
    enabled: draft.enabled,
  };
}
