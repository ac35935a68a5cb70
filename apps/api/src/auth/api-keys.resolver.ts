import { Args, Context, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access } from './access.js';
import { Actor } from '../http/actor.js';
import { pageSize } from '../http/pagination.js';
import { toConnection } from '../graphql/common/connection.js';
import { ApiKeyConnection, ApiKeyModel, CreateApiKeyInput, CreatedApiKeyModel, WhoAmIModel } from './api-key.model.js';
import { ApiKeysService } from './api-keys.service.js';
import type { AuthenticatedRequest } from './principal.js';

@Resolver(() => ApiKeyModel)
export class ApiKeysResolver {
  constructor(private readonly keys: ApiKeysService) {}

  @Access('admin')
  @Query(() => ApiKeyConnection, { name: 'apiKeys', description: 'API keys (admin).' })
  async list(
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    return toConnection(await this.keys.list(pageSize(first ?? undefined, 'first'), after ?? undefined));
  }

  @Access('admin')
  @Query(() => ApiKeyModel, { name: 'apiKey' })
  get(@Args('id', { type: () => ID }) id: string) {
    return this.keys.get(id);
  }

  @Access('admin')
  @Mutation(() => CreatedApiKeyModel, { description: 'The token is in the answer this once.' })
  createApiKey(@Args('input') input: CreateApiKeyInput, @Actor() actor: string) {
    return this.keys.create({ ...input, expiresAt: input.expiresAt ?? undefined }, actor);
  }

  @Access('admin')
  @Mutation(() => ApiKeyModel, { description: 'Refused from then on (within 10 s on other replicas).' })
  revokeApiKey(@Args('id', { type: () => ID }) id: string, @Actor() actor: string) {
    return this.keys.revoke(id, actor);
  }

  @Access('authenticated')
  @Query(() => WhoAmIModel, { description: 'The caller of this request.' })
  whoami(@Context('req') req: AuthenticatedRequest): WhoAmIModel {
    const p = req.principal!;
    return { kind: p.kind, actor: p.actor, scopes: [...p.scopes], keyId: p.kind === 'api-key' ? p.id : null };
  }
}
