import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { bodyNotReceivedInTime } from '../common/errors/to-app-error.js';
import { frameworkErrors } from './framework-errors.js';

const TIMER = Symbol('pullwise.deadline');
type Timed = FastifyRequest & { [TIMER]?: NodeJS.Timeout };

/**
 * A request not answered within `ms` gets the `timeout` problem (PULLWISE_REQUEST_TIMEOUT_MS), and the
 * late answer is dropped. Fastify's own `handlerTimeout` does the same but gives every request an AbortController
 * that it aborts when the request closes, constructing a DOMException each time: about 7% of the CPU of a small
 * evaluation (bench:profile). No handler here reads `request.signal`, so a timer per request is enough.
 */
export function registerHandlerDeadline(fastify: FastifyInstance, ms: number): void {
  fastify.addHook('onRequest', (req: Timed, reply: FastifyReply, done) => {
    req[TIMER] = setTimeout(() => expire(req, reply), ms);
    done();
  });
  fastify.addHook('onResponse', (req: Timed, _reply, done) => {
    clearTimeout(req[TIMER]);
    done();
  });
  fastify.addHook('onRequestAbort', (req: Timed, done) => {
    clearTimeout(req[TIMER]);
    done();
  });
}

function expire(req: FastifyRequest, reply: FastifyReply): void {
  if (reply.sent || reply.raw.headersSent || reply.raw.destroyed) return;
  // As ProblemFilter: a body still arriving is the client's 408; either way the rest of it is not read.
  reply.header('connection', 'close');
  frameworkErrors(
    req.raw.complete === false ? bodyNotReceivedInTime() : { code: 'FST_ERR_HANDLER_TIMEOUT' },
    req,
    reply,
  );
}
