import { type Type } from '@nestjs/common';
import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access } from '../../auth/access.js';
import { Inject } from '@nestjs/common';
import { Actor } from '../../http/actor.js';
import { pageSize } from '../../http/pagination.js';
import { withoutNulls } from './without-nulls.js';
import type { VersionedCollection } from '../../common/persistence/versioned-collection.js';
import { toConnection } from './connection.js';

type Service = VersionedCollection<{ id: string; name: string; version: number }, unknown, unknown>;

export interface NamedResourceGraphql {
  /** Singular type name, e.g. "Exception" -> createException, updateException, deleteException. */
  name: string;
  /** Query names, e.g. "exception" / "exceptions" (fixed by the API contract). */
  one: string;
  many: string;
  model: Type<unknown>;
  connection: Type<unknown>;
  createInput: Type<unknown>;
  updateInput: Type<unknown>;
  service: Type<unknown>;
  /** When set, `delete<Name>` takes `force: Boolean` (described by this) to delete what is refused as in use. */
  forceDelete?: string;
}

/** Leaves a parameter without GraphQL argument (it stays undefined). */
const noArgument: ParameterDecorator = () => undefined;

/** GraphQL for a named, versioned collection, mirroring namedResourceController. */
export function namedResourceResolver(o: NamedResourceGraphql): Type<unknown> {
  @Resolver(() => o.model)
  class NamedResourceResolver {
    constructor(@Inject(o.service) private readonly svc: Service) {}

    @Access('rules:read', 'rules:write')
    @Query(() => o.connection, { name: o.many })
    async list(
      @Args('first', { type: () => Int, nullable: true }) first?: number,
      @Args('after', { nullable: true }) after?: string,
    ) {
      return toConnection(await this.svc.list(pageSize(first ?? undefined, 'first'), after ?? undefined));
    }

    @Access('rules:read', 'rules:write')
    @Query(() => o.model, { name: o.one })
    get(@Args('id', { type: () => ID }) id: string) {
      return this.svc.get(id);
    }

    @Access('rules:write')
    @Mutation(() => o.model, { name: `create${o.name}` })
    create(@Args('input', { type: () => o.createInput }) input: object, @Actor() actor: string) {
      return this.svc.create(withoutNulls(input), actor);
    }

    @Access('rules:write')
    @Mutation(() => o.model, {
      name: `update${o.name}`,
      description: 'Fails with precondition-failed when expectedVersion is not the current version.',
    })
    update(
      @Args('id', { type: () => ID }) id: string,
      @Args('input', { type: () => o.updateInput }) input: object,
      @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
      @Actor() actor: string,
    ) {
      return this.svc.update(id, { ...input }, expectedVersion ?? undefined, actor);
    }

    @Access('rules:write')
    @Mutation(() => Boolean, { name: `delete${o.name}` })
    async remove(
      @Args('id', { type: () => ID }) id: string,
      @Args('expectedVersion', { type: () => Int, nullable: true }) expectedVersion: number | null,
      @Actor() actor: string,
      @(o.forceDelete ? Args('force', { type: () => Boolean, nullable: true, description: o.forceDelete }) : noArgument)
      force?: boolean | null,
    ) {
      await this.svc.remove(id, expectedVersion ?? undefined, actor, o.forceDelete ? { force: force ?? false } : {});
      return true;
    }
  }
  return NamedResourceResolver;
}
