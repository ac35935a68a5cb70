import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { Actor } from '../common/http/actor.js';
import { pageSize } from '../common/http/pagination.js';
import {
  ApiIdParam,
  ApiProblems,
  ApiQueries,
  LOCATION_HEADER,
  PAGE_PARAMETERS,
  examples,
  jsonContent,
} from '../openapi/decorators.js';
import { ApiKeysService } from './api-keys.service.js';
import type { AuthenticatedRequest } from './principal.js';

const KEY_ID = '3f6c2a9e-8b1d-4e7a-9c5f-0d2b4a6e8c13';
const KEY = {
  id: KEY_ID,
  name: 'ci-shop-frontend',
  prefix: 'pwk_1a2b3c4d5e6f',
  scopes: ['evaluate'],
  status: 'active',
  createdAt: '2026-11-28T10:00:00.000Z',
  createdBy: 'admin-token',
  expiresAt: '2027-11-28T00:00:00.000Z',
  lastUsedAt: null,
  revokedAt: null,
};

@ApiTags('Auth')
@Controller('v1')
export class ApiKeysController {
  constructor(private readonly keys: ApiKeysService) {}

  @Post('api-keys')
  @HttpCode(201)
  @ApiOperation({
    operationId: 'createApiKey',
    summary: 'Create an API key',
    description: 'The answer carries the secret (`token`) this once; only its SHA-256 is stored. Needs `admin`.',
  })
  @ApiBody({
    schema: { $ref: '#/components/schemas/ApiKeyInput' },
    examples: examples({
      ci: {
        summary: 'A CI key that may only evaluate',
        value: { name: 'ci-shop-frontend', scopes: ['evaluate'], expiresAt: '2027-11-28T00:00:00Z' },
      },
    }),
  })
  @ApiCreatedResponse({
    description: 'The key and its secret.',
    headers: { Location: LOCATION_HEADER },
    content: jsonContent(
      'CreatedApiKey',
      examples({
        created: {
          summary: 'Shown once',
          value: { key: KEY, token: 'pwk_1a2b3c4d5e6f_' + 'x'.repeat(43) },
        },
      }),
    ),
  })
  @ApiProblems(
    {
      400: 'The name, scopes or expiry are not valid.',
      413: 'The body is larger than the limit.',
      415: 'The body is not JSON.',
    },
    '/v1/api-keys',
  )
  async create(@Body() body: unknown, @Actor() actor: string, @Res({ passthrough: true }) reply: FastifyReply) {
    const created = await this.keys.create(body, actor);
    reply.header('location', `/v1/api-keys/${created.key.id}`).header('cache-control', 'no-store');
    return created;
  }

  @Get('api-keys')
  @ApiOperation({ operationId: 'listApiKeys', summary: 'List API keys', description: 'Never shows secrets.' })
  @ApiQueries(PAGE_PARAMETERS)
  @ApiOkResponse({ description: 'A page of keys.', content: jsonContent('ApiKeyList') })
  @ApiProblems({ 400: '`limit` or `cursor` is not valid.' }, '/v1/api-keys')
  async list(@Query() q: Record<string, string>) {
    return this.keys.list(pageSize(q.limit), q.cursor);
  }

  @Get('api-keys/:id')
  @ApiOperation({ operationId: 'getApiKey', summary: 'An API key', description: 'Its scopes, status and last use.' })
  @ApiIdParam('API key')
  @ApiOkResponse({
    description: 'The key.',
    content: jsonContent('ApiKey', examples({ key: { summary: 'A CI key', value: KEY } })),
  })
  @ApiProblems({ 404: 'The key does not exist.' }, `/v1/api-keys/${KEY_ID}`)
  get(@Param('id') id: string) {
    return this.keys.get(id);
  }

  @Delete('api-keys/:id')
  @ApiOperation({
    operationId: 'revokeApiKey',
    summary: 'Revoke an API key',
    description:
      'Refused from then on: at once on this replica, within 10 s on the others. The key stays listed as `revoked`. ' +
      'Revoking twice is harmless.',
  })
  @ApiIdParam('API key')
  @ApiOkResponse({ description: 'The revoked key.', content: jsonContent('ApiKey') })
  @ApiProblems({ 404: 'The key does not exist.' }, `/v1/api-keys/${KEY_ID}`)
  revoke(@Param('id') id: string, @Actor() actor: string) {
    return this.keys.revoke(id, actor);
  }

  @Get('whoami')
  @ApiOperation({
    operationId: 'whoami',
    summary: 'Who am I',
    description:
      'The key this request was made with and its scopes; any valid key may ask. Useful to check a CI secret.',
  })
  @ApiOkResponse({ description: 'The caller.', content: jsonContent('WhoAmI') })
  whoami(@Req() req: AuthenticatedRequest) {
    const p = req.principal!;
    return { kind: p.kind, actor: p.actor, scopes: p.scopes, keyId: p.kind === 'api-key' ? p.id : null };
  }
}
