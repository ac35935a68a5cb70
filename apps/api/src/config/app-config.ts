import path from 'node:path';
import { z } from 'zod';
import type { DatabaseLocation } from '#db';
import type { Scope } from '../auth/scopes.js';

/** The whole configuration, validated once at start. Nothing else reads process.env. */
export interface AppConfig {
  port: number;
  host: string;
  database: DatabaseLocation;
  adminToken: string | null;
  logLevel: LogLevel;
  /** JSON lines (one object per line), or coloured text for a person at a terminal. */
  logFormat: 'json' | 'pretty';
  /** Who may read `GET /metrics`: anyone, `admin` keys only, or nobody (the route is not served). */
  metrics: 'public' | 'authenticated' | 'off';
  bodyLimitBytes: number;
  production: boolean;
  /** Slack app signing secret; the Slack endpoint answers 404 without it. */
  slackSigningSecret: string | null;
  /**
   * What a verified Slack request may ask, as if it were a key with these scopes: `evaluate` answers `check`,
   * `rules:read` also `rules` and `why` (recorded evaluations hold manifests).
   */
  slackScopes: Scope[];
  /** Recorded evaluations older than this many days are removed; 0 keeps them forever. */
  retentionDays: number;
  /** An exception of every rule (`rules: ["*"]`) must expire at most this many days ahead. */
  maxWildcardExceptionDays: number;
  /**
   * A cluster profile that admission webhooks routed to, or recorded evaluations named, in this many days is not
   * deleted without `force`; 0 turns the check off.
   */
  clusterInUseDays: number;
  limits: RequestLimits;
  /** Origins allowed by CORS; empty turns CORS off (no Access-Control-* headers at all). */
  corsOrigins: string[];
  /** GraphQL introspection; on by default except with NODE_ENV=production. */
  graphqlIntrospection: boolean;
  /** Admission webhook: the cluster profile of webhook calls whose path names none (null: stock Kubernetes). */
  admissionCluster: string | null;
  /** Admission webhook: when set, the API server must send `Authorization: Bearer <this>` (kubeConfigFile). */
  admissionToken: string | null;
  /** How long a starting replica warms its hot paths before /readyz turns 200 (health/warm-up.ts); 0: not at all. */
  warmUpMs: number;
}

/** The scopes chat-ops questions need (chatops.service.ts): the only ones PULLWISE_SLACK_SCOPES may name. */
const CHATOPS_SCOPES = ['evaluate', 'rules:read'] as const satisfies readonly Scope[];

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/** Per-request ceilings. Every one is configurable; the defaults fit a large CI bundle with room to spare. */
export interface RequestLimits {
  /** YAML/JSON documents per evaluation request. */
  maxDocuments: number;
  /** Image slots (containers, init/ephemeral containers, image volumes) per evaluation request. */
  maxSlots: number;
  /** YAML alias dereferences per document (billion-laughs guard). */
  maxYamlAliases: number;
  /** Nesting depth of a YAML/JSON document or request body. */
  maxDepth: number;
  /** Time the YAML reader may spend on one request's manifests (flow-heavy YAML reads at well under 1 MB/s). */
  maxParseMs: number;
  /** Longest single string in a request body, in characters (raw manifest text is bounded by the body limit). */
  maxStringLength: number;
  graphqlMaxDepth: number;
  /** Estimated cost of one GraphQL operation (one per field, list fields times their page size). */
  graphqlMaxCost: number;
  graphqlMaxAliases: number;
  /** Whole-request deadline: receiving the body (Fastify requestTimeout) and handling it. */
  requestTimeoutMs: number;
  /** Requests per minute per API key (per client address without one); 0 turns rate limiting off. */
  rateLimitPerMinute: number;
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
  PULLWISE_LOG_LEVEL: logLevel().optional(),
  // The name used before PULLWISE_LOG_LEVEL (deploy manifests still set it); PULLWISE_LOG_LEVEL wins.
  LOG_LEVEL: logLevel().optional(),
  PULLWISE_LOG_FORMAT: z.enum(['json', 'pretty'], { error: 'must be json or pretty' }).optional(),
  PULLWISE_METRICS: z
    .enum(['public', 'authenticated', 'off'], { error: 'must be public, authenticated or off' })
    .default('public'),
  PULLWISE_BODY_LIMIT: z.string().regex(SIZE, 'must be a size such as 5mb, 512kb or 1048576').default('5mib'),
  NODE_ENV: z.string().optional(),
  PULLWISE_SLACK_SIGNING_SECRET: z.string().regex(/^\S+$/, 'must not contain whitespace').optional(),
  PULLWISE_SLACK_SCOPES: z
    .string()
    .regex(
      /^\s*(evaluate|rules:read)(\s*,\s*(evaluate|rules:read))*\s*$/,
      `must be a comma-separated list of ${CHATOPS_SCOPES.join(', ')}`,
    )
    .default('evaluate'),
  PULLWISE_RETENTION_DAYS: z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(0, 'must be 0 (keep forever) or more')
    .max(36500, 'must be at most 36500')
    .default(90),
  PULLWISE_MAX_WILDCARD_EXCEPTION_DAYS: count(1, 3650).default(90),
  PULLWISE_CLUSTER_IN_USE_DAYS: count(0, 3650).default(7),
  PULLWISE_MAX_DOCUMENTS: count(1, 1_000_000).default(10_000),
  PULLWISE_MAX_SLOTS: count(1, 10_000_000).default(50_000),
  PULLWISE_MAX_YAML_ALIASES: count(0, 1_000_000).default(100),
  // The YAML parser itself overflows at about 900 levels (libs/k8s MAX_DEPTH_LIMIT is 500).
  PULLWISE_MAX_DEPTH: count(2, 500).default(100),
  PULLWISE_MAX_PARSE_MS: count(100, 600_000).default(3_000),
  PULLWISE_MAX_STRING_LENGTH: count(64, 100_000_000).default(1_048_576),
  PULLWISE_GRAPHQL_MAX_DEPTH: count(2, 1000).default(12),
  PULLWISE_GRAPHQL_MAX_COST: count(10, 100_000_000).default(20_000),
  PULLWISE_GRAPHQL_MAX_ALIASES: count(1, 10_000).default(30),
  PULLWISE_REQUEST_TIMEOUT_MS: count(100, 3_600_000).default(30_000),
  PULLWISE_RATE_LIMIT: count(0, 100_000_000).default(6000),
  PULLWISE_WARM_UP_MS: count(0, 60_000).default(2000),
  PULLWISE_CORS_ORIGINS: z
    .string()
    .regex(
      /^(\*|https?:\/\/[^\s,]+)(\s*,\s*https?:\/\/[^\s,]+)*$/,
      'must be * or a comma-separated list of http(s) origins',
    )
    .optional(),
  PULLWISE_GRAPHQL_INTROSPECTION: z.enum(['true', 'false'], { error: 'must be true or false' }).optional(),
  // A profile name (definition-fields.ts nameSchema), also a valid webhook path segment (DNS-1123 subdomain).
  PULLWISE_ADMISSION_CLUSTER: z
    .string()
    .max(253, 'must be at most 253 characters')
    .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/, 'must be a cluster profile name (lowercase letters, digits, - and .)')
    .optional(),
  PULLWISE_ADMISSION_TOKEN: z
    .string()
    .regex(/^\S+$/, 'must not contain whitespace')
    .min(16, 'must be at least 16 characters')
    .optional(),
});

function logLevel() {
  return z.enum(LOG_LEVELS, { error: `must be one of ${LOG_LEVELS.join(', ')}` });
}

function count(min: number, max: number) {
  return z.coerce
    .number({ error: 'must be a number' })
    .int('must be an integer')
    .min(min, `must be ${min}–${max}`)
    .max(max, `must be ${min}–${max}`);
}

/**
 * Parses the environment; throws ConfigError with one line naming the variable and the problem. `stdoutIsTTY`
 * only picks the default log format (pretty for a person at a terminal in development).
 */
export function loadConfig(
  env: Record<string, string | undefined>,
  { stdoutIsTTY = Boolean(process.stdout.isTTY) }: { stdoutIsTTY?: boolean } = {},
): AppConfig {
  const blankToUndefined = Object.fromEntries(Object.entries(env).map(([k, v]) => [k, v === '' ? undefined : v]));
  const parsed = schema.safeParse(blankToUndefined);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const name = String(issue.path[0]);
    const got = env[name];
    const secret = [
      'PULLWISE_ADMIN_TOKEN',
      'DATABASE_URL',
      'PULLWISE_SLACK_SIGNING_SECRET',
      'PULLWISE_ADMISSION_TOKEN',
    ].includes(name);
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
    logLevel: e.PULLWISE_LOG_LEVEL ?? e.LOG_LEVEL ?? 'info',
    logFormat: e.PULLWISE_LOG_FORMAT ?? (e.NODE_ENV === 'development' && stdoutIsTTY ? 'pretty' : 'json'),
    metrics: e.PULLWISE_METRICS,
    bodyLimitBytes: Number(amount) * UNITS[(unit ?? 'b').toLowerCase()]!,
    production: e.NODE_ENV === 'production',
    slackSigningSecret: e.PULLWISE_SLACK_SIGNING_SECRET ?? null,
    slackScopes: [...new Set(e.PULLWISE_SLACK_SCOPES.split(',').map((s) => s.trim() as Scope))],
    retentionDays: e.PULLWISE_RETENTION_DAYS,
    maxWildcardExceptionDays: e.PULLWISE_MAX_WILDCARD_EXCEPTION_DAYS,
    clusterInUseDays: e.PULLWISE_CLUSTER_IN_USE_DAYS,
    limits: {
      maxDocuments: e.PULLWISE_MAX_DOCUMENTS,
      maxSlots: e.PULLWISE_MAX_SLOTS,
      maxYamlAliases: e.PULLWISE_MAX_YAML_ALIASES,
      maxDepth: e.PULLWISE_MAX_DEPTH,
      maxStringLength: e.PULLWISE_MAX_STRING_LENGTH,
      maxParseMs: e.PULLWISE_MAX_PARSE_MS,
      graphqlMaxDepth: e.PULLWISE_GRAPHQL_MAX_DEPTH,
      graphqlMaxCost: e.PULLWISE_GRAPHQL_MAX_COST,
      graphqlMaxAliases: e.PULLWISE_GRAPHQL_MAX_ALIASES,
      requestTimeoutMs: e.PULLWISE_REQUEST_TIMEOUT_MS,
      rateLimitPerMinute: e.PULLWISE_RATE_LIMIT,
    },
    warmUpMs: e.PULLWISE_WARM_UP_MS,
    corsOrigins: (e.PULLWISE_CORS_ORIGINS ?? '')
      .split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    graphqlIntrospection: e.PULLWISE_GRAPHQL_INTROSPECTION
      ? e.PULLWISE_GRAPHQL_INTROSPECTION === 'true'
      : e.NODE_ENV !== 'production',
    admissionCluster: e.PULLWISE_ADMISSION_CLUSTER ?? null,
    admissionToken: e.PULLWISE_ADMISSION_TOKEN ?? null,
  };
}
