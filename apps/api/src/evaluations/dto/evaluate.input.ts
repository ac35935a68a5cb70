import { Field, InputType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';

@InputType('EvaluationContextInput')
export class EvaluationContextInput {
  @Field({ nullable: true, description: 'Namespace for documents without metadata.namespace (else default).' })
  namespace?: string;
  @Field(() => [String], { nullable: true, description: 'e.g. ["AlwaysPullImages"].' }) admissionPlugins?: string[];
  @Field({ nullable: true, description: 'Kubelet minor version, e.g. "1.35".' }) kubeletVersion?: string;
  @Field({ nullable: true, description: 'imagePullCredentialsVerificationPolicy.' })
  credentialVerificationPolicy?: string;
  @Field(() => [String], { nullable: true }) verificationAllowlist?: string[];
  @Field(() => [String], { nullable: true }) preloadedImages?: string[];
  @Field(() => GraphQLJSON, {
    nullable: true,
    description: 'Kubelet feature-gate overrides, e.g. {"KubeletEnsureSecretPulledImages": false}.',
  })
  featureGates?: Record<string, boolean>;
}

@InputType('EvaluationSourceInput')
export class EvaluationSourceInput {
  @Field({ nullable: true }) repository?: string;
  @Field({ nullable: true }) commit?: string;
  @Field({ nullable: true }) pipeline?: string;
}

@InputType('EvaluateInput')
export class EvaluateInput {
  @Field({ description: 'YAML or JSON text; multi-document streams and List kinds are unwrapped.' }) manifests!: string;
  @Field({ nullable: true, description: 'Name of a stored cluster profile.' }) cluster?: string;
  @Field(() => EvaluationContextInput, { nullable: true }) context?: EvaluationContextInput;
  @Field({ nullable: true }) record?: boolean;
  @Field(() => EvaluationSourceInput, { nullable: true }) source?: EvaluationSourceInput;
}
