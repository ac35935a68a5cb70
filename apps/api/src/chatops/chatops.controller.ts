import { Body, Controller, Get, Headers, HttpCode, Inject, Post, Query, Req, Res, UseGuards } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AuthenticatedRequest } from '../auth/principal.js';
import { Access } from '../auth/access.js';
import { AppError } from '../common/errors/app-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { Produces } from '../http/route-facts.js';
import { toBlockKit, type SlackBlock } from './block-kit.js';
import { ChatopsService, type Asker } from './chatops.service.js';
import { fromSlackText } from './command-parser.js';
import { ChatopsDocs } from './chatops.openapi.js';
import type { RequestWithRawBody } from './form-body.parser.js';
import { prefersMarkdown, toMarkdown } from './plain-text.js';
import { SlackSignatureGuard, slackForm } from './slack-signature.guard.js';

/** Longest question the plain-text endpoint takes (Slack caps slash-command text well below this). */
const MAX_QUESTION = 2000;
const MARKDOWN_TYPE = 'text/markdown; charset=utf-8';

interface AskResponse {
  /** The answer as Markdown. */
  text: string;
  /** The same answer as Slack Block Kit blocks. */
  blocks: SlackBlock[];
}

@ChatopsDocs.controller
@Controller('v1/chatops')
@Produces('application/json')
export class ChatopsController {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly chatops: ChatopsService,
  ) {}

  /** Slack slash command: signed `application/x-www-form-urlencoded`, answered with an ephemeral Block Kit message. */
  @Post('slack')
  @HttpCode(200)
  @Access('public')
  @UseGuards(SlackSignatureGuard)
  @ChatopsDocs.slack
  slack(@Req() req: FastifyRequest & RequestWithRawBody, @Res({ passthrough: true }) reply: FastifyReply) {
    const form = slackForm(req)!;
    // Slack's certificate check (https://api.slack.com/interactivity/slash-commands): `ssl_check=1` and a legacy
    // token, to be confirmed with an empty 200 (SlackSignatureGuard lets it through unsigned).
    if (form.ssl_check === '1') {
      reply.status(200).header('cache-control', 'no-store');
      return undefined;
    }
    return this.chatops.slack(fromSlackText(form.text ?? ''), form.response_url, this.slackAsker());
  }

  /** The same answers for other bots: `{ "text": "check nginx:1.27 in prod" }`. */
  @Post('ask')
  @HttpCode(200)
  @Access('evaluate')
  @Produces('application/json', 'text/markdown')
  @ChatopsDocs.askPost
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
  @Access('evaluate')
  @Produces('application/json', 'text/markdown')
  @ChatopsDocs.askGet
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
