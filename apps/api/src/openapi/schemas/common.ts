// Pages and health answers.
import { type JsonSchema, schemaRef } from './json-schema.js';

/** `{ items, nextCursor, totalCount }`: a page of a REST list. */
export function pageOf(item: string, order: string): JsonSchema {
  return {
    type: 'object',
    description: `A page of ${item} items, ${order}.`,
    required: ['items', 'nextCursor', 'totalCount'],
    properties: {
      items: { type: 'array', items: schemaRef(item) },
      nextCursor: {
        type: ['string', 'null'],
        description: 'Pass as `cursor` for the next page; null on the last page.',
      },
      totalCount: { type: 'integer', minimum: 0, description: 'Items matching the filters, over all pages.' },
    },
  };
}

export const Liveness = {
  type: 'object',
  required: ['status'],
  properties: { status: { const: 'ok' } },
} as const satisfies JsonSchema;

export const Readiness = {
  type: 'object',
  required: ['status', 'database', 'detail'],
  properties: {
    status: { type: 'string', enum: ['ready', 'not ready'] },
    database: {
      type: 'string',
      description: 'Which database, without credentials.',
      examples: ['PostgreSQL at db:5432/pullwise'],
    },
    detail: { type: 'string', examples: ['database reachable, migrations applied'] },
  },
} as const satisfies JsonSchema;
