import {
  type CallHandler,
  type ExecutionContext,
  Injectable,
  Logger,
  type NestInterceptor,
  type OnModuleInit,
  Optional,
} from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { FastifyInstance } from 'fastify';
import { Observable, tap } from 'rxjs';
import { POLICY_VERSION_HEADER, PolicySnapshotService, SNAPSHOT_HEADER } from './policy-snapshot.service.js';
import { trackSnapshotReads } from './snapshot-reads.js';

/** Set on a Fastify request whose handler or resolver read the policy snapshot: the policy version it read. */
const READ_SNAPSHOT = Symbol('pullwise.readSnapshot');

/**
 * A response computed from a policy snapshot that may be out of date (the database is unavailable, or a
 * reload is pending) says so:
 *
 *     Pullwise-Snapshot: stale; reason="database unavailable"; age=12
 *
 * `age` is the number of seconds since the snapshot was last known to match the database. Responses that
 * did not read the snapshot, and every response while it is current, carry no such header. Applies to REST
 * handlers and GraphQL resolvers alike (evaluate, effective-policy, reports, impact, chat-ops).
 *
 * Every response that read the snapshot also names the policy version it was computed from
 * (`Pullwise-Policy-Version: 42`, the `PolicyVersion` row the snapshot was built at), so a caller can tell
 * whether two replicas answered from the same policy.
 *
 * The interceptor notes which requests read the snapshot; a Fastify onSend hook sets the header, so it is
 * there however the response is sent (returned value, reply.send, Apollo).
 */
@Injectable()
export class SnapshotFreshnessInterceptor implements NestInterceptor, OnModuleInit {
  private readonly logger = new Logger('PolicySnapshot');

  constructor(
    private readonly snapshot: PolicySnapshotService,
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {}

  onModuleInit(): void {
    const fastify = this.adapterHost?.httpAdapter?.getInstance<FastifyInstance>();
    if (!fastify || typeof fastify.addHook !== 'function') return;
    try {
      fastify.addHook('onSend', async (request, reply, payload) => {
        const version = (request as unknown as Record<symbol, unknown>)[READ_SNAPSHOT];
        if (typeof version === 'number') {
          reply.header(POLICY_VERSION_HEADER, String(version));
          const value = this.snapshot.staleness();
          if (value) reply.header(SNAPSHOT_HEADER, value);
        }
        return payload;
      });
    } catch (err) {
      this.logger.error(`cannot mark stale answers: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = requestOf(ctx);
    if (!request) return next.handle();
    return new Observable((subscriber) => {
      const { result: subscription, reads } = trackSnapshotReads(() =>
        next
          .handle()
          .pipe(
            tap(() => {
              if (reads.used) request[READ_SNAPSHOT] = reads.version;
            }),
          )
          .subscribe(subscriber),
      );
      return () => subscription.unsubscribe();
    });
  }
}

function requestOf(ctx: ExecutionContext): Record<symbol, unknown> | undefined {
  const type = ctx.getType<string>();
  const req: unknown =
    type === 'http'
      ? ctx.switchToHttp().getRequest()
      : type === 'graphql'
        ? GqlExecutionContext.create(ctx).getContext<{ req?: unknown }>().req
        : undefined;
  return req && typeof req === 'object' ? (req as Record<symbol, unknown>) : undefined;
}
