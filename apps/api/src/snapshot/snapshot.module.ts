import { Global, Module } from '@nestjs/common';
import { PolicySnapshotService } from './policy-snapshot.service.js';
import { SnapshotFreshnessHeaders } from './snapshot-freshness-headers.js';

@Global()
@Module({
  providers: [PolicySnapshotService, SnapshotFreshnessHeaders],
  exports: [PolicySnapshotService],
})
export class SnapshotModule {}
