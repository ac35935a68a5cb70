import { Field, ID, InputType, ObjectType } from '@nestjs/graphql';
import { Connection } from '../graphql/common/connection.js';

@ObjectType('ApiKey', { description: 'An API key; its secret is never shown after creation.' })
export class ApiKeyModel {
  @Field(() => ID) id!: string;
  @Field() name!: string;
  @Field({ description: '`pwk_<12 hex>`: recognises the key in logs and audit events.' }) prefix!: string;
  @Field(() => [String], { description: 'rules:read, rules:write, evaluate, admin (admin implies all).' })
  scopes!: string[];
  @Field({ description: 'active, revoked or expired' }) status!: string;
  @Field() createdAt!: string;
  @Field(() => String, { nullable: true }) createdBy!: string | null;
  @Field(() => String, { nullable: true }) expiresAt!: string | null;
  @Field(() => String, { nullable: true }) lastUsedAt!: string | null;
  @Field(() => String, { nullable: true }) revokedAt!: string | null;
}

export const ApiKeyConnection = Connection(ApiKeyModel, 'ApiKeyConnection');

@ObjectType('CreatedApiKey')
export class CreatedApiKeyModel {
  @Field(() => ApiKeyModel) key!: ApiKeyModel;
  @Field({ description: 'The secret, shown this once. Send it as `Authorization: Bearer <token>`.' }) token!: string;
}

@InputType('CreateApiKeyInput')
export class CreateApiKeyInput {
  @Field() name!: string;
  @Field(() => [String]) scopes!: string[];
  @Field(() => String, { nullable: true, description: 'ISO-8601; absent: no expiry.' }) expiresAt?: string | null;
}

@ObjectType('WhoAmI', { description: 'The caller of this request.' })
export class WhoAmIModel {
  @Field({ description: 'admin-token or api-key' }) kind!: string;
  @Field({ description: 'How audit events name this caller.' }) actor!: string;
  @Field(() => [String]) scopes!: string[];
  @Field(() => ID, { nullable: true }) keyId!: string | null;
}
