import { Inject, Injectable } from '@nestjs/common';
import { Prisma, type Database } from '#db';
import { readNodeInventory, type InventoryNode } from '#k8s';
import { writeAudit } from '../audit/audit.js';
import { AppError } from '../common/errors/app-error.js';
import { translatePrismaError } from '../common/persistence/prisma-errors.js';
import { DATABASE } from '../database/database.token.js';
import { requireId } from '../http/ids.js';
import { decodeCursor, encodeCursor, type Page } from '../http/pagination.js';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';
import {
  NODE_COLUMNS,
  imagesTruncated,
  invalidInventory,
  toClusterNodeResponse,
  toInventoryNode,
  type ClusterNodeResponse,
  type NodeInventorySummary,
} from './cluster-nodes.mapper.js';

/**
 * Most nodes an inventory may list: above the largest clusters Kubernetes distributions support (GKE: 65,000),
 * so that a body of tiny nodes cannot turn into millions of rows.
 */
const MAX_NODES = 100_000;
/** Nodes per INSERT: 8 parameters each, far below PostgreSQL's 65,535 per statement. */
const INSERT_CHUNK = 1000;
/**
 * Prisma's defaults (5 s, 2 s to start) are too short here: a 5,000-node upload takes seconds inside its
 * transaction, and on PGlite (one connection) a second upload waits for the first to start its own.
 */
const TRANSACTION = { timeout: 120_000, maxWait: 60_000 } as const;

const LABEL = 'cluster profile';

/**
 * A cluster profile's node inventory (issue 17): replaced as a whole from what `kubectl get nodes -o json|yaml`
 * prints, listed a page at a time, forgotten. Every change reaches the policy snapshot, where evaluations read the
 * inventory without a query.
 */
@Injectable()
export class ClusterNodesService {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    private readonly snapshot: PolicySnapshotService,
  ) {}

  /**
   * Replaces the profile's inventory with `text`, or changes nothing when any node is malformed (400 naming
   * `items[i]…` with its line). One transaction: it locks the profile row first, so concurrent replaces (and a
   * delete of the profile) take turns and each leaves one complete inventory; and it writes the inventory row,
   * whose trigger announces the change, last, so the policy version row is locked only for the commit.
   */
  async replace(clusterId: string, text: string, actor: string): Promise<NodeInventorySummary> {
    const id = requireId(clusterId, LABEL);
    const nodes = readNodes(text);
    const images = nodes.reduce((n, node) => n + node.images.length, 0);
    const truncatedNodes = nodes.filter(imagesTruncated).length;
    const observedAt = await this.db.prisma
      .$transaction(async (tx) => {
        const name = await lockProfile(tx, id, clusterId);
        await tx.clusterNode.deleteMany({ where: { clusterId: id } });
        for (let start = 0; start < nodes.length; start += INSERT_CHUNK) {
          const rows = nodes.slice(start, start + INSERT_CHUNK).map((node, i) => nodeRow(id, start + i, node));
          // Raw rather than createMany: Prisma's handling of 250,000 nested JSON values took about 3 s more.
          await tx.$executeRaw`INSERT INTO "ClusterNode" ("clusterId", "position", "name", "labels", "taints", "unschedulable", "kubeletVersion", "images") VALUES ${Prisma.join(rows)}`;
        }
        // `version` = DEFAULT draws a new number from its sequence: never one an earlier inventory had.
        const [stored] = await tx.$queryRaw<{ observedAt: Date }[]>`
          INSERT INTO "ClusterNodeInventory" ("clusterId", "observedAt", "nodeCount", "imageCount", "truncatedNodes", "updatedBy")
          VALUES (${id}::uuid, clock_timestamp(), ${nodes.length}, ${images}, ${truncatedNodes}, ${actor})
          ON CONFLICT ("clusterId") DO UPDATE SET "version" = DEFAULT, "observedAt" = EXCLUDED."observedAt",
            "nodeCount" = EXCLUDED."nodeCount", "imageCount" = EXCLUDED."imageCount",
            "truncatedNodes" = EXCLUDED."truncatedNodes", "updatedBy" = EXCLUDED."updatedBy"
          RETURNING "observedAt"`;
        const at = new Date(stored!.observedAt).toISOString();
        await writeAudit(tx, {
          actor,
          action: 'cluster.nodes.replaced',
          entityType: 'cluster',
          entityId: id,
          entityName: name,
          after: { nodes: nodes.length, images, truncatedNodes, observedAt: at },
        });
        return at;
      }, TRANSACTION)
      .catch((e: unknown) => translatePrismaError(e, `${LABEL} ${clusterId}`));
    await this.snapshot.refresh();
    return { nodes: nodes.length, images, truncatedNodes, observedAt };
  }

  /** A page of the profile's nodes in inventory order (none when it has no inventory); 404 for an unknown profile. */
  async list(
    clusterId: string,
    limit: number,
    cursor: string | undefined,
    cursorParam = 'cursor',
  ): Promise<Page<ClusterNodeResponse> & { inventory: NodeInventorySummary | null }> {
    const id = requireId(clusterId, LABEL);
    const after = positionCursor(cursor, cursorParam);
    const [profile, rows] = await Promise.all([
      this.db.prisma.clusterProfile.findUnique({ where: { id }, select: { nodeInventory: { select: SUMMARY } } }),
      this.db.prisma.clusterNode.findMany({
        where: { clusterId: id, ...(after === undefined ? {} : { position: { gt: after } }) },
        orderBy: { position: 'asc' },
        take: limit + 1,
        select: { position: true, ...NODE_COLUMNS },
      }),
    ]);
    if (!profile) throw notFound(clusterId);
    const items = rows.slice(0, limit);
    return {
      items: items.map((row) => toClusterNodeResponse(toInventoryNode(row))),
      nextCursor: rows.length > limit ? encodeCursor(String(items.at(-1)!.position)) : null,
      totalCount: profile.nodeInventory?.nodeCount ?? 0,
      inventory: profile.nodeInventory ? toSummary(profile.nodeInventory) : null,
    };
  }

  /** What the profile's stored inventory holds and when it was uploaded; null when none was; 404 for no profile. */
  async summary(clusterId: string): Promise<NodeInventorySummary | null> {
    const profile = await this.db.prisma.clusterProfile.findUnique({
      where: { id: requireId(clusterId, LABEL) },
      select: { nodeInventory: { select: SUMMARY } },
    });
    if (!profile) throw notFound(clusterId);
    return profile.nodeInventory ? toSummary(profile.nodeInventory) : null;
  }

  /** Forgets the profile's inventory (nothing to forget is no error); 404 for an unknown profile. */
  async remove(clusterId: string, actor: string): Promise<void> {
    const id = requireId(clusterId, LABEL);
    const removed = await this.db.prisma
      .$transaction(async (tx) => {
        const name = await lockProfile(tx, id, clusterId);
        const inventory = await tx.clusterNodeInventory.findUnique({ where: { clusterId: id } });
        await tx.clusterNode.deleteMany({ where: { clusterId: id } });
        if (!inventory) return false;
        await tx.clusterNodeInventory.delete({ where: { clusterId: id } });
        await writeAudit(tx, {
          actor,
          action: 'cluster.nodes.deleted',
          entityType: 'cluster',
          entityId: id,
          entityName: name,
          before: {
            nodes: inventory.nodeCount,
            images: inventory.imageCount,
            truncatedNodes: inventory.truncatedNodes,
            observedAt: inventory.observedAt.toISOString(),
          },
        });
        return true;
      }, TRANSACTION)
      .catch((e: unknown) => translatePrismaError(e, `${LABEL} ${clusterId}`));
    if (removed) await this.snapshot.refresh();
  }
}

const SUMMARY = { nodeCount: true, imageCount: true, truncatedNodes: true, observedAt: true } as const;

function toSummary(row: { nodeCount: number; imageCount: number; truncatedNodes: number; observedAt: Date }) {
  return {
    nodes: row.nodeCount,
    images: row.imageCount,
    truncatedNodes: row.truncatedNodes,
    observedAt: row.observedAt.toISOString(),
  };
}

/** The inventory's nodes, or a 400 that names every problem (and nothing is stored). */
function readNodes(text: string): InventoryNode[] {
  const { nodes, errors } = readNodeInventory(text, { maxNodes: MAX_NODES });
  if (errors.length > 0) throw invalidInventory(errors);
  const unstorable = findUnstorable(nodes);
  if (unstorable) {
    const { index, field } = unstorable;
    // The reader does not say whether the text was a list or a lone Node; asked for no nodes, it still reads a
    // lone Node but none of a list's items.
    const path = readNodeInventory(text, { maxNodes: 0 }).nodes.length === 1 ? field : `items[${index}].${field}`;
    const message = `${path}: contains NUL (U+0000) or an unpaired UTF-16 surrogate, which is not allowed`;
    throw invalidInventory([{ path, line: null, message }]);
  }
  return nodes;
}

/**
 * NUL or a lone surrogate: PostgreSQL's text columns refuse them, and the API refuses them everywhere else (a JSON
 * body is checked for them as it is parsed, http/body-parsers.ts; YAML escapes reach this check).
 */
const UNSTORABLE = /\0|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** The first node with a string that holds what UNSTORABLE matches, and the field (path inside the node). */
function findUnstorable(nodes: readonly InventoryNode[]): { index: number; field: string } | null {
  for (let index = 0; index < nodes.length; index++) {
    const field = unstorableField(nodes[index]!);
    if (field !== null) return { index, field };
  }
  return null;
}

function unstorableField(node: InventoryNode): string | null {
  const bad = (s: string) => UNSTORABLE.test(s);
  if (bad(node.name)) return 'metadata.name';
  for (const [key, value] of Object.entries(node.labels))
    if (bad(key) || bad(value)) return `metadata.labels[${JSON.stringify(key)}]`;
  for (const [i, taint] of node.taints.entries()) if (bad(taint.key) || bad(taint.value)) return `spec.taints[${i}]`;
  if (bad(node.kubeletVersion)) return 'status.nodeInfo.kubeletVersion';
  for (const [i, image] of node.images.entries())
    for (const [j, name] of image.names.entries()) if (bad(name)) return `status.images[${i}].names[${j}]`;
  return null;
}

function nodeRow(clusterId: string, position: number, node: InventoryNode): Prisma.Sql {
  return Prisma.sql`(${clusterId}::uuid, ${position}, ${node.name}, ${JSON.stringify(node.labels)}::json, ${JSON.stringify(node.taints)}::json, ${node.unschedulable}, ${node.kubeletVersion}, ${JSON.stringify(node.images)}::json)`;
}

/** Locks the profile's row for the rest of the transaction; its name (for the audit event), or 404. */
async function lockProfile(tx: Prisma.TransactionClient, id: string, given: string): Promise<string> {
  const rows = await tx.$queryRaw<
    { name: string }[]
  >`SELECT "name" FROM "ClusterProfile" WHERE "id" = ${id}::uuid FOR UPDATE`;
  if (rows.length === 0) throw notFound(given);
  return rows[0]!.name;
}

function notFound(given: string): AppError {
  return new AppError('not-found', `${LABEL} ${given} does not exist`);
}

/** Node pages are keyed by position in the inventory: the cursor carries the last one listed. */
function positionCursor(cursor: string | undefined, param: string): number | undefined {
  const key = decodeCursor(cursor, param);
  if (key === undefined) return undefined;
  if (!/^\d{1,9}$/.test(key))
    throw AppError.invalid(`${param} is not a cursor issued by this API`, [{ path: param, message: 'invalid cursor' }]);
  return Number(key);
}
