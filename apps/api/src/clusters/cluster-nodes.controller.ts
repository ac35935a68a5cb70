import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Put, Query } from '@nestjs/common';
import { Access } from '../auth/access.js';
import { AppError } from '../common/errors/app-error.js';
import { unsupportedMediaType } from '../common/errors/to-app-error.js';
import { Actor } from '../http/actor.js';
import { pageSize } from '../http/pagination.js';
import { Produces, TakesRawText } from '../http/route-facts.js';
import { ClusterNodesDocs } from './cluster-nodes.openapi.js';
import { ClusterNodesService } from './cluster-nodes.service.js';

/** A cluster profile's node inventory: `{id}` is the profile's id, as for `/v1/clusters/{id}`. */
@ClusterNodesDocs.controller
@Controller('v1/clusters/:id/nodes')
@Produces('application/json')
export class ClusterNodesController {
  constructor(private readonly nodes: ClusterNodesService) {}

  @Put()
  @Access('rules:write')
  @TakesRawText()
  @ClusterNodesDocs.replace
  replace(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('content-type') contentType: string | undefined,
    @Actor() actor: string,
  ) {
    return this.nodes.replace(id, inventoryText(body, contentType), actor);
  }

  @Get()
  @Access('rules:read')
  @ClusterNodesDocs.list
  async list(@Param('id') id: string, @Query() q: Record<string, string>) {
    const page = await this.nodes.list(id, pageSize(q.limit), q.cursor);
    return { items: page.items, nextCursor: page.nextCursor, totalCount: page.totalCount, inventory: page.inventory };
  }

  @Delete()
  @HttpCode(204)
  @Access('rules:write')
  @ClusterNodesDocs.remove
  async remove(@Param('id') id: string, @Actor() actor: string) {
    await this.nodes.remove(id, actor);
  }
}

/** The JSON and YAML parsers hand a raw-text route the text; anything else came through another parser. */
function inventoryText(body: unknown, contentType: string | undefined): string {
  if (typeof body === 'string') return body;
  if (body === undefined || body === null)
    throw AppError.invalid('The request body is empty; send what `kubectl get nodes -o json` (or `-o yaml`) prints.');
  throw unsupportedMediaType(contentType);
}
