import type { FastifyInstance, FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app-error.js';
import { bearerToken } from '../auth/api-key-token.js';
import { unauthorized } from '../auth/auth.guard.js';
import type { AppConfig } from '../config/app-config.js';
import { checkGraphqlText } from '../graphql/document-limits.js';
import { GRAPHQL_PATH } from '../graphql/graphql.module.js';
import { inspectInput } from './inspect-input.js';
import { checkAccept, type RouteFacts } from './route-facts.js';

/** Longest request target accepted (Node itself stops at 16 KiB of request line plus headers with a 431). */
const MAX_URL_LENGTH = 8192;

/** Query parameters that may be repeated (`?admissionPlugins=a&admissionPlugins=b`); every other one is scalar. */
const LIST_PARAMETERS = new Set(['admissionPlugins', 'preloadedImages', 'verificationAllowlist']);

/**
 * Request-level checks that need no handler: URL length (414) and Accept (406) as soon as the route is known,
 * then, once the body is parsed, the query string (NUL, unpaired surrogates, over-long values, a scalar
 * given twice) and the text of GraphQL documents (nesting, before Apollo's recursive parser sees it).
 * Call before `app.init()` so that the hooks apply to every route.
 */
export function registerRequestGuards(fastify: FastifyInstance, config: AppConfig, routes: RouteFacts): void {
  const { maxStringLength, maxDepth } = config.limits;
  fastify.addHook('onRequest', async (req) => {
    if (req.url.length > MAX_URL_LENGTH) {
      throw new AppError(
        'invalid-input',
        `The URL is longer than ${MAX_URL_LENGTH} characters; send large inputs in the body.`,
        [{ path: 'url', message: `longer than ${MAX_URL_LENGTH} characters` }],
        {},
        414,
      );
    }
    const facts = routes.of(req);
    const hasFormat = /[?&]format=/.test(req.url);
    checkAccept(facts.produces, req.headers.accept, hasFormat);
    // A raw-text route takes bodies of up to 256 MiB (a 5,000-node inventory): a request without a key is
    // refused before one byte of it is buffered. The key itself is judged by AuthGuard (rate-limited as usual).
    if (facts.body === 'raw-text' && !bearerToken(req.headers.authorization))
      throw unauthorized('This endpoint needs an API key: send "Authorization: Bearer <key>".');
  });
  fastify.addHook('preValidation', async (req) => {
    checkQuery(req, maxStringLength);
    // JSON bodies were checked by their parser; form bodies (the chat-ops parser) are checked here.
    if (isForm(req) && req.body && typeof req.body === 'object')
      inspectInput(req.body, 'body', { maxDepth: 3, maxStringLength });
    if (req.routeOptions?.url === GRAPHQL_PATH) checkGraphqlRequest(req, maxDepth, maxStringLength);
  });
}

function isForm(req: FastifyRequest): boolean {
  const type = req.headers['content-type'];
  return typeof type === 'string' && type.toLowerCase().startsWith('application/x-www-form-urlencoded');
}

function checkQuery(req: FastifyRequest, maxStringLength: number): void {
  const query = req.query;
  if (!query || typeof query !== 'object') return;
  for (const [name, value] of Object.entries(query)) {
    if (Array.isArray(value) && !LIST_PARAMETERS.has(name)) {
      const shown = /^[\w.-]{1,64}$/.test(name) ? name : JSON.stringify(name.slice(0, 64));
      throw AppError.invalid(`${shown} must be given once (it appears ${value.length} times in the query string).`, [
        { path: `query.${shown}`, message: 'must be given once' },
      ]);
    }
  }
  inspectInput(query, 'query', { maxDepth: 3, maxStringLength });
}

/** GraphQL over GET carries variables as JSON text in the query string; POST bodies were checked when parsed. */
function checkGraphqlRequest(req: FastifyRequest, maxDepth: number, maxStringLength: number): void {
  const fromQuery = (req.query ?? {}) as Record<string, unknown>;
  const body = (req.body ?? {}) as Record<string, unknown>;
  const text = typeof body.query === 'string' ? body.query : fromQuery.query;
  if (typeof text === 'string') checkGraphqlText(text, maxDepth);
  if (typeof fromQuery.variables === 'string' && fromQuery.variables.trim() !== '') {
    let variables: unknown;
    try {
      variables = JSON.parse(fromQuery.variables);
    } catch {
      throw AppError.invalid('The variables query parameter is not valid JSON.', [
        { path: 'query.variables', message: 'not valid JSON' },
      ]);
    }
    inspectInput(variables, 'query.variables', {
      maxDepth,
      maxStringLength,
      lengthExempt: (path) => path.at(-1) === 'manifests',
    });
  }
}
