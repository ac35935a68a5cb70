import { Field, Int, ObjectType } from '@nestjs/graphql';
import type { Page } from '../../http/pagination.js';

@ObjectType()
export class PageInfo {
  @Field(() => String, { nullable: true }) endCursor!: string | null;
  @Field() hasNextPage!: boolean;
}

export interface ConnectionShape<T> {
  nodes: T[];
  pageInfo: PageInfo;
  totalCount: number;
}

type Ctor<T> = new (...args: never[]) => T;

/** Relay-style connection type `{ nodes, pageInfo, totalCount }` for a node type. */
export function Connection<T>(node: Ctor<T>, name: string) {
  @ObjectType(name, { isAbstract: false })
  class ConnectionType implements ConnectionShape<T> {
    @Field(() => [node]) nodes!: T[];
    @Field(() => PageInfo) pageInfo!: PageInfo;
    @Field(() => Int) totalCount!: number;
  }
  return ConnectionType;
}

export function toConnection<T>(page: Page<T>): ConnectionShape<T> {
  return {
    nodes: page.items,
    pageInfo: { endCursor: page.nextCursor, hasNextPage: page.nextCursor !== null },
    totalCount: page.totalCount,
  };
}
