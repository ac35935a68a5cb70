import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { Database } from '#db';
import { AppModule } from './app.module.js';
import type { AppConfig } from './config/app-config.js';
import { setupOpenApi } from './openapi/openapi.js';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];

/** Builds the configured application (not listening). Shared by main.ts and the tests. */
export async function createApp(config: AppConfig, db: Database): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({ bodyLimit: config.bodyLimitBytes, return503OnClosing: true });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config, db), adapter, {
    logger: config.logLevel === 'silent' ? false : levels(config.logLevel),
    bufferLogs: false,
  });
  const fastify = app.getHttpAdapter().getInstance();
  // Manifests may be posted as raw YAML; the evaluate endpoint parses them itself (with positions).
  // text/plain is not a manifest type: without Fastify's default parser it gets a 415.
  fastify.removeContentTypeParser('text/plain');
  fastify.addContentTypeParser(
    YAML_TYPES,
    { parseAs: 'string', bodyLimit: config.bodyLimitBytes },
    (_req, body, done) => done(null, body),
  );
  // GET /openapi.json and the Swagger UI at /docs (apps/api/src/openapi/openapi.ts); routes must exist before init.
  setupOpenApi(app);
  await app.init();
  await fastify.ready();
  return app;
}

function levels(level: AppConfig['logLevel']) {
  const order = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'] as const;
  const cut = { fatal: 1, error: 2, warn: 3, info: 4, debug: 5, trace: 6, silent: 0 }[level];
  return order.slice(0, cut) as unknown as ('fatal' | 'error' | 'warn' | 'log' | 'debug' | 'verbose')[];
}
