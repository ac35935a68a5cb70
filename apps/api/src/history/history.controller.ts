import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import type { EvaluationResult } from '#policy';
import {
  ApiIdParam,
  ApiProblems,
  ApiQueries,
  FORMAT_PARAMETER,
  PAGE_PARAMETERS,
  examples,
  jsonContent,
  renderingContent,
} from '../openapi/decorators.js';
import {
  EVALUATION_ID,
  EVALUATION_RECORD_SUMMARY,
  JUNIT_REPORT,
  MARKDOWN_REPORT,
  RECORDED_EVALUATION,
} from '../openapi/examples.js';
import { EVALUATION_FILTER_PARAMETERS } from '../openapi/zod-schemas.js';
import { ReportRendererService } from '../reports/report-renderer.service.js';
import { pageSize } from '../common/http/pagination.js';
import { parseEvaluationFilter } from './evaluation-filter.js';
import { HistoryService } from './history.service.js';

@ApiTags('History')
@Controller('v1/evaluations')
export class HistoryController {
  constructor(
    private readonly history: HistoryService,
    private readonly reports: ReportRendererService,
  ) {}

  /** Recorded evaluations, newest first: `?verdict=&namespace=&rule=&cluster=&repository=&pipeline=&since=&until=&limit=&cursor=`. */
  @Get()
  @ApiOperation({
    operationId: 'listEvaluations',
    summary: 'Recorded evaluations, newest first',
    description: 'Evaluations posted with `record: true`, kept for PULLWISE_RETENTION_DAYS. Filters combine with AND.',
  })
  @ApiQueries([...EVALUATION_FILTER_PARAMETERS, ...PAGE_PARAMETERS])
  @ApiOkResponse({
    description: 'A page of recorded evaluations.',
    content: jsonContent(
      'EvaluationRecordList',
      examples({
        page: {
          summary: 'The last page',
          value: { items: [EVALUATION_RECORD_SUMMARY], nextCursor: null, totalCount: 1 },
        },
      }),
    ),
  })
  @ApiProblems({ 400: 'A filter, `limit` or `cursor` is not valid; `errors` names the parameter.' }, '/v1/evaluations')
  async list(@Query() q: Record<string, string>) {
    const { limit, cursor, ...filter } = q;
    const page = await this.history.list(parseEvaluationFilter(filter), pageSize(limit), cursor);
    return { items: page.items, nextCursor: page.nextCursor, totalCount: page.totalCount };
  }

  /** The recorded evaluation; `?format=sarif|junit|markdown|policyreport` renders its result instead. */
  @Get(':id')
  @ApiOperation({
    operationId: 'getEvaluation',
    summary: 'A recorded evaluation',
    description: 'With its full result and provenance; `?format=` (or Accept) renders the result instead.',
  })
  @ApiIdParam('recorded evaluation')
  @ApiQueries([FORMAT_PARAMETER])
  @ApiOkResponse({
    description: 'The recorded evaluation, or its result rendered.',
    content: renderingContent('RecordedEvaluation', {
      json: examples({ recorded: { summary: 'The example evaluation, recorded', value: RECORDED_EVALUATION } }),
      markdown: MARKDOWN_REPORT,
      junit: JUNIT_REPORT,
    }),
  })
  @ApiProblems(
    {
      400: '`format` is not a rendering.',
      404: 'The evaluation does not exist (it may have been removed by retention).',
    },
    `/v1/evaluations/${EVALUATION_ID}`,
  )
  async get(
    @Param('id') id: string,
    @Query('format') format: string | undefined,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const chosen = this.reports.negotiate(format, accept);
    const recorded = await this.history.get(id);
    if (chosen === 'json') return recorded;
    const rendered = this.reports.renderRecorded(recorded.result as EvaluationResult & { id: string }, chosen);
    reply.header('content-type', rendered.contentType);
    return rendered.body;
  }
}
