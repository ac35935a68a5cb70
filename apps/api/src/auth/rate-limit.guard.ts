import { type ExecutionContext, Injectable } from '@nestjs/common';
import { GqlExecutionContext } from '@nestjs/graphql';
import { ThrottlerGuard, type ThrottlerLimitDetail } from '@nestjs/throttler';
import { AppError } from '../common/errors/app-error.js';
import type { AuthenticatedRequest } from './principal.js';

interface Req extends AuthenticatedRequest {
  ip: string;
  rateDecision?: Promise<boolean>;
}

/**
 * @nestjs/throttler, counted per API key (per client address for public routes), across all routes: one
 * budget per caller, not one per endpoint. A GraphQL request counts once however many root fields it has.
 */
@Injectable()
export class RateLimitGuard extends ThrottlerGuard {
  override async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const { req } = this.getRequestResponse(ctx);
    // The replica's own warm-up (health/warm-up.ts) is no caller: a low PULLWISE_RATE_LIMIT must not leave it cold.
    if ((req as Req).principal?.kind === 'warm-up') return true;
    // Root fields of one GraphQL request resolve concurrently: they share one decision, counted once.
    (req as Req).rateDecision ??= super.canActivate(ctx);
    return (req as Req).rateDecision!;
  }

  protected override getRequestResponse(ctx: ExecutionContext) {
    if (ctx.getType<string>() === 'graphql') {
      const c = GqlExecutionContext.create(ctx).getContext<{
        req: Record<string, unknown>;
        reply: Record<string, unknown>;
      }>();
      // Without the reply (older context shapes) the limit still applies; only the headers are skipped.
      return { req: c.req, res: c.reply ?? {} };
    }
    return super.getRequestResponse(ctx);
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    const { principal, ip } = req as unknown as Req;
    return principal ? `key:${principal.id}` : `ip:${ip}`;
  }

  /**
   * The counter's key in the in-memory store, as is: the tracker holds a key id or an address (no secret), and the
   * throttler's default hashes it on every request for nothing.
   */
  protected override generateKey(_ctx: ExecutionContext, tracker: string, name: string): string {
    return `${name}:${tracker}`;
  }

  protected override async throwThrottlingException(
    _ctx: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const retry = Math.max(1, Math.ceil(detail.timeToBlockExpire));
    throw new AppError(
      'rate-limited',
      `Rate limit exceeded: ${detail.limit} requests per ${Math.round(detail.ttl / 1000)} s for this caller; retry in ${retry} s.`,
      [],
      { 'retry-after': String(retry) },
    );
  }
}
