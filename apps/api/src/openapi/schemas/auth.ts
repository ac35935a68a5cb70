// API keys and the caller's identity: apps/api/src/auth/.
import { ACTOR, DATE_TIME, type JsonSchema } from './json-schema.js';

const SCOPE = {
  type: 'string',
  enum: ['rules:read', 'rules:write', 'evaluate', 'admin'],
  description:
    '`evaluate`: evaluations, effective policy, chat-ops questions. `rules:read`: rules, versions, exceptions, ' +
    'cluster profiles, history, trends, impact previews. `rules:write`: change rules, exceptions and cluster ' +
    'profiles. `admin`: API keys and maintenance; implies every other scope.',
} as const;

export const ApiKeyScope = SCOPE;

export const ApiKeyInput = {
  type: 'object',
  required: ['name', 'scopes'],
  additionalProperties: false,
  properties: {
    name: {
      type: 'string',
      minLength: 1,
      maxLength: 100,
      pattern: '^[\\x20-\\x7e]+$',
      description: 'What the key is for; shown in audit events.',
      examples: ['ci-shop-frontend'],
    },
    scopes: { type: 'array', minItems: 1, maxItems: 4, uniqueItems: true, items: SCOPE },
    expiresAt: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'After this instant the key is refused (401). Null or absent: no expiry.',
    },
  },
} as const satisfies JsonSchema;

export const ApiKey = {
  type: 'object',
  required: [
    'id',
    'name',
    'prefix',
    'scopes',
    'status',
    'createdAt',
    'createdBy',
    'expiresAt',
    'lastUsedAt',
    'revokedAt',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: { type: 'string' },
    prefix: {
      type: 'string',
      pattern: '^pwk_[0-9a-f]{12}$',
      description: 'The start of the secret: recognises a key in logs, useless as a credential.',
    },
    scopes: { type: 'array', items: SCOPE },
    status: { type: 'string', enum: ['active', 'revoked', 'expired'] },
    createdAt: DATE_TIME,
    createdBy: ACTOR,
    expiresAt: { type: ['string', 'null'], format: 'date-time' },
    lastUsedAt: {
      type: ['string', 'null'],
      format: 'date-time',
      description: 'Last successful use, written at most once a minute per key.',
    },
    revokedAt: { type: ['string', 'null'], format: 'date-time' },
  },
} as const satisfies JsonSchema;

export const CreatedApiKey = {
  type: 'object',
  required: ['key', 'token'],
  properties: {
    key: { $ref: '#/components/schemas/ApiKey' },
    token: {
      type: 'string',
      pattern: '^pwk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$',
      description: 'The secret, shown this once: send it as `Authorization: Bearer <token>`. Only its SHA-256 is kept.',
    },
  },
} as const satisfies JsonSchema;

export const WhoAmI = {
  type: 'object',
  required: ['kind', 'actor', 'scopes', 'keyId'],
  properties: {
    kind: { type: 'string', enum: ['admin-token', 'api-key'] },
    actor: {
      type: 'string',
      description: 'How audit events name this caller.',
      examples: ['key:ci (pwk_1a2b3c4d5e6f)'],
    },
    scopes: { type: 'array', items: SCOPE },
    keyId: { type: ['string', 'null'], format: 'uuid' },
  },
} as const satisfies JsonSchema;
