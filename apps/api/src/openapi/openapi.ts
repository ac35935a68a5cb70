/**
 * # The REST API's OpenAPI 3.1 document
 *
 * Served at `GET /openapi.json`, with an interactive page (Swagger UI from the installed swagger-ui-dist, no
 * CDN) at `GET /docs`. Built from the controllers by @nestjs/swagger (`SwaggerModule.createDocument`), which
 * emits OpenAPI 3.0 by default: the document asks for `3.1.0`, so @nestjs/swagger rewrites any `nullable`
 * it generates into type arrays / `anyOf` with `null`, and every hand-written or zod-derived schema here is
 * JSON Schema 2020-12 already (3.1's dialect). Components (`components.ts`) are registered through the
 * DocumentBuilder config; the controllers only reference them (`#/components/schemas/<Name>`).
 *
 * The document is committed as `apps/api/openapi.json` (reviewers see API changes as diffs, like
 * `schema.gql`), and the policy bundle's JSON Schema built from its components as
 * `apps/api/policy-bundle.schema.json`. `test/openapi.e2e-spec.ts` builds both from the booted app and fails when
 * they differ from the committed files; `UPDATE_OPENAPI=1 npx vitest run --project e2e:pglite
 * test/openapi.e2e-spec.ts` rewrites them. The same spec checks that the document is structurally valid 3.1, validates every example
 * against its schema, and replays the example requests against the app.
 *
 * ## Documenting a controller (the pattern; decorators and their imports only, no behaviour change)
 *
 * The decorators of a feature's operations live beside its controller in `<feature>.openapi.ts`, composed per
 * operation (`ApiDocs(...)`, in the order they would be stacked), so the controller reads as routes. See
 * rules.openapi.ts for a full CRUD example, evaluations.openapi.ts for several renderings and a YAML body,
 * health.openapi.ts for the smallest one. Helpers are in `decorators.ts`. Who may call an operation (its security,
 * 401/403/429) comes from the handler's `@Access` (security.ts), not from these files.
 *
 * 1. `@ApiTags('Chatops')` on the class, and the tag with a description in `TAGS` below.
 * 2. On each route `@ApiOperation({ operationId: 'askChatops', summary, description })`. Operation ids are
 *    camelCase verb + noun and unique (the spec checks).
 * 3. JSON body: `@ApiBody({ schema: schema('AskRequest'), examples: examples({ key: { summary, value } }) })`.
 *    Several media types with different schemas (a form body, YAML): `@ApiOperation({ requestBody: { required:
 *    true, content: { 'application/x-www-form-urlencoded': { schema }, ... } } })`, as POST /v1/evaluations.
 * 4. Parameters: all query parameters of a route in one `@ApiQueries([queryParameter('q', { type: 'string' },
 *    { required: true }), ...PAGE_PARAMETERS])` (separate `@ApiQuery` lines end up in reverse order), or
 *    `zodQueryParameters(zodSchema)` when a zod schema validates them; `ApiIdParam('rule')` / `@ApiParam` for
 *    path parameters; `@ApiHeader` / `ApiIfMatch()` for headers (not Accept, Content-Type or Authorization:
 *    OpenAPI ignores those; describe them in the operation).
 * 5. Success: `@ApiOkResponse({ description, headers, content: jsonContent('AskResponse', examples(...)) })`;
 *    other media types as a `content` map (`{ 'text/markdown': { schema: { type: 'string' } } }`).
 * 6. Errors: `@ApiProblems({ 400: 'when…', 401: 'when…', 404: 'when…' }, { id: RULE_ID })`: every 4xx is
 *    `application/problem+json` with the Problem schema (the spec checks); the examples' `instance` is the
 *    operation's path, its parameters filled from the second argument. Pass `{ description, examples }` instead
 *    of a string for a specific example (`routeInstance()` for its `instance`).
 * 7. Schemas: hand-written ones in `schemas/<area>.ts` as `as const satisfies JsonSchema` objects (3.1: write
 *    `type: ['string', 'null']` or `oneOf: [{ $ref }, { type: 'null' }]`, never `nullable`), registered by
 *    name in `components.ts`; or derived from the zod schema that validates the input (`zod-schemas.ts`).
 *    Realistic examples go in `examples.ts`.
 * 8. Regenerate and commit `apps/api/openapi.json` (command above).
 */
import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DocumentBuilder, type OpenAPIObject, type SchemaObject, SwaggerModule } from '@nestjs/swagger';
import { accessOf } from '../auth/access.js';
import type { Access } from '../auth/scopes.js';
import { restHandlers } from '../http/route-catalog.js';
import { componentSchemas } from './components.js';
import { ROUTE_INSTANCE } from './decorators.js';
import { servePolicyBundleSchema } from './policy-bundle-schema.js';
import { documentAccess } from './security.js';

const OPENAPI_JSON_PATH = '/openapi.json';
const DOCS_PATH = '/docs';

/**
 * `info.version`: the version of pullwise that serves the document, from package.json (the v1 in the paths is the
 * contract's major version). The file is found by walking up, as from sources and from dist/ the depth differs.
 */
function packageVersion(): string {
  for (let url = new URL('./package.json', import.meta.url), i = 0; i < 8; i++, url = new URL('../package.json', url)) {
    try {
      const pkg = JSON.parse(readFileSync(url, 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'pullwise' && pkg.version) return pkg.version;
    } catch {
      // not here: keep walking up
    }
  }
  throw new Error('package.json of pullwise not found above apps/api/src/openapi');
}

const TAGS: [name: string, description: string][] = [
  ['Evaluations', 'Predict what Kubernetes does with the images of manifests and check them against the rules.'],
  ['History', 'Recorded evaluations.'],
  ['Rules', "The organization's pull-policy rules, versioned, and previews of a change's impact."],
  ['Exceptions', 'Waivers: which rules, where, why, who owns them, until when.'],
  ['Clusters', 'Cluster profiles: the facts about a target cluster that change the answers, and its nodes.'],
  [
    'Policy as code',
    'The whole policy (rules, exceptions, cluster profiles) as one bundle for git: export it, plan a bundle against ' +
      'the store, apply it in one transaction. Its JSON Schema, for editors, is served at `GET /schemas/policy-bundle.json`.',
  ],
  [
    'Chatops',
    'Chat commands (`check <image> in <namespace>`, `why <evaluation id>`, `rules [namespace]`, `help`): the Slack ' +
      'slash command, and the same answers as Markdown and Block Kit for other bots.',
  ],
  ['Auth', 'API keys (`admin`) and the caller\u2019s own identity.'],
  [
    'Admission',
    'Kubernetes admission webhooks (admission.k8s.io/v1 AdmissionReview), called by the API server: validate with ' +
      'the stored rules and exceptions, and mutate with set-pull-policy rules.',
  ],
  ['Health', 'Liveness and readiness probes.'],
];

const DESCRIPTION = [
  'Predicts what Kubernetes will do with container images (effective `imagePullPolicy`, what the kubelet does ' +
    'with the image absent and present on the node) and checks manifests against the organization\u2019s ' +
    'pull-policy rules, with exceptions and cluster profiles.',
  'GraphQL at `/graphql` has the same capabilities and error meanings. Errors are RFC 9457 problem details ' +
    '(`application/problem+json`, schema `Problem`, which lists the problem types). Lists are pages ' +
    '`{ items, nextCursor, totalCount }`; pass `nextCursor` as `cursor`. Rules, exceptions and cluster profiles ' +
    'carry an `ETag` (`"v<version>"`); send it in `If-Match` to change them (412 when stale).',
].join('\n\n');

function config(): Omit<OpenAPIObject, 'paths'> {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('pullwise')
    .setDescription(DESCRIPTION)
    .setVersion(packageVersion())
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addBearerAuth(
      { type: 'http', scheme: 'bearer', description: 'An API key (`pwk_…`) or PULLWISE_ADMIN_TOKEN.' },
      'apiKey',
    );
  for (const [name, description] of TAGS) builder.addTag(name, description);
  const doc = builder.build();
  // A copy: createDocument rewrites schemas in place (nullable -> type arrays), the `as const` objects stay intact.
  doc.components = { ...doc.components, schemas: structuredClone(componentSchemas()) as Record<string, SchemaObject> };
  return doc;
}

/** The document for the application's controllers (a fresh object each call). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  // A copy: the examples are the decorators' own objects, shared between operations, and are filled in below.
  const doc = structuredClone(
    SwaggerModule.createDocument(app, config(), {
      operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
    }),
  );
  const reflector = app.get(Reflector);
  const access = new Map<string, Access | undefined>(
    restHandlers(app).map((h) => [h.key, accessOf(reflector, h.handler, h.controller)]),
  );
  fillRouteInstances(doc);
  documentAccess(doc, (route) => access.get(route));
  return doc;
}

/** Writes each operation's path (its parameters from the example values) where a problem example names ROUTE_INSTANCE. */
function fillRouteInstances(doc: OpenAPIObject): void {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const op of Object.values(item as Record<string, { responses?: Record<string, unknown> }>)) {
      for (const response of Object.values(op.responses ?? {}) as { content?: Record<string, unknown> }[]) {
        for (const media of Object.values(response.content ?? {}) as { examples?: Record<string, unknown> }[]) {
          for (const example of Object.values(media.examples ?? {}) as { value?: { instance?: unknown } }[]) {
            const instance = example.value?.instance;
            if (typeof instance !== 'string' || !instance.startsWith(ROUTE_INSTANCE)) continue;
            const values = JSON.parse(instance.slice(ROUTE_INSTANCE.length)) as Record<string, string>;
            example.value!.instance = path.replace(/\{(\w+)\}/g, (_, name: string) => {
              if (values[name] === undefined) throw new Error(`${path}: no example value for {${name}} in ApiProblems`);
              return values[name];
            });
          }
        }
      }
    }
  }
}

/**
 * `GET /openapi.json` and the Swagger UI at `/docs`; the document is built on the first request. Also the policy
 * bundle's JSON Schema at `GET /schemas/policy-bundle.json` (policy-bundle-schema.ts), derived from the same
 * components. Call before `app.init()` (Fastify takes no routes once ready).
 */
export function setupOpenApi(app: INestApplication): void {
  SwaggerModule.setup(DOCS_PATH, app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: OPENAPI_JSON_PATH,
    raw: ['json'],
    customSiteTitle: 'pullwise API',
    swaggerOptions: { docExpansion: 'list', defaultModelsExpandDepth: 0, tryItOutEnabled: false },
  });
  servePolicyBundleSchema(app);
}
