// The GraphQL types and the OpenAPI components of the evaluation result follow its zod schema field by field
// (docs/design.md "The result schema"). The committed SDL and OpenAPI documents only catch drift from
// themselves; this catches a generator that drops, adds or mistypes a field of the schema.
import { NestFactory } from '@nestjs/core';
import { GraphQLSchemaBuilderModule, GraphQLSchemaFactory, Query, Resolver } from '@nestjs/graphql';
import {
  getNamedType,
  isEnumType,
  isNonNullType,
  isObjectType,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
} from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { resultComponentSchemas } from '#policy';
import { EffectivePolicyModel, EvaluationResultModel } from '../evaluations/models/evaluation-result.model.js';
import { evaluationComponents } from '../openapi/schemas/evaluation.js';
import { graphqlEnumValueName, objectTypeFromZod } from './object-type-from-zod.js';

type JsonSchema = { type?: unknown; properties?: Record<string, unknown>; required?: string[] };

/** A schema with its optional, nullable and readonly wrappers taken off, and whether any made it nullable. */
function bare(schema: z.ZodType): { inner: z.ZodType; nullable: boolean } {
  let nullable = false;
  let s = schema;
  for (;;) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable) nullable = true;
    else if (!(s instanceof z.ZodReadonly)) return { inner: s, nullable };
    s = s.unwrap() as z.ZodType;
  }
}

/** The GraphQL name a result schema has: `graphql.name` in its metadata, else its OpenAPI `id`. */
function graphqlNameOf(schema: z.ZodType): string {
  const meta = z.globalRegistry.get(schema)!;
  return meta.graphql?.name ?? meta.id!;
}

async function buildSchema(queries: Record<string, () => unknown>): Promise<GraphQLSchema> {
  class Probe {}
  for (const [name, type] of Object.entries(queries)) {
    Object.defineProperty(Probe.prototype, name, { value: () => null });
    Query(type as () => never, { name })(
      Probe.prototype,
      name,
      Object.getOwnPropertyDescriptor(Probe.prototype, name)!,
    );
  }
  Resolver()(Probe);
  const app = await NestFactory.createApplicationContext(GraphQLSchemaBuilderModule, { logger: false });
  try {
    return await app.get(GraphQLSchemaFactory).create([Probe]);
  } finally {
    await app.close();
  }
}

describe('the evaluation result schema', () => {
  const components = [...resultComponentSchemas()];
  let graphql: GraphQLSchema;
  beforeAll(async () => {
    graphql = await buildSchema({ evaluate: () => EvaluationResultModel, effectivePolicy: () => EffectivePolicyModel });
  });

  it('names every component, each once', () => {
    expect(components.map(([id]) => id).sort()).toEqual(
      expect.arrayContaining(['EvaluationResult', 'EffectivePolicyAnswer', 'Finding', 'SlotImage', 'Verdict']),
    );
  });

  it.each(components)('%s: the OpenAPI component has its fields, required unless optional', (id, schema) => {
    const component = evaluationComponents()[id] as JsonSchema;
    expect(component, id).toBeDefined();
    if (schema instanceof z.ZodEnum) {
      expect(component).toMatchObject({ type: 'string', enum: schema.options });
      return;
    }
    const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
    expect(Object.keys(component.properties ?? {})).toEqual(Object.keys(shape));
    const required = Object.keys(shape).filter((k) => !(shape[k] instanceof z.ZodOptional));
    expect(component.required ?? []).toEqual(required);
  });

  // Fix.patch is one JSON value in GraphQL, so its operations have no GraphQL type.
  const inGraphql = components.filter(([id]) => id !== 'JsonPatchOperation');

  it.each(inGraphql)('%s: the GraphQL type has its fields, nullable when optional or nullable', (_id, schema) => {
    const type: GraphQLNamedType | undefined = graphql.getType(graphqlNameOf(schema));
    expect(type).toBeDefined();
    if (schema instanceof z.ZodEnum) {
      expect(isEnumType(type)).toBe(true);
      if (!isEnumType(type)) return;
      expect(type.getValues().map((v) => [v.name, v.value])).toEqual(
        schema.options.map((v) => [graphqlEnumValueName(String(v)), v]),
      );
      return;
    }
    expect(isObjectType(type)).toBe(true);
    if (!isObjectType(type)) return;
    const fields = type.getFields();
    const shape = (schema as z.ZodObject).shape as Record<string, z.ZodType>;
    expect(Object.keys(fields).sort()).toEqual(Object.keys(shape).sort());
    for (const [key, field] of Object.entries(shape)) {
      const { inner, nullable } = bare(field);
      const gqlType: GraphQLOutputType = fields[key]!.type;
      expect(isNonNullType(gqlType), `${type.name}.${key} non-null`).toBe(!nullable);
      const meta = z.globalRegistry.get(inner);
      if (meta?.graphql?.type === 'JSON' || z.globalRegistry.get(field)?.graphql?.type === 'JSON') continue;
      const named = getNamedType(gqlType);
      const leaf = inner instanceof z.ZodArray ? bare(inner.element as z.ZodType).inner : inner;
      if (leaf instanceof z.ZodObject || leaf instanceof z.ZodEnum)
        expect(named.name, `${type.name}.${key}`).toBe(graphqlNameOfNamed(leaf));
    }
  });
});

/** The GraphQL name of a named schema or of a described clone of one. */
function graphqlNameOfNamed(schema: z.ZodType): string {
  for (let s: z.ZodType | undefined = schema; s; s = s._zod.parent as z.ZodType | undefined) {
    const meta = z.globalRegistry.get(s);
    if (meta?.id || meta?.graphql?.name) return meta.graphql?.name ?? meta.id!;
  }
  throw new Error('unnamed schema');
}

describe('objectTypeFromZod', () => {
  const Colour = z.enum(['light-blue', 'red']).meta({ graphql: { name: 'ProbeColour' }, description: 'A colour.' });
  const Part = z.object({ name: z.string() }).meta({ id: 'ProbePart', description: 'A part.' });
  const Thing = z
    .object({
      id: z.string().meta({ graphql: { type: 'ID' } }),
      count: z.number().int(),
      ratio: z.number(),
      on: z.boolean(),
      colour: Colour.optional(),
      part: Part,
      spare: Part.nullable().meta({ description: 'A spare part.' }),
      parts: z.array(Part).readonly(),
      tags: z.array(z.string()),
      data: z.unknown(),
      patch: z.array(Part).meta({ graphql: { type: 'JSON' } }),
    })
    .meta({ id: 'ProbeThing', description: 'A thing.' });

  it('types each field (Int, Float, ID, enum, object, list, JSON), nullable only when optional or nullable', async () => {
    const ThingType = objectTypeFromZod(Thing);
    const schema = await buildSchema({ thing: () => ThingType });
    const fields = (schema.getType('ProbeThing') as import('graphql').GraphQLObjectType).getFields();
    expect(Object.fromEntries(Object.entries(fields).map(([k, f]) => [k, String(f.type)]))).toEqual({
      id: 'ID!',
      count: 'Int!',
      ratio: 'Float!',
      on: 'Boolean!',
      colour: 'ProbeColour',
      part: 'ProbePart!',
      spare: 'ProbePart',
      parts: '[ProbePart!]!',
      tags: '[String!]!',
      data: 'JSON!',
      patch: 'JSON!',
    });
    expect(fields.spare!.description).toBe('A spare part.');
    expect(fields.part!.description ?? undefined).toBeUndefined();
    expect(schema.getType('ProbeThing')!.description).toBe('A thing.');
    const colour = schema.getType('ProbeColour');
    expect(isEnumType(colour) && colour.getValues().map((v) => [v.name, v.value])).toEqual([
      ['light_blue', 'light-blue'],
      ['red', 'red'],
    ]);
    expect(colour!.description).toMatch(/^A colour\. GraphQL names each value as its JSON value with `-` written `_`/);
  });

  it('makes one class per named schema, however often it is used or described', () => {
    expect(objectTypeFromZod(Part)).toBe(objectTypeFromZod(Part.meta({ description: 'another field' })));
  });

  it('refuses an object without a name, and a second schema under a taken name', () => {
    expect(() => objectTypeFromZod(z.object({ a: z.string() }))).toThrow(/without a GraphQL name/);
    expect(() => objectTypeFromZod(z.object({ b: z.string() }).meta({ id: 'ProbePart' }))).toThrow(/ProbePart/);
  });
});
