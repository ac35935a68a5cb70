import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Database } from '#db';
import { DATABASE, DatabaseLifecycle, ReadinessService } from './database.service.js';

@Global()
@Module({})
export class DatabaseModule {
  /** The database is opened (and migrated) before Nest starts, so a failure stops boot with one line. */
  static forRoot(db: Database): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [{ provide: DATABASE, useValue: db }, DatabaseLifecycle, ReadinessService],
      exports: [DATABASE, ReadinessService],
    };
  }
}
