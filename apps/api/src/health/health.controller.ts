import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.js';
import { ReadinessService } from '../database/database.service.js';
import { HealthDocs } from './health.openapi.js';

/** Probes: open, and never rate-limited (a 429 would read as an unhealthy process). */
@HealthDocs.controller
@Controller()
@Access('public')
@SkipThrottle()
export class HealthController {
  constructor(private readonly readiness: ReadinessService) {}

  /** Liveness: the process serves HTTP. Never touches the database. */
  @Get('healthz')
  @HttpCode(200)
  @HealthDocs.healthz
  healthz() {
    return { status: 'ok' };
  }

  /** Readiness: database reachable and migrations applied; 503 otherwise. */
  @Get('readyz')
  @HealthDocs.readyz
  async readyz(@Res({ passthrough: true }) reply: FastifyReply) {
    const r = await this.readiness.check();
    reply.status(r.ready ? 200 : 503);
    return { status: r.ready ? 'ready' : 'not ready', database: r.database, detail: r.detail };
  }
}
