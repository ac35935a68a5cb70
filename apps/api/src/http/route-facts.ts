import { type INestApplicationContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { acceptsAnyOf } from '#reports';
import { AppError } from '../common/errors/app-error.js';
import { restHandlers } from './route-catalog.js';

const PRODUCES_METADATA = 'pullwise:produces';
const BODY_METADATA = 'pullwise:body';

/** Problems are answered on every route, so a client that accepts only them is not refused with a 406. */
const PROBLEM_TYPE = 'application/problem+json';

/**
 * The media types a route (or every route of a controller) answers with, for the 406 check of Accept. A route
 * without it is not checked (the probes, metrics and admission webhooks answer one fixed type whatever is asked).
 */
export function Produces(...mediaTypes: string[]): ClassDecorator & MethodDecorator {
  return SetMetadata(PRODUCES_METADATA, mediaTypes);
}

/** What a route's body is, where the JSON parser needs to know before any handler runs. */
export type BodyKind = 'none' | 'manifests' | 'raw-text';

/** A POST that takes no body: an empty one sent with a JSON Content-Type (many clients do) is no error. */
export const TakesNoBody = (): MethodDecorator => SetMetadata(BODY_METADATA, 'none' satisfies BodyKind);

/** The body carries manifests: a bare JSON scalar is answered as "no Kubernetes objects in the input". */
export const TakesManifests = (): MethodDecorator => SetMetadata(BODY_METADATA, 'manifests' satisfies BodyKind);

/**
 * The handler reads the body itself: JSON and YAML bodies reach it as the text sent (strict UTF-8, not parsed),
 * up to the larger limit for raw text (body-parsers.ts). For inputs such as `kubectl get nodes -o json`, which
 * are large and whose own reader places errors by line.
 */
export const TakesRawText = (): MethodDecorator => SetMetadata(BODY_METADATA, 'raw-text' satisfies BodyKind);

interface Facts {
  produces?: readonly string[];
  body?: BodyKind;
}

/**
 * What Fastify hooks and content-type parsers need to know of a route before Nest picks its handler (they run
 * before it), looked up by the route Fastify matched. Built once at start-up from the handlers' decorators.
 */
export class RouteFacts {
  private constructor(private readonly byRoute: ReadonlyMap<string, Facts>) {}

  static of(app: INestApplicationContext): RouteFacts {
    const reflector = app.get(Reflector);
    const byRoute = new Map<string, Facts>();
    for (const h of restHandlers(app)) {
      byRoute.set(h.key, {
        produces: reflector.getAllAndOverride<readonly string[] | undefined>(PRODUCES_METADATA, [
          h.handler,
          h.controller,
        ]),
        body: reflector.get<BodyKind | undefined>(BODY_METADATA, h.handler),
      });
    }
    return new RouteFacts(byRoute);
  }

  /** The facts of the route that serves `req` (a HEAD request is served by the GET route). */
  of(req: FastifyRequest): Facts {
    const url = req.routeOptions?.url;
    if (url === undefined) return {};
    const method = req.method === 'HEAD' ? 'GET' : req.method;
    return this.byRoute.get(`${method} ${url}`) ?? {};
  }
}

/**
 * 406 when the Accept header rules out every media type the route produces (`@Produces`). Absent, empty or
 * unparseable headers accept anything (as do wildcards); `?format=` names a rendering explicitly and wins over
 * Accept, so it is not checked here.
 */
export function checkAccept(produces: readonly string[] | undefined, accept: unknown, hasFormat: boolean): void {
  if (!produces || hasFormat || typeof accept !== 'string') return;
  if (acceptsAnyOf(accept, [...produces, PROBLEM_TYPE])) return;
  const offered = [...new Set(produces)];
  throw new AppError(
    'not-acceptable',
    `None of the media types in Accept (${JSON.stringify(accept.slice(0, 200))}) can be produced here; this route answers ${offered.join(', ')}.`,
    [{ path: 'Accept', message: `acceptable: ${offered.join(', ')}` }],
  );
}
