import { type ExecutionContext, SetMetadata, type Type } from '@nestjs/common';
import type { Reflector } from '@nestjs/core';
import type { Access as AccessRule, Scope } from './scopes.js';

const ACCESS_METADATA = 'pullwise:access';

/**
 * Who may call a REST route or GraphQL root field, on the handler itself: `@Access('public')`,
 * `@Access('authenticated')` (any valid key), `@Access('evaluate')`, or several scopes of which a key needs one,
 * `@Access('rules:read', 'rules:write')`. On a class it covers every handler that does not say otherwise.
 * AuthGuard refuses a handler without it (default deny); docs/access.md is generated from these decorators so a
 * review of the access model reads one file (test/access-table.e2e-spec.ts).
 */
export function Access(
  ...rule: ['public'] | ['authenticated'] | [Scope, ...Scope[]]
): ClassDecorator & MethodDecorator {
  const access: AccessRule = rule.length === 1 ? rule[0] : (rule as Scope[]);
  return SetMetadata(ACCESS_METADATA, access);
}

/** The access a handler declares (its own, else its class's); undefined when neither says. */
export function accessOf(
  reflector: Reflector,
  handler: ReturnType<ExecutionContext['getHandler']>,
  controller: Type<unknown>,
): AccessRule | undefined {
  return reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_METADATA, [handler, controller]);
}
