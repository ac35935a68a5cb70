// The OpenAPI description of the API keys (apps/api/src/openapi/openapi.ts explains the pattern).
import { ApiBody, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiDocs,
  ApiIdParam,
  ApiProblems,
  ApiQueries,
  LOCATION_HEADER,
  PAGE_PARAMETERS,
  examples,
  jsonContent,
} from '../openapi/decorators.js';

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

export const ApiKeysDocs = {
  controller: ApiTags('Auth') as ClassDecorator,
  create: ApiDocs(
    ApiOperation({
      operationId: 'createApiKey',
      summary: 'Create an API key',
      description: 'The answer carries the secret (`token`) this once; only its SHA-256 is stored. Needs `admin`.',
    }),
    ApiBody({
      schema: { $ref: '#/components/schemas/ApiKeyInput' },
      examples: examples({
        ci: {
          summary: 'A CI key that may only evaluate',
          value: { name: 'ci-shop-frontend', scopes: ['evaluate'], expiresAt: '2027-11-28T00:00:00Z' },
        },
      }),
    }),
    ApiCreatedResponse({
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
    }),
    ApiProblems({
      400: 'The name, scopes or expiry are not valid.',
      413: 'The body is larger than the limit.',
      415: 'The body is not JSON.',
    }),
  ),
  list: ApiDocs(
    ApiOperation({ operationId: 'listApiKeys', summary: 'List API keys', description: 'Never shows secrets.' }),
    ApiQueries(PAGE_PARAMETERS),
    ApiOkResponse({ description: 'A page of keys.', content: jsonContent('ApiKeyList') }),
    ApiProblems({ 400: '`limit` or `cursor` is not valid.' }),
  ),
  get: ApiDocs(
    ApiOperation({ operationId: 'getApiKey', summary: 'An API key', description: 'Its scopes, status and last use.' }),
    ApiIdParam('API key'),
    ApiOkResponse({
      description: 'The key.',
      content: jsonContent('ApiKey', examples({ key: { summary: 'A CI key', value: KEY } })),
    }),
    ApiProblems({ 404: 'The key does not exist.' }, { id: KEY_ID }),
  ),
  revoke: ApiDocs(
    ApiOperation({
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key',
      description:
        'Refused from then on: at once on this replica, within 10 s on the others. The key stays listed as `revoked`. ' +
        'Revoking twice is harmless.',
    }),
    ApiIdParam('API key'),
    ApiOkResponse({ description: 'The revoked key.', content: jsonContent('ApiKey') }),
    ApiProblems({ 404: 'The key does not exist.' }, { id: KEY_ID }),
  ),
  whoami: ApiDocs(
    ApiOperation({
      operationId: 'whoami',
      summary: 'Who am I',
      description:
        'The key this request was made with and its scopes; any valid key may ask. Useful to check a CI secret.',
    }),
    ApiOkResponse({ description: 'The caller.', content: jsonContent('WhoAmI') }),
  ),
};
