import { Module } from '@nestjs/common';
import { HealthController } from './health.controller.js';
import { HealthResolver } from './health.resolver.js';
import { WarmUp } from './warm-up.js';

@Module({ controllers: [HealthController], providers: [HealthResolver, WarmUp], exports: [WarmUp] })
export class HealthModule {}
