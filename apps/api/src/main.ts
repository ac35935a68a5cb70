import 'reflect-metadata';
import path from 'node:path';
import { Logger } from '@nestjs/common';
import { withDevAdminToken } from './auth/dev-admin-token.js';
import { createLogger, NestLogger, nestPinoParams } from './common/logging/logger.js';
import { ConfigError, loadConfig } from './config/app-config.js';
import { createApp } from './create-app.js';
import { openDatabase } from './database/database.service.js';
import { WarmUp } from './health/warm-up.js';

async function bootstrap() {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`pullwise: invalid configuration: ${err.message}`);
      process.exit(78); // EX_CONFIG
    }
    throw err;
  }
  // One logger from the start, so that the database's start-up lines are JSON and redacted too; createApp
  // teaches it the development admin token, which can only be made once the data directory exists.
  const pino = await createLogger(config);
  Logger.overrideLogger(new NestLogger(nestPinoParams(pino)));
  const db = await openDatabase(config);
  // The embedded database's directory, or with a server database the directory it would use: the same place.
  const stateDir =
    config.database.kind === 'pglite'
      ? config.database.dataDir
      : path.resolve(process.env.PULLWISE_DATA_DIR || '.pullwise');
  const dev = withDevAdminToken(config, stateDir);
  config = dev.config;
  const app = await createApp(config, db, { logger: pino });
  const logger = new Logger('pullwise');
  // Written directly: the logger redacts the admin token, and this is the one place meant to show it.
  if (dev.notice) process.stderr.write(`pullwise: ${dev.notice}\n`);
  else if (dev.kept) logger.log(`development admin token: kept in ${dev.kept} (export TOKEN=$(cat ${dev.kept}))`);
  else if (!config.adminToken) logger.log('no PULLWISE_ADMIN_TOKEN: only stored API keys are accepted');
  // SIGTERM: stop accepting, let in-flight requests finish, close the database (DatabaseLifecycle),
  // then exit 0. A stuck request cannot hold the process past the grace period.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.log(`${signal} received: draining`);
    setTimeout(() => {
      logger.error('shutdown grace period exceeded; exiting');
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
    app.close().then(
      () => process.exit(0),
      (err: unknown) => {
        logger.error(`shutdown failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
  // Not ready (503 on /readyz) from before the port opens until the hot paths are warm (health/warm-up.ts).
  const warmUp = app.get(WarmUp);
  warmUp.begin();
  // Fastify logs the address it listens on.
  await app.listen({ port: config.port, host: config.host });
  await warmUp.run(await app.getUrl(), config);
}

const SHUTDOWN_GRACE_MS = 25_000;

bootstrap().catch((err: unknown) => {
  console.error(`pullwise: failed to start: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
