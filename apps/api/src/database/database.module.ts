import { type DynamicModule, Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import type { Database } from '#db';
import { DatabaseErrorsInterceptor } from './database-errors.interceptor.js';
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
        { provide: APP_INTERCEPTOR, useClass: DatabaseErrorsInterceptor },
      ],
      exports: [DATABASE, DatabaseMonitor, ReadinessService],
    };
  }
}
