import { type CanActivate, type ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { FastifyRequest } from 'fastify';
import { AppError } from '../common/errors/app-error.js';
import type { AppConfig } from '../config/app-config.js';
import { APP_CONFIG } from '../config/config.module.js';
import { FORM_CONTENT_TYPE, type RequestWithRawBody } from './form-body.parser.js';
import { verifySlackSignature } from './slack-signature.js';

type SlackRequest = FastifyRequest & RequestWithRawBody;

/** The urlencoded form of a Slack request, when it was sent as one (the form parser kept its raw bytes). */
export function slackForm(req: SlackRequest): Record<string, string | undefined> | undefined {
  return req.rawBody ? ((req.body ?? {}) as Record<string, string | undefined>) : undefined;
}

/**
 * Slack routes are called by Slack, which sends no API key (`@Access('public')`) but signs each request: this
 * guard lets through only a request signed with PULLWISE_SLACK_SIGNING_SECRET (slack-signature.ts), and a 404
 * when none is configured. Slack's certificate check (`ssl_check=1`, no command) asks nothing and is let through
 * unsigned, as Slack's own SDKs do, for the handler to answer with an empty 200.
 */
@Injectable()
export class SlackSignatureGuard implements CanActivate {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  canActivate(ctx: ExecutionContext): boolean {
    const secret = this.config.slackSigningSecret;
    if (!secret)
      throw new AppError(
        'not-found',
        'Slack is not configured on this server (PULLWISE_SLACK_SIGNING_SECRET is unset).',
      );
    const req = ctx.switchToHttp().getRequest<SlackRequest>();
    const form = slackForm(req);
    if (form?.ssl_check === '1') return true;
    const timestamp = req.headers['x-slack-request-timestamp'];
    const signature = req.headers['x-slack-signature'];
    if (!timestamp || !signature)
      throw new AppError('unauthorized', 'X-Slack-Request-Timestamp and X-Slack-Signature are required.');
    if (!req.rawBody || !form)
      throw new AppError(
        'unsupported-media-type',
        `Content-Type ${req.headers['content-type']?.slice(0, 100) ?? '(none)'} is not accepted; Slack sends ${FORM_CONTENT_TYPE}.`,
      );
    const verdict = verifySlackSignature({ secret, timestamp, signature, body: req.rawBody });
    if (!verdict.ok) throw new AppError('unauthorized', verdict.message);
    return true;
  }
}
