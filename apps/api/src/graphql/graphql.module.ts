import { ApolloDriver, type ApolloDriverConfig } from '@nestjs/apollo';
import { type DynamicModule, Module } from '@nestjs/common';
import { GraphQLModule } from '@nestjs/graphql';
import { formatGraphqlError } from './format-error.js';

@Module({})
export class ApiGraphqlModule {
  static forRoot(): DynamicModule {
    return {
      module: ApiGraphqlModule,
      imports: [
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          // Schema built in memory; the committed SDL (apps/api/schema.gql) is checked against it by a test.
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
          playground: false,
          introspection: true,
          csrfPrevention: true,
          includeStacktraceInErrorResponses: false,
          formatError: formatGraphqlError,
          context: ({ request, reply }: { request: unknown; reply: unknown }) => ({ req: request, reply }),
        }),
      ],
    };
  }
}
