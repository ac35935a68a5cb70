import {
  type ArgumentsHost,
  Catch,
  type ExceptionFilter,
  Inject,
  Logger,
  NotFoundException,
  Optional,
} from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { GqlArgumentsHost } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { allowedMethods } from '../../http/route-table.js';
import { AppError } from './app-error.js';
import { ERROR_OBSERVER, type ErrorObserver } from './error-observer.js';
import { PROBLEM_CONTENT_TYPE, problemType, statusOf, toProblem } from './problem-details.js';
import { bodyNotReceivedInTime, toAppError } from './to-app-error.js';

const GRAPHQL_PATH = '/graphql';

/** Every error leaves REST as RFC 9457 problem+json and GraphQL as a typed GraphQLError. */
@Catch()
export class ProblemFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');

  constructor(@Optional() @Inject(ERROR_OBSERVER) private readonly observer?: ErrorObserver) {}

  catch(exception: unknown, host: ArgumentsHost) {
    this.observer?.reportFailure(exception);
    if (host.getType<string>() === 'graphql') {
      const { error, unexpected } = toAppError(exception);
      if (unexpected) this.logUnexpected(exception);
      const req = GqlArgumentsHost.create(host).getContext<{ req?: FastifyRequest }>()?.req;
      return new GraphQLError(error.message, {
        extensions: {
          code: problemType(error.code),
          status: statusOf(error.code),
          errors: error.errors,
          ...(req?.id !== undefined ? { requestId: String(req.id) } : {}),
        },
      });
    }
    const ctx = host.switchToHttp();
    const reply = ctx.getResponse<FastifyReply>();
    const req = ctx.getRequest<FastifyRequest>();
    const mapped = toAppError(exception, { contentType: req.headers['content-type'] });
    const unexpected = mapped.unexpected;
    let error = mapped.error;
    if (unexpected) this.logUnexpected(exception);
    if (exception instanceof NotFoundException && req.is404) error = notFoundOrNotAllowed(req, error);
    if (error.code === 'timeout' && req.raw.complete === false) error = bodyNotReceivedInTime();
    if (reply.sent || reply.raw.headersSent) return;
    const path = req.url.split('?', 1)[0]!;
    const problem = {
      ...toProblem(error.code, error.message, error.errors, error.status),
      instance: path,
      requestId: String(req.id),
    };
    for (const [k, v] of Object.entries(error.headers)) reply.header(k, v);
    // A request that ran out of time may still be sending its body: do not keep reading it.
    if (error.code === 'timeout') reply.header('connection', 'close');
    if (path === GRAPHQL_PATH) {
      // The GraphQL endpoint answers in GraphQL's shape even before Apollo runs (body, content type, limits).
      const body = {
        errors: [
          {
            message: problem.detail,
            extensions: {
              code: problem.type,
              status: problem.status,
              ...(problem.errors ? { errors: problem.errors } : {}),
              requestId: problem.requestId,
            },
          },
        ],
      };
      reply.status(problem.status).header('content-type', 'application/json; charset=utf-8').send(JSON.stringify(body));
      return;
    }
    reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
  }

  private logUnexpected(exception: unknown) {
    this.logger.error(exception instanceof Error ? (exception.stack ?? exception.message) : String(exception));
  }
}

/** The router found no route: 405 with `Allow` when the path exists for other methods, else the 404. */
function notFoundOrNotAllowed(req: FastifyRequest, notFound: AppError): AppError {
  const allowed = allowedMethods(req);
  if (allowed.length === 0) return notFound;
  const path = req.url.split('?', 1)[0]!.slice(0, 200);
  return new AppError(
    'method-not-allowed',
    `${req.method} is not allowed on ${path}; it answers ${allowed.join(', ')}.`,
    [{ path: 'method', message: `allowed: ${allowed.join(', ')}` }],
    { allow: allowed.join(', ') },
  );
}
