import { Module } from '@nestjs/common';
import { namedResourceController } from '../common/http/named-resource.controller.js';
import { namedResourceResolver } from '../graphql/common/named-resource.resolver.js';
import { ClusterConnection, ClusterModel, CreateClusterInput, UpdateClusterInput } from './cluster.model.js';
import { ClustersService } from './clusters.service.js';

@Module({
  controllers: [namedResourceController('v1/clusters', ClustersService)],
  providers: [
    ClustersService,
    namedResourceResolver({
      name: 'ClusterProfile',
      one: 'cluster',
      many: 'clusters',
      model: ClusterModel,
      connection: ClusterConnection,
      createInput: CreateClusterInput,
      updateInput: UpdateClusterInput,
      service: ClustersService,
    }),
  ],
})
export class ClustersModule {}
