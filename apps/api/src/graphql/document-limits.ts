import type { ApolloServerPlugin } from '@apollo/server';
import {
  GraphQLError,
  getNamedType,
  Kind,
  type ASTNode,
  type FragmentDefinitionNode,
  type GraphQLSchema,
  type SelectionSetNode,
  type ValidationContext,
  type ValidationRule,
} from 'graphql';
import { fieldExtensionsEstimator, getComplexity, type ComplexityEstimator } from 'graphql-query-complexity';
import { AppError, type ErrorCode, type ProblemLocation } from '../common/errors/app-error.js';
import { problemType } from '../common/errors/problem-details.js';
import { DEFAULT_PAGE_SIZE } from '../http/pagination.js';

/** The limits of one GraphQL operation (AppConfig.limits). */
export interface GraphqlLimits {
  graphqlMaxDepth: number;
  graphqlMaxAliases: number;
  graphqlMaxCost: number;
  maxStringLength: number;
}

/**
 * A GraphQL error that formatGraphqlError turns into `extensions.code` = the problem type, with `errors`
 * naming where. Validation errors are re-wrapped by Apollo (code GRAPHQL_VALIDATION_FAILED), which keeps the
 * other extensions, hence `problem` next to `code`.
 */
function limitError(
  message: string,
  errors: ProblemLocation[],
  nodes?: readonly ASTNode[],
  code: ErrorCode = 'invalid-input',
) {
  return new GraphQLError(message, {
    nodes,
    extensions: { code: problemType(code), problem: code, status: 400, errors, http: { status: 400 } },
  });
}

// ---------------------------------------------------------------------------------------------------------
// Before parsing: graphql-js parses recursively, so a 10,000-deep document would overflow the stack.

/**
 * Refuses a document whose brackets (`{`, `[`, `(`) nest deeper than `maxNesting` before graphql-js parses it.
 * Strings (also block strings) and comments are skipped. Throws a 400 AppError.
 */
export function checkGraphqlText(text: string, maxNesting: number): void {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x23 /* # */) {
      while (i < n && text.charCodeAt(i) !== 0x0a && text.charCodeAt(i) !== 0x0d) i++;
    } else if (c === 0x22 /* " */) {
      if (text.startsWith('"""', i)) {
        const end = text.indexOf('"""', i + 3);
        i = end === -1 ? n : end + 2;
        // an escaped \""" inside a block string does not close it
        while (end !== -1 && text[i - 3] === '\\' && i < n) {
          const next = text.indexOf('"""', i + 1);
          i = next === -1 ? n : next + 2;
        }
      } else {
        i++;
        while (i < n && text[i] !== '"' && text[i] !== '\n') i += text[i] === '\\' ? 2 : 1;
      }
    } else if (c === 0x7b || c === 0x5b || c === 0x28) {
      if (++depth > maxNesting) {
        throw AppError.invalid(
          `The GraphQL document nests brackets deeper than ${maxNesting} levels (PULLWISE_MAX_DEPTH).`,
          [{ path: 'query', message: `nested deeper than ${maxNesting} levels` }],
        );
      }
    } else if (c === 0x7d || c === 0x5d || c === 0x29) depth--;
  }
}

// ---------------------------------------------------------------------------------------------------------
// Validation rules.

/** `subscription` operations: the schema has none, and graphql-js would fail them at execution as a 500. */
const NoSubscriptionsRule: ValidationRule = (context) => ({
  OperationDefinition(node) {
    if (node.operation === 'subscription')
      context.reportError(
        limitError(
          'Subscriptions are not supported by this API; use a query or a mutation.',
          [{ path: 'query', message: 'subscription operations are not supported' }],
          [node],
        ),
      );
  },
});

/** Selection depth of each operation (fragments followed; introspection fields `__*` not counted). */
function maxDepthRule(max: number): ValidationRule {
  return (context) => ({
    OperationDefinition(node) {
      const depth = selectionDepth(node.selectionSet, context, new Set(), 0, max);
      if (depth > max)
        context.reportError(
          limitError(
            `The operation is ${depth > max + 1 ? 'more than ' : ''}${max + 1} levels deep; the limit is ${max} (PULLWISE_GRAPHQL_MAX_DEPTH).`,
            [{ path: 'query', message: `deeper than ${max} levels (graphqlMaxDepth)` }],
            [node],
          ),
        );
    },
  });
}

function selectionDepth(
  set: SelectionSetNode,
  context: ValidationContext,
  seen: Set<string>,
  depth: number,
  max: number,
): number {
  if (depth > max) return depth; // deep enough to fail: stop walking
  let deepest = depth;
  for (const sel of set.selections) {
    let d = depth;
    if (sel.kind === Kind.FIELD) {
      if (sel.name.value.startsWith('__')) continue;
      d = sel.selectionSet ? selectionDepth(sel.selectionSet, context, seen, depth + 1, max) : depth + 1;
    } else if (sel.kind === Kind.INLINE_FRAGMENT) {
      d = selectionDepth(sel.selectionSet, context, seen, depth, max);
    } else {
      const name = sel.name.value;
      const fragment: FragmentDefinitionNode | null | undefined = context.getFragment(name);
      if (!fragment || seen.has(name)) continue; // unknown or cyclic: other rules report it
      seen.add(name);
      d = selectionDepth(fragment.selectionSet, context, seen, depth, max);
      seen.delete(name);
    }
    if (d > deepest) deepest = d;
  }
  return deepest;
}

/** Aliases in the whole document. */
function maxAliasesRule(max: number): ValidationRule {
  return (context) => {
    let count = 0;
    return {
      Field(node) {
        if (node.alias) count++;
      },
      Document: {
        leave(node) {
          if (count > max)
            context.reportError(
              limitError(
                `The document has ${count} aliases; the limit is ${max} (PULLWISE_GRAPHQL_MAX_ALIASES).`,
                [{ path: 'query', message: `more than ${max} aliases (graphqlMaxAliases)` }],
                [node],
              ),
            );
        },
      },
    };
  };
}

// With the `u` flag a paired surrogate is one code point: NUL and unpaired surrogates only.
const BAD_CHAR = /[\0\uD800-\uDFFF]/u;

/**
 * String literals written in the document: NUL (`"\u0000"`) and unpaired surrogates never reach PostgreSQL;
 * longer than maxStringLength is refused except for `manifests` (raw text, bounded by the body limit).
 */
function literalStringsRule(maxStringLength: number): ValidationRule {
  return (context) => ({
    StringValue(node, _key, parent, _path, ancestors) {
      const bad = BAD_CHAR.test(node.value);
      const long = node.value.length > maxStringLength;
      if (!bad && !long) return;
      const path = literalPath(parent ? [...ancestors, parent] : ancestors);
      if (long && !bad && path.endsWith('manifests')) return;
      const message = bad
        ? `contains ${node.value.includes('\0') ? 'a NUL character (U+0000)' : 'an unpaired UTF-16 surrogate'}, which is not allowed`
        : `is longer than ${maxStringLength} characters (PULLWISE_MAX_STRING_LENGTH)`;
      context.reportError(limitError(`${path} ${message}.`, [{ path, message }], [node]));
    },
  });
}

/** `evaluate.input.source.repository` from the argument and object-field names around a literal. */
function literalPath(ancestors: readonly (ASTNode | readonly ASTNode[])[]): string {
  const parts: string[] = [];
  for (const a of ancestors) {
    if (Array.isArray(a)) continue;
    const node = a as ASTNode;
    if (node.kind === Kind.FIELD) parts.push(node.name.value);
    else if (node.kind === Kind.ARGUMENT || node.kind === Kind.OBJECT_FIELD) parts.push(node.name.value);
    else if (node.kind === Kind.VARIABLE_DEFINITION) parts.push(`$${node.variable.name.value}`);
  }
  return parts.join('.') || 'query';
}

export function validationRules(limits: GraphqlLimits): ValidationRule[] {
  return [
    NoSubscriptionsRule,
    maxDepthRule(limits.graphqlMaxDepth),
    maxAliasesRule(limits.graphqlMaxAliases),
    literalStringsRule(limits.maxStringLength),
  ];
}

// ---------------------------------------------------------------------------------------------------------
// Cost: one per field; the selections under a paged field (`first` / `limit`) count once per item asked for.

const pagedEstimator: ComplexityEstimator = ({ field, args, childComplexity }) => {
  const page = typeof args.first === 'number' ? args.first : typeof args.limit === 'number' ? args.limit : undefined;
  const isConnection = getNamedType(field.type).name.endsWith('Connection');
  const times = page ?? (isConnection ? DEFAULT_PAGE_SIZE : 1);
  return 1 + childComplexity * Math.max(1, times);
};

/** Refuses an operation whose estimated cost is above `maxCost`, after validation and before execution. */
export function costLimitPlugin(maxCost: number): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ request, document, schema }) {
          let cost: number;
          try {
            cost = getComplexity({
              schema: schema as GraphQLSchema,
              query: document,
              operationName: request.operationName ?? undefined,
              variables: request.variables ?? {},
              estimators: [fieldExtensionsEstimator(), pagedEstimator],
            });
          } catch {
            return; // variables that do not coerce: execution reports them
          }
          if (cost > maxCost)
            throw limitError(
              `The operation's estimated cost is ${cost}; the limit is ${maxCost} (PULLWISE_GRAPHQL_MAX_COST). Ask for fewer items (first/limit) or fewer fields.`,
              [{ path: 'query', message: `cost ${cost} is above ${maxCost} (graphqlMaxCost)` }],
            );
        },
      };
    },
  };
}
