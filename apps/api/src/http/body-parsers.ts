import type { FastifyInstance, FastifyRequest } from 'fastify';
import sjson from 'secure-json-parse';
import { AppError } from '../common/errors/app-error.js';
import { unsupportedMediaType } from '../common/errors/to-app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { GRAPHQL_PATH } from '../graphql/graphql.module.js';
import { inspectInput, type InputPath } from './inspect-input.js';
import { findJsonSyntaxError, lineAndColumn } from './json-syntax.js';
import type { BodyKind, RouteFacts } from './route-facts.js';
import { decodeUtf8Body } from './utf8.js';

const YAML_TYPES = ['application/yaml', 'application/x-yaml', 'text/yaml', 'text/x-yaml'];
const JSON_TYPE = 'application/json';
/** JSON Merge Patch (RFC 7396): what our PATCH operations do with a JSON body, under its registered name. */
const MERGE_PATCH_TYPE = 'application/merge-patch+json';

/**
 * Replaces Fastify's (and Nest's) JSON parser and registers the YAML one. Both decode strict UTF-8 (400 with
 * the byte offset instead of U+FFFD), and refuse what PostgreSQL or the engine cannot take before any handler
 * runs. JSON: syntax errors with line and column, `__proto__`/`constructor.prototype` poisoning refused
 * (secure-json-parse), a bare string/number/boolean/null refused, then every value checked (inspectInput:
 * NUL, unpaired surrogates, over-long strings, depth). YAML: NUL is not allowed in a YAML stream.
 * Call after `app.init()` (Nest registers its parsers there) and before `fastify.ready()`.
 */
export function registerBodyParsers(fastify: FastifyInstance, config: AppConfig, routes: RouteFacts): void {
  const limits = { maxDepth: config.limits.maxDepth, maxStringLength: config.limits.maxStringLength };
  // text/plain is not a manifest type: without Fastify's default parser it gets a 415.
  if (fastify.hasContentTypeParser('text/plain')) fastify.removeContentTypeParser('text/plain');
  if (fastify.hasContentTypeParser(JSON_TYPE)) fastify.removeContentTypeParser(JSON_TYPE);
  fastify.addContentTypeParser(
    JSON_TYPE,
    { parseAs: 'buffer', bodyLimit: config.bodyLimitBytes },
    (req, body, done) => {
      try {
        done(null, parseJsonBody(req, body as Buffer, limits, routes));
      } catch (err) {
        done(err as Error, undefined);
      }
    },
  );
  fastify.addContentTypeParser(
    MERGE_PATCH_TYPE,
    { parseAs: 'buffer', bodyLimit: config.bodyLimitBytes },
    (req, body, done) => {
      try {
        if (req.method !== 'PATCH') throw unsupportedMediaType(req.headers['content-type']);
        done(null, parseJsonBody(req, body as Buffer, limits, routes));
      } catch (err) {
        done(err as Error, undefined);
      }
    },
  );
  for (const type of YAML_TYPES) if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
  fastify.addContentTypeParser(
    YAML_TYPES,
    { parseAs: 'buffer', bodyLimit: config.bodyLimitBytes },
    (req, body, done) => {
      try {
        checkCharset(req);
        done(null, parseYamlBody(body as Buffer));
      } catch (err) {
        done(err as Error, undefined);
      }
    },
  );
}

function parseJsonBody(
  req: FastifyRequest,
  body: Buffer,
  limits: { maxDepth: number; maxStringLength: number },
  routes: RouteFacts,
) {
  checkCharset(req);
  const text = decodeUtf8Body(body);
  const kind = routes.of(req).body;
  // Many HTTP clients send their default Content-Type on every request, with a body or without.
  if (body.length === 0 && takesNoBody(req, kind)) return undefined;
  if (text.trim() === '') throw AppError.invalid('The request body is empty; send a JSON document.');
  let value: unknown;
  try {
    value = sjson.parse(text, undefined, { protoAction: 'error', constructorAction: 'error' });
  } catch {
    const problem = findJsonSyntaxError(text);
    if (!problem) {
      throw AppError.invalid(
        'The request body has a "__proto__" or "constructor.prototype" property, which is refused.',
        [{ path: 'body', message: 'forbidden property name (__proto__ or constructor.prototype)' }],
      );
    }
    const { line, column, message } = problem;
    throw AppError.invalid(`The request body is not valid JSON: ${message} (line ${line}, column ${column}).`, [
      { path: 'body', line, column, message },
    ]);
  }
  if (value === null || typeof value !== 'object') {
    const what = value === null ? 'null' : `a ${typeof value}`;
    const evaluating = kind === 'manifests';
    throw AppError.invalid(
      evaluating
        ? `no Kubernetes objects in the input: the JSON body is ${what}; send { "manifests": ... }, or the YAML with Content-Type: application/yaml.`
        : `The JSON body must be an object, not ${what}.`,
      [{ path: 'body', message: evaluating ? 'no Kubernetes objects in the input' : `must be an object, not ${what}` }],
    );
  }
  const graphql = req.routeOptions?.url === GRAPHQL_PATH;
  inspectInput(value, 'body', {
    ...limits,
    lengthExempt: (path: InputPath) =>
      path.at(-1) === 'manifests' || (graphql && path.length === 2 && path[1] === 'query'),
  });
  return value;
}

/** Every GET, HEAD and DELETE takes no body; a POST says so with @TakesNoBody(). */
function takesNoBody(req: FastifyRequest, kind: BodyKind | undefined): boolean {
  if (req.method === 'GET' || req.method === 'HEAD' || req.method === 'DELETE') return true;
  return req.method === 'POST' && kind === 'none';
}

function parseYamlBody(body: Buffer): string {
  const text = decodeUtf8Body(body);
  const nul = text.indexOf('\0');
  if (nul !== -1) {
    const { line, column } = lineAndColumn(text, nul);
    const message = 'a NUL character (U+0000) is not allowed in YAML';
    throw AppError.invalid(`The YAML body is not valid: ${message} (line ${line}, column ${column}).`, [
      { path: 'body', line, column, message },
    ]);
  }
  return text;
}

/** Bodies are read as UTF-8; a declared charset that says otherwise is a 415 rather than a misread. */
function checkCharset(req: FastifyRequest): void {
  const type = req.headers['content-type'];
  if (typeof type !== 'string') return;
  const m = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(type);
  if (!m) return;
  const charset = m[1]!.toLowerCase();
  if (charset === 'utf-8' || charset === 'utf8') return;
  throw new AppError(
    'unsupported-media-type',
    `Content-Type ${JSON.stringify(type.slice(0, 100))} declares charset ${JSON.stringify(m[1]!.slice(0, 40))}; bodies must be UTF-8.`,
    [{ path: 'Content-Type', message: 'charset must be utf-8' }],
  );
}
