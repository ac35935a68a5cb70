import type { Readable } from 'node:stream';
import { errorCodes, type FastifyInstance, type FastifyRequest } from 'fastify';
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
 * The largest body a raw-text route (`@TakesRawText()`) reads, unless PULLWISE_BODY_LIMIT is larger: `kubectl get
 * nodes -o json` prints about 120 MB for 5,000 nodes that list 50 images each (about half of it indentation).
 */
export const RAW_TEXT_BODY_LIMIT_BYTES = 256 * 1024 * 1024;

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
  const rawTextLimit = Math.max(config.bodyLimitBytes, RAW_TEXT_BODY_LIMIT_BYTES);
  // Each parser reads the body itself: Fastify's reader has one limit per content type, and Nest gives routes no
  // bodyLimit option, yet a raw-text route takes a far larger body than every other one.
  const parser =
    (parse: (req: FastifyRequest, body: Buffer, rawText: boolean) => unknown) =>
    async (req: FastifyRequest, payload: Readable) => {
      const rawText = routes.of(req).body === 'raw-text';
      const body = await (rawText
        ? readBody(req, payload, rawTextLimit, () => rawTextTooLarge(rawTextLimit))
        : readBody(req, payload, config.bodyLimitBytes, () => new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE()));
      return parse(req, body, rawText);
    };
  // text/plain is not a manifest type: without Fastify's default parser it gets a 415.
  if (fastify.hasContentTypeParser('text/plain')) fastify.removeContentTypeParser('text/plain');
  if (fastify.hasContentTypeParser(JSON_TYPE)) fastify.removeContentTypeParser(JSON_TYPE);
  fastify.addContentTypeParser(
    JSON_TYPE,
    parser((req, body, rawText) => (rawText ? rawTextBody(req, body) : parseJsonBody(req, body, limits, routes))),
  );
  fastify.addContentTypeParser(
    MERGE_PATCH_TYPE,
    parser((req, body) => {
      if (req.method !== 'PATCH') throw unsupportedMediaType(req.headers['content-type']);
      return parseJsonBody(req, body, limits, routes);
    }),
  );
  for (const type of YAML_TYPES) if (fastify.hasContentTypeParser(type)) fastify.removeContentTypeParser(type);
  fastify.addContentTypeParser(
    YAML_TYPES,
    parser((req, body) => {
      checkCharset(req);
      return parseYamlBody(body);
    }),
  );
}

/**
 * The body as Fastify's own reader takes it (its errors, so they are answered as before: `tooLarge` over the limit,
 * 400 for a Content-Length that does not match), with this request's limit.
 */
function readBody(
  req: FastifyRequest,
  payload: Readable | undefined,
  limit: number,
  tooLarge: () => Error,
): Promise<Buffer> {
  const stream: Readable & { receivedEncodedLength?: number } = payload ?? req.raw;
  const contentLength = Number(req.headers['content-length']);
  if (contentLength > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let received = 0;
    const stop = () => {
      stream.removeListener('data', onData);
      stream.removeListener('end', onEnd);
      stream.removeListener('error', onEnd);
    };
    function onData(chunk: Buffer | string) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      received += bytes.length;
      if (received > limit || (stream.receivedEncodedLength ?? 0) > limit) {
        stop();
        reject(tooLarge());
        return;
      }
      chunks.push(bytes);
    }
    function onEnd(err?: Error & { statusCode?: number }) {
      stop();
      if (err) {
        if (!(typeof err.statusCode === 'number' && err.statusCode >= 400)) err.statusCode = 400;
        reject(err);
      } else if (!Number.isNaN(contentLength) && (stream.receivedEncodedLength || received) !== contentLength) {
        reject(new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH());
      } else {
        resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, received));
      }
    }
    stream.on('data', onData);
    stream.on('end', onEnd);
    stream.on('error', onEnd);
    stream.resume();
  });
}

function rawTextTooLarge(limit: number): AppError {
  return new AppError(
    'payload-too-large',
    `The request body is larger than ${Math.floor(limit / 1024 / 1024)} MiB, the most this operation reads.`,
  );
}

/** A `\u` escape of NUL or of a UTF-16 surrogate (paired ones included: inspectInput tells them apart). */
const SUSPECT_ESCAPE = /\\u(?:0000|[dD][89a-fA-F][0-9a-fA-F]{2})/;

/**
 * A raw-text route's JSON body, as text for the handler's own reader. Escapes are the only way JSON text can carry
 * NUL or an unpaired surrogate (the UTF-8 decoding is strict): when one is there, the body is parsed once here and
 * refused as every other JSON body is, naming where.
 */
function rawTextBody(req: FastifyRequest, body: Buffer): string {
  checkCharset(req);
  const text = decodeUtf8Body(body);
  if (SUSPECT_ESCAPE.test(text)) {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return text; // not JSON after all: the reader says what it is
    }
    inspectInput(value, 'body', { maxDepth: Infinity, maxStringLength: Infinity });
  }
  return text;
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
