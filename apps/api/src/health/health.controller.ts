import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { ReadinessService } from '../database/database.service.js';
import { jsonContent } from '../openapi/decorators.js';

@ApiTags('Health')
@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: the process serves HTTP. Never touches the database. */
  @Get('healthz')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'getLiveness',
    summary: 'Liveness: the process serves HTTP (never touches the database)',
  })
  @ApiOkResponse({ description: 'Alive.', content: jsonContent('Liveness') })
  healthz() {
    return { status: 'ok' };
  }

  /** Readiness: database reachable and migrations applied; 503 otherwise. */
  @Get('readyz')
  @ApiOperation({ operationId: 'getReadiness', summary: 'Readiness: database reachable and migrations applied' })
  @ApiOkResponse({ description: 'Ready to serve.', content: jsonContent('Readiness') })
  @ApiServiceUnavailableResponse({
    description: 'Not ready: the database is unreachable or migrations are pending (not a problem document).',
    content: jsonContent('Readiness'),
  })
  async readyz(@Res({ passthrough: true }) reply: FastifyReply) {
    const r = await this.readiness.check();
    reply.status(r.ready ? 200 : 503);
    return { status: r.ready ? 'ready' : 'not ready', database: r.database, detail: r.detail };
  }
}
