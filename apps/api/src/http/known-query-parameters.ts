import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app-error.js';

/**
 * Where @nestjs/swagger keeps what `@ApiOperation` and `@ApiQuery` declare on a handler (its DECORATORS
 * constants, `swagger/apiOperation` and `swagger/apiParameters`, which the package does not export).
 */
const API_OPERATION = 'swagger/apiOperation';
const API_PARAMETERS = 'swagger/apiParameters';

type Handler = ReturnType<ExecutionContext['getHandler']>;

const STRICT_QUERY = 'pullwise:strict-query';

/**
 * An operation other than a list that also takes only its declared query parameters: one whose misspelled option
 * must not be ignored (`POST /v1/policy/apply?dryrun=true` would otherwise apply for real).
 */
export const OnlyDeclaredQueryParameters = (): MethodDecorator => SetMetadata(STRICT_QUERY, true);

/**
 * List operations (operation ids `list…`), and those marked OnlyDeclaredQueryParameters, take exactly the query parameters their OpenAPI description
 * declares; any other one is a 400 naming it, rather than a filter that is silently not applied. The
 * declaration is the one the OpenAPI document is built from, so the documentation and the check agree.
 * A guard, after authentication (AppModule registers it last), rather than an interceptor: with no global
 * interceptor Nest calls handlers without an rxjs pipeline.
 */
@Injectable()
export class KnownQueryParameters implements CanActivate {
  private readonly known = new WeakMap<Handler, Set<string> | null>();

  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    if (ctx.getType<string>() !== 'http') return true;
    const names = this.namesFor(ctx.getHandler());
    if (!names) return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest>();
    const unknown = Object.keys((req.query ?? {}) as object).filter((name) => !names.has(name));
    if (unknown.length > 0) {
      const shown = unknown.map((name) => (/^[\w.-]{1,64}$/.test(name) ? name : JSON.stringify(name.slice(0, 64))));
      throw AppError.invalid(
        `Unknown query parameter${shown.length > 1 ? 's' : ''} ${shown.join(', ')}: ${req.method} ${req.routeOptions.url} ${names.size > 0 ? `takes ${[...names].join(', ')}` : 'takes no query parameters'}.`,
        // A parameter's problem is at its bare name (the Problem schema's `path`: "parameter or header name"), as
        // `limit`, `cursor` or `verdict` are named when their values are wrong.
        shown.map((name) => ({ path: name, message: 'unknown parameter' })),
      );
    }
    return true;
  }

  private namesFor(handler: Handler): Set<string> | null {
    let names = this.known.get(handler);
    if (names === undefined) {
      const operation = this.reflector.get<{ operationId?: string } | undefined>(API_OPERATION, handler);
      const parameters = this.reflector.get<{ in?: string; name?: string }[] | undefined>(API_PARAMETERS, handler);
      const strict = operation?.operationId?.startsWith('list') || this.reflector.get<boolean>(STRICT_QUERY, handler);
      names = strict ? new Set((parameters ?? []).filter((p) => p.in === 'query' && p.name).map((p) => p.name!)) : null;
      this.known.set(handler, names);
    }
    return names;
  }
}
