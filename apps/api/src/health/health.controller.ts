import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import { ReadinessService } from '../database/database.service.js';

@Controller()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: the process serves HTTP. Never touches the database. */
  @Get('healthz')
  @HttpCode(200)
  healthz() {
    return { status: 'ok' };
  }

  /** Readiness: database reachable and migrations applied; 503 otherwise. */
  @Get('readyz')
  async readyz(@Res({ passthrough: true }) reply: FastifyReply) {
    const r = await this.readiness.check();
    reply.status(r.ready ? 200 : 503);
    return { status: r.ready ? 'ready' : 'not ready', database: r.database, detail: r.detail };
  }
}
