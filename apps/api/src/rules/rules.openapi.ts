// The OpenAPI description of the rules (apps/api/src/openapi/openapi.ts explains the pattern).
import {
  ApiBody,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiParam,
  ApiTags,
} from '@nestjs/swagger';
import {
  ApiDocs,
  ApiIdParam,
  ApiIfMatch,
  ApiProblems,
  ApiQueries,
  ETAG_HEADER,
  LOCATION_HEADER,
  PAGE_PARAMETERS,
  examples,
  jsonContent,
  queryParameter,
  schema,
} from '../openapi/decorators.js';
import { CREATE_RULE_REQUEST, INVALID_RULE_PROBLEM, INVALID_RULE_REQUEST, RULE, RULE_ID } from '../openapi/examples.js';

const RULE_EXAMPLES = examples({ rule: { summary: 'A deny rule for prod namespaces', value: RULE } });
const NOT_FOUND = 'The rule does not exist.';
const STALE = 'If-Match names a version that is no longer current.';

export const RulesDocs = {
  controller: ApiTags('Rules') as ClassDecorator,
  create: ApiDocs(
    ApiOperation({
      operationId: 'createRule',
      summary: 'Create a rule',
      description:
        'Validated when written: every problem is named by its field path. The rule applies from the next evaluation.',
    }),
    ApiBody({
      schema: schema('RuleInput'),
      examples: examples({
        rule: { summary: 'No latest or SNAPSHOT tags in prod', value: CREATE_RULE_REQUEST },
      }),
    }),
    ApiCreatedResponse({
      description: 'The stored rule, version 1.',
      headers: { ETag: ETAG_HEADER, Location: LOCATION_HEADER },
      content: jsonContent('Rule', RULE_EXAMPLES),
    }),
    ApiProblems({
      400: {
        description: 'The rule is not valid: unknown kind or field, params that do not fit the kind, bad globs, …',
        examples: {
          'invalid-input': {
            summary: 'Every problem named',
            description: `The answer to \`${JSON.stringify(INVALID_RULE_REQUEST)}\`.`,
            value: INVALID_RULE_PROBLEM,
          },
        },
      },
      409: 'A rule with this name already exists.',
      413: 'The body is larger than the configured limit.',
      415: 'The body is not JSON.',
    }),
  ),
  list: ApiDocs(
    ApiOperation({ operationId: 'listRules', summary: 'List rules, by name' }),
    ApiQueries([
      queryParameter('kind', 'RuleKind'),
      queryParameter('enforcement', 'Enforcement'),
      queryParameter('enabled', { type: 'boolean' }),
      ...PAGE_PARAMETERS,
    ]),
    ApiOkResponse({ description: 'A page of rules.', content: jsonContent('RuleList') }),
    ApiProblems({ 400: 'A filter, `limit` or `cursor` is not valid.' }),
  ),
  get: ApiDocs(
    ApiOperation({ operationId: 'getRule', summary: 'Get a rule' }),
    ApiIdParam('rule'),
    ApiOkResponse({
      description: 'The rule.',
      headers: { ETag: ETAG_HEADER },
      content: jsonContent('Rule', RULE_EXAMPLES),
    }),
    ApiProblems({ 404: NOT_FOUND }, { id: RULE_ID }),
  ),
  update: ApiDocs(
    ApiOperation({
      operationId: 'updateRule',
      summary: 'Change a rule',
      description:
        'Partial update, validated as the whole resulting rule; writes a new version (the old one stays in the history). ' +
        'A change that changes nothing (`{}`, the current values) writes nothing and answers the current version. ' +
        'Send If-Match with the ETag of the version the change is based on.',
    }),
    ApiIdParam('rule'),
    ApiIfMatch(),
    ApiBody({
      schema: schema('RulePatch'),
      examples: examples({ disable: { summary: 'Switch the rule off', value: { enabled: false } } }),
    }),
    ApiOkResponse({
      description: 'The rule after the change (version + 1; the same version when nothing changed).',
      headers: { ETag: ETAG_HEADER },
      content: jsonContent('Rule'),
    }),
    ApiProblems(
      {
        400: 'The change is not valid, or If-Match is not an ETag of this API; `errors` names each field.',
        404: NOT_FOUND,
        409: 'Another rule has this name.',
        412: STALE,
        413: 'The body is larger than the configured limit.',
        415: 'The body is not JSON.',
      },
      { id: RULE_ID },
    ),
  ),
  remove: ApiDocs(
    ApiOperation({
      operationId: 'deleteRule',
      summary: 'Delete a rule',
      description: 'The history outlives the rule: a final `deleted` version records who removed it and when.',
    }),
    ApiIdParam('rule'),
    ApiIfMatch(),
    ApiNoContentResponse({ description: 'Deleted.' }),
    ApiProblems(
      {
        400: 'If-Match is not an ETag of this API.',
        404: NOT_FOUND,
        409: 'Exceptions name this rule: `errors` lists each; remove the rule from them (or delete them) first.',
        412: STALE,
      },
      { id: RULE_ID },
    ),
  ),
  versions: ApiDocs(
    ApiOperation({ operationId: 'listRuleVersions', summary: 'The version history of a rule, newest first' }),
    ApiIdParam('rule'),
    ApiOkResponse({ description: 'Every version, also of a deleted rule.', content: jsonContent('RuleVersionList') }),
    ApiProblems({ 404: 'The rule does not exist and never did.' }, { id: RULE_ID }),
  ),
  restore: ApiDocs(
    ApiOperation({
      operationId: 'restoreRuleVersion',
      summary: 'Make an old version current again',
      description:
        'Writes the old content as a new version (history is never rewritten). A deleted rule comes back with its ' +
        'id, at the version after its `deleted` one.',
    }),
    ApiIdParam('rule'),
    ApiParam({ name: 'version', description: 'The version to restore.', schema: { type: 'integer', minimum: 1 } }),
    ApiIfMatch(),
    ApiOkResponse({
      description: 'The rule after the restore.',
      headers: { ETag: ETAG_HEADER },
      content: jsonContent('Rule'),
    }),
    ApiProblems(
      {
        400: '`version` is not a positive integer, or If-Match is not an ETag of this API.',
        404: 'The rule never existed, or has no such version (the `deleted` version is not one to restore).',
        409: 'Another rule now has the name of the restored version: `detail` names its id.',
        412: STALE,
      },
      { id: RULE_ID, version: '1' },
    ),
  ),
};
