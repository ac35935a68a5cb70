import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Query, Req, Res } from '@nestjs/common';
import { ApiBody, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../auth/principal.js';
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
import { ChatopsService, type Asker } from './chatops.service.js';
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
    description:
      'The answer as an ephemeral Slack message (also for problems with the question); to `ssl_check=1`, an empty ' +
      'body.',
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
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const secret = this.config.slackSigningSecret;
    if (!secret)
      throw new AppError(
        'not-found',
        'Slack is not configured on this server (PULLWISE_SLACK_SIGNING_SECRET is unset).',
      );
    const form = req.rawBody ? ((body ?? {}) as Record<string, string | undefined>) : undefined;
    // Slack's certificate check (https://api.slack.com/interactivity/slash-commands): `ssl_check=1` and a legacy
    // token, to be confirmed with an empty 200. It asks nothing and is answered with nothing, so, as Slack's own
    // SDKs do, before the signature is looked at.
    if (form?.ssl_check === '1') {
      reply.status(200).header('cache-control', 'no-store');
      return undefined;
    }
    if (!timestamp || !signature)
      throw new AppError('unauthorized', 'X-Slack-Request-Timestamp and X-Slack-Signature are required.');
    if (!req.rawBody || !form)
      throw new AppError(
        'unsupported-media-type',
        `Content-Type ${req.headers['content-type']?.slice(0, 100) ?? '(none)'} is not accepted; Slack sends ${FORM_CONTENT_TYPE}.`,
      );
    const verdict = verifySlackSignature({ secret, timestamp, signature, body: req.rawBody });
    if (!verdict.ok) throw new AppError('unauthorized', verdict.message);
    return this.chatops.slack(fromSlackText(form.text ?? ''), form.response_url, this.slackAsker());
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
          'Neither `text` nor `q` is given, one is not a string or is longer than 2000 characters, both are given ' +
          'and differ, or the body is empty or does not parse.',
        examples: examples({
          'no-text': {
            summary: 'No text',
            value: problemExample(
              'invalid-input',
              'Send { "text": "<command>" } (or "q"), e.g. { "text": "check nginx:1.27 in prod" }.',
              '/v1/chatops/ask',
              [
                { path: 'text', message: 'text or q: required' },
                { path: 'q', message: 'text or q: required' },
              ],
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
    @Req() req: AuthenticatedRequest,
    @Body() body: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const fields = (body ?? {}) as { text?: unknown; q?: unknown };
    const { text, field } = question(fields.text, fields.q, {
      missing: 'Send { "text": "<command>" } (or "q"), e.g. { "text": "check nginx:1.27 in prod" }.',
      invalid: 'a string',
    });
    return this.ask(text, field, keyAsker(req), accept, reply);
  }

  /** `GET /v1/chatops/ask?q=check+nginx:1.27+in+prod`. */
  @Get('ask')
  @ApiOperation({
    operationId: 'getChatopsAnswer',
    summary: 'Ask a chat command (query)',
    description:
      'POST /v1/chatops/ask with the command in `?q=` (or `?text=`), for links and `curl`: the same answers, JSON ' +
      '`{ text, blocks }` by default, the Markdown alone with `Accept: text/markdown`.',
  })
  @ApiQueries([
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
        description:
          'Neither `q` nor `text` is given, one is given more than once or is longer than 2000 characters, or both ' +
          'are given and differ.',
        examples: examples({
          'no-q': {
            summary: 'No q',
            value: problemExample(
              'invalid-input',
              'Give the command as ?q= (or ?text=), e.g. ?q=check+nginx:1.27+in+prod.',
              '/v1/chatops/ask',
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
              '/v1/chatops/ask',
              [
                { path: 'q', message: 'differs from text' },
                { path: 'text', message: 'differs from q' },
              ],
            ),
          },
        }),
      },
    },
    '/v1/chatops/ask',
  )
  askGet(
    @Req() req: AuthenticatedRequest,
    @Query('q') q: unknown,
    @Query('text') textParam: unknown,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) reply: FastifyReply,
  ) {
    const { text, field } = question(textParam, q, {
      missing: 'Give the command as ?q= (or ?text=), e.g. ?q=check+nginx:1.27+in+prod.',
      invalid: 'given once',
    });
    return this.ask(text, field, keyAsker(req), accept, reply);
  }

  /** Slack requests carry no key: they may ask what PULLWISE_SLACK_SCOPES allows. */
  private slackAsker(): Asker {
    return {
      scopes: this.config.slackScopes,
      holder: 'This Slack app',
      remedy: (scope) =>
        `It has ${this.config.slackScopes.join(', ')} (PULLWISE_SLACK_SCOPES); the server's operator can add ${scope}.`,
    };
  }

  private async ask(text: string, field: string, asker: Asker, accept: string | undefined, reply: FastifyReply) {
    if (text.length > MAX_QUESTION)
      throw AppError.invalid(`${field} is longer than ${MAX_QUESTION} characters`, [
        { path: field, message: `at most ${MAX_QUESTION} characters` },
      ]);
    const answer = await this.chatops.answer(text, asker);
    reply.header('vary', 'accept');
    if (prefersMarkdown(accept)) {
      reply.header('content-type', MARKDOWN_TYPE);
      return toMarkdown(answer);
    }
    const response: AskResponse = { text: toMarkdown(answer), blocks: toBlockKit(answer).blocks };
    return response;
  }
}

/** A key's scopes (the guard put the principal on the request: the route needs `evaluate`). */
function keyAsker(req: AuthenticatedRequest): Asker {
  return {
    scopes: req.principal?.scopes ?? [],
    holder: 'This key',
    remedy: (scope) => `Ask with a key that has the ${scope} scope.`,
  };
}

/**
 * The question, from `text` or its synonym `q` (the same on GET and POST, issue 14 item 16): either one, or both
 * when they agree. Anything else is a 400 naming the field(s).
 */
function question(
  text: unknown,
  q: unknown,
  say: { missing: string; invalid: string },
): { text: string; field: 'text' | 'q' } {
  for (const [name, value] of [
    ['text', text],
    ['q', q],
  ] as const)
    if (value !== undefined && typeof value !== 'string')
      throw AppError.invalid(`${name} must be ${say.invalid}`, [{ path: name, message: `must be ${say.invalid}` }]);
  const t = text as string | undefined;
  const qq = q as string | undefined;
  if (t === undefined && qq === undefined)
    throw AppError.invalid(say.missing, [
      { path: 'text', message: 'text or q: required' },
      { path: 'q', message: 'text or q: required' },
    ]);
  if (t !== undefined && qq !== undefined && t !== qq)
    throw AppError.invalid('q and text name the same question and differ: send one of them', [
      { path: 'q', message: 'differs from text' },
      { path: 'text', message: 'differs from q' },
    ]);
  return t !== undefined ? { text: t, field: 'text' } : { text: qq!, field: 'q' };
}
