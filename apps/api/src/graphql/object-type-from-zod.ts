// NestJS code-first GraphQL types made from zod schemas, so the evaluation result is declared once, in
// libs/policy/src/result-schema (docs/design.md "The result schema"). The decorators a hand-written model
// would carry are applied here: @ObjectType per named object, @Field per property, one registered enum per
// named closed set.
import type { Type } from '@nestjs/common';
import { Field, Float, ID, Int, ObjectType, registerEnumType, type ReturnTypeFuncValue } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { z } from 'zod';
import { resultMeta } from '#policy';

/** How enum values are spelled in GraphQL, which allows only letters, digits and `_` in a name. */
const ENUM_SPELLING_RULE =
  'GraphQL names each value as its JSON value with `-` written `_` (`use-local` is `use_local`).';

/** The GraphQL name of an enum value: the JSON value with `-` written `_` (the value itself stays the JSON one). */
export function graphqlEnumValueName(value: string): string {
  const name = value.replaceAll('-', '_');
  if (!/^[_A-Za-z][_0-9A-Za-z]*$/.test(name)) throw new Error(`"${value}" cannot be a GraphQL enum value`);
  return name;
}

/**
 * The schema that carries a name (`graphql.name` or `id` in its metadata): the schema itself, or the one it
 * was cloned from when `.meta({ description })` describes one field of that type. Undefined when unnamed.
 */
function named(schema: z.ZodType): { name: string; owner: z.ZodType } | undefined {
  let found: { name: string; owner: z.ZodType } | undefined;
  for (let s: z.ZodType | undefined = schema; s; s = s._zod.parent as z.ZodType | undefined) {
    const meta = z.globalRegistry.get(s);
    // `id` is the schema's own (clones do not inherit it); `graphql` is inherited, so the last one wins.
    if (meta?.id) return { name: meta.graphql?.name ?? meta.id, owner: s };
    if (meta?.graphql?.name) found = { name: meta.graphql.name, owner: s };
  }
  return found;
}

const objectTypes = new Map<string, { owner: z.ZodType; type: Type<unknown> }>();
const enumTypes = new Map<string, { owner: z.ZodType; values: Record<string, string> }>();

function sameOwner<T>(cache: Map<string, { owner: z.ZodType } & T>, name: string, owner: z.ZodType) {
  const hit = cache.get(name);
  if (hit && hit.owner !== owner) throw new Error(`two different schemas are named ${name} in GraphQL`);
  return hit;
}

/** The registered GraphQL enum of a named zod enum (its values object: GraphQL name → JSON value). */
export function enumFromZod(schema: z.ZodEnum): Record<string, string> {
  const n = named(schema);
  if (!n) throw new Error(`a zod enum of ${schema.options.join(', ')} has no GraphQL name`);
  const hit = sameOwner(enumTypes, n.name, n.owner);
  if (hit) return hit.values;
  const values = Object.fromEntries((schema.options as string[]).map((v) => [graphqlEnumValueName(v), v]));
  const description = resultMeta(n.owner).description;
  registerEnumType(values, {
    name: n.name,
    description: description ? `${description} ${ENUM_SPELLING_RULE}` : ENUM_SPELLING_RULE,
  });
  enumTypes.set(n.name, { owner: n.owner, values });
  return values;
}

/** The code-first GraphQL object type of a named zod object; nested named objects and enums are made too. */
export function objectTypeFromZod<T = unknown>(schema: z.ZodObject): Type<T> {
  const n = named(schema);
  if (!n || !(n.owner instanceof z.ZodObject)) throw new Error('a zod object without a GraphQL name');
  const hit = sameOwner(objectTypes, n.name, n.owner);
  if (hit) return hit.type as Type<T>;
  const type = { [n.name]: class {} }[n.name]!;
  objectTypes.set(n.name, { owner: n.owner, type });
  for (const [key, field] of Object.entries(n.owner.shape as Record<string, z.ZodType>)) {
    const { typeFn, nullable } = fieldType(field, `${n.name}.${key}`);
    Field(typeFn, { nullable, description: fieldDescription(field) })(type.prototype, key);
  }
  ObjectType(n.name, { description: resultMeta(n.owner).description })(type);
  return type as Type<T>;
}

/** A field's own description: on the field or its wrappers, not the description of the named type it shows. */
function fieldDescription(schema: z.ZodType): string | undefined {
  for (let s = schema; ; s = unwrap(s)!) {
    const description = resultMeta(s).description;
    const n = named(s);
    if (description && (!n || description !== resultMeta(n.owner).description)) return description;
    if (!unwrap(s)) return undefined;
  }
}

function unwrap(schema: z.ZodType): z.ZodType | undefined {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodNullable || schema instanceof z.ZodReadonly)
    return schema.unwrap() as z.ZodType;
  return undefined;
}

/** Optional and nullable make a nullable field; `graphql.type` on the field or a wrapper picks ID or JSON. */
function fieldType(schema: z.ZodType, where: string): { typeFn: () => ReturnTypeFuncValue; nullable: boolean } {
  let nullable = false;
  let shown: 'ID' | 'JSON' | undefined;
  let s = schema;
  for (let inner = unwrap(s); ; inner = unwrap(s)) {
    shown ??= resultMeta(s).graphql?.type;
    if (!inner) break;
    if (!(s instanceof z.ZodReadonly)) nullable = true;
    s = inner;
  }
  if (shown === 'JSON') return { typeFn: () => GraphQLJSON, nullable };
  if (s instanceof z.ZodArray) {
    const item = s.element as z.ZodType;
    if (unwrap(item) && !(item instanceof z.ZodReadonly)) throw new Error(`${where}: list items cannot be null`);
    const itemType = baseType(item, where, undefined);
    return { typeFn: () => [itemType], nullable };
  }
  const type = baseType(s, where, shown);
  return { typeFn: () => type, nullable };
}

function baseType(s: z.ZodType, where: string, shown: 'ID' | undefined): ReturnTypeFuncValue {
  if (s instanceof z.ZodReadonly) return baseType(s.unwrap() as z.ZodType, where, shown);
  if (s instanceof z.ZodObject) return objectTypeFromZod(s);
  if (s instanceof z.ZodEnum) return enumFromZod(s);
  if (s instanceof z.ZodString) return shown === 'ID' ? ID : String;
  if (s instanceof z.ZodNumber) return s.format?.includes('int') ? Int : Float;
  if (s instanceof z.ZodBoolean) return Boolean;
  if (s instanceof z.ZodUnknown || s instanceof z.ZodAny || s instanceof z.ZodRecord) return GraphQLJSON;
  throw new Error(`${where}: no GraphQL type for a zod ${s._zod.def.type}`);
}
