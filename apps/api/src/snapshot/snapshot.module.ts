import { Global, Module } from '@nestjs/common';
import { APP_INTERCEPTOR } from '@nestjs/core';
import { PolicySnapshotService } from './policy-snapshot.service.js';
import { SnapshotFreshnessInterceptor } from './snapshot-freshness.interceptor.js';

@Global()
@Module({
  providers: [PolicySnapshotService, { provide: APP_INTERCEPTOR, useClass: SnapshotFreshnessInterceptor }],
  exports: [PolicySnapshotService],
})
export class SnapshotModule {}
