import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { costLimitPlugin, validationRules } from './document-limits.js';
import { formatGraphqlError } from './format-error.js';

/** Where GraphQL is served; the request checks and body parsers treat its documents specially. */
export const GRAPHQL_PATH = '/graphql';

/** Tokens in one GraphQL document: far above any real query, far below what makes parsing slow. */
const MAX_TOKENS = 20_000;

@Module({})
export class ApiGraphqlModule {
  static forRoot(): DynamicModule {
    return {
      module: ApiGraphqlModule,
      imports: [
        GraphQLModule.forRootAsync<ApolloDriverConfig>({
          driver: ApolloDriver,
          inject: [APP_CONFIG],
          useFactory: (config: AppConfig): ApolloDriverConfig => ({
            // Schema built in memory; the committed SDL (apps/api/schema.gql) is checked against it by a test.
            autoSchemaFile: true,
            sortSchema: true,
            path: GRAPHQL_PATH,
            playground: false,
            introspection: config.graphqlIntrospection,
            csrfPrevention: true,
            includeStacktraceInErrorResponses: false,
            formatError: formatGraphqlError,
            // Depth, aliases, NUL/surrogates in literals, no subscriptions (document-limits.ts); cost after.
            validationRules: validationRules(config.limits),
            plugins: [costLimitPlugin(config.limits.graphqlMaxCost)],
            parseOptions: { maxTokens: MAX_TOKENS },
            // The Fastify integration calls context(request, reply) with two arguments.
            context: (request: unknown, reply: unknown) => ({ req: request, reply }),
          }),
        }),
      ],
    };
  }
}
