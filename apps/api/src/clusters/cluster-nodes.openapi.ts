// The OpenAPI description of node inventories (apps/api/src/openapi/openapi.ts explains the pattern).
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiDocs,
  ApiIdParam,
  ApiProblems,
  ApiQueries,
  PAGE_PARAMETERS,
  examples,
  jsonContent,
  routeInstance,
  schema,
} from '../openapi/decorators.js';
import {
  CLUSTER,
  CLUSTER_NODE_PAGE,
  NODE_INVENTORY_SUMMARY,
  NODE_LIST,
  NODE_LIST_YAML,
  invalidNodeListProblem,
} from '../openapi/examples.js';
import { RAW_TEXT_BODY_LIMIT_BYTES } from '../http/body-parsers.js';

const IDS = { id: CLUSTER.id };
const NOT_FOUND = 'The cluster profile does not exist.';
const SENT = { summary: 'Two nodes (most of their fields left out)' };
const LIMIT = `${RAW_TEXT_BODY_LIMIT_BYTES / 1024 / 1024} MiB`;

export const ClusterNodesDocs = {
  controller: ApiTags('Clusters') as ClassDecorator,
  replace: ApiDocs(
    ApiOperation({
      operationId: 'replaceClusterNodes',
      summary: "Replace a cluster profile's node inventory",
      description:
        'Send what `kubectl get nodes -o json` (or `-o yaml`) prints: a `List` or `NodeList` of Nodes, or one Node. ' +
        'Of each node only its name, labels, taints, `unschedulable`, kubelet version and images are stored; the ' +
        'inventory replaces the previous one as a whole, in one transaction, and evaluations naming the profile use ' +
        'it from then on. A malformed node stores nothing: the 400 names it (`items[3].spec.taints[0].effect`) and ' +
        `its line. The body may be far larger than PULLWISE_BODY_LIMIT: up to ${LIMIT} (5,000 nodes listing 50 ` +
        'images each print about 120 MB).',
      requestBody: {
        required: true,
        content: {
          'application/json': {
            schema: schema('NodeList'),
            examples: examples({ nodes: { ...SENT, value: NODE_LIST } }),
          },
          'application/yaml': {
            schema: { type: 'string', description: 'The same, as `kubectl get nodes -o yaml` prints it.' },
            examples: examples({ nodes: { ...SENT, value: NODE_LIST_YAML } }),
          },
        },
      },
    }),
    ApiIdParam('cluster profile'),
    ApiOkResponse({
      description: 'What was stored.',
      content: jsonContent(
        'ClusterNodeInventorySummary',
        examples({ stored: { summary: 'The two nodes', value: NODE_INVENTORY_SUMMARY } }),
      ),
    }),
    ApiProblems(
      {
        400: {
          description:
            'A node is malformed, or the text is not a List, NodeList or Node: `errors` names each problem with its ' +
            'path and line. Nothing was stored; the previous inventory stays.',
          examples: {
            'invalid-input': {
              summary: 'A taint effect Kubernetes does not have',
              value: invalidNodeListProblem(routeInstance(IDS)),
            },
          },
        },
        404: NOT_FOUND,
        413: `The body is larger than ${LIMIT} (or PULLWISE_BODY_LIMIT, when that is larger).`,
        415: 'The body is neither JSON nor YAML.',
      },
      IDS,
    ),
  ),
  list: ApiDocs(
    ApiOperation({
      operationId: 'listClusterNodes',
      summary: "List a cluster profile's nodes, in inventory order",
      description: 'An empty page when the profile has no inventory.',
    }),
    ApiIdParam('cluster profile'),
    ApiQueries(PAGE_PARAMETERS),
    ApiOkResponse({
      description: 'A page of nodes.',
      content: jsonContent(
        'ClusterNodeList',
        examples({ page: { summary: 'The two nodes', value: CLUSTER_NODE_PAGE } }),
      ),
    }),
    ApiProblems({ 400: '`limit` or `cursor` is not valid.', 404: NOT_FOUND }, IDS),
  ),
  remove: ApiDocs(
    ApiOperation({
      operationId: 'deleteClusterNodes',
      summary: "Forget a cluster profile's node inventory",
      description: 'Evaluations naming the profile then give no per-node predictions. Nothing to forget is no error.',
    }),
    ApiIdParam('cluster profile'),
    ApiNoContentResponse({ description: 'Forgotten.' }),
    ApiProblems({ 404: NOT_FOUND }, IDS),
  ),
};
