import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import {
  ApiProblems,
  ApiQueries,
  chatAnswerContent,
  examples,
  jsonContent,
  queryParameter,
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
import { toBlockKit, type SlackBlock } from './block-kit.js';
import { ChatopsService } from './chatops.service.js';
import { fromSlackText } from './command-parser.js';
import { FORM_CONTENT_TYPE, type RequestWithRawBody } from './form-body.parser.js';
import { prefersMarkdown, toMarkdown } from './plain-text.js';
import { verifySlackSignature } from './slack-signature.js';

/** Longest question the plain-text endpoint takes (Slack caps slash-command text well below this). */
const MAX_QUESTION = 2000;
const MARKDOWN_TYPE = 'text/markdown; charset=utf-8';

export interface AskResponse {
  /** The answer as Markdown. */
  text: string;
  /** The same answer as Slack Block Kit blocks. */
  blocks: SlackBlock[];
}

@ApiTags('Chatops')
@Controller('v1/chatops')
export class ChatopsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly chatops: ChatopsService,
  ) {}

  /** Slack slash command: signed `application/x-www-form-urlencoded`, answered with an ephemeral Block Kit message. */
  @Post('slack')
  @HttpCode(200)
  @ApiOperation({
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
      'answer is posted to `response_url` when ready.',
    requestBody: {
      required: true,
      content: {
        'application/x-www-form-urlencoded': {
          schema: schema('SlackSlashCommand'),
          examples: examples({
            check: { summary: '/pullwise check nginx:1.27 in prod', value: SLACK_SLASH_COMMAND },
          }),
        },
      },
    },
  })
  @ApiHeader({
    name: 'X-Slack-Request-Timestamp',
    required: true,
    description: 'When Slack sent the request, in Unix seconds; more than 5 minutes away from now is a 401.',
    schema: { type: 'string', pattern: '^[0-9]{1,12}$', examples: ['1762074871'] },
  })
  @ApiHeader({
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
  })
  @ApiOkResponse({
    description: 'The answer as an ephemeral Slack message (also for problems with the question).',
    content: jsonContent(
      'SlackMessage',
      examples({ check: { summary: 'check nginx:1.27 in prod', value: SLACK_CHECK_MESSAGE } }),
    ),
  })
  @ApiProblems(
    {
      400: 'The body is declared as JSON but does not parse (Slack never sends one).',
      401: {
        description:
          'X-Slack-Request-Timestamp or X-Slack-Signature is missing, the timestamp is not Unix seconds or is more ' +
          'than 5 minutes from now (a replay, or clock skew), or the signature does not match the raw body.',
        examples: examples({
          'bad-signature': {
            summary: 'Signed with another secret, or the body was changed',
            value: problemExample('unauthorized', 'The request signature does not match.', '/v1/chatops/slack'),
          },
          stale: {
            summary: 'A replayed request',
            value: problemExample(
              'unauthorized',
              'The request timestamp is more than 5 minutes from now (replayed or clock skew).',
              '/v1/chatops/slack',
            ),
          },
          unsigned: {
            summary: 'No signature headers',
            value: problemExample(
              'unauthorized',
              'X-Slack-Request-Timestamp and X-Slack-Signature are required.',
              '/v1/chatops/slack',
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
              '/v1/chatops/slack',
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
              '/v1/chatops/slack',
            ),
          },
        }),
      },
    },
    '/v1/chatops/slack',
  )
  slack(
    @Req() req: FastifyRequest & RequestWithRawBody,
    @Body() body: unknown,
    @Headers('x-slack-request-timestamp') timestamp: string | undefined,
    @Headers('x-slack-signature') signature: string | undefined,
  ) {
    const secret = this.config.slackSigningSecret;
    if (!secret)
      throw new AppError(
        'not-found',
        'Slack is not configured on this server (PULLWISE_SLACK_SIGNING_SECRET is unset).',
      );
    if (!timestamp || !signature)
      throw new AppError('unauthorized', 'X-Slack-Request-Timestamp and X-Slack-Signature are required.');
    if (!req.rawBody)
      throw new AppError(
        'unsupported-media-type',
        `Content-Type ${req.headers['content-type']?.slice(0, 100) ?? '(none)'} is not accepted; Slack sends ${FORM_CONTENT_TYPE}.`,
      );
    const verdict = verifySlackSignature({ secret, timestamp, signature, body: req.rawBody });
    if (!verdict.ok) throw new AppError('unauthorized', verdict.message);
    const form = (body ?? {}) as Record<string, string | undefined>;
    return this.chatops.slack(fromSlackText(form.text ?? ''), form.response_url);
  }

  /** The same answers for other bots: `{ "text": "check nginx:1.27 in prod" }`. */
  @Post('ask')
  @HttpCode(200)
  @ApiOperation({
    operationId: 'askChatops',
    summary: 'Ask a chat command',
    description:
      'Answers a chat command as Slack would (same parser and wording): for bots other than Slack. JSON ' +
      '`{ text, blocks }` by default; with `Accept: text/markdown` (ranked above `application/json`) the Markdown ' +
      'alone. Problems with the question (an unknown command, an invalid image name, an unknown cluster or ' +
      'evaluation) are answers, not errors.',
  })
  @ApiBody({
    required: true,
    schema: schema('AskRequest'),
    examples: examples({ check: { summary: 'check nginx:1.27 in prod', value: { text: 'check nginx:1.27 in prod' } } }),
  })
  @ApiOkResponse({
    description: 'The answer, as JSON or Markdown (Accept); the response varies on Accept.',
    content: chatAnswerContent(
      examples({ check: { summary: 'check nginx:1.27 in prod', value: ASK_CHECK_RESPONSE } }),
      CHECK_ANSWER_MARKDOWN,
    ),
  })
  @ApiProblems(
    {
      400: {
        description:
          '`text` is missing, not a string or longer than 2000 characters, or the body is empty or does not parse.',
        examples: examples({
          'no-text': {
            summary: 'No text',
            value: problemExample(
              'invalid-input',
              'Send { "text": "<command>" }, e.g. { "text": "check nginx:1.27 in prod" }.',
              '/v1/chatops/ask',
              [{ path: 'text', message: 'text: Required string' }],
            ),
          },
          'too-long': {
            summary: 'Longer than 2000 characters',
            value: problemExample('invalid-input', 'text is longer than 2000 characters', '/v1/chatops/ask', [
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
            value: problemExample('unsupported-media-type', 'Unsupported Media Type', '/v1/chatops/ask'),
          },
        }),
      },
    },
    '/v1/chatops/ask',
  )
  askPost(
    @Body() body: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const text = (body as { text?: unknown } | null | undefined)?.text;
    if (typeof text !== 'string')
      throw AppError.invalid('Send { "text": "<command>" }, e.g. { "text": "check nginx:1.27 in prod" }.', [
        { path: 'text', message: 'text: Required string' },
      ]);
    return this.ask(text, 'text', accept, reply);
  }

  /** `GET /v1/chatops/ask?q=check+nginx:1.27+in+prod`. */
  @Get('ask')
  @ApiOperation({
    operationId: 'getChatopsAnswer',
    summary: 'Ask a chat command (query)',
    description:
      'POST /v1/chatops/ask with the command in `?q=`, for links and `curl`: the same answers, JSON `{ text, blocks }` ' +
      'by default, the Markdown alone with `Accept: text/markdown`.',
  })
  @ApiQueries([
    queryParameter('q', ASK_QUERY, {
      required: true,
      description:
        'The command, once: `check <image> [in <namespace>] [on <cluster>] [with <policy>]`, ' +
        '`why <evaluation id>`, `rules [namespace] [on <cluster>]` or `help`.',
    }),
  ])
  @ApiOkResponse({
    description: 'The answer, as JSON or Markdown (Accept); the response varies on Accept.',
    content: chatAnswerContent(
      examples({ check: { summary: 'check nginx:1.27 in prod', value: ASK_CHECK_RESPONSE } }),
      CHECK_ANSWER_MARKDOWN,
    ),
  })
  @ApiProblems(
    {
      400: {
        description: '`q` is missing, given more than once, or longer than 2000 characters.',
        examples: examples({
          'no-q': {
            summary: 'No q',
            value: problemExample(
              'invalid-input',
              'Give the command as ?q=, e.g. ?q=check+nginx:1.27+in+prod.',
              '/v1/chatops/ask',
              [{ path: 'q', message: 'q: Required, once' }],
            ),
          },
        }),
      },
    },
    '/v1/chatops/ask',
  )
  askGet(
    @Query('q') q: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    if (typeof q !== 'string')
      throw AppError.invalid('Give the command as ?q=, e.g. ?q=check+nginx:1.27+in+prod.', [
        { path: 'q', message: 'q: Required, once' },
      ]);
    return this.ask(q, 'q', accept, reply);
  }

  private async ask(text: string, field: string, accept: string | undefined, reply: FastifyReply) {
    if (text.length > MAX_QUESTION)
      throw AppError.invalid(`${field} is longer than ${MAX_QUESTION} characters`, [
        { path: field, message: `at most ${MAX_QUESTION} characters` },
      ]);
    const answer = await this.chatops.answer(text);
    reply.header('vary', 'accept');
    if (prefersMarkdown(accept)) {
      reply.header('content-type', MARKDOWN_TYPE);
      return toMarkdown(answer);
    }
    const response: AskResponse = { text: toMarkdown(answer), blocks: toBlockKit(answer).blocks };
    return response;
  }
}
