import { describe, expect, it } from 'vitest';
import { fromSlackText, parseCommand, type Command } from './command-parser.js';

const invalid = (command: string, problem: RegExp | string) => ({
  kind: 'invalid',
  command,
  problem: typeof problem === 'string' ? expect.stringContaining(problem) : expect.stringMatching(problem),
});

describe('parseCommand', () => {
  it.each<[string, Command | ReturnType<typeof invalid>]>([
    ['', { kind: 'help' }],
    ['   ', { kind: 'help' }],
    ['help', { kind: 'help' }],
    ['HELP me', { kind: 'help' }],
    ['?', { kind: 'help' }],

    ['check nginx:1.27', { kind: 'check', image: 'nginx:1.27' }],
    ['check nginx:1.27 in prod', { kind: 'check', image: 'nginx:1.27', namespace: 'prod' }],
    ['Check  nginx:1.27   IN prod', { kind: 'check', image: 'nginx:1.27', namespace: 'prod' }],
    ['check nginx on eu-1', { kind: 'check', image: 'nginx', cluster: 'eu-1' }],
    [
      'check ghcr.io/acme/app@sha256:abc in payments on eu-1 with Never',
      { kind: 'check', image: 'ghcr.io/acme/app@sha256:abc', namespace: 'payments', cluster: 'eu-1', policy: 'Never' },
    ],
    ['check nginx on eu-1 in prod', { kind: 'check', image: 'nginx', namespace: 'prod', cluster: 'eu-1' }],
    ['check nginx with ifnotpresent', { kind: 'check', image: 'nginx', policy: 'IfNotPresent' }],
    ['check nginx with ALWAYS', { kind: 'check', image: 'nginx', policy: 'Always' }],
    ['check Nginx', { kind: 'check', image: 'Nginx' }],
    ['check\tnginx\nin\tprod', { kind: 'check', image: 'nginx', namespace: 'prod' }],
    ['check', invalid('check', 'Name the image')],
    ['check in prod', invalid('check', 'Name the image first')],
    ['check nginx in', invalid('check', '"in" needs a namespace')],
    ['check nginx in on eu-1', invalid('check', '"in" needs a namespace')],
    ['check nginx in prod in dev', invalid('check', '"in" is given twice')],
    ['check nginx prod', invalid('check', 'Unexpected "prod"')],
    ['check nginx with Sometimes', invalid('check', 'Always, IfNotPresent or Never (got "Sometimes")')],
    ['check nginx on', invalid('check', '"on" needs a cluster profile')],

    ['why 0b7c5f7e-4d0a-4c55-9a53-5f4c3b8a2e10', { kind: 'why', id: '0b7c5f7e-4d0a-4c55-9a53-5f4c3b8a2e10' }],
    ['WHY abc', { kind: 'why', id: 'abc' }],
    ['why', invalid('why', 'Give the id')],
    ['why a b', invalid('why', 'one evaluation id, not 2 words')],

    ['rules', { kind: 'rules' }],
    ['rules prod', { kind: 'rules', namespace: 'prod' }],
    ['rules in prod', { kind: 'rules', namespace: 'prod' }],
    ['rules prod on eu-1', { kind: 'rules', namespace: 'prod', cluster: 'eu-1' }],
    ['rules on eu-1', { kind: 'rules', cluster: 'eu-1' }],
    ['rules in prod on eu-1', { kind: 'rules', namespace: 'prod', cluster: 'eu-1' }],
    ['rules prod in dev', invalid('rules', 'Unexpected "in"')],
    ['rules prod staging', invalid('rules', 'Unexpected "staging"')],
    ['rules in', invalid('rules', '"in" needs a namespace')],
    ['rules prod with Never', invalid('rules', 'Unexpected "with"')],

    // Code formatting as typed in Slack: the backticks around a word are not part of it.
    ['check `nginx:1.27` in prod', { kind: 'check', image: 'nginx:1.27', namespace: 'prod' }],
    ['check ```nginx:1.27``` in `prod`', { kind: 'check', image: 'nginx:1.27', namespace: 'prod' }],
    ['`check nginx:1.27 in prod`', { kind: 'check', image: 'nginx:1.27', namespace: 'prod' }],
    ['check ```\nnginx:1.27\n``` on `eu-1`', { kind: 'check', image: 'nginx:1.27', cluster: 'eu-1' }],
    ['check ngi`nx', { kind: 'check', image: 'ngi`nx' }],
    ['why `abc`', { kind: 'why', id: 'abc' }],
    ['check ``` ```', invalid('check', 'Name the image')],

    ['deploy everything', { kind: 'unknown', word: 'deploy' }],
    ['Check-nginx', { kind: 'unknown', word: 'Check-nginx' }],
    [`${'x'.repeat(100)}`, { kind: 'unknown', word: 'x'.repeat(40) }],
  ])('%j', (text, expected) => {
    expect(parseCommand(text)).toEqual(expected);
  });

  it('never throws, whatever the text', () => {
    for (const text of ['check '.repeat(50), 'in on with', '\u0000', 'rules '.repeat(3), 'why\u00a0x', '🙂'])
      expect(() => parseCommand(text)).not.toThrow();
  });
});

describe('fromSlackText', () => {
  it.each([
    ['check nginx:1.27 in prod', 'check nginx:1.27 in prod'],
    ['check <http://registry.example.com/app|registry.example.com/app>:1.2', 'check registry.example.com/app:1.2'],
    ['check <https://ghcr.io/acme/app>', 'check ghcr.io/acme/app'],
    ['why &lt;id&gt; &amp;', 'why <id> &'],
    ['&amp;lt;', '&lt;'],
  ])('%j → %j', (text, expected) => {
    expect(fromSlackText(text)).toBe(expected);
  });
});
