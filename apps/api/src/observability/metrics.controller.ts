import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { Access } from '../auth/access.js';
import { MetricsAccessGuard } from './metrics-access.guard.js';
import { MetricsDocs } from './metrics.openapi.js';
import { MetricsRegistry } from './metrics.registry.js';

/** Not registered at all with PULLWISE_METRICS=off (the path is then a 404 like any unknown one). */
@MetricsDocs.controller
@Controller()
export class MetricsController {
  constructor(private readonly metrics: MetricsRegistry) {}

  // Public with the default PULLWISE_METRICS=public; MetricsAccessGuard narrows it to `admin` when authenticated.
  @Get('metrics')
  @Access('public')
  @UseGuards(MetricsAccessGuard)
  @Header('content-type', 'text/plain; version=0.0.4; charset=utf-8')
  @Header('cache-control', 'no-store')
  @MetricsDocs.scrape
  scrape(): Promise<string> {
    return this.metrics.text();
  }
}
