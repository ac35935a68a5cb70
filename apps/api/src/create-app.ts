import helmet from '@fastify/helmet';
import type { LogLevel } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Database } from '#db';
import { AppModule } from './app.module.js';
import { RedactingLogger } from './common/logging/redacting-logger.js';
import type { AppConfig } from './config/app-config.js';
import { setupOpenApi } from './openapi/openapi.js';
import { registerBodyParsers } from './security/body-parsers.js';
import { clientErrorHandler, frameworkErrors } from './security/framework-errors.js';
import { registerRequestGuards } from './security/request-guards.js';
import { trackRoutes } from './security/route-table.js';

/** Builds the configured application (not listening). Shared by main.ts and the tests. */
export async function createApp(config: AppConfig, db: Database): Promise<NestFastifyApplication> {
  const timeout = config.limits.requestTimeoutMs;
  const adapter = new FastifyAdapter({
    bodyLimit: config.bodyLimitBytes,
    return503OnClosing: true,
    // Receiving the request (Node: 408 via clientErrorHandler) and handling it (Fastify: 503 timeout problem).
    requestTimeout: timeout,
    handlerTimeout: timeout,
    // An idle socket is closed a little after a request could have finished.
    connectionTimeout: timeout + 5_000,
    // Node checks requestTimeout this often (its default, 30 s, would let a slow client hold a socket long).
    http: { connectionsCheckingInterval: Math.min(1_000, timeout) },
    onProtoPoisoning: 'error',
    onConstructorPoisoning: 'error',
    frameworkErrors,
    clientErrorHandler,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, db), adapter, {
    // Every log line passes through the redactor: bearer tokens, key secrets, URL passwords, configured secrets.
    logger:
      config.logLevel === 'silent'
        ? false
        : new RedactingLogger(levels(config.logLevel), [
            config.adminToken,
            config.slackSigningSecret,
            config.admissionToken,
          ]),
    bufferLogs: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  trackRoutes(fastify);
  registerRequestGuards(fastify, config);
  await app.register(helmet, {
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
  await app.init();
  // After Nest registered its parsers (app.init) and before Fastify starts: strict UTF-8 JSON and YAML.
  registerBodyParsers(fastify, config);
  await fastify.ready();
  return app;
}

function levels(level: AppConfig['logLevel']): LogLevel[] {
  const order: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];
  const cut = { fatal: 1, error: 2, warn: 3, info: 4, debug: 5, trace: 6, silent: 0 }[level];
  return order.slice(0, cut);
}
