// Chat-ops (apps/api/src/chatops): the Slack slash command's form and Block Kit answer (block-kit.ts), and the
// plain-text variant for other bots (chatops.controller.ts `AskResponse`, Markdown from plain-text.ts).
import { SLACK_LIMITS } from '../../chatops/block-kit.js';
import { type JsonSchema, schemaRef } from './json-schema.js';

/** Longest command the ask endpoints take (chatops.controller.ts MAX_QUESTION). */
const MAX_QUESTION = 2000;

const slackField = (description: string, example?: string) =>
  ({ type: 'string', description, ...(example === undefined ? {} : { examples: [example] }) }) as const;

export const SlackSlashCommand = {
  type: 'object',
  description:
    'A slash command as Slack posts it (https://api.slack.com/interactivity/slash-commands#app_command_handling), ' +
    '`application/x-www-form-urlencoded` and signed. Only `text` and `response_url` are read; the other fields are ' +
    'listed because Slack sends them (they are signed with the rest, and otherwise ignored). A missing `text` is ' +
    '`help`.',
  properties: {
    command: slackField('The slash command as configured in the Slack app.', '/pullwise'),
    text: slackField(
      'What was typed after the command: `check <image> [in <namespace>] [on <cluster>] [with <policy>]`, ' +
        '`why <evaluation id>`, `rules [namespace] [on <cluster>]` or `help`. Slack link formatting ' +
        '(`<http://x.io|x.io>`) is undone.',
      'check nginx:1.27 in prod',
    ),
    response_url: {
      type: 'string',
      format: 'uri',
      description:
        'Where an answer that takes longer than 2.5 s is posted when ready (the reply is then "working on it"). ' +
        'Only https URLs on hooks.slack.com or hooks.slack-gov.com are used; any other value is ignored.',
      examples: ['https://hooks.slack.com/commands/T0001/1234/5678'],
    },
    user_id: slackField('Who typed the command.', 'U2147483697'),
    user_name: slackField('Their (legacy) user name.', 'alice'),
    team_id: slackField('The workspace.', 'T0001'),
    team_domain: slackField('The workspace domain.', 'acme'),
    enterprise_id: slackField('The Enterprise Grid organization, if any.'),
    enterprise_name: slackField('The Enterprise Grid organization name, if any.'),
    channel_id: slackField('Where the command was typed.', 'C2147483705'),
    channel_name: slackField('The channel name.', 'platform'),
    api_app_id: slackField('The Slack app.', 'A0123456789'),
    is_enterprise_install: slackField('`true` or `false`.', 'false'),
    trigger_id: slackField('For opening a modal (unused).'),
    token: slackField('The deprecated verification token (unused: requests are verified by their signature).'),
    ssl_check: {
      type: 'string',
      description:
        '`1` when Slack only checks the URL\u2019s certificate (it then sends no command): answered 200 with an ' +
        'empty body, whether signed or not.',
      examples: ['1'],
    },
  },
} as const satisfies JsonSchema;

const mrkdwn = (max: number, description: string) =>
  ({
    type: 'object',
    required: ['type', 'text'],
    properties: {
      type: { const: 'mrkdwn' },
      text: { type: 'string', maxLength: max, description },
    },
  }) as const;

export const SlackBlock = {
  description:
    'A Block Kit layout block (https://api.slack.com/reference/block-kit/blocks), within Slack\u2019s limits. ' +
    'Texts are Slack `mrkdwn` (`*bold*`, `` `code` ``; `&`, `<` and `>` escaped as `&amp;`, `&lt;`, `&gt;`).',
  oneOf: [
    {
      type: 'object',
      title: 'header',
      description: 'The title of the answer.',
      required: ['type', 'text'],
      properties: {
        type: { const: 'header' },
        text: {
          type: 'object',
          required: ['type', 'text'],
          properties: {
            type: { const: 'plain_text' },
            text: { type: 'string', maxLength: SLACK_LIMITS.headerText },
            emoji: { type: 'boolean' },
          },
        },
      },
    },
    {
      type: 'object',
      title: 'section',
      description: 'A paragraph, or a list with its title (`• ` items, `…and N more` when some were left out).',
      required: ['type', 'text'],
      properties: {
        type: { const: 'section' },
        text: mrkdwn(SLACK_LIMITS.sectionText, 'Lines separated by `\\n`.'),
      },
    },
    {
      type: 'object',
      title: 'context',
      description: 'Small print: assumptions, hints, examples.',
      required: ['type', 'elements'],
      properties: {
        type: { const: 'context' },
        elements: {
          type: 'array',
          minItems: 1,
          maxItems: SLACK_LIMITS.contextElements,
          items: mrkdwn(SLACK_LIMITS.sectionText, 'Lines separated by `\\n`.'),
        },
      },
    },
    {
      type: 'object',
      title: 'divider',
      required: ['type'],
      properties: { type: { const: 'divider' } },
    },
  ],
} as const satisfies JsonSchema;

const blocks = {
  type: 'array',
  maxItems: SLACK_LIMITS.blocks,
  items: schemaRef('SlackBlock'),
  description: `The answer as Block Kit blocks: at most ${SLACK_LIMITS.blocks}; when more would be needed, the last says how many list items were left out.`,
} as const;

export const SlackMessage = {
  type: 'object',
  description:
    'A Slack message (https://api.slack.com/interactivity/slash-commands#responding_to_commands): the answer, ' +
    'visible only to the user who typed the command.',
  required: ['response_type', 'text', 'blocks'],
  properties: {
    response_type: {
      const: 'ephemeral',
      description: '`ephemeral`: only the user who typed the command sees the answer.',
    },
    text: {
      type: 'string',
      maxLength: SLACK_LIMITS.fallback,
      description: 'One plain-text line summing up the answer: the notification and accessibility fallback.',
      examples: ['nginx:1.27 in prod: IfNotPresent; absent → pull, present → use-local; 1 finding'],
    },
    blocks,
  },
} as const satisfies JsonSchema;

export const AskRequest = {
  type: 'object',
  description:
    'A chat command, as typed after `/pullwise` in Slack, in `text` or its synonym `q` (the names of GET ' +
    '/v1/chatops/ask work here too); both is fine when they are the same, a 400 when they differ.',
  anyOf: [{ required: ['text'] }, { required: ['q'] }],
  properties: {
    text: {
      type: 'string',
      maxLength: MAX_QUESTION,
      description:
        '`check <image> [in <namespace>] [on <cluster>] [with <policy>]`, `why <evaluation id>`, ' +
        '`rules [namespace] [on <cluster>]` or `help` (also the answer to an empty text). Backticks around a word ' +
        '(code formatting, `` `nginx:1.27` ``) are not part of it.',
      examples: ['check nginx:1.27 in prod'],
    },
    q: {
      type: 'string',
      maxLength: MAX_QUESTION,
      description: 'The same as `text`.',
      examples: ['check nginx:1.27 in prod'],
    },
  },
} as const satisfies JsonSchema;

export const AskResponse = {
  type: 'object',
  description: 'The answer twice: as Markdown, and as the Block Kit blocks Slack would show.',
  required: ['text', 'blocks'],
  properties: {
    text: {
      type: 'string',
      description:
        'The answer as Markdown (CommonMark): a `###` heading, paragraphs, `-` lists, `>` notes; the same text as ' +
        'the `text/markdown` rendering.',
    },
    blocks,
  },
} as const satisfies JsonSchema;

/** The `q` query parameter of GET /v1/chatops/ask. */
export const ASK_QUERY = {
  type: 'string',
  maxLength: MAX_QUESTION,
  examples: ['check nginx:1.27 in prod'],
} as const satisfies JsonSchema;
