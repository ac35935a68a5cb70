// The OpenAPI description of the recorded evaluations (apps/api/src/openapi/openapi.ts explains the pattern).
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiDocs,
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

export const HistoryDocs = {
  controller: ApiTags('History') as ClassDecorator,
  list: ApiDocs(
    ApiOperation({
      operationId: 'listEvaluations',
      summary: 'Recorded evaluations, newest first',
      description:
        'Evaluations posted with `record: true`, kept for PULLWISE_RETENTION_DAYS. Filters combine with AND.',
    }),
    ApiQueries([...EVALUATION_FILTER_PARAMETERS, ...PAGE_PARAMETERS]),
    ApiOkResponse({
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
    }),
    ApiProblems({ 400: 'A filter, `limit` or `cursor` is not valid; `errors` names the parameter.' }),
  ),
  get: ApiDocs(
    ApiOperation({
      operationId: 'getEvaluation',
      summary: 'A recorded evaluation',
      description: 'With its full result and provenance; `?format=` (or Accept) renders the result instead.',
    }),
    ApiIdParam('recorded evaluation'),
    ApiQueries([FORMAT_PARAMETER]),
    ApiOkResponse({
      description: 'The recorded evaluation, or its result rendered.',
      content: renderingContent('RecordedEvaluation', {
        json: examples({ recorded: { summary: 'The example evaluation, recorded', value: RECORDED_EVALUATION } }),
        markdown: MARKDOWN_REPORT,
        junit: JUNIT_REPORT,
      }),
    }),
    ApiProblems(
      {
        400: '`format` is not a rendering.',
        404: 'The evaluation does not exist (it may have been removed by retention).',
      },
      { id: EVALUATION_ID },
    ),
  ),
};
