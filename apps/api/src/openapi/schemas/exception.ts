// Exceptions (waivers): libs/policy/src/validate-exception.ts and apps/api/src/exceptions/exception.mapper.ts.
import { ACTOR, DATE_TIME, type JsonSchema } from './json-schema.js';

const NAME = {
  type: 'string',
  minLength: 1,
  maxLength: 253,
  pattern: '^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$',
  description: 'Unique; generated (`exception-<8 hex>`) when omitted on create.',
  examples: ['legacy-batch'],
} as const;
const RULES = {
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { type: 'string', pattern: '^(\\*|[a-z0-9]([-a-z0-9.]*[a-z0-9])?)$' },
  description:
    'Names of existing rules it waives (an unknown name is a 400 at `rules[i]`), or `"*"` for every rule (then ' +
    '`expiresAt` is required, at most PULLWISE_MAX_WILDCARD_EXCEPTION_DAYS, default 90, days ahead). Held by rule ' +
    'id: a renamed rule keeps its exceptions and is shown by its current name.',
  examples: [['pin-digests']],
} as const;
const TEXT = { type: 'string', minLength: 1, pattern: '\\S' } as const;
const MATCH = { oneOf: [{ $ref: '#/components/schemas/MatchSpec' }, { type: 'null' }] } as const;
const TICKET = { type: ['string', 'null'], maxLength: 2048, examples: ['OPS-1234'] } as const;
const EXPIRES_AT = {
  type: ['string', 'null'],
  format: 'date-time',
  description:
    'ISO-8601 date-time with a zone (`2026-06-30T23:59:59Z`); a date without a time is rejected. From then on the ' +
    'exception waives nothing and findings report it as `expiredWaiver`. Null: never expires.',
} as const;

export const ExceptionInput = {
  type: 'object',
  description: 'A waiver: which rules, where (match), why, who owns it, until when.',
  required: ['rules', 'justification', 'owner'],
  additionalProperties: false,
  properties: {
    name: NAME,
    rules: RULES,
    match: { ...MATCH, description: 'Where it applies; absent or null: everywhere the rules apply.' },
    justification: { ...TEXT, description: 'Why the rules do not apply here.' },
    owner: { ...TEXT, description: 'The person or team accountable.' },
    ticket: TICKET,
    expiresAt: EXPIRES_AT,
  },
} as const satisfies JsonSchema;

export const ExceptionPatch = {
  type: 'object',
  description:
    'The fields to change; the result is validated as a whole. `match`, `ticket`, `expiresAt` clear with null.',
  additionalProperties: false,
  properties: {
    name: NAME,
    rules: RULES,
    match: MATCH,
    justification: TEXT,
    owner: TEXT,
    ticket: TICKET,
    expiresAt: EXPIRES_AT,
  },
} as const satisfies JsonSchema;

export const Exception = {
  type: 'object',
  description: 'A stored exception.',
  required: [
    'id',
    'name',
    'rules',
    'match',
    'justification',
    'owner',
    'ticket',
    'expiresAt',
    'expired',
    'version',
    'createdAt',
    'updatedAt',
    'createdBy',
    'updatedBy',
  ],
  properties: {
    id: { type: 'string', format: 'uuid' },
    name: NAME,
    rules: RULES,
    match: MATCH,
    justification: { type: 'string' },
    owner: { type: 'string' },
    ticket: TICKET,
    expiresAt: EXPIRES_AT,
    expired: { type: 'boolean', description: 'True once expiresAt has passed: the exception then waives nothing.' },
    version: { type: 'integer', minimum: 1 },
    createdAt: DATE_TIME,
    updatedAt: DATE_TIME,
    createdBy: ACTOR,
    updatedBy: ACTOR,
  },
} as const satisfies JsonSchema;
