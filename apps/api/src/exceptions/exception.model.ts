import { Field, ID, InputType, Int, ObjectType } from '@nestjs/graphql';
import { GraphQLJSON } from 'graphql-scalars';
import { Connection } from '../graphql/common/connection.js';

@ObjectType('Exception', {
  description: 'A waiver of rules for matching workloads or images, with an owner and an expiry.',
})
export class ExceptionModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field(() => [String], {
    description:
      'Rule names it waives (held by rule id: a renamed rule keeps its exceptions, shown by its current name); "*" waives every rule and needs an expiry.',
  })
  rules!: string[];
  @Field(() => GraphQLJSON, { nullable: true }) match!: unknown;
  @Field() justification!: string;
  @Field() owner!: string;
  @Field(() => String, { nullable: true }) ticket!: string | null;
  @Field(() => String, { nullable: true }) expiresAt!: string | null;
  @Field({ description: 'An expired exception waives nothing.' }) expired!: boolean;
  @Field(() => Int) version!: number;
  @Field() createdAt!: string;
  @Field() updatedAt!: string;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field(() => String, { nullable: true }) updatedBy!: string | null;
}

export const ExceptionConnection = Connection(ExceptionModel, 'ExceptionConnection');

@InputType('CreateExceptionInput')
export class CreateExceptionInput {
  @Field({ nullable: true, description: 'Generated (exception-<hex>) when omitted.' }) name?: string;
  @Field(() => [String]) rules!: string[];
  @Field(() => GraphQLJSON, { nullable: true }) match?: unknown;
  @Field() justification!: string;
  @Field() owner!: string;
  @Field({ nullable: true }) ticket?: string;
  @Field({ nullable: true, description: 'ISO-8601 time.' }) expiresAt?: string;
}

@InputType('UpdateExceptionInput')
export class UpdateExceptionInput {
  @Field({ nullable: true }) name?: string;
  @Field(() => [String], { nullable: true }) rules?: string[];
  @Field(() => GraphQLJSON, { nullable: true }) match?: unknown;
  @Field({ nullable: true }) justification?: string;
  @Field({ nullable: true }) owner?: string;
  @Field(() => String, { nullable: true }) ticket?: string | null;
  @Field(() => String, { nullable: true }) expiresAt?: string | null;
}
