import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable, throwError } from 'rxjs';
import { databaseUnavailable, isDatabaseUnavailable } from '../common/persistence/prisma-errors.js';
import { DatabaseMonitor } from './database-monitor.service.js';

/**
 * Any REST handler or GraphQL resolver that needs the database while it cannot be reached answers 503
 * `urn:pullwise:problem:unavailable` with Retry-After (GraphQL: that code in extensions.code) instead of a
 * 500, and the health state learns about the outage at once. Registered globally by DatabaseModule.
 */
@Injectable()
export class DatabaseErrorsInterceptor implements NestInterceptor {
  constructor(private readonly health: DatabaseMonitor) {}

  intercept(_ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((err: unknown) => {
        if (!isDatabaseUnavailable(err)) return throwError(() => err);
        this.health.reportFailure(err);
        return throwError(() => databaseUnavailable());
      }),
    );
  }
}
