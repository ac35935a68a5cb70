import type { DynamicModule, NestApplicationOptions } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { DestinationStream, Logger } from 'pino';
import type { Database } from '#db';
import { AppModule } from './app.module.js';
import { registerConditionalGet } from './http/conditional-get.js';
import { assertRegistered, restHandlers } from './http/route-catalog.js';
import { createLogger, fastifyLogController, NestLogger, nestPinoParams, redactAlso } from './common/logging/logger.js';
import type { AppConfig } from './config/app-config.js';
import { DatabaseMetrics } from './observability/database-metrics.js';
import { observeRoutingError, registerHttpObservability } from './observability/http-hooks.js';
import { HttpMetrics } from './observability/http-metrics.js';
import { requestId } from './observability/request-id.js';
import { setupOpenApi } from './openapi/openapi.js';
import { WarmUp } from './health/warm-up.js';
import { registerBodyParsers } from './http/body-parsers.js';
import { clientErrorHandler, frameworkErrors } from './http/framework-errors.js';
import { registerHandlerDeadline } from './http/handler-deadline.js';
import { registerRequestGuards } from './http/request-guards.js';
import { RouteFacts } from './http/route-facts.js';
import { trackRoutes } from './http/route-table.js';
import { registerSecurityHeaders } from './http/security-headers.js';
import { serveConsole } from './console/serve-console.js';

export interface CreateAppOptions {
  /** The logger (from createLogger) to use, e.g. one main.ts already logs through; made here when absent. */
  logger?: Logger;
  /** Where a logger made here writes instead of stdout (tests read its lines). */
  logDestination?: DestinationStream;
  /**
   * Makes the Nest application from the root module (NestFactory.create when absent). Controller specs compile
   * a testing module here, with application services swapped, and keep every other step of this function.
   */
  instantiate?: (
    root: DynamicModule,
    adapter: FastifyAdapter,
    options: NestApplicationOptions,
  ) => Promise<NestFastifyApplication>;
}

/** Builds the configured application (not listening). Shared by main.ts and the tests. */
export async function createApp(
  config: AppConfig,
  db: Database,
  options: CreateAppOptions = {},
): Promise<NestFastifyApplication> {
  const timeout = config.limits.requestTimeoutMs;
  // Filled once the application exists; no request can be routed before that (nothing listens yet).
  const metrics: { http?: HttpMetrics } = {};
  // One pino logger for Fastify (a child per request carrying `reqId`) and Nest; every line is redacted.
  const logger = options.logger ?? (await createLogger(config, options.logDestination));
  redactAlso(logger, config);
  const adapter = new FastifyAdapter({
    loggerInstance: logger,
    genReqId: requestId,
    logController: fastifyLogController(),
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: true,
    // Receiving the request (Node: 408 via clientErrorHandler); handling it: registerHandlerDeadline below.
    requestTimeout: timeout,
    // An idle socket is closed a little after a request could have finished.
    connectionTimeout: timeout + 5_000,
    // Node checks requestTimeout this often (its default, 30 s, would let a slow client hold a socket long).
    http: { connectionsCheckingInterval: Math.min(1_000, timeout) },
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    frameworkErrors: (...args: Parameters<typeof frameworkErrors>) => {
      observeRoutingError(args[1], args[2], metrics.http);
      frameworkErrors(...args);
    },
    clientErrorHandler,
  });
  const instantiate = options.instantiate ?? ((root, a, o) => NestFactory.create<NestFastifyApplication>(root, a, o));
  const app = await instantiate(AppModule.forRoot(config, db, logger), adapter, {
    // Given at once rather than buffered until DI is up, so no start-up line can bypass redaction.
    logger: new NestLogger(nestPinoParams(logger)),
  });
  const fastify = app.getHttpAdapter().getInstance();
  const http = app.get(HttpMetrics);
  metrics.http = http;
  registerHttpObservability(fastify, { http, database: app.get(DatabaseMetrics) });
  app.get(WarmUp).register(fastify);
  trackRoutes(fastify);
  // Per-route facts the hooks and parsers need before a handler is chosen, from the handlers' decorators.
  const routes = RouteFacts.of(app);
  registerRequestGuards(fastify, config, routes);
  registerHandlerDeadline(fastify, timeout);
  registerConditionalGet(fastify);
  registerSecurityHeaders(fastify, {
    // The Swagger UI at /docs loads its script and styles from this origin and uses inline styles and data: images.
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        frameAncestors: ["'none'"],
        upgradeInsecureRequests: null,
      },
    },
    // An API answers JSON; allow it to be read cross-origin when CORS allows it.
    crossOriginResourcePolicy: { policy: 'same-site' },
    hsts: config.production ? { maxAge: 31_536_000, includeSubDomains: true } : false,
  });
  // CORS only when origins are configured; otherwise no Access-Control-* header at all.
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: config.corsOrigins.includes('*') ? true : config.corsOrigins,
      methods: ['GET', 'HEAD', 'POST', 'PATCH', 'DELETE'],
      allowedHeaders: ['authorization', 'content-type', 'if-match', 'accept'],
      exposedHeaders: ['etag', 'location', 'retry-after', 'pullwise-snapshot', 'pullwise-policy-version'],
      maxAge: 600,
    });
  }
  // GET /openapi.json and the Swagger UI at /docs (apps/api/src/openapi/openapi.ts); routes must exist before init.
  setupOpenApi(app);
  // The web console at /ui (apps/console, built by `npm run build`), a client of the same REST and GraphQL APIs.
  await serveConsole(app);
  await app.init();
  assertRegistered(restHandlers(app), (key) => {
    const [method, url] = key.split(' ') as [string, string];
    return fastify.hasRoute({ method: method as 'GET', url });
  });
  // After Nest registered its parsers (app.init) and before Fastify starts: strict UTF-8 JSON and YAML.
  registerBodyParsers(fastify, config, routes);
  await fastify.ready();
  return app;
}
