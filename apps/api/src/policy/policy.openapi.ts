// The OpenAPI description of policy as code (apps/api/src/openapi/openapi.ts explains the pattern).
import { ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import { ApiDocs, ApiProblems } from '../openapi/decorators.js';

const PRUNE = ApiQuery({
  name: 'prune',
  required: false,
  type: Boolean,
  description:
    'Delete every rule, exception and cluster profile the bundle does not name (a missing list counts as empty).',
});

export const PolicyDocs = {
  controller: ApiTags('Policy as code') as ClassDecorator,
  export: ApiDocs(
    ApiOperation({
      operationId: 'exportPolicy',
      summary: 'Export the whole policy as a bundle',
      description:
        'Rules, exceptions and cluster profiles (without node inventories) as one PolicyBundle, JSON or YAML by Accept, ' +
        'sorted by name in a fixed field order: exporting an unchanged policy gives the same bytes. ' +
        '`metadata.policyVersion` (and the ETag) is the policy version it was read at.',
    }),
    ApiOkResponse({ description: 'The bundle.' }),
    ApiProblems({ 406: 'Accept rules out JSON and YAML.' }),
  ),
  plan: ApiDocs(
    ApiOperation({
      operationId: 'planPolicy',
      summary: 'Plan a policy bundle',
      description:
        'What applying the bundle would change, object by object, compared on meaning (defaults, key order and ' +
        'equivalent spellings are no change). Writes nothing.',
    }),
    PRUNE,
    ApiQuery({
      name: 'impact',
      required: false,
      type: Number,
      description: 'Replay the last N (1–1000) recorded evaluations under each created or updated rule.',
    }),
    ApiOkResponse({ description: 'The plan.' }),
    ApiProblems({ 400: 'The bundle is not valid: every problem is named by its path (`rules[3].params.tags`).' }),
  ),
  apply: ApiDocs(
    ApiOperation({
      operationId: 'applyPolicy',
      summary: 'Apply a policy bundle',
      description:
        'Carries out the plan in one transaction (all or nothing, one policy version); each change writes its ' +
        'version and an audit event naming the bundle digest. Applying the same bundle again changes nothing.',
    }),
    PRUNE,
    ApiOkResponse({ description: 'The plan as carried out, with the policy version after it.' }),
    ApiProblems({
      400: 'The bundle is not valid; nothing was changed.',
      409: 'A change conflicts with the store (e.g. a cluster profile in use would be deleted); nothing was changed.',
      412: 'If-Match names a policy version that is no longer current.',
    }),
  ),
};
