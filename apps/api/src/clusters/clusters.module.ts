import { Module } from '@nestjs/common';
import { namedResourceController } from '../http/named-resource.controller.js';
import { namedResourceResolver } from '../graphql/common/named-resource.resolver.js';
import { ClusterConnection, ClusterModel, CreateClusterInput, UpdateClusterInput } from './cluster.model.js';
import { ClusterUsage } from './cluster-usage.js';
import { ClusterNodesController } from './cluster-nodes.controller.js';
import { ClusterNodesResolver } from './cluster-nodes.resolver.js';
import { ClusterNodesService } from './cluster-nodes.service.js';
import { ClustersService } from './clusters.service.js';

@Module({
  controllers: [namedResourceController('v1/clusters', ClustersService), ClusterNodesController],
  providers: [
    ClustersService,
    ClusterUsage,
    ClusterNodesService,
    ClusterNodesResolver,
    namedResourceResolver({
      name: 'ClusterProfile',
      one: 'cluster',
      many: 'clusters',
      model: ClusterModel,
      connection: ClusterConnection,
      createInput: CreateClusterInput,
      updateInput: UpdateClusterInput,
      service: ClustersService,
      forceDelete:
        'Delete even while in use (admission webhooks routed to it, or recorded evaluations named it, in the last ' +
        'PULLWISE_CLUSTER_IN_USE_DAYS days); without it that is a conflict error naming each place.',
    }),
  ],
  exports: [ClusterUsage, ClustersService],
})
export class ClustersModule {}
