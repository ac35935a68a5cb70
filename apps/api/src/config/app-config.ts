import path from 'node:path';
import { z } from 'zod';
import type { DatabaseLocation } from '#db';

/** The whole configuration, validated once at start. Nothing else reads process.env. */
export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseLocation;
  adminToken: string | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  bodyLimitBytes: number;
  production: boolean;
  /** Slack app signing secret; the Slack endpoint answers 404 without it. */
  slackSigningSecret: string | null;
  /** Recorded evaluations older than this many days are removed; 0 keeps them forever. */
  retentionDays: number;
}

export class ConfigError extends Error {}

const SIZE = /^(\d+)\s*(b|kb|kib|mb|mib)?$/i;
const UNITS: Record<string, number> = { b: 1, kb: 1000, kib: 1024, mb: 1_000_000, mib: 1024 * 1024 };

const schema = z.object({
  PORT: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(1, 'must be 1–65535')
    .max(65535, 'must be 1–65535')
    .default(3000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .optional()
    .refine(
      (v) => !v || v === 'memory:' || /^postgres(ql)?:\/\/[^\s]+$/.test(v),
      'must be a postgresql:// URL or "memory:"',
    )
    .refine((v) => !v || v === 'memory:' || URL.canParse(v), 'is not a valid URL'),
  PULLWISE_DATA_DIR: z.string().min(1, 'must not be empty').default('.pullwise'),
  PULLWISE_ADMIN_TOKEN: z.string().regex(/^\S+$/, 'must not contain whitespace').optional(),
  LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], {
      error: 'must be one of fatal, error, warn, info, debug, trace, silent',
    })
    .default('info'),
  PULLWISE_BODY_LIMIT: z.string().regex(SIZE, 'must be a size such as 5mb, 512kb or 1048576').default('5mib'),
  NODE_ENV: z.string().optional(),
  PULLWISE_SLACK_SIGNING_SECRET: z.string().regex(/^\S+$/, 'must not contain whitespace').optional(),
  PULLWISE_RETENTION_DAYS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be 0 (keep forever) or more')
    .max(36500, 'must be at most 36500')
    .default(90),
});

/** Parses the environment; throws ConfigError with one line naming the variable and the problem. */
export function loadConfig(env: Record<string, string | undefined>): AppConfig {
  const blankToUndefined = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = schema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const got = env[name];
    const secret = ['PULLWISE_ADMIN_TOKEN', 'DATABASE_URL', 'PULLWISE_SLACK_SIGNING_SECRET'].includes(name);
    const shown = secret ? '' : ` (got "${got}")`;
    throw new ConfigError(`${name} ${issue.message}${shown}`);
  }
  const e = parsed.data;
  const [, amount, unit] = SIZE.exec(e.PULLWISE_BODY_LIMIT)!;
  const database: DatabaseLocation = !e.DATABASE_URL
    ? { kind: 'pglite', dataDir: path.resolve(e.PULLWISE_DATA_DIR) }
    : e.DATABASE_URL === 'memory:'
      ? { kind: 'pglite-memory' }
      : { kind: 'postgres', url: e.DATABASE_URL };
  return {
    port: e.PORT,
    host: e.HOST,
    database,
    adminToken: e.PULLWISE_ADMIN_TOKEN ?? null,
    logLevel: e.LOG_LEVEL,
    bodyLimitBytes: Number(amount) * UNITS[(unit ?? 'b').toLowerCase()]!,
    production: e.NODE_ENV === 'production',
    slackSigningSecret: e.PULLWISE_SLACK_SIGNING_SECRET ?? null,
    retentionDays: e.PULLWISE_RETENTION_DAYS,
  };
}
