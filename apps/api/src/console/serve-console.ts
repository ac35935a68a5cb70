import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { AppError } from '../common/errors/app-error.js';

/** Where the console is served; the Vite build's `base` (apps/console/vite.config.ts) must agree. */
const CONSOLE_PATH = '/ui';

/**
 * The console's own policy, stricter than the API's: no inline script or style at all (Preact and uPlot set
 * styles through the CSSOM, which `style-src` does not govern), nothing from another origin, no forms posting
 * elsewhere, no framing. The console talks to this origin's REST and GraphQL APIs only.
 */
export const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Vite names every asset by its content hash, so a cached copy can never be stale. */
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html names the current hashes: revalidated on every load, so a deploy is seen at once. */
const REVALIDATE = 'no-cache';

/**
 * The built console (dist/console, `npm run build`), found by walking up from this file to the package root: the
 * depth differs between the sources (tests) and dist/.
 */
function consoleDirectory(): string | undefined {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 8; i++, dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (!existsSync(pkg)) continue;
    if ((JSON.parse(readFileSync(pkg, 'utf8')) as { name?: string }).name !== 'pullwise') continue;
    const built = path.join(dir, 'dist', 'console');
    return existsSync(path.join(built, 'index.html')) ? built : undefined;
  }
  return undefined;
}

/**
 * `GET /ui` and everything under it. Files under `/ui/assets/` are served as built (gzip or brotli when the
 * build made them and the client takes them); any other path is a page of the single-page app, so a deep link
 * (`/ui/rules/…`) answers index.html and works on reload. Call before `app.init()`.
 */
export async function serveConsole(app: NestFastifyApplication, root = consoleDirectory()): Promise<void> {
  if (root) await app.register(fastifyStatic, { root, serve: false, preCompressed: true });
  const handler = (req: FastifyRequest, reply: FastifyReply) => {
    if (!root)
      throw new AppError('unavailable', 'The console is not built here: run `npm run build` to build it.', [], {}, 503);
    reply.header('content-security-policy', CONSOLE_CSP);
    const rest = (req.params as { '*'?: string })['*'] ?? '';
    if (rest.startsWith('assets/')) {
      return reply.header('cache-control', IMMUTABLE).sendFile(rest, { cacheControl: false });
    }
    return reply.header('cache-control', REVALIDATE).sendFile('index.html', { cacheControl: false });
  };
  app.getHttpAdapter().get(CONSOLE_PATH, handler);
  app.getHttpAdapter().get(`${CONSOLE_PATH}/*`, handler);
}
