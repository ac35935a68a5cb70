import { Inject, Injectable, Logger } from '@nestjs/common';
import type { ApiKey, Database } from '#db';
import { writeAudit } from '../audit/audit.js';
import { AppError } from '../common/errors/app-error.js';
import { requireId } from '../http/ids.js';
import { decodeCursor, encodeCursor, type Page } from '../http/pagination.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { DATABASE } from '../database/database.service.js';
import { parseApiKeyInput } from './api-key-input.js';
import { newToken, sameDigest, secretDigest, tokenPrefix } from './api-key-token.js';
import type { Principal } from './principal.js';
import { isScope } from './scopes.js';

export interface ApiKeyResponse {
  id: string;
  name: string;
  /** `pwk_<prefix>`: enough to recognise a key in logs and audit events, useless as a credential. */
  prefix: string;
  scopes: string[];
  status: 'active' | 'revoked' | 'expired';
  createdAt: string;
  createdBy: string | null;
  expiresAt: string | null;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKey {
  key: ApiKeyResponse;
  /** The secret, shown once. Only its SHA-256 is stored. */
  token: string;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** How long a looked-up key is trusted without asking the database again (revocation on other replicas). */
const CACHE_TTL_MS = 10_000;
const CACHE_MAX = 10_000;
/** lastUsedAt is written at most this often per key, off the request path. */
const LAST_USED_EVERY_MS = 60_000;

interface CachedKey {
  row: Pick<ApiKey, 'id' | 'name' | 'prefix' | 'secretHash' | 'scopes' | 'expiresAt' | 'revokedAt'> | null;
  fetchedAt: number;
}

@Injectable()
export class ApiKeysService {
  private readonly logger = new Logger('ApiKeys');
  private readonly cache = new Map<string, CachedKey>();
  private readonly lastUsedWritten = new Map<string, number>();
  private readonly adminPrincipal: Principal | null;
  /** SHA-256 of PULLWISE_ADMIN_TOKEN, computed once (a request hashes only its own token). */
  private readonly adminDigest: Buffer | null;

  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.adminPrincipal = config.adminToken
      ? { kind: 'admin-token', id: 'admin-token', actor: 'admin-token', scopes: ['admin'] }
      : null;
    this.adminDigest = config.adminToken ? secretDigest(config.adminToken) : null;
  }

  /**
   * The principal a bearer token stands for, or null when it is not a valid, unexpired, unrevoked key.
   * Keys are cached for CACHE_TTL_MS, so evaluations do not query the database and keep working from the
   * cache while it is down; an unknown key while the database is down is a 503, not a 401.
   */
  async authenticate(token: string, now = Date.now()): Promise<Principal | null> {
    const digest = secretDigest(token);
    if (this.adminDigest && sameDigest(digest, this.adminDigest)) return this.adminPrincipal;
    const prefix = tokenPrefix(token);
    if (!prefix) return null;
    const row = await this.lookup(prefix, now);
    if (!row || !sameDigest(digest, Buffer.from(row.secretHash, 'hex'))) return null;
    if (row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now)) return null;
    this.touch(row.id, now);
    return {
      kind: 'api-key',
      id: row.id,
      actor: `key:${row.name} (pwk_${row.prefix})`,
      scopes: row.scopes.filter(isScope),
    };
  }

  async create(body: unknown, actor: string): Promise<CreatedApiKey> {
    const input = parseApiKeyInput(body);
    const { token, prefix, hash } = newToken();
    const row = await this.db.prisma.$transaction(async (tx) => {
      const created = await tx.apiKey.create({
        data: {
          name: input.name,
          prefix,
          secretHash: hash,
          scopes: input.scopes,
          expiresAt: input.expiresAt,
          createdBy: actor,
        },
      });
      await writeAudit(tx, {
        actor,
        action: 'create',
        entityType: 'apikey',
        entityId: created.id,
        entityName: created.name,
        after: toResponse(created),
      });
      return created;
    });
    return { key: toResponse(row), token };
  }

  async list(limit: number, cursor?: string): Promise<Page<ApiKeyResponse>> {
    const after = decodeCursor(cursor);
    if (after !== undefined && !UUID.test(after))
      throw AppError.invalid('cursor is not a cursor issued by this API', [
        { path: 'cursor', message: 'invalid cursor' },
      ]);
    const afterId = after;
    const [rows, totalCount] = await Promise.all([
      this.db.prisma.apiKey.findMany({
        where: afterId ? { id: { gt: afterId } } : {},
        orderBy: { id: 'asc' },
        take: limit + 1,
      }),
      this.db.prisma.apiKey.count(),
    ]);
    const items = rows.slice(0, limit);
    return {
      items: items.map((r) => toResponse(r)),
      nextCursor: rows.length > limit ? encodeCursor(items.at(-1)!.id) : null,
      totalCount,
    };
  }

  async get(id: string): Promise<ApiKeyResponse> {
    const row = await this.db.prisma.apiKey.findUnique({ where: { id: requireId(id, 'API key') } });
    if (!row) throw new AppError('not-found', `API key ${id} does not exist`);
    return toResponse(row);
  }

  /** Revokes at once on this replica and within CACHE_TTL_MS on the others. Revoking twice is harmless. */
  async revoke(id: string, actor: string): Promise<ApiKeyResponse> {
    const keyId = requireId(id, 'API key');
    const row = await this.db.prisma.$transaction(async (tx) => {
      const before = await tx.apiKey.findUnique({ where: { id: keyId } });
      if (!before) throw new AppError('not-found', `API key ${id} does not exist`);
      if (before.revokedAt) return before;
      const after = await tx.apiKey.update({ where: { id: keyId }, data: { revokedAt: new Date() } });
      await writeAudit(tx, {
        actor,
        action: 'revoke',
        entityType: 'apikey',
        entityId: keyId,
        entityName: after.name,
        before: toResponse(before),
        after: toResponse(after),
      });
      return after;
    });
    this.cache.delete(row.prefix);
    return toResponse(row);
  }

  private async lookup(prefix: string, now: number): Promise<CachedKey['row']> {
    const hit = this.cache.get(prefix);
    if (hit && now - hit.fetchedAt < CACHE_TTL_MS) return hit.row;
    let row: CachedKey['row'];
    try {
      row = await this.db.prisma.apiKey.findUnique({
        where: { prefix },
        select: {
          id: true,
          name: true,
          prefix: true,
          secretHash: true,
          scopes: true,
          expiresAt: true,
          revokedAt: true,
        },
      });
    } catch (err) {
      // A key seen before keeps working while the database is away; an unknown one cannot be checked.
      if (hit?.row) return hit.row;
      this.logger.warn(`cannot look up API key pwk_${prefix}: ${(err as Error).message}`);
      throw new AppError('unavailable', 'The API key cannot be checked: the database is unavailable.', [], {
        'retry-after': '5',
      });
    }
    if (this.cache.size >= CACHE_MAX) this.cache.clear();
    this.cache.set(prefix, { row, fetchedAt: now });
    return row;
  }

  private touch(id: string, now: number): void {
    if (now - (this.lastUsedWritten.get(id) ?? 0) < LAST_USED_EVERY_MS) return;
    this.lastUsedWritten.set(id, now);
    this.db.prisma.apiKey
      .update({ where: { id }, data: { lastUsedAt: new Date(now) } })
      .catch((err: Error) => this.logger.debug(`lastUsedAt not written for ${id}: ${err.message}`));
  }
}

function toResponse(r: ApiKey, now = Date.now()): ApiKeyResponse {
  const status = r.revokedAt ? 'revoked' : r.expiresAt && r.expiresAt.getTime() <= now ? 'expired' : 'active';
  return {
    id: r.id,
    name: r.name,
    prefix: `pwk_${r.prefix}`,
    scopes: r.scopes,
    status,
    createdAt: r.createdAt.toISOString(),
    createdBy: r.createdBy,
    expiresAt: r.expiresAt?.toISOString() ?? null,
    lastUsedAt: r.lastUsedAt?.toISOString() ?? null,
    revokedAt: r.revokedAt?.toISOString() ?? null,
  };
}
