// The chat answer to the example command: parsed, evaluated and rendered by the functions ChatopsService and
// the chat-ops controller use (command-parser.ts, answers.ts, block-kit.ts, plain-text.ts).
import { checkAnswer } from '../../chatops/answers.js';
import { toBlockKit } from '../../chatops/block-kit.js';
import { fromSlackText, parseCommand } from '../../chatops/command-parser.js';
import { toMarkdown } from '../../chatops/plain-text.js';
import { effectivePolicyOf } from './evaluation.js';
import { SLACK_SLASH_COMMAND } from './inputs.js';

const command = parseCommand(fromSlackText(SLACK_SLASH_COMMAND.text));
if (command.kind !== 'check') throw new Error(`the example command is not a check: ${JSON.stringify(command)}`);
const answer = checkAnswer(command, effectivePolicyOf(command.image, command.namespace || 'default'));

/** The same answer as a Slack message (POST /v1/chatops/slack). */
export const SLACK_CHECK_MESSAGE = toBlockKit(answer);

/** `check nginx:1.27 in prod` with the two EVALUATION_RULES: as Block Kit blocks (Slack and POST /v1/chatops/ask). */
const CHECK_ANSWER_BLOCKS = SLACK_CHECK_MESSAGE.blocks;

/** The same answer as Markdown (`Accept: text/markdown` on /v1/chatops/ask). */
export const CHECK_ANSWER_MARKDOWN = toMarkdown(answer);

/** The same answer from /v1/chatops/ask as JSON. */
export const ASK_CHECK_RESPONSE = { text: CHECK_ANSWER_MARKDOWN, blocks: CHECK_ANSWER_BLOCKS };
