import { Args, Context, ID, Int, Mutation, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { Access } from '../auth/access.js';
import type { AuthenticatedRequest } from '../auth/principal.js';
import { grants } from '../auth/scopes.js';
import { AppError } from '../common/errors/app-error.js';
import { toConnection } from '../graphql/common/connection.js';
import { asGraphqlError } from '../graphql/field-error.js';
import { Actor } from '../http/actor.js';
import { pageSize } from '../http/pagination.js';
import { ClusterModel } from './cluster.model.js';
import { ClusterNodeConnection, NodeInventorySummaryModel } from './cluster-nodes.model.js';
import { ClusterNodesService } from './cluster-nodes.service.js';

/** GraphQL for node inventories, mirroring ClusterNodesController. */
@Resolver(() => ClusterModel)
export class ClusterNodesResolver {
  constructor(private readonly nodes: ClusterNodesService) {}

  @ResolveField(() => NodeInventorySummaryModel, {
    name: 'nodeInventory',
    nullable: true,
    description:
      'What the stored node inventory holds and when it was uploaded; null when none was. Needs `rules:read`, as ' +
      '`nodes` does.',
  })
  async inventory(@Parent() profile: ClusterModel, @Context('req') req: AuthenticatedRequest) {
    try {
      requireNodeReader(req, 'nodeInventory');
      return await this.nodes.summary(profile.id);
    } catch (err) {
      throw asGraphqlError(err);
    }
  }

  @ResolveField(() => ClusterNodeConnection, {
    name: 'nodes',
    description:
      'The node inventory (`kubectl get nodes`), in the order it was uploaded; empty when none was. Not part of the ' +
      'profile itself: reading it needs `rules:read`, as `GET /v1/clusters/{id}/nodes` does.',
  })
  async list(
    @Parent() profile: ClusterModel,
    @Context('req') req: AuthenticatedRequest,
    @Args('first', { type: () => Int, nullable: true }) first?: number,
    @Args('after', { nullable: true }) after?: string,
  ) {
    try {
      requireNodeReader(req, 'nodes');
      const page = await this.nodes.list(
        profile.id,
        pageSize(first ?? undefined, 'first'),
        after ?? undefined,
        'after',
      );
      return toConnection(page);
    } catch (err) {
      throw asGraphqlError(err);
    }
  }

  @Access('rules:write')
  @Mutation(() => NodeInventorySummaryModel, {
    name: 'replaceClusterNodes',
    description:
      "Replaces the profile's node inventory with `nodes`: what `kubectl get nodes -o json` (or `-o yaml`) prints. All " +
      'or nothing: a malformed node is an invalid-input error naming `items[i]…` with its line, and the inventory ' +
      'stays as it was. `nodes` is held to PULLWISE_MAX_STRING_LENGTH (1 MiB by default) like every GraphQL string, ' +
      'enough for some tens of nodes with their images: upload larger inventories with `PUT /v1/clusters/{id}/nodes`.',
  })
  replace(
    @Args('id', { type: () => ID }) id: string,
    @Args('nodes', { description: 'The NodeList (or one Node) as JSON or YAML text.' }) nodes: string,
    @Actor() actor: string,
  ) {
    return this.nodes.replace(id, nodes, actor);
  }

  @Access('rules:write')
  @Mutation(() => Boolean, {
    name: 'deleteClusterNodes',
    description: "Forgets the profile's node inventory (true also when it had none).",
  })
  async remove(@Args('id', { type: () => ID }) id: string, @Actor() actor: string) {
    await this.nodes.remove(id, actor);
    return true;
  }
}

/** Guards run for root fields only: the profile's query lets `rules:write` keys in, the nodes need `rules:read`. */
function requireNodeReader(req: AuthenticatedRequest, field: string): void {
  const scopes = req.principal?.scopes ?? [];
  if (!grants(scopes, 'rules:read'))
    throw new AppError(
      'forbidden',
      `This key may not read ClusterProfile.${field}: it needs the scope "rules:read" (it has ${scopes.join(', ')}).`,
    );
}
