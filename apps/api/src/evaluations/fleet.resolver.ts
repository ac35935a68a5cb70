import { Args, Int, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import { AppError } from '../common/errors/app-error.js';
import { asGraphqlError } from '../graphql/field-error.js';
import { FleetModel, FleetNodeModel } from './models/evaluation-result.model.js';

/**
 * `Fleet.nodes` pages in GraphQL: a 5,000-node cluster gives every slot 5,000 entries, which JSON keeps whole
 * but a dashboard asks for a page at a time. Without arguments the field is the whole list, as in JSON.
 */
@Resolver(() => FleetModel)
export class FleetResolver {
  @ResolveField('nodes', () => [FleetNodeModel], {
    description:
      'Every eligible node, in the order of the inventory; `first` and `after` (a node name from the previous ' +
      'page) page through it.',
  })
  nodes(
    @Parent() fleet: FleetModel,
    @Args('first', { type: () => Int, nullable: true }) first?: number | null,
    @Args('after', { type: () => String, nullable: true }) after?: string | null,
  ): FleetNodeModel[] {
    let start = 0;
    if (after != null) {
      start = fleet.nodes.findIndex((n) => n.node === after) + 1;
      if (start === 0)
        throw asGraphqlError(
          AppError.invalid(`after: node "${after}" is not among this slot's eligible nodes`, [
            { path: 'after', message: 'unknown node' },
          ]),
        );
    }
    if (first != null && first < 0)
      throw asGraphqlError(AppError.invalid('first must not be negative', [{ path: 'first', message: 'negative' }]));
    return fleet.nodes.slice(start, first == null ? undefined : start + first);
  }
}
