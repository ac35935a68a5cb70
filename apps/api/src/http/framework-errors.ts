import type { Socket } from 'node:net';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { ErrorCode } from '../common/errors/app-error.js';
import { PROBLEM_CONTENT_TYPE, toProblem } from '../common/errors/problem-details.js';
import { toAppError } from '../common/errors/to-app-error.js';

/**
 * Fastify's `frameworkErrors`: errors raised while routing, before any hook or Nest filter (a malformed
 * percent-encoding in the path, a path parameter over maxParamLength). Answered as problem+json without
 * Fastify's codes or texts.
 */
export function frameworkErrors(error: unknown, req: FastifyRequest, reply: FastifyReply): void {
  const { error: e } = toAppError(error, { contentType: req.headers['content-type'] });
  const problem = {
    ...toProblem(e.code, e.message, e.errors, e.status),
    instance: safePath(req.url),
    requestId: String(req.id),
  };
  for (const [k, v] of Object.entries(e.headers)) reply.header(k, v);
  void reply.code(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(JSON.stringify(problem));
}

function safePath(url: string): string {
  return (url.split('?', 1)[0] ?? '').slice(0, 200);
}

/**
 * Fastify's `clientErrorHandler`: Node's HTTP parser refused the request before Fastify saw it (headers over
 * 16 KiB -> 431, the body or headers not received within requestTimeout -> 408, malformed HTTP such as a bad
 * Content-Length -> 400). Writes problem+json on the raw socket and closes it, as Node and Fastify do.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed) return;
  let code: ErrorCode = 'invalid-input';
  let status = 400;
  let detail = 'The request is not valid HTTP/1.1 (malformed request line, header or Content-Length).';
  if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    code = 'timeout';
    status = 408;
    detail = 'The request was not received in time (PULLWISE_REQUEST_TIMEOUT_MS).';
  } else if (err.code === 'HPE_HEADER_OVERFLOW') {
    status = 431;
    detail = 'The request line and headers are larger than the server accepts (16 KiB).';
  } else if (err.code === 'HPE_INVALID_CONTENT_LENGTH' || err.code === 'HPE_UNEXPECTED_CONTENT_LENGTH') {
    detail = 'The Content-Length header is not valid.';
  }
  const body = JSON.stringify(toProblem(code, detail, [], status));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${status} ${REASONS[status] ?? 'Bad Request'}\r\nConnection: close\r\nContent-Type: ${PROBLEM_CONTENT_TYPE}\r\n` +
        `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy(err);
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  408: 'Request Timeout',
  431: 'Request Header Fields Too Large',
};
