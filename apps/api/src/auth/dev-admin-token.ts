import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config/app-config.js';

export interface DevAdminToken {
  config: AppConfig;
  /** The line that shows a newly made token; null when none was made (it is shown once, when made). */
  notice: string | null;
  /** The file the token is kept in, when a development token is in use. */
  kept: string | null;
}

/**
 * Outside production, a start without PULLWISE_ADMIN_TOKEN gets one, so `npm start` is usable at once. One
 * rule whatever the database: the token is kept in `<dir>/admin-token` (mode 0600; `dir` is PULLWISE_DATA_DIR,
 * `.pullwise` by default), made and shown by the first start, read again by every later one. Production never
 * invents a credential: there only configured tokens and stored API keys work.
 */
export function withDevAdminToken(config: AppConfig, dir: string): DevAdminToken {
  if (config.adminToken || config.production) return { config, notice: null, kept: null };
  const file = path.join(dir, 'admin-token');
  const stored = existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (/^\S{32,}$/.test(stored)) return { config: { ...config, adminToken: stored }, notice: null, kept: file };
  const token = `pwa_${randomBytes(32).toString('base64url')}`;
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  return {
    config: { ...config, adminToken: token },
    notice: `no PULLWISE_ADMIN_TOKEN set: made the development admin token ${token}, kept in ${file} and reused by later starts; set PULLWISE_ADMIN_TOKEN or NODE_ENV=production to turn this off`,
    kept: file,
  };
}
