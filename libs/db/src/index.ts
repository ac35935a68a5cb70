export { Database } from './database.js';
export { describeLocation, type DatabaseLocation } from './database-location.js';
export { defaultMigrationsDir, readMigrations } from './migrations/migration-files.js';
export { applyMigrations, pendingMigrations, type MigrationTarget } from './migrations/apply-migrations.js';
export { createMigration, diffSchemaAgainstMigrations } from './migrations/create-migration.js';
export { Prisma, PrismaClient } from './generated/prisma/client.js';
export type {
  ApiKey,
  AuditEvent,
  ClusterProfile,
  Evaluation,
  Finding,
  Rule,
  RuleException,
  RuleVersion,
} from './generated/prisma/client.js';
