// The OpenAPI description of GET /metrics (apps/api/src/openapi/openapi.ts explains the pattern).
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiDocs, ApiProblems } from '../openapi/decorators.js';

const EXAMPLE = [
  '# HELP pullwise_evaluations_total Policy evaluations (manifest bundles and single-image questions), by interface and verdict.',
  '# TYPE pullwise_evaluations_total counter',
  'pullwise_evaluations_total{source="rest",verdict="fail"} 12',
  'pullwise_evaluations_total{source="graphql",verdict="pass"} 3',
  '',
].join('\n');

export const MetricsDocs = {
  controller: ApiTags('Health') as ClassDecorator,
  scrape: ApiDocs(
    ApiOperation({
      operationId: 'getMetrics',
      summary: 'Prometheus metrics',
      description:
        'Every metric of the service in the Prometheus text format 0.0.4, named `pullwise_*`: request durations ' +
        'by route and status, evaluations and findings, the policy snapshot, the database, and the process. Open ' +
        'by default; `PULLWISE_METRICS=authenticated` requires an `admin` key, `off` removes the route (404). ' +
        'See README "Operations: metrics and logs" for the list.',
    }),
    ApiOkResponse({
      description: 'The metrics.',
      content: {
        'text/plain': {
          schema: { type: 'string' },
          examples: { evaluations: { summary: 'An excerpt', value: EXAMPLE } },
        },
      },
    }),
    ApiProblems({
      401: 'Only with PULLWISE_METRICS=authenticated: no API key, or one that is unknown, revoked or expired.',
      403: 'Only with PULLWISE_METRICS=authenticated: the key lacks the `admin` scope.',
    }),
  ),
};
