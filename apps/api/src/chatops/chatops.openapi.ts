// The OpenAPI description of chat-ops (apps/api/src/openapi/openapi.ts explains the pattern).
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import {
  ApiDocs,
  ApiProblems,
  ApiQueries,
  chatAnswerContent,
  examples,
  jsonContent,
  queryParameter,
  routeInstance,
  schema,
} from '../openapi/decorators.js';
import {
  ASK_CHECK_RESPONSE,
  CHECK_ANSWER_MARKDOWN,
  SLACK_CHECK_MESSAGE,
  SLACK_SLASH_COMMAND,
  problemExample,
} from '../openapi/examples.js';
import { ASK_QUERY } from '../openapi/schemas/chatops.js';

export const ChatopsDocs = {
  controller: ApiTags('Chatops') as ClassDecorator,
  slack: ApiDocs(
    ApiOperation({
      operationId: 'answerSlackCommand',
      summary: 'Slack slash command',
      description:
        'The Request URL of a Slack app\u2019s slash command (e.g. `/pullwise`): answers `check <image> [in <namespace>] ' +
        '[on <cluster>] [with <policy>]`, `why <evaluation id>`, `rules [namespace] [on <cluster>]` and `help` with an ' +
        'ephemeral Block Kit message. Needs `PULLWISE_SLACK_SIGNING_SECRET` (the app\u2019s Signing Secret); every ' +
        'request must carry Slack\u2019s signature over the raw body (https://api.slack.com/authentication/verifying-' +
        'requests-from-slack) and a timestamp within 5 minutes of the server\u2019s clock. Problems with the question ' +
        '(an unknown command, an invalid image name, an unknown cluster or evaluation) are answers, not errors. The ' +
        'answer is normally immediate; should it take longer than 2.5 s, the reply is "Working on it\u2026" and the ' +
        'answer is posted to `response_url` when ready. What a Slack request may ask is set by ' +
        '`PULLWISE_SLACK_SCOPES` (default `evaluate`: `check`; add `rules:read` for `rules` and `why`), as an API ' +
        'key\u2019s scopes would. Slack\u2019s certificate check (`ssl_check=1`, no command) is answered 200 with an ' +
        'empty body, signed or not, as Slack asks.',
      requestBody: {
        required: true,
        content: {
          'application/x-www-form-urlencoded': {
            schema: schema('SlackSlashCommand'),
            examples: examples({
              check: { summary: '/pullwise check nginx:1.27 in prod', value: SLACK_SLASH_COMMAND },
              'ssl-check': {
                summary: 'Slack\u2019s certificate check: 200, empty body',
                value: { ssl_check: '1', token: 'gIkuvaNzQIHg97ATvDxqgjtO' },
              },
            }),
          },
        },
      },
    }),
    ApiHeader({
      name: 'X-Slack-Request-Timestamp',
      required: true,
      description: 'When Slack sent the request, in Unix seconds; more than 5 minutes away from now is a 401.',
      schema: { type: 'string', pattern: '^[0-9]{1,12}$', examples: ['1762074871'] },
    }),
    ApiHeader({
      name: 'X-Slack-Signature',
      required: true,
      description:
        '`v0=` and the hex HMAC-SHA256, keyed with the signing secret, of `v0:<timestamp>:<raw body>`; anything else ' +
        'is a 401.',
      schema: {
        type: 'string',
        pattern: '^v0=[0-9a-f]{64}$',
        examples: ['v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503'],
      },
    }),
    ApiOkResponse({
      description:
        'The answer as an ephemeral Slack message (also for problems with the question); to `ssl_check=1`, an empty ' +
        'body.',
      content: jsonContent(
        'SlackMessage',
        examples({ check: { summary: 'check nginx:1.27 in prod', value: SLACK_CHECK_MESSAGE } }),
      ),
    }),
    ApiProblems({
      400: 'The body is declared as JSON but does not parse (Slack never sends one).',
      401: {
        description:
          'X-Slack-Request-Timestamp or X-Slack-Signature is missing, the timestamp is not Unix seconds or is more ' +
          'than 5 minutes from now (a replay, or clock skew), or the signature does not match the raw body.',
        examples: examples({
          'bad-signature': {
            summary: 'Signed with another secret, or the body was changed',
            value: problemExample('unauthorized', 'The request signature does not match.', routeInstance()),
          },
          stale: {
            summary: 'A replayed request',
            value: problemExample(
              'unauthorized',
              'The request timestamp is more than 5 minutes from now (replayed or clock skew).',
              routeInstance(),
            ),
          },
          unsigned: {
            summary: 'No signature headers',
            value: problemExample(
              'unauthorized',
              'X-Slack-Request-Timestamp and X-Slack-Signature are required.',
              routeInstance(),
            ),
          },
        }),
      },
      404: {
        description: 'Slack is not configured on this server: PULLWISE_SLACK_SIGNING_SECRET is unset.',
        examples: examples({
          'not-configured': {
            summary: 'No signing secret',
            value: problemExample(
              'not-found',
              'Slack is not configured on this server (PULLWISE_SLACK_SIGNING_SECRET is unset).',
              routeInstance(),
            ),
          },
        }),
      },
      413: 'The body is larger than the configured limit (PULLWISE_BODY_LIMIT).',
      415: {
        description: 'The body is not `application/x-www-form-urlencoded`.',
        examples: examples({
          json: {
            summary: 'A JSON body',
            value: problemExample(
              'unsupported-media-type',
              'Content-Type application/json is not accepted; Slack sends application/x-www-form-urlencoded.',
              routeInstance(),
            ),
          },
        }),
      },
    }),
  ),
  askPost: ApiDocs(
    ApiOperation({
      operationId: 'askChatops',
      summary: 'Ask a chat command',
      description:
        'Answers a chat command as Slack would (same parser and wording): for bots other than Slack. JSON ' +
        '`{ text, blocks }` by default; with `Accept: text/markdown` (ranked above `application/json`) the Markdown ' +
        'alone. Problems with the question (an unknown command, an invalid image name, an unknown cluster or ' +
        'evaluation) are answers, not errors.',
    }),
    ApiBody({
      required: true,
      schema: schema('AskRequest'),
      examples: examples({
        check: { summary: 'check nginx:1.27 in prod', value: { text: 'check nginx:1.27 in prod' } },
      }),
    }),
    ApiOkResponse({
      description: 'The answer, as JSON or Markdown (Accept); the response varies on Accept.',
      content: chatAnswerContent(
        examples({ check: { summary: 'check nginx:1.27 in prod', value: ASK_CHECK_RESPONSE } }),
        CHECK_ANSWER_MARKDOWN,
      ),
    }),
    ApiProblems({
      400: {
        description:
          'Neither `text` nor `q` is given, one is not a string or is longer than 2000 characters, both are given ' +
          'and differ, or the body is empty or does not parse.',
        examples: examples({
          'no-text': {
            summary: 'No text',
            value: problemExample(
              'invalid-input',
              'Send { "text": "<command>" } (or "q"), e.g. { "text": "check nginx:1.27 in prod" }.',
              routeInstance(),
              [
                { path: 'text', message: 'text or q: required' },
                { path: 'q', message: 'text or q: required' },
              ],
            ),
          },
          'too-long': {
            summary: 'Longer than 2000 characters',
            value: problemExample('invalid-input', 'text is longer than 2000 characters', routeInstance(), [
              { path: 'text', message: 'at most 2000 characters' },
            ]),
          },
        }),
      },
      413: 'The body is larger than the configured limit (PULLWISE_BODY_LIMIT).',
      415: {
        description: 'The body is not JSON (e.g. `text/plain`).',
        examples: examples({
          'text/plain': {
            summary: 'text/plain',
            value: problemExample('unsupported-media-type', 'Unsupported Media Type', routeInstance()),
          },
        }),
      },
    }),
  ),
  askGet: ApiDocs(
    ApiOperation({
      operationId: 'getChatopsAnswer',
      summary: 'Ask a chat command (query)',
      description:
        'POST /v1/chatops/ask with the command in `?q=` (or `?text=`), for links and `curl`: the same answers, JSON ' +
        '`{ text, blocks }` by default, the Markdown alone with `Accept: text/markdown`.',
    }),
    ApiQueries([
      queryParameter('q', ASK_QUERY, {
        required: false,
        description:
          'The command, once: `check <image> [in <namespace>] [on <cluster>] [with <policy>]`, ' +
          '`why <evaluation id>`, `rules [namespace] [on <cluster>]` or `help`. One of `q` and `text` is required.',
      }),
      queryParameter('text', ASK_QUERY, {
        required: false,
        description:
          'The same as `q` (the name POST /v1/chatops/ask and Slack use); with both, they must be the same (else 400).',
      }),
    ]),
    ApiOkResponse({
      description: 'The answer, as JSON or Markdown (Accept); the response varies on Accept.',
      content: chatAnswerContent(
        examples({ check: { summary: 'check nginx:1.27 in prod', value: ASK_CHECK_RESPONSE } }),
        CHECK_ANSWER_MARKDOWN,
      ),
    }),
    ApiProblems({
      400: {
        description:
          'Neither `q` nor `text` is given, one is given more than once or is longer than 2000 characters, or both ' +
          'are given and differ.',
        examples: examples({
          'no-q': {
            summary: 'No q',
            value: problemExample(
              'invalid-input',
              'Give the command as ?q= (or ?text=), e.g. ?q=check+nginx:1.27+in+prod.',
              routeInstance(),
              [
                { path: 'text', message: 'text or q: required' },
                { path: 'q', message: 'text or q: required' },
              ],
            ),
          },
          differ: {
            summary: 'q and text differ',
            value: problemExample(
              'invalid-input',
              'q and text name the same question and differ: send one of them',
              routeInstance(),
              [
                { path: 'q', message: 'differs from text' },
                { path: 'text', message: 'differs from q' },
              ],
            ),
          },
        }),
      },
    }),
  ),
};
