import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { Actor } from '../http/actor.js';
import { pageSize } from '../http/pagination.js';
import { Produces } from '../http/route-facts.js';
import { Access } from './access.js';
import { ApiKeysDocs } from './api-keys.openapi.js';
import { ApiKeysService } from './api-keys.service.js';
import type { AuthenticatedRequest } from './principal.js';

@ApiKeysDocs.controller
@Controller('v1')
@Produces('application/json')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post('api-keys')
  @HttpCode(201)
  @Access('admin')
  @ApiKeysDocs.create
  async create(@Body() body: unknown, @Actor() actor: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const created = await this.keys.create(body, actor);
    reply.header('location', `/v1/api-keys/${created.key.id}`).header('cache-control', 'no-store');
    return created;
  }

  @Get('api-keys')
  @Access('admin')
  @ApiKeysDocs.list
  async list(@Query() q: Record<string, string>) {
    return this.keys.list(pageSize(q.limit), q.cursor);
  }

  @Get('api-keys/:id')
  @Access('admin')
  @ApiKeysDocs.get
  get(@Param('id') id: string) {
    return this.keys.get(id);
  }

  @Delete('api-keys/:id')
  @Access('admin')
  @ApiKeysDocs.revoke
  revoke(@Param('id') id: string, @Actor() actor: string) {
    return this.keys.revoke(id, actor);
  }

  @Get('whoami')
  @Access('authenticated')
  @ApiKeysDocs.whoami
  whoami(@Req() req: AuthenticatedRequest) {
    const p = req.principal!;
    return { kind: p.kind, actor: p.actor, scopes: p.scopes, keyId: p.kind === 'api-key' ? p.id : null };
  }
}
