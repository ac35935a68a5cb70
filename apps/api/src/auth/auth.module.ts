import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule } from '@nestjs/throttler';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { ApiKeysController } from './api-keys.controller.js';
import { ApiKeysResolver } from './api-keys.resolver.js';
import { ApiKeysService } from './api-keys.service.js';
import { AuthGuard } from './auth.guard.js';
import { RateLimitGuard } from './rate-limit.guard.js';

/** API keys, the access guard and the per-key rate limit. Guards run in this order: who, then how often. */
@Module({
  imports: [
    ThrottlerModule.forRootAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ name: 'default', ttl: 60_000, limit: Math.max(1, config.limits.rateLimitPerMinute) }],
        // Probes and the admission webhooks are never limited: they carry @SkipThrottle() (a 429 would make the
        // API server apply the webhook's failurePolicy: a rejection when it fails closed). rateLimitPerMinute 0
        // turns limiting off.
        skipIf: () => config.limits.rateLimitPerMinute === 0,
      }),
    }),
  ],
  controllers: [ApiKeysController],
  providers: [
    ApiKeysService,
    ApiKeysResolver,
    // One instance: AuthGuard also counts the requests it refuses for want of a valid key.
    RateLimitGuard,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_GUARD, useExisting: RateLimitGuard },
  ],
  exports: [ApiKeysService],
})
export class AuthModule {}
