import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GraphQLError } from 'graphql';
import { PROBLEM_CONTENT_TYPE, problemType, statusOf, toProblem } from './problem-details.js';
import { toAppError } from './to-app-error.js';

/** Every error leaves REST as RFC 9457 problem+json and GraphQL as a typed GraphQLError. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  catch(exception: unknown, host: ArgumentsHost) {
    const { error, unexpected } = toAppError(exception);
    if (unexpected)
      this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));

    if (host.getType<string>() === 'graphql') {
      return new GraphQLError(error.message, {
        extensions: { code: problemType(error.code), status: statusOf(error.code), errors: error.errors },
      });
    }
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    const problem = { ...toProblem(error.code, error.message, error.errors), instance: req.url.split('?')[0] };
    for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
    reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }
}
