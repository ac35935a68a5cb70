import {
  Body,
  Controller,
  Delete,
  Get,
  Headers,
  HttpCode,
  Inject,
  Param,
  Patch,
  Post,
  Query,
  Res,
  type Type,
} from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.js';
import {
  NAMED_RESOURCE_OPENAPI,
  namedResourceDecorators,
  type NamedResourceOpenApi,
} from '../openapi/named-resources.js';
import type { VersionedCollection } from '../common/persistence/versioned-collection.js';
import { Produces } from './route-facts.js';
import { Actor } from './actor.js';
import { etagOf, versionFromIfMatch } from './etag.js';
import { pageSize } from './pagination.js';
import { optionalBool } from './query-params.js';

type Service = VersionedCollection<
  { id: string; name: string; version: number },
  unknown,
  { id: string; version: number }
>;

/**
 * REST for a named, versioned collection: POST (201 + ETag), GET list `{ items, nextCursor }`,
 * GET one (ETag), PATCH and DELETE with If-Match (412 when stale). Changes need `rules:write`; reads take it too
 * (a writer reads the ETag it sends in If-Match). `openapi` describes the collection in the
 * OpenAPI document (by default apps/api/src/openapi/named-resources.ts's entry for `path`).
 */
export function namedResourceController(
  path: string,
  service: Type<unknown>,
  openapi: NamedResourceOpenApi | undefined = NAMED_RESOURCE_OPENAPI[path],
): Type<unknown> {
  const docs = namedResourceDecorators(path, openapi);
  @docs.controller
  @Controller(path)
  @Produces('application/json')
  class NamedResourceController {
    constructor(@Inject(service) private readonly svc: Service) {}

    @Post()
    @HttpCode(201)
    @Access('rules:write')
    @docs.create
    async create(@Body() body: unknown, @Actor() actor: string, @Res({ passthrough: true }) reply: FastifyReply) {
      const item = await this.svc.create(body, actor);
      reply.header('etag', etagOf(item.version)).header('location', `/${path}/${item.id}`);
      return item;
    }

    @Get()
    @Access('rules:read', 'rules:write')
    @docs.list
    async list(@Query() q: Record<string, string>) {
      const page = await this.svc.list(pageSize(q.limit), q.cursor);
      return { items: page.items, nextCursor: page.nextCursor, totalCount: page.totalCount };
    }

    @Get(':id')
    @Access('rules:read', 'rules:write')
    @docs.get
    async get(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
      const item = await this.svc.get(id);
      reply.header('etag', etagOf(item.version));
      return item;
    }

    @Patch(':id')
    @Access('rules:write')
    @docs.update
    async update(
      @Param('id') id: string,
      @Body() body: unknown,
      @Headers('if-match') ifMatch: string | undefined,
      @Actor() actor: string,
      @Res({ passthrough: true }) reply: FastifyReply,
    ) {
      const item = await this.svc.update(id, body, versionFromIfMatch(ifMatch), actor);
      reply.header('etag', etagOf(item.version));
      return item;
    }

    @Delete(':id')
    @HttpCode(204)
    @Access('rules:write')
    @docs.remove
    async remove(
      @Param('id') id: string,
      @Headers('if-match') ifMatch: string | undefined,
      @Actor() actor: string,
      @Query('force') force: unknown,
    ) {
      // Only a collection documented with forceDelete takes `force` (elsewhere it means nothing and is ignored).
      const opts = openapi?.forceDelete ? { force: optionalBool(force, 'force') } : {};
      await this.svc.remove(id, versionFromIfMatch(ifMatch), actor, opts);
    }
  }
  return NamedResourceController;
}
