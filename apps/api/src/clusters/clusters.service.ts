import { Inject, Injectable } from '@nestjs/common';
import type { ClusterProfile, Database, Prisma } from '#db';
import { VersionedCollection } from '../common/persistence/versioned-collection.js';
import { DATABASE } from '../database/database.service.js';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';
import { validateClusterInput, type ClusterInput } from '#policy';
import { toClusterResponse, type ClusterResponse } from './cluster.mapper.js';

/** Cluster profiles: the facts about a target cluster that evaluations name with "cluster". */
@Injectable()
export class ClustersService extends VersionedCollection<ClusterProfile, ClusterInput, ClusterResponse> {
  constructor(@Inject(DATABASE) db: Database, snapshot: PolicySnapshotService) {
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
    });
  }
}
