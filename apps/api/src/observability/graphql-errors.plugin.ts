import type { ApolloServerPlugin, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { DATABASE_UNAVAILABLE, DatabaseMetrics } from './database-metrics.js';

/**
 * GraphQL answers a failed field inside a 200 response, where the HTTP hooks cannot see it: this counts the
 * operations that failed for want of the database, once per operation like a REST 503.
 */
@Plugin()
export class GraphqlErrorsPlugin implements ApolloServerPlugin {
  private readonly listener: GraphQLRequestListener<object>;

  constructor(database: DatabaseMetrics) {
    this.listener = {
      didEncounterErrors: async ({ errors }) => {
        if (errors.some((e) => e.extensions?.code === DATABASE_UNAVAILABLE)) database.requestFailed();
      },
    };
  }

  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    return this.listener;
  }
}
