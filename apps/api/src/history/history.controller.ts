import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { EvaluationResult } from '#policy';
import { REPORT_MEDIA_TYPES } from '#reports';
import { Access } from '../auth/access.js';
import { pageSize } from '../http/pagination.js';
import { ReportRendererService } from '../reports/report-renderer.service.js';
import { Produces } from '../http/route-facts.js';
import { parseEvaluationFilter } from './evaluation-filter.js';
import { HistoryDocs } from './history.openapi.js';
import { HistoryService } from './history.service.js';

@HistoryDocs.controller
@Controller('v1/evaluations')
@Access('rules:read')
@Produces('application/json')
export class HistoryController {
  constructor(
    private readonly history: HistoryService,
    private readonly reports: ReportRendererService,
  ) {}

  /** Recorded evaluations, newest first: `?verdict=&namespace=&rule=&cluster=&repository=&pipeline=&since=&until=&limit=&cursor=`. */
  @Get()
  @HistoryDocs.list
  async list(@Query() q: Record<string, string>) {
    const { limit, cursor, ...filter } = q;
    const page = await this.history.list(parseEvaluationFilter(filter), pageSize(limit), cursor);
    return { items: page.items, nextCursor: page.nextCursor, totalCount: page.totalCount };
  }

  /** The recorded evaluation; `?format=sarif|junit|markdown|policyreport` renders its result instead. */
  @Get(':id')
  @Produces(...REPORT_MEDIA_TYPES)
  @HistoryDocs.get
  async get(
    @Param('id') id: string,
    @Query('format') format: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const chosen = this.reports.negotiate(format, accept);
    if (chosen === 'json') return this.history.getWithDocuments(id);
    const recorded = await this.history.get(id);
    const rendered = this.reports.renderRecorded(recorded.result as EvaluationResult & { id: string }, chosen);
    reply.header('content-type', rendered.contentType);
    return rendered.body;
  }
}
