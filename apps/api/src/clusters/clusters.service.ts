import { Inject, Injectable } from '@nestjs/common';
import type { ClusterProfile, Database, Prisma } from '#db';
import { AppError } from '../common/errors/app-error.js';
import { VersionedCollection } from '../common/persistence/versioned-collection.js';
import { DATABASE } from '../database/database.service.js';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';
import { validateClusterInput, type ClusterInput } from '#policy';
import { toClusterResponse, type ClusterResponse } from './cluster.mapper.js';
import { ClusterUsage } from './cluster-usage.js';

/** Cluster profiles: the facts about a target cluster that evaluations name with "cluster". */
@Injectable()
export class ClustersService extends VersionedCollection<ClusterProfile, ClusterInput, ClusterResponse> {
  constructor(@Inject(DATABASE) db: Database, snapshot: PolicySnapshotService, usage: ClusterUsage) {
    super(db, {
      entity: 'cluster',
      label: 'cluster profile',
      delegate: (c) => c.clusterProfile as never,
      validate: validateClusterInput,
      asInput: (r) => ({
        name: r.name,
        labels: r.labels,
        admissionPlugins: r.admissionPlugins,
        kubeletVersion: r.kubeletVersion,
        credentialVerificationPolicy: r.credentialVerificationPolicy,
        verificationAllowlist: r.verificationAllowlist,
        preloadedImages: r.preloadedImages,
        podTemplatePaths: r.podTemplatePaths,
      }),
      toData: (v) => ({
        ...v,
        labels: v.labels as Prisma.InputJsonValue,
        podTemplatePaths: v.podTemplatePaths as Prisma.InputJsonValue,
      }),
      toResponse: (r) => toClusterResponse(r),
      changed: () => snapshot.refresh(),
      // A webhook routed to a deleted profile answers 400, which a fail-closed webhook turns into a rejection
      // of every Pod creation: refused while in use, unless forced (the audit event then says what was in use).
      beforeRemove: async (tx, row, { force }) => {
        const uses = await usage.uses(tx, row.name);
        if (uses.length === 0) return;
        if (!force)
          throw new AppError(
            'conflict',
            `cluster profile "${row.name}" is in use: ${uses.map((u) => u.message).join('; ')}. ` +
              'Deleted, every webhook call naming it would fail, and under failurePolicy: Fail so would every Pod ' +
              'creation it judges: point the webhooks elsewhere first, or delete anyway with ?force=true ' +
              '(GraphQL force: true).',
            uses,
          );
        usage.forget(row.name);
        return { forced: true, inUse: uses.map((u) => u.message) };
      },
    });
  }
}
