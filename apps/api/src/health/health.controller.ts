import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import type { FastifyReply } from 'fastify';
import { Access } from '../auth/access.js';
import { ReadinessService } from '../database/database.service.js';
import { HealthDocs } from './health.openapi.js';
import { readinessAnswer } from './readiness-answer.js';
import { WarmUp } from './warm-up.js';

/** Probes: open, and never rate-limited (a 429 would read as an unhealthy process). */
@HealthDocs.controller
@Controller()
@Access('public')
@SkipThrottle()
export class HealthController {
  constructor(
    private readonly readiness: ReadinessService,
    private readonly warmUp: WarmUp,
  ) {}

  /** Liveness: the process serves HTTP. Never touches the database. */
  @Get('healthz')
  @HttpCode(200)
  @HealthDocs.healthz
  healthz() {
    return { status: 'ok' };
  }

  /** Readiness: database reachable, migrations applied and the hot paths warmed up; 503 otherwise. */
  @Get('readyz')
  @HealthDocs.readyz
  async readyz(@Res({ passthrough: true }) reply: FastifyReply) {
    const { ready, ...answer } = await readinessAnswer(this.readiness, this.warmUp);
    reply.status(ready ? 200 : 503);
    return answer;
  }
}
