import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { bearerToken } from '../auth/api-key-token.js';
import { ApiKeysService } from '../auth/api-keys.service.js';
import type { AuthenticatedRequest } from '../auth/principal.js';
import { grants } from '../auth/scopes.js';
import { AppError } from '../common/errors/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';

/**
 * `GET /metrics` is `public` in the access table (the default, PULLWISE_METRICS=public); with
 * PULLWISE_METRICS=authenticated this narrows it to `admin` keys and the admin token, answering exactly as
 * the access guard does (401 with WWW-Authenticate, 403).
 */
@Injectable()
export class MetricsAccessGuard implements CanActivate {
  constructor(
    private readonly keys: ApiKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (this.config.metrics !== 'authenticated') return true;
    const req = ctx.switchToHttp().getRequest<FastifyRequest & AuthenticatedRequest>();
    const token = bearerToken(req.headers.authorization);
    if (!token)
      throw unauthorized(
        'Metrics need an admin key here (PULLWISE_METRICS=authenticated): send "Authorization: Bearer <key>".',
      );
    const principal = await this.keys.authenticate(token);
    if (!principal) throw unauthorized('The API key is not valid: it is unknown, revoked or expired.');
    req.principal = principal;
    req.actor = principal.actor;
    if (!grants(principal.scopes, 'admin'))
      throw new AppError(
        'forbidden',
        `This key may not read metrics: it needs the scope "admin" (it has ${principal.scopes.join(', ')}).`,
      );
    return true;
  }
}

function unauthorized(message: string): AppError {
  return new AppError('unauthorized', message, [], { 'www-authenticate': 'Bearer realm="pullwise"' });
}
