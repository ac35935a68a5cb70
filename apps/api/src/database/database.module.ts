import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Database } from '#db';
import { ERROR_OBSERVER } from '../common/errors/error-observer.js';
import { DatabaseMonitor } from './database-monitor.service.js';
import { DATABASE, DatabaseLifecycle, ReadinessService } from './database.service.js';

@Global()
@Module({})
export class DatabaseModule {
  /** The database is opened (and migrated) before Nest starts, so a failure stops boot with one line. */
  static forRoot(db: Database): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        { provide: DATABASE, useValue: db },
        DatabaseLifecycle,
        DatabaseMonitor,
        ReadinessService,
        // Any handler or resolver that meets an outage tells the monitor at once (common/errors/problem.filter.ts).
        { provide: ERROR_OBSERVER, useExisting: DatabaseMonitor },
      ],
      exports: [DATABASE, DatabaseMonitor, ReadinessService, ERROR_OBSERVER],
    };
  }
}
