import type { FastifyRequest } from 'fastify';
import { BUNDLE_SCHEMA_PATH } from '#policy';

/**
 * Where the bundle's JSON Schema is served, as the request reached this service (protocol and host honour
 * trusted proxies): the URL an export puts on its `$schema` line for editors.
 */
export function bundleSchemaUrl(req: FastifyRequest): string {
  return `${req.protocol}://${req.host}${BUNDLE_SCHEMA_PATH}`;
}
