#!/usr/bin/env node
// The console's types of the REST API's answers, generated from the OpenAPI document the service serves
// (apps/api/openapi.json, itself generated from the code and drift-checked by test/openapi.e2e-spec.ts), so the
// console cannot drift from the API without failing `npm run typecheck`. Run by `npm run generate`; the output is
// not committed (like the Prisma client). `ApiSchemas['Rule']` is components.schemas.Rule; `API_ENUMS.Severity` is the
// values of components.schemas.Severity.
import { readFileSync, writeFileSync } from 'node:fs';
import { compile } from 'json-schema-to-typescript';

const OPENAPI = new URL('../apps/api/openapi.json', import.meta.url);
const OUT = new URL('../apps/console/src/api/api-schemas.generated.ts', import.meta.url);

const { components } = JSON.parse(readFileSync(OPENAPI, 'utf8'));
// OpenAPI's component references, as JSON Schema $defs of one root schema.
const defs = JSON.parse(JSON.stringify(components.schemas).replaceAll('"#/components/schemas/', '"#/$defs/'));
// A schema that says nothing of its type (a JSON patch operation's `value`) is any JSON value: `unknown`, not the
// open object the generator would make of it.
(function untyped(node) {
  if (!node || typeof node !== 'object') return;
  if (Array.isArray(node)) return node.forEach(untyped);
  for (const [key, value] of Object.entries(node)) {
    if (key === 'properties') for (const property of Object.values(value)) markUnknown(property);
    untyped(value);
  }
})(defs);
function markUnknown(schema) {
  const says = ['type', '$ref', 'oneOf', 'anyOf', 'allOf', 'enum', 'const', 'properties', 'items', 'not'];
  if (schema && typeof schema === 'object' && !says.some((k) => k in schema)) schema.tsType = 'unknown';
}
const names = Object.keys(defs);
const root = {
  type: 'object',
  additionalProperties: false,
  required: names,
  properties: Object.fromEntries(names.map((name) => [name, { $ref: `#/$defs/${name}` }])),
  $defs: defs,
};
const ts = await compile(root, 'ApiSchemas', {
  bannerComment: '/* Generated from apps/api/openapi.json by scripts/generate-console-types.mjs: do not edit. */',
  // An object the document leaves open (rule params) is `{}` here: read it through a cast, knowingly.
  additionalProperties: false,
  strictIndexSignatures: true,
  format: false,
});
// The closed sets of values (enums) as values too, so the console offers exactly what the API accepts.
const enums = Object.fromEntries(Object.entries(components.schemas).filter(([, schema]) => Array.isArray(schema.enum)));
const values = Object.entries(enums).map(([name, schema]) => `  ${name}: ${JSON.stringify(schema.enum)},`);
writeFileSync(OUT, `${ts}\nexport const API_ENUMS = {\n${values.join('\n')}\n} as const;\n`);
