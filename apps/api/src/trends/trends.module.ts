import { Module } from '@nestjs/common';
import { RetentionService } from './retention.service.js';
import { TrendsResolver } from './trends.resolver.js';
import { TrendsService } from './trends.service.js';

/** Dashboard aggregates over recorded evaluations, and retention. */
@Module({ providers: [TrendsService, TrendsResolver, RetentionService], exports: [TrendsService, RetentionService] })
export class TrendsModule {}
