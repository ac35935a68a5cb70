import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { Connection } from '../graphql/common/connection.js';

@ObjectType('PodTemplatePath', {
  description:
    'Where a custom resource embeds a pod spec: objects of exactly this apiVersion and kind have a PodSpec at `path` (`spec.template.spec`; `[*]` after a list field for every element).',
})
export class PodTemplatePathModel {
  @Field() apiVersion!: string;
  @Field() kind!: string;
  @Field() path!: string;
}

@InputType('PodTemplatePathInput')
export class PodTemplatePathInput {
  @Field() apiVersion!: string;
  @Field() kind!: string;
  @Field() path!: string;
}

@ObjectType('ClusterProfile', {
  description: 'Facts about a target cluster that change what Kubernetes does with images.',
})
export class ClusterModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => GraphQLJSON) labels!: unknown;
  @Field(() => [String]) admissionPlugins!: string[];
  @Field(() => String, { nullable: true }) kubeletVersion!: string | null;
  @Field(() => String, { nullable: true }) credentialVerificationPolicy!: string | null;
  @Field(() => [String]) verificationAllowlist!: string[];
  @Field(() => [String]) preloadedImages!: string[];
  @Field(() => [PodTemplatePathModel]) podTemplatePaths!: PodTemplatePathModel[];
  @Field(() => Int) version!: number;
  @Field() createdAt!: string;
  @Field() updatedAt!: string;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field(() => String, { nullable: true }) updatedBy!: string | null;
}

export const ClusterConnection = Connection(ClusterModel, 'ClusterProfileConnection');

@InputType('CreateClusterProfileInput')
export class CreateClusterInput {
  @Field() name!: string;
  @Field(() => GraphQLJSON, { nullable: true }) labels?: unknown;
  @Field(() => [String], { nullable: true }) admissionPlugins?: string[];
  @Field({ nullable: true }) kubeletVersion?: string;
  @Field({ nullable: true }) credentialVerificationPolicy?: string;
  @Field(() => [String], { nullable: true }) verificationAllowlist?: string[];
  @Field(() => [String], { nullable: true }) preloadedImages?: string[];
  @Field(() => [PodTemplatePathInput], { nullable: true }) podTemplatePaths?: PodTemplatePathInput[];
}

@InputType('UpdateClusterProfileInput')
export class UpdateClusterInput {
  @Field({ nullable: true }) name?: string;
  @Field(() => GraphQLJSON, { nullable: true }) labels?: unknown;
  @Field(() => [String], { nullable: true }) admissionPlugins?: string[];
  @Field(() => String, { nullable: true }) kubeletVersion?: string | null;
  @Field(() => String, { nullable: true }) credentialVerificationPolicy?: string | null;
  @Field(() => [String], { nullable: true }) verificationAllowlist?: string[];
  @Field(() => [String], { nullable: true }) preloadedImages?: string[];
  @Field(() => [PodTemplatePathInput], { nullable: true }) podTemplatePaths?: PodTemplatePathInput[];
}
