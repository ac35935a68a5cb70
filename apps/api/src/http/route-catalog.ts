import { type INestApplicationContext, RequestMethod, type Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryService, MetadataScanner, ModulesContainer } from '@nestjs/core';
import { RESOLVER_NAME_METADATA, RESOLVER_TYPE_METADATA } from '@nestjs/graphql';

type Handler = (...args: never[]) => unknown;

/** A REST route as Nest registers it with Fastify: `POST /v1/rules/:id/versions/:version/restore`. */
export interface RestHandler {
  method: string;
  path: string;
  /** `METHOD path`, the key per-route facts are looked up by (Fastify's `routeOptions.url` is the path). */
  key: string;
  controller: Type<unknown>;
  handler: Handler;
}

/** A GraphQL root field and the resolver method behind it: `Query.rules`. */
export interface GraphqlRootField {
  key: string;
  resolver: Type<unknown>;
  handler: Handler;
}

/**
 * Every REST handler of the application, read from the decorators Nest routes by (`@Controller` and `@Get` …), so
 * that facts kept on handlers (`@Access`, `@Produces`, `@TakesNoBody` …) can be looked up by route where no
 * handler is at hand yet: Fastify hooks and content-type parsers, the OpenAPI document, docs/access.md. The paths
 * are joined as Nest joins them (no global prefix or versioning here); assertRegistered checks them against
 * what Fastify registered.
 */
export function restHandlers(app: INestApplicationContext): RestHandler[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const out: RestHandler[] = [];
  for (const wrapper of discovery.getControllers()) {
    const controller = wrapper.metatype as Type<unknown> | null;
    if (!controller) continue;
    const prefixes = paths(Reflect.getMetadata(PATH_METADATA, controller));
    for (const name of scanner.getAllMethodNames(controller.prototype)) {
      const handler = (controller.prototype as Record<string, Handler>)[name]!;
      const verb = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod | undefined;
      if (verb === undefined || Reflect.getMetadata(PATH_METADATA, handler) === undefined) continue;
      const method = RequestMethod[verb];
      for (const prefix of prefixes)
        for (const suffix of paths(Reflect.getMetadata(PATH_METADATA, handler))) {
          const path = join(prefix, suffix);
          out.push({ method, path, key: `${method} ${path}`, controller, handler });
        }
    }
  }
  return out.sort((a, b) => a.path.localeCompare(b.path) || a.method.localeCompare(b.method));
}

/** Every `@Query` and `@Mutation` of the application's resolvers, as `Query.<field>` / `Mutation.<field>`. */
export function graphqlRootFields(app: INestApplicationContext): GraphqlRootField[] {
  const discovery = new DiscoveryService(app.get(ModulesContainer));
  const scanner = new MetadataScanner();
  const out: GraphqlRootField[] = [];
  const seen = new Set<Type<unknown>>();
  for (const wrapper of discovery.getProviders()) {
    const resolver = wrapper.metatype as Type<unknown> | null;
    if (!resolver?.prototype || seen.has(resolver)) continue;
    seen.add(resolver);
    for (const name of scanner.getAllMethodNames(resolver.prototype)) {
      const handler = (resolver.prototype as Record<string, Handler>)[name]!;
      const type = Reflect.getMetadata(RESOLVER_TYPE_METADATA, handler) as string | undefined;
      if (type !== 'Query' && type !== 'Mutation') continue;
      const field = (Reflect.getMetadata(RESOLVER_NAME_METADATA, handler) as string | undefined) ?? name;
      out.push({ key: `${type}.${field}`, resolver, handler });
    }
  }
  return out.sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * Fails start-up when a handler's computed route is not one Fastify registered (a global prefix, versioning or a
 * router module would make them differ), so a per-route fact can never silently miss its route.
 */
export function assertRegistered(handlers: readonly RestHandler[], registered: (key: string) => boolean): void {
  const missing = handlers.filter((h) => !registered(h.key)).map((h) => h.key);
  if (missing.length > 0)
    throw new Error(`route catalogue out of step with the router: ${missing.join(', ')} not registered`);
}

function paths(value: unknown): string[] {
  if (Array.isArray(value)) return value.map(String);
  return [typeof value === 'string' ? value : ''];
}

/** `v1/rules` + `:id` -> `/v1/rules/:id`; `` + `healthz` -> `/healthz`. */
function join(...parts: string[]): string {
  const path = parts
    .flatMap((p) => p.split('/'))
    .filter(Boolean)
    .join('/');
  return `/${path}`;
}
