import type { PullPolicy } from '#k8s';

/**
 * The chat-ops command language, shared by the Slack slash command and the plain-text endpoint:
 *
 *   check <image> [in <namespace>] [on <cluster>] [with <policy>]
 *   why <evaluation id>
 *   rules [<namespace> | in <namespace>] [on <cluster>]
 *   help
 *
 * Pure: no services, no I/O. Keywords are case-insensitive, values are kept as written (less the backticks of
 * code formatting around a word, as people type names in Slack).
 */
export type Command =
  | { kind: 'help' }
  | { kind: 'check'; image: string; namespace?: string; cluster?: string; policy?: PullPolicy }
  | { kind: 'why'; id: string }
  | { kind: 'rules'; namespace?: string; cluster?: string }
  /** A known command used wrongly: `problem` says what is wrong, in one sentence. */
  | { kind: 'invalid'; command: CommandName; problem: string }
  | { kind: 'unknown'; word: string };

export type CommandName = 'check' | 'why' | 'rules' | 'help';

export const USAGE: Record<CommandName, string> = {
  check: 'check <image> [in <namespace>] [on <cluster>] [with <policy>]',
  why: 'why <evaluation id>',
  rules: 'rules [namespace] [on <cluster>]',
  help: 'help',
};

const POLICIES: Record<string, PullPolicy> = { always: 'Always', ifnotpresent: 'IfNotPresent', never: 'Never' };

type Keyword = 'in' | 'on' | 'with';
const KEYWORD_VALUE: Record<Keyword, string> = { in: 'a namespace', on: 'a cluster profile', with: 'a pull policy' };

export function parseCommand(input: string): Command {
  const [first, ...rest] = input.trim().split(/\s+/).map(uncode).filter(Boolean);
  if (first === undefined) return { kind: 'help' };
  const word = first.toLowerCase();
  switch (word) {
    case 'help':
    case '?':
      return { kind: 'help' };
    case 'check':
      return parseCheck(rest);
    case 'why':
      return parseWhy(rest);
    case 'rules':
      return parseRules(rest);
    default:
      return { kind: 'unknown', word: first.slice(0, 40) };
  }
}

/**
 * A word without the backticks of Slack's code formatting around it: `` `nginx:1.27` ``, ```` ```nginx:1.27``` ````
 * (also a fence split over lines or words, e.g. ```` ``` nginx:1.27 ``` ````: a word of backticks alone is dropped).
 * A backtick inside a word is kept, so that the name is refused as written.
 */
function uncode(word: string): string {
  return word.replace(/^`+|`+$/g, '');
}

function parseCheck(args: string[]): Command {
  const invalid = (problem: string): Command => ({ kind: 'invalid', command: 'check', problem });
  const [image, ...rest] = args;
  if (image === undefined) return invalid('Name the image to check, e.g. `check nginx:1.27 in prod`.');
  if (isKeyword(image)) return invalid(`Name the image first, then "${image.toLowerCase()} …".`);
  const opts = keywordPairs(rest, ['in', 'on', 'with']);
  if (typeof opts === 'string') return invalid(opts);
  const cmd: Command = { kind: 'check', image };
  if (opts.in !== undefined) cmd.namespace = opts.in;
  if (opts.on !== undefined) cmd.cluster = opts.on;
  if (opts.with !== undefined) {
    const policy = POLICIES[opts.with.toLowerCase()];
    if (!policy) return invalid(`"with" takes a pull policy: Always, IfNotPresent or Never (got "${opts.with}").`);
    cmd.policy = policy;
  }
  return cmd;
}

function parseWhy(args: string[]): Command {
  if (args.length === 0)
    return { kind: 'invalid', command: 'why', problem: 'Give the id of a recorded evaluation, e.g. `why 0b7c…`.' };
  if (args.length > 1)
    return { kind: 'invalid', command: 'why', problem: `"why" takes one evaluation id, not ${args.length} words.` };
  return { kind: 'why', id: args[0]! };
}

function parseRules(args: string[]): Command {
  let rest = args;
  let namespace: string | undefined;
  if (rest[0] !== undefined && !isKeyword(rest[0])) [namespace, ...rest] = rest;
  const opts = keywordPairs(rest, namespace === undefined ? ['in', 'on'] : ['on']);
  if (typeof opts === 'string') return { kind: 'invalid', command: 'rules', problem: opts };
  namespace ??= opts.in;
  const cmd: Command = { kind: 'rules' };
  if (namespace !== undefined) cmd.namespace = namespace;
  if (opts.on !== undefined) cmd.cluster = opts.on;
  return cmd;
}

function isKeyword(token: string): token is Keyword {
  return Object.hasOwn(KEYWORD_VALUE, token.toLowerCase());
}

/** `in prod on eu-1` → { in: 'prod', on: 'eu-1' }; a string is the problem with the words. */
function keywordPairs(tokens: string[], allowed: Keyword[]): Partial<Record<Keyword, string>> | string {
  const out: Partial<Record<Keyword, string>> = {};
  for (let i = 0; i < tokens.length; i += 2) {
    const token = tokens[i]!;
    const key = token.toLowerCase() as Keyword;
    if (!allowed.includes(key)) return `Unexpected "${token.slice(0, 40)}".`;
    if (out[key] !== undefined) return `"${key}" is given twice.`;
    const value = tokens[i + 1];
    if (value === undefined || isKeyword(value)) return `"${key}" needs ${KEYWORD_VALUE[key]} after it.`;
    out[key] = value;
  }
  return out;
}

/**
 * Undoes Slack's formatting of the `text` field: `&amp; &lt; &gt;` escapes, and links it may have made of
 * names that look like domains (`<http://registry.example.com/app|registry.example.com/app>`).
 */
export function fromSlackText(text: string): string {
  return text
    .replace(/<([^<>|]*)\|([^<>]*)>/g, '$2')
    .replace(/<(?:https?:\/\/|mailto:)?([^<>]*)>/g, '$1')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
}
