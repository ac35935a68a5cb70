import type { OpenAPIObject } from '@nestjs/swagger';
import { scopeNames, type Access } from '../auth/scopes.js';
import { problemExample } from './examples.js';

type Operation = {
  security?: Record<string, string[]>[];
  description?: string;
  responses: Record<string, unknown>;
};

const EXAMPLE_ID = '3f6c2a9e-8b1d-4e7a-9c5f-0d2b4a6e8c13';
const PROBLEM = { $ref: '#/components/schemas/Problem' };

function problem(code: 'unauthorized' | 'forbidden' | 'rate-limited', detail: string, instance: string) {
  return {
    description: detail,
    content: {
      'application/problem+json': {
        schema: PROBLEM,
        examples: { [code]: { value: problemExample(code, detail, instance) } },
      },
    },
  };
}

/**
 * Security of every operation from its handler's `@Access` (auth/access.ts), the one AuthGuard reads, so the
 * document cannot disagree with the guard: the bearer requirement, the scope in the description, and the
 * 401/403/429 answers. `access` looks a route up as `METHOD /path/:param`.
 */
export function documentAccess(doc: OpenAPIObject, access: (route: string) => Access | undefined): void {
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      const route = `${method.toUpperCase()} ${path.replace(/\{(\w+)\}/g, ':$1')}`;
      const needs = access(route);
      const instance = path.replace(/\{(\w+)\}/g, EXAMPLE_ID);
      if (needs === undefined || needs === 'public') {
        op.security = [];
        continue;
      }
      op.security = [{ apiKey: [] }];
      const names = needs === 'authenticated' ? '' : scopeNames(needs, (s) => `\`${s}\``);
      const scope = needs === 'authenticated' ? 'any valid key' : `a key with the ${names} scope`;
      op.description = `${op.description ?? ''}\n\nRequires ${scope}.`.trim();
      op.responses['401'] ??= problem(
        'unauthorized',
        'No API key, or one that is unknown, revoked or expired.',
        instance,
      );
      if (needs !== 'authenticated')
        op.responses['403'] ??= problem('forbidden', `The key lacks the ${names} scope.`, instance);
      op.responses['429'] ??= problem(
        'rate-limited',
        'The caller exceeded its requests per minute; see Retry-After.',
        instance,
      );
    }
  }
}
