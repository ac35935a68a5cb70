// The OpenAPI description of the probes (apps/api/src/openapi/openapi.ts explains the pattern).
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { ApiDocs, jsonContent } from '../openapi/decorators.js';

export const HealthDocs = {
  controller: ApiTags('Health') as ClassDecorator,
  healthz: ApiDocs(
    ApiOperation({
      operationId: 'getLiveness',
      summary: 'Liveness: the process serves HTTP (never touches the database)',
    }),
    ApiOkResponse({ description: 'Alive.', content: jsonContent('Liveness') }),
  ),
  readyz: ApiDocs(
    ApiOperation({ operationId: 'getReadiness', summary: 'Readiness: database reachable and migrations applied' }),
    ApiOkResponse({ description: 'Ready to serve.', content: jsonContent('Readiness') }),
    ApiServiceUnavailableResponse({
      description: 'Not ready: the database is unreachable or migrations are pending (not a problem document).',
      content: jsonContent('Readiness'),
    }),
  ),
};
