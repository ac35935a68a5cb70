import { Injectable, Logger } from '@nestjs/common';
import { describeRuleSet, ruleKindHandler } from '#policy';
import { grants, type Scope } from '../auth/scopes.js';
import { AppError } from '../common/errors/app-error.js';
import { EvaluationService } from '../evaluations/evaluations.service.js';
import { HistoryService } from '../history/history.service.js';
import { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';
import { code, type Answer, type Line } from './answer-model.js';
import {
  allRulesAnswer,
  checkAnswer,
  helpAnswer,
  internalErrorAnswer,
  problemAnswer,
  rulesAnswer,
  scopeAnswer,
  unknownAnswer,
  usageAnswer,
  whyAnswer,
  workingAnswer,
} from './answers.js';
import { toBlockKit, type SlackMessage } from './block-kit.js';
import { parseCommand, USAGE, type Command, type CommandName } from './command-parser.js';

/** Slack wants the answer within 3 s; past this budget it gets "working on it" and the answer follows. */
const SLACK_REPLY_BUDGET_MS = 2500;

/** Where Slack's `response_url` may point (delayed answers are posted there, nowhere else). */
const SLACK_RESPONSE_HOSTS = new Set(['hooks.slack.com', 'hooks.slack-gov.com']);

/**
 * Who asks, for the scope check: a key's scopes (`/v1/chatops/ask`) or PULLWISE_SLACK_SCOPES (Slack). `holder`
 * names them in the answer when one is missing ("This key", "This Slack app").
 */
export interface Asker {
  scopes: readonly Scope[];
  holder: string;
  /** How to get `scope`, said after the refusal. */
  remedy: (scope: Scope) => string;
}

/** The scope a command reads with: the one REST and GraphQL ask for the same data (their @Access, docs/access.md). */
function scopeOf(c: Command): { command: CommandName; scope: Scope } | undefined {
  switch (c.kind) {
    case 'check':
      return { command: c.kind, scope: 'evaluate' };
    case 'rules':
    case 'why':
      return { command: c.kind, scope: 'rules:read' };
    default:
      return undefined; // help, usage and unknown-command answers read nothing
  }
}

/**
 * Answers chat commands. `check` and `rules` read only the in-memory policy snapshot; `why` reads one
 * evaluation by primary key. Problems with the question become short answers, never errors.
 */
@Injectable()
export class ChatopsService {
  private readonly logger = new Logger('Chatops');
  /** Overridable in tests. */
  replyBudgetMs = SLACK_REPLY_BUDGET_MS;
  post: typeof fetch = (input, init) => fetch(input, init);

  constructor(
    private readonly evaluations: EvaluationService,
    private readonly history: HistoryService,
    private readonly snapshot: PolicySnapshotService,
  ) {}

  async answer(text: string, asker: Asker): Promise<Answer> {
    const command = parseCommand(text);
    const needs = scopeOf(command);
    // Before any read: the answer must not tell an existing evaluation from a missing one either.
    if (needs && !grants(asker.scopes, needs.scope))
      return scopeAnswer(needs.command, needs.scope, asker.holder, asker.remedy(needs.scope));
    try {
      return await this.answerCommand(command);
    } catch (err) {
      if (err instanceof AppError) return problemAnswer(err.message, hintFor(command));
      this.logger.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
      return internalErrorAnswer();
    }
  }

  private async answerCommand(c: Command): Promise<Answer> {
    switch (c.kind) {
      case 'help':
        return helpAnswer();
      case 'unknown':
        return unknownAnswer(c.word);
      case 'invalid':
        return usageAnswer(c.command, c.problem);
      case 'check': {
        const result = this.evaluations.effectivePolicy({
          image: c.image,
          namespace: c.namespace,
          cluster: c.cluster,
          policy: c.policy,
        });
        return checkAnswer(c, result);
      }
      case 'why':
        return whyAnswer(await this.history.get(c.id));
      case 'rules': {
        const snap = this.snapshot.current;
        if (c.cluster && !snap.clusters.has(c.cluster))
          return problemAnswer(`cluster profile "${c.cluster}" does not exist`);
        if (c.namespace === undefined) return allRulesAnswer(snap.rules, (r) => ruleKindHandler(r.kind).summary);
        const applicable = describeRuleSet(snap.compiled, { namespace: c.namespace, cluster: c.cluster ?? null });
        return rulesAnswer({ namespace: c.namespace, cluster: c.cluster }, applicable);
      }
    }
  }

  /**
   * The Slack reply. Everything here is in memory or one indexed read, so the answer is normally immediate;
   * should it take longer than the budget, Slack gets "working on it" and the answer goes to `response_url`.
   */
  async slack(text: string, responseUrl: string | undefined, asker: Asker): Promise<SlackMessage> {
    const answer = this.answer(text, asker).then((a) => toBlockKit(a));
    const target = slackResponseUrl(responseUrl);
    if (!target) return answer;
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<'late'>((resolve) => {
      timer = setTimeout(() => resolve('late'), this.replyBudgetMs);
      timer.unref();
    });
    const first = await Promise.race([answer, late]);
    clearTimeout(timer);
    if (first !== 'late') return first;
    void answer.then((message) => this.postLate(target, message));
    return toBlockKit(workingAnswer());
  }

  private async postLate(url: URL, message: SlackMessage): Promise<void> {
    try {
      const res = await this.post(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ ...message, replace_original: false }),
        signal: AbortSignal.timeout(10_000),
      });
      if (!res.ok) this.logger.warn(`Slack response_url answered ${res.status}`);
    } catch (err) {
      this.logger.warn(`posting a late answer to Slack failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
}

/** Slack's `response_url`, when it is one (https on Slack's hooks host), else undefined. */
export function slackResponseUrl(raw: string | undefined): URL | undefined {
  if (!raw || !URL.canParse(raw)) return undefined;
  const url = new URL(raw);
  return url.protocol === 'https:' && SLACK_RESPONSE_HOSTS.has(url.hostname) && !url.port ? url : undefined;
}

function hintFor(c: Command): Line | undefined {
  switch (c.kind) {
    case 'why':
      return ['Only evaluations posted with ', code('"record": true'), ' have an id; ids are UUIDs.'];
    case 'check':
      return ['Usage: ', code(USAGE.check)];
    default:
      return undefined;
  }
}
