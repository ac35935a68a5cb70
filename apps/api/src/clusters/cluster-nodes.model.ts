import { Field, Float, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { Connection } from '../graphql/common/connection.js';

@ObjectType('NodeTaint', { description: 'spec.taints[i] of a node.' })
class NodeTaintModel {
  @Field() key!: string;
  @Field({ description: "'' when the taint has none." }) value!: string;
  @Field({ description: '`NoSchedule`, `PreferNoSchedule` or `NoExecute`.' }) effect!: string;
}

@ObjectType('NodeImage', { description: "status.images[i] of a node: the runtime's digests, then tags (at most 5)." })
class NodeImageModel {
  @Field(() => [String]) names!: string[];
  // Image sizes pass 2^31 (Int): a Float holds every size below 2^53 exactly.
  @Field(() => Float) sizeBytes!: number;
}

@ObjectType('ClusterNode', { description: "A node of a cluster profile's inventory, as Kubernetes reported it." })
class ClusterNodeModel {
  @Field({ description: 'metadata.name.' }) name!: string;
  @Field({ description: "status.nodeInfo.kubeletVersion as reported; '' when absent." }) kubeletVersion!: string;
  @Field(() => GraphQLJSON, { description: 'metadata.labels.' }) labels!: unknown;
  @Field(() => [NodeTaintModel]) taints!: NodeTaintModel[];
  @Field({ description: 'spec.unschedulable (cordoned).' }) unschedulable!: boolean;
  @Field(() => [NodeImageModel], { description: 'status.images, in the order reported (largest first).' })
  images!: NodeImageModel[];
  @Field({
    description: 'The node lists nodeStatusMaxImages (50) images or more: the kubelet may have left some out.',
  })
  imagesTruncated!: boolean;
}

export const ClusterNodeConnection = Connection(ClusterNodeModel, 'ClusterNodeConnection');

@ObjectType('ClusterNodeInventorySummary', { description: 'What replacing a node inventory stored.' })
export class NodeInventorySummaryModel {
  @Field(() => Int, { description: 'Nodes stored.' }) nodes!: number;
  @Field(() => Int, { description: 'status.images entries stored, over all nodes.' }) images!: number;
  @Field(() => Int, { description: 'Nodes whose image list is at the nodeStatusMaxImages (50) cap.' })
  truncatedNodes!: number;
  @Field({ description: 'When the inventory was stored (ISO 8601).' }) observedAt!: string;
}
