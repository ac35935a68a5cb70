/**
 * # The policy bundle's JSON Schema
 *
 * One self-contained JSON Schema (2020-12) document for the files `GET /v1/policy` exports and
 * `POST /v1/policy/plan|apply` take, served without credentials at `GET /schemas/policy-bundle.json` (the URL
 * exports name in `# yaml-language-server: $schema=…` and `$schema`, so editors complete and check bundles).
 *
 * It is the OpenAPI document's `PolicyBundle` component with every component it reaches copied under `$defs`
 * (`#/components/schemas/X` becomes `#/$defs/X`) and the OpenAPI-only keywords (`discriminator`, …) left out: the
 * same schemas the API documents its create bodies with, those derived from the zod schemas that validate them
 * (the params of every rule kind) included, so the bundle schema cannot say something else than /openapi.json.
 *
 * Committed as `apps/api/policy-bundle.schema.json`; test/openapi.e2e-spec.ts fails when it drifts, and
 * `UPDATE_OPENAPI=1 npx vitest run --project e2e:pglite test/openapi.e2e-spec.ts` rewrites it with openapi.json.
 */
import { createHash } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { BUNDLE_SCHEMA_PATH } from '#policy';
import { componentSchemas } from './components.js';
import { type JsonSchema, SCHEMA_PREFIX } from './schemas/json-schema.js';

const DIALECT = 'https://json-schema.org/draft/2020-12/schema';
const ROOT = 'PolicyBundle';
const MEDIA_TYPE = 'application/schema+json';
/** Editors fetch the schema for every file they open: let them (and proxies) keep it, and revalidate by ETag. */
const CACHE_CONTROL = 'public, max-age=3600';

/** Keywords of OpenAPI's Schema Object that are not JSON Schema (3.1 §4.8.24): a strict validator refuses them. */
const OPENAPI_KEYWORDS = new Set(['discriminator', 'xml', 'externalDocs', 'example']);
/** Keywords whose value is a map of names to schemas (the names are not keywords). */
const SCHEMA_MAPS = new Set(['properties', 'patternProperties', 'dependentSchemas', '$defs']);
/** Keywords whose value is data, not a schema: copied as they are. */
const DATA = new Set(['const', 'enum', 'default', 'examples', 'required']);

type Json = unknown;

function componentName(ref: string): string | null {
  return ref.startsWith(SCHEMA_PREFIX) ? ref.slice(SCHEMA_PREFIX.length) : null;
}

/** A schema made standalone: refs into the components point into `$defs`, OpenAPI's own keywords dropped. */
function standalone(node: Json, refs: Set<string>): Json {
  if (Array.isArray(node)) return node.map((n) => standalone(n, refs));
  if (node === null || typeof node !== 'object') return node;
  const out: Record<string, Json> = {};
  for (const [key, value] of Object.entries(node)) {
    if (OPENAPI_KEYWORDS.has(key)) continue;
    if (key === '$ref' && typeof value === 'string') {
      const name = componentName(value);
      if (name === null) throw new Error(`policy bundle schema: unexpected $ref ${value}`);
      refs.add(name);
      out[key] = `#/$defs/${name}`;
    } else if (DATA.has(key)) out[key] = value;
    else if (SCHEMA_MAPS.has(key))
      out[key] = Object.fromEntries(
        Object.entries(value as Record<string, Json>).map(([name, s]) => [name, standalone(s, refs)]),
      );
    else out[key] = standalone(value, refs);
  }
  return out;
}

/** The bundle schema document: PolicyBundle and every component it reaches. */
function buildPolicyBundleSchema(): JsonSchema {
  const components = componentSchemas();
  const pending = new Set<string>();
  const root = standalone(components[ROOT], pending) as Record<string, Json>;
  const defs = new Map<string, Json>();
  // A Set's iteration takes in what is added while iterating: every component reached, once.
  for (const name of pending) {
    const schema = components[name];
    if (schema === undefined) throw new Error(`policy bundle schema: no component ${name}`);
    defs.set(name, standalone(schema, pending));
  }
  return {
    $schema: DIALECT,
    $id: BUNDLE_SCHEMA_PATH,
    ...root,
    $defs: Object.fromEntries([...defs].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
  };
}

/** The document as served and committed: two-space JSON with a final newline. */
export function policyBundleSchemaText(): string {
  return `${JSON.stringify(buildPolicyBundleSchema(), null, 2)}\n`;
}

/**
 * `GET /schemas/policy-bundle.json`: public like /openapi.json (a Fastify route of its own, outside the
 * controllers and their guards), `application/schema+json`, cacheable with a strong ETag of its bytes (a
 * matching If-None-Match is a 304). Built on the first request. Call before `app.init()`.
 */
export function servePolicyBundleSchema(app: INestApplication): void {
  let served: { text: string; etag: string } | undefined;
  app.getHttpAdapter().get(BUNDLE_SCHEMA_PATH, (_req: FastifyRequest, reply: FastifyReply) => {
    if (!served) {
      const text = policyBundleSchemaText();
      served = { text, etag: `"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"` };
    }
    return reply.header('cache-control', CACHE_CONTROL).header('etag', served.etag).type(MEDIA_TYPE).send(served.text);
  });
}
