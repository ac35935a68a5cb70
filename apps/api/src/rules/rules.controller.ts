import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ENFORCEMENTS, RULE_KINDS } from '#policy';
import { Access } from '../auth/access.js';
import { Actor } from '../http/actor.js';
import { etagOf, versionFromIfMatch } from '../http/etag.js';
import { pageSize } from '../http/pagination.js';
import { optionalBool, optionalEnum, positiveInt } from '../http/query-params.js';
import { Produces, TakesNoBody } from '../http/route-facts.js';
import { RulesDocs } from './rules.openapi.js';
import { RulesService } from './rules.service.js';

@RulesDocs.controller
@Controller('v1/rules')
@Produces('application/json')
export class RulesController {
  constructor(private readonly rules: RulesService) {}

  @Post()
  @HttpCode(201)
  @Access('rules:write')
  @RulesDocs.create
  async create(@Body() body: unknown, @Actor() actor: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const rule = await this.rules.create(body, actor);
    reply.header('etag', etagOf(rule.version)).header('location', `/v1/rules/${rule.id}`);
    return rule;
  }

  @Get()
  @Access('rules:read', 'rules:write')
  @RulesDocs.list
  async list(@Query() q: Record<string, string>) {
    const page = await this.rules.list({
      limit: pageSize(q.limit),
      after: q.cursor,
      kind: optionalEnum(q.kind, 'kind', RULE_KINDS),
      enforcement: optionalEnum(q.enforcement, 'enforcement', ENFORCEMENTS),
      enabled: optionalBool(q.enabled, 'enabled'),
    });
    return { items: page.items, nextCursor: page.nextCursor, totalCount: page.totalCount };
  }

  @Get(':id')
  @Access('rules:read', 'rules:write')
  @RulesDocs.get
  async get(@Param('id') id: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const rule = await this.rules.get(id);
    reply.header('etag', etagOf(rule.version));
    return rule;
  }

  @Patch(':id')
  @Access('rules:write')
  @RulesDocs.update
  async update(
    @Param('id') id: string,
    @Body() body: unknown,
    @Headers('if-match') ifMatch: string | undefined,
    @Actor() actor: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const rule = await this.rules.update(id, body, versionFromIfMatch(ifMatch), actor);
    reply.header('etag', etagOf(rule.version));
    return rule;
  }

  @Delete(':id')
  @HttpCode(204)
  @Access('rules:write')
  @RulesDocs.remove
  async remove(@Param('id') id: string, @Headers('if-match') ifMatch: string | undefined, @Actor() actor: string) {
    await this.rules.remove(id, versionFromIfMatch(ifMatch), actor);
  }

  @Get(':id/versions')
  @Access('rules:read', 'rules:write')
  @RulesDocs.versions
  async versions(@Param('id') id: string) {
    return { items: await this.rules.versions(id) };
  }

  @Post(':id/versions/:version/restore')
  @HttpCode(200)
  @Access('rules:write')
  @TakesNoBody()
  @RulesDocs.restore
  async restore(
    @Param('id') id: string,
    @Param('version') version: string,
    @Headers('if-match') ifMatch: string | undefined,
    @Actor() actor: string,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const rule = await this.rules.restore(id, positiveInt(version, 'version'), versionFromIfMatch(ifMatch), actor);
    reply.header('etag', etagOf(rule.version));
    return rule;
  }
}
