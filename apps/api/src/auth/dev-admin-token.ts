import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config/app-config.js';

/**
 * Outside production, a start without PULLWISE_ADMIN_TOKEN gets one, so `npm start` is usable at once: kept in
 * the embedded database's directory (mode 0600, reused by later starts) or, for other databases, made for this
 * run. Production never invents a credential: there only configured tokens and stored API keys work.
 */
export function withDevAdminToken(config: AppConfig): { config: AppConfig; notice: string | null } {
  if (config.adminToken || config.production) return { config, notice: null };
  const file = config.database.kind === 'pglite' ? path.join(config.database.dataDir, 'admin-token') : null;
  let token = file && existsSync(file) ? readFileSync(file, 'utf8').trim() : '';
  if (!/^\S{32,}$/.test(token)) {
    token = `pwa_${randomBytes(32).toString('base64url')}`;
    if (file) writeFileSync(file, `${token}\n`, { mode: 0o600 });
  }
  const where = file ? `kept in ${file}` : 'valid for this run only';
  return {
    config: { ...config, adminToken: token },
    notice: `no PULLWISE_ADMIN_TOKEN set: development admin token ${token} (${where}); set PULLWISE_ADMIN_TOKEN or NODE_ENV=production to turn this off`,
  };
}
