import { RequestMethod } from '@nestjs/common';
import { type FastifyReply, type FastifyRequest, LogController } from 'fastify';
import { Logger as NestPino, PinoLogger, type Params } from 'nestjs-pino';
import { pino, type DestinationStream, type Logger } from 'pino';
import type { AppConfig } from '../../config/app-config.js';
import { type Redactor, redactor } from './redact.js';

/**
 * The process's pino logger: JSON lines with `level` (a name), `time` (ISO 8601) and `msg`; request-scoped
 * lines also carry `reqId` (Fastify's per-request child logger). Every line passes through the redactor as
 * text before it is written, so a secret inside a message, an error or a stack is caught as well as one in a
 * structured field. `destination` replaces stdout (tests capture lines with it).
 */
export async function createLogger(config: AppConfig, destination?: DestinationStream): Promise<Logger> {
  const scrub = redactor(configuredSecrets(config));
  const target = destination ?? (await logOutput(config));
  const redacting: DestinationStream & { flush?: (cb?: (err?: Error) => void) => void } = {
    write: (line: string) => target.write(scrub(line)),
  };
  const flushable = target as { flush?: (cb?: (err?: Error) => void) => void };
  if (typeof flushable.flush === 'function') redacting.flush = (cb) => flushable.flush!(cb);
  const logger = pino(
    {
      level: config.logLevel,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      // No `redact` paths: the scrub of the text covers header fields as well, and pino's wildcard paths
      // cost about 5 µs a line.
    },
    redacting,
  );
  redactors.set(logger, scrub);
  return logger;
}

const redactors = new WeakMap<Logger, Redactor>();

/** Makes `logger` (one from createLogger) also redact the secrets `config` names; for secrets made after it. */
export function redactAlso(logger: Logger, config: AppConfig): void {
  const scrub = redactors.get(logger);
  for (const secret of configuredSecrets(config)) scrub?.add(secret);
}

/** Secrets known from the configuration: the admin and admission tokens, the Slack signing secret, the database password. */
function configuredSecrets(config: AppConfig): string[] {
  const secrets = [config.adminToken, config.slackSigningSecret, config.admissionToken].filter((s): s is string => !!s);
  if (config.database.kind === 'postgres') {
    const password = URL.canParse(config.database.url) ? new URL(config.database.url).password : '';
    if (password) secrets.push(password, safeDecode(password));
  }
  return secrets;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** Where lines go: stdout, as JSON or through pino-pretty. One per process, shared by every logger made on it. */
async function logOutput(config: AppConfig): Promise<DestinationStream> {
  return config.logFormat === 'pretty' ? prettyStream() : stdout();
}

/**
 * Asynchronous stdout: lines are written as they come and batched only while a write is in flight, so a burst
 * of requests costs few syscalls; pending lines are flushed synchronously when the process exits.
 */
function stdout(): DestinationStream {
  return pino.destination({ dest: 1, sync: false, minLength: 0 });
}

/** pino-pretty in-process (no worker thread): for a person at a terminal, so speed does not matter. */
async function prettyStream(): Promise<DestinationStream> {
  const { default: pretty } = await import('pino-pretty');
  return pretty({
    sync: true,
    singleLine: true,
    colorize: Boolean(process.stdout.isTTY),
    translateTime: 'SYS:HH:MM:ss.l',
    ignore: 'pid,hostname',
  });
}

/** Nest's start-up chatter (modules loaded, routes mapped): debug, so `info` starts with what matters. */
const BOOT_CONTEXTS = new Set([
  'NestFactory',
  'InstanceLoader',
  'RoutesResolver',
  'RouterExplorer',
  'NestApplication',
  'GraphQLModule',
]);

/**
 * Nest's LoggerService on top of `logger`, through nestjs-pino: inside a request (bound by nestjs-pino's
 * middleware) a line goes to the request's child logger and carries its `reqId`; outside one, to `logger`.
 */
export class NestLogger extends NestPino {
  constructor(params: Params) {
    super(new PinoLogger(params), params);
  }

  override log(message: unknown, ...params: unknown[]): void {
    if (BOOT_CONTEXTS.has(params.at(-1) as string)) super.debug(message, ...params);
    else super.log(message, ...params);
  }
}

/**
 * nestjs-pino's settings: the logger Fastify already has (`useExisting`: its per-request child, with `reqId`,
 * is what the middleware binds), which is also the one used outside requests. The middleware's default route,
 * `{/*splat}`, matches no request under @nestjs/platform-fastify 12.5; `*path` matches them all.
 */
export function nestPinoParams(logger: Logger): Params {
  return { pinoHttp: { logger }, useExisting: true, forRoutes: [{ path: '*path', method: RequestMethod.ALL }] };
}

/**
 * Fastify's own per-request lines ("incoming request", "request completed") are off: one access line per
 * request comes from observability/http-hooks.ts, with the route pattern. Its error lines (a failed response
 * stream, the default error handler) stay, and request-scoped lines are labelled `reqId`.
 */
class AccessLineElsewhere extends LogController {
  override incomingRequest(): void {}

  override requestCompleted(error: Error | null | undefined, request: FastifyRequest, reply: FastifyReply): void {
    if (error) super.requestCompleted(error, request, reply);
  }
}

export function fastifyLogController(): LogController {
  return new AccessLineElsewhere({ requestIdLogLabel: 'reqId' });
}
