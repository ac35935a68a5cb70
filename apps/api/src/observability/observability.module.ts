import { type DynamicModule, Global, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from 'pino';
import { AuthModule } from '../auth/auth.module.js';
import { nestPinoParams } from '../common/logging/logger.js';
import type { AppConfig } from '../config/app-config.js';
import { DatabaseMetrics } from './database-metrics.js';
import { EvaluationMetrics } from './evaluation-metrics.js';
import { GraphqlErrorsPlugin } from './graphql-errors.plugin.js';
import { HttpMetrics } from './http-metrics.js';
import { MetricsAccessGuard } from './metrics-access.guard.js';
import { MetricsController } from './metrics.controller.js';
import { MetricsRegistry } from './metrics.registry.js';
import { SnapshotGauges } from './snapshot-gauges.js';
import { SnapshotMetrics } from './snapshot-metrics.js';

/**
 * Metrics (`GET /metrics`, prom-client) and request-scoped logging (nestjs-pino over Fastify's pino logger).
 * Global so that the services being measured can inject their recorder (EvaluationMetrics, SnapshotMetrics).
 * The per-request hooks are registered by createApp (http-hooks.ts), ahead of every other hook.
 */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(config: AppConfig, logger: Logger): DynamicModule {
    return {
      module: ObservabilityModule,
      // nestjs-pino's middleware makes Nest's Logger write through the request's child logger (with its reqId).
      imports: [LoggerModule.forRoot(nestPinoParams(logger)), AuthModule],
      controllers: config.metrics === 'off' ? [] : [MetricsController],
      providers: [
        MetricsRegistry,
        HttpMetrics,
        EvaluationMetrics,
        SnapshotMetrics,
        SnapshotGauges,
        DatabaseMetrics,
        GraphqlErrorsPlugin,
        MetricsAccessGuard,
      ],
      exports: [MetricsRegistry, HttpMetrics, EvaluationMetrics, SnapshotMetrics, DatabaseMetrics],
    };
  }
}
