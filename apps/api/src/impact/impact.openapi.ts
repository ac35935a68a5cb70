// The OpenAPI description of the impact preview (apps/api/src/openapi/openapi.ts explains the pattern).
import { ApiBody, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ApiDocs, ApiProblems, examples, jsonContent, schema } from '../openapi/decorators.js';
import { CREATE_RULE_REQUEST, IMPACT_REPORT } from '../openapi/examples.js';

export const ImpactDocs = {
  controller: ApiTags('Rules') as ClassDecorator,
  preview: ApiDocs(
    ApiOperation({
      operationId: 'previewRuleImpact',
      summary: 'Preview the impact of a rule change',
      description:
        'Replays the most recent recorded evaluations under the current rules and under the proposed rule (replacing ' +
        'the stored rule it names, or the one with the same name), before anything is enforced. Nothing is stored.',
    }),
    ApiBody({
      schema: schema('ImpactRequest'),
      examples: examples({
        'new-rule': { summary: 'What would a new deny rule flip?', value: { rule: CREATE_RULE_REQUEST, last: 100 } },
      }),
    }),
    ApiOkResponse({
      description: 'How many evaluations the change flips, and which.',
      content: jsonContent('ImpactReport', examples({ report: { summary: 'Three flips', value: IMPACT_REPORT } })),
    }),
    ApiProblems({
      400: 'The request or the proposed rule is not valid; rule problems are named `rule.<field>`.',
      413: 'The body is larger than the configured limit.',
      415: 'The body is not JSON.',
    }),
  ),
};
