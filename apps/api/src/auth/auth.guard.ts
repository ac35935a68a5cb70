import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyRequest } from 'fastify';
import type { GraphQLResolveInfo } from 'graphql';
import { AppError } from '../common/errors/app-error.js';
import { isWarmUp, WARM_UP_PRINCIPAL } from '../health/warm-up.js';
import { accessOf } from './access.js';
import { bearerToken } from './api-key-token.js';
import { ApiKeysService } from './api-keys.service.js';
import type { AuthenticatedRequest } from './principal.js';
import { RateLimitGuard } from './rate-limit.guard.js';
import { grants, scopeNames, type Access, type Scope } from './scopes.js';

type Request = FastifyRequest & AuthenticatedRequest;

/** The request and how messages name what it calls (`GET /v1/rules`, `Query.rules`), REST and GraphQL alike. */
function requestOf(ctx: ExecutionContext): { req: Request; where: string } {
  if (ctx.getType<string>() === 'graphql') {
    const gql = GqlExecutionContext.create(ctx);
    const info = gql.getInfo<GraphQLResolveInfo>();
    return { req: gql.getContext<{ req: Request }>().req, where: `${info.parentType.name}.${info.fieldName}` };
  }
  const req = ctx.switchToHttp().getRequest<Request>();
  // Fastify answers HEAD through the GET route (exposeHeadRoutes); it is the same read, so the same handler.
  const method = req.method === 'HEAD' ? 'GET' : req.method;
  return { req, where: `${method} ${req.routeOptions.url ?? req.url}` };
}

/**
 * Every REST route and GraphQL root field: public, any valid key, or a key with the scope its `@Access`
 * (auth/access.ts) names. A handler without `@Access` is refused (default deny), so a new route cannot ship
 * unprotected; docs/access.md lists them all.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeysService,
    private readonly rateLimit: RateLimitGuard,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { req, where } = requestOf(ctx);
    const access = accessOf(this.reflector, ctx.getHandler(), ctx.getClass());
    if (access === 'public') return true;
    if (access === undefined)
      throw new AppError('forbidden', `${where} is not covered by the access policy, so it is refused.`);
    if (req.principal) return this.check(req, where, access); // a second GraphQL field of the same request
    if (isWarmUp(req)) {
      req.principal = WARM_UP_PRINCIPAL;
      req.actor = WARM_UP_PRINCIPAL.actor;
      return this.check(req, where, access);
    }
    const token = bearerToken(req.headers.authorization);
    if (!token) {
      await this.rateLimit.canActivate(ctx);
      throw unauthorized('This endpoint needs an API key: send "Authorization: Bearer <key>".');
    }
    const principal = await this.keys.authenticate(token);
    if (!principal) {
      // Counted against the caller's address like any keyless request, so keys cannot be guessed at full speed.
      await this.rateLimit.canActivate(ctx);
      throw unauthorized('The API key is not valid: it is unknown, revoked or expired.');
    }
    req.principal = principal;
    req.actor = principal.actor;
    return this.check(req, where, access);
  }

  private check(req: Request, where: string, access: Access): true {
    if (grants(req.principal!.scopes, access)) return true;
    const needs = access as Scope | readonly Scope[]; // `public` and `authenticated` are always granted
    throw new AppError(
      'forbidden',
      `This key may not call ${where}: it needs the scope ${scopeNames(needs)} (it has ${req.principal!.scopes.join(', ')}).`,
    );
  }
}

export function unauthorized(message: string): AppError {
  return new AppError('unauthorized', message, [], { 'www-authenticate': 'Bearer realm="pullwise"' });
}
