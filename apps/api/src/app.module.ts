import { type DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import type { Logger } from 'pino';
import type { Database } from '#db';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ProblemFilter } from './common/errors/problem.filter.js';
import { DatabaseModule } from './database/database.module.js';
import { HttpChecksModule } from './http/http-checks.module.js';
import { AdmissionModule } from './admission/admission.module.js';
import { AuthModule } from './auth/auth.module.js';
import { ApiGraphqlModule } from './graphql/graphql.module.js';
import { ChatopsModule } from './chatops/chatops.module.js';
import { ClustersModule } from './clusters/clusters.module.js';
import { EvaluationsModule } from './evaluations/evaluations.module.js';
import { ExceptionsModule } from './exceptions/exceptions.module.js';
import { RulesModule } from './rules/rules.module.js';
import { SnapshotModule } from './snapshot/snapshot.module.js';
import { TrendsModule } from './trends/trends.module.js';
import { HealthModule } from './health/health.module.js';
import { HistoryModule } from './history/history.module.js';
import { ImpactModule } from './impact/impact.module.js';
import { PolicyModule } from './policy/policy.module.js';
import { ObservabilityModule } from './observability/observability.module.js';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, db: Database, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(db),
        ObservabilityModule.forRoot(config, logger),
        ApiGraphqlModule.forRoot(),
        AuthModule,
        HttpChecksModule,
        HealthModule,
        SnapshotModule,
        EvaluationsModule,
        RulesModule,
        ExceptionsModule,
        ClustersModule,
        HistoryModule,
        ImpactModule,
        PolicyModule,
        TrendsModule,
        ChatopsModule,
        AdmissionModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: ProblemFilter }],
    };
  }
}
