import { Global, Module } from '@nestjs/common';
import { PolicySnapshotService } from './policy-snapshot.service.js';

@Global()
@Module({ providers: [PolicySnapshotService], exports: [PolicySnapshotService] })
export class SnapshotModule {}
