// Chat-ops: the Slack slash command (signed urlencoded requests, Block Kit answers) and the plain-text
// variant for other bots (POST/GET /v1/chatops/ask), over the same command parser and answers.
import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectNoStackTrace, expectProblem } from './support/evaluate-client.js';
import { bootTestApp, type TestApp } from './support/test-app.js';

const SECRET = '8f742231b10e8888abcd99yyyzzz85a5';
const MISSING_ID = '00000000-0000-4000-8000-000000000000';

/** Signs as Slack documents it, independently of the code under test. */
function sign(body: string, timestamp: number | string, secret = SECRET): string {
  return `v0=${createHmac('sha256', secret).update(`v0:${timestamp}:${body}`).digest('hex')}`;
}

function form(text: string): string {
  return new URLSearchParams({
    token: 'legacy-verification-token',
    team_id: 'T0001',
    team_domain: 'example',
    channel_id: 'C2147483705',
    channel_name: 'platform',
    user_id: 'U2147483697',
    user_name: 'alice',
    command: '/pullwise',
    text,
    response_url: 'https://hooks.slack.com/commands/1234/5678',
    trigger_id: '13345224609.738474920.8088930838d88f008e0',
  }).toString();
}

const nowSeconds = () => Math.floor(Date.now() / 1000);

let t: TestApp;
beforeAll(async () => {
  // Slack may read rules and recorded evaluations here (the default is `evaluate` alone: auth/scope-consistency).
  t = await bootTestApp({
    env: { PULLWISE_SLACK_SIGNING_SECRET: SECRET, PULLWISE_SLACK_SCOPES: 'evaluate,rules:read' },
  });
  await t
    .http()
    .post('/v1/rules')
    .send({
      name: 'prod-pull-always',
      description: 'Production pulls on every start',
      kind: 'pull-policy',
      params: { allowed: ['Always'] },
      match: { namespaces: ['prod'] },
      enforcement: 'deny',
      severity: 'high',
    })
    .expect(201);
  await t
    .http()
    .post('/v1/rules')
    .send({ name: 'no-latest', kind: 'disallowed-tags', params: { tags: ['latest'] }, enforcement: 'warn' })
    .expect(201);
});
afterAll(() => t?.close());

/** A signed slash command, as Slack sends it. */
function slack(text: string, opts: { timestamp?: number; signature?: string; body?: string } = {}) {
  const body = opts.body ?? form(text);
  const timestamp = opts.timestamp ?? nowSeconds();
  return t
    .http()
    .post('/v1/chatops/slack')
    .set('content-type', 'application/x-www-form-urlencoded')
    .set('x-slack-request-timestamp', String(timestamp))
    .set('x-slack-signature', opts.signature ?? sign(body, timestamp))
    .send(body);
}

/** Asserts a 200 ephemeral Block Kit message within Slack's limits; returns its blocks' text, joined. */
async function slackAnswer(text: string): Promise<{ body: any; all: string }> {
  const res = await slack(text);
  expect(res.status, res.text).toBe(200);
  expect(res.headers['content-type']).toMatch(/^application\/json/);
  const body = res.body;
  expect(body.response_type).toBe('ephemeral');
  expect(typeof body.text).toBe('string');
  expect(body.text.length).toBeGreaterThan(0);
  expect(Array.isArray(body.blocks)).toBe(true);
  expect(body.blocks.length).toBeGreaterThan(0);
  expect(body.blocks.length).toBeLessThanOrEqual(50);
  for (const block of body.blocks) {
    expect(['header', 'section', 'context', 'divider']).toContain(block.type);
    if (block.type === 'header') {
      expect(block.text.type).toBe('plain_text');
      expect(block.text.text.length).toBeLessThanOrEqual(150);
    }
    if (block.type === 'section') {
      expect(block.text.type).toBe('mrkdwn');
      expect(block.text.text.length).toBeLessThanOrEqual(3000);
    }
    if (block.type === 'context') {
      expect(block.elements.length).toBeLessThanOrEqual(10);
      for (const e of block.elements) expect(e.text.length).toBeLessThanOrEqual(3000);
    }
  }
  expectNoStackTrace(res.text);
  return { body, all: blockText(body.blocks) };
}

function blockText(blocks: any[]): string {
  return blocks
    .map((b) => (b.type === 'context' ? b.elements.map((e: any) => e.text).join('\n') : (b.text?.text ?? '')))
    .join('\n');
}

describe('Slack slash command: answers', () => {
  it('help lists the commands', async () => {
    const { all } = await slackAnswer('help');
    for (const usage of ['check <image>', 'why <evaluation id>', 'rules [namespace]', 'help'])
      expect(all).toContain(usage.replace('<', '&lt;').replace('>', '&gt;'));
  });

  it('empty text is help', async () => {
    const { all } = await slackAnswer('');
    expect(all).toContain('check &lt;image&gt;');
  });

  it('check nginx:1.27 in prod: effective policy and why, node behaviour, findings with enforcement and fix', async () => {
    const { body, all } = await slackAnswer('check nginx:1.27 in prod');
    expect(body.blocks[0]).toEqual({
      type: 'header',
      text: { type: 'plain_text', text: 'nginx:1.27 in prod', emoji: true },
    });
    expect(all).toContain('*Pull policy IfNotPresent* — not set; defaults to IfNotPresent because the tag is "1.27"');
    expect(all).toContain('Image not on the node: *pulls* (contacts the registry)');
    expect(all).toContain('Image already on the node: *uses the cached copy* (no registry contact)');
    expect(all).toMatch(/\*deny\* · high `prod-pull-always`: .+ — fix: set imagePullPolicy: Always/);
    expect(body.text).toContain('nginx:1.27 in prod: IfNotPresent');
  });

  it('check … with Never: a node without the image fails with ErrImageNeverPull', async () => {
    const { body, all } = await slackAnswer('check nginx:1.27 in staging with never');
    expect(body.blocks[0].text.text).toBe('nginx:1.27 in staging with Never');
    expect(all).toContain('*Pull policy Never* — set explicitly');
    expect(all).toContain('Image not on the node: *fails* with `ErrImageNeverPull` (no registry contact)');
    expect(all).not.toContain('prod-pull-always');
  });

  it('check Nginx explains InvalidImageName', async () => {
    const { all } = await slackAnswer('check Nginx');
    expect(all).toContain('*Invalid image name*');
    expect(all).toContain('must be lowercase');
    expect(all).toContain('`InvalidImageName`');
    expect(all).toContain('*fails* with `InvalidImageName`');
  });

  it('check undoes Slack link formatting of domain-like image names', async () => {
    const { body } = await slackAnswer(
      'check <http://registry.example.com/team/app|registry.example.com/team/app>:1.2 in dev',
    );
    expect(body.blocks[0].text.text).toBe('registry.example.com/team/app:1.2 in dev');
  });

  it('check with an unknown cluster profile is a short reply, not an error', async () => {
    const { all } = await slackAnswer('check nginx:1.27 in prod on nowhere');
    expect(all).toContain('cluster profile "nowhere" does not exist');
  });

  it('check without an image, or with a bad policy, answers with its usage', async () => {
    expect((await slackAnswer('check')).all).toContain('Usage: `check &lt;image&gt;');
    expect((await slackAnswer('check nginx with Sometimes')).all).toContain('Always, IfNotPresent or Never');
  });

  it('rules prod lists what applies there with enforcement and severity', async () => {
    const { body, all } = await slackAnswer('rules prod');
    expect(body.blocks[0].text.text).toBe('Rules in prod');
    expect(all).toContain('2 enabled rules apply in `prod`');
    expect(all).toContain(
      '*deny* · high `prod-pull-always` (pull-policy; allowed=Always): Production pulls on every start',
    );
    expect(all).toContain('*warn* · medium `no-latest` (disallowed-tags; tags=latest)');
    expect(all).toContain('`no-latest`');
  });

  it('rules in another namespace leaves out the prod rule; rules alone lists all', async () => {
    const staging = await slackAnswer('rules in staging');
    expect(staging.all).toContain('`no-latest`');
    expect(staging.all).not.toContain('prod-pull-always');
    const all = await slackAnswer('rules');
    expect(all.all).toContain('2 enabled rules');
    expect(all.all).toContain('`prod-pull-always`');
    expect(all.all).toContain('namespaces `prod`');
  });

  it('why <id> summarises a recorded evaluation: verdict, counts, top findings with fixes', async () => {
    const manifests = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'web', namespace: 'prod' },
      spec: { template: { spec: { containers: [{ name: 'web', image: 'nginx:1.27' }] } } },
    };
    const ev = await t.http().post('/v1/evaluations').send({ manifests, record: true }).expect(200);
    expect(ev.body.id).toBeTruthy();
    expect(ev.body.verdict).toBe('fail');
    const { body, all } = await slackAnswer(`why ${ev.body.id}`);
    expect(body.blocks[0].text.text).toBe(`Evaluation ${ev.body.id}`);
    expect(all).toContain('*Verdict: fail* — 1 deny, 0 warn, 0 audit, 0 waived');
    expect(all).toContain('1 workload, 1 image slot in `prod`');
    expect(all).toMatch(/\*deny\* · high `prod-pull-always` in `Deployment\/web` container "web": .+ — fix: /);
    expect(body.text).toContain('fail');
  });

  it('why with an unknown or malformed id is a friendly reply', async () => {
    const missing = await slackAnswer(`why ${MISSING_ID}`);
    expect(missing.all).toContain(`evaluation ${MISSING_ID} does not exist`);
    const malformed = await slackAnswer('why 42');
    expect(malformed.all).toContain('does not exist');
    expect((await slackAnswer('why')).all).toContain('Usage: `why &lt;evaluation id&gt;`');
  });

  it('an unknown command gets a short usage reply', async () => {
    const { body, all } = await slackAnswer('deploy everything');
    expect(all).toContain('I don’t know `deploy`');
    expect(all).toContain('check &lt;image&gt;');
    expect(body.text).toContain('Unknown command "deploy"');
  });
});

// Issue 13 §1: input pullwise could not judge is never answered as a pass. `check` of an image the kubelet
// cannot parse and `why` of a recorded evaluation whose verdict is error both say it could not be judged
// and name the error, in Slack's Block Kit and in the plain-text variant.
describe('answers about input that could not be judged', () => {
  const BAD_IMAGE = 'MyOrg/App:1.0';
  const PARSE_ERROR = 'repository name (App) must be lowercase';
  /** Neither the answer nor its notification text may call it a pass. */
  const NO_PASS = /\bpass(es|ed)?\b/i;
  let errorId: string;

  beforeAll(async () => {
    // A Deployment in prod with one unparsable image and one tagged image without Always (a deny finding):
    // the verdict is error, not fail and never pass.
    const manifests = {
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: { name: 'shop', namespace: 'prod' },
      spec: {
        template: {
          spec: {
            containers: [
              { name: 'app', image: BAD_IMAGE, imagePullPolicy: 'Always' },
              { name: 'proxy', image: 'nginx:1.27' },
            ],
          },
        },
      },
    };
    const ev = await t.http().post('/v1/evaluations').send({ manifests, record: true }).expect(200);
    expect(ev.body.verdict).toBe('error');
    expect(ev.body.summary.findings.deny).toBe(1);
    errorId = ev.body.id;
  });

  it('ask: check MyOrg/App:1.0 says the image could not be judged and names the parse error', async () => {
    const res = await t
      .http()
      .post('/v1/chatops/ask')
      .send({ text: `check ${BAD_IMAGE}` })
      .expect(200);
    expect(res.body.text).toContain(`### ${BAD_IMAGE} in default`);
    expect(res.body.text).toContain('**Verdict: error**');
    expect(res.body.text).toContain('could not be judged');
    expect(res.body.text).toContain(PARSE_ERROR);
    expect(res.body.text).toContain('`InvalidImageName`');
    expect(res.body.text).not.toMatch(NO_PASS);
    const md = await t
      .http()
      .post('/v1/chatops/ask')
      .set('accept', 'text/markdown')
      .send({ text: `check ${BAD_IMAGE}` })
      .expect(200);
    expect(md.text).toBe(res.body.text);
  });

  it('Slack: check MyOrg/App:1.0 in blocks and in the notification text', async () => {
    const { body, all } = await slackAnswer(`check ${BAD_IMAGE} in prod`);
    expect(body.blocks[0].text.text).toBe(`${BAD_IMAGE} in prod`);
    expect(all).toContain('*Verdict: error*');
    expect(all).toContain('could not be judged');
    expect(all).toContain(PARSE_ERROR);
    expect(all).not.toMatch(NO_PASS);
    // The notification text (what Slack shows in a push or a screen reader reads) says error too.
    expect(body.text).toContain('error');
    expect(body.text).toContain(PARSE_ERROR);
    expect(body.text).not.toMatch(NO_PASS);
  });

  it('ask: why <id> of a recorded error evaluation says error, why, and names the input error', async () => {
    const res = await t
      .http()
      .post('/v1/chatops/ask')
      .send({ text: `why ${errorId}` })
      .expect(200);
    const text: string = res.body.text;
    expect(text).toContain(`### Evaluation ${errorId}`);
    expect(text).toContain('**Verdict: error** — 1 deny, 0 warn, 0 audit, 0 waived');
    expect(text).toContain('1 input error: parts of the input could not be judged');
    expect(text).toContain('**Input errors**');
    expect(text).toMatch(/- document 0, `spec\.template\.spec\.containers\[0\]\.image`, line \d+: .*InvalidImageName/);
    expect(text).toContain(PARSE_ERROR);
    expect(text).toMatch(/`prod-pull-always` in `Deployment\/shop` container "proxy"/);
    expect(text).not.toMatch(NO_PASS);
  });

  it('Slack: why <id> of a recorded error evaluation, in blocks and in the notification text', async () => {
    const { body, all } = await slackAnswer(`why ${errorId}`);
    expect(body.blocks[0].text.text).toBe(`Evaluation ${errorId}`);
    expect(all).toContain('*Verdict: error* — 1 deny, 0 warn, 0 audit, 0 waived');
    expect(all).toContain('could not be judged');
    expect(all).toContain('*Input errors*');
    expect(all).toContain(PARSE_ERROR);
    expect(all).not.toMatch(NO_PASS);
    expect(body.text).toBe(`Evaluation ${errorId}: error (1 deny, 0 warn, 0 audit, 0 waived)`);
  });
});

describe('Slack slash command: request verification', () => {
  it('a wrong signature is 401 problem+json', async () => {
    const res = await slack('help', { signature: sign(form('help'), nowSeconds(), 'another-secret') });
    expectProblem(res, 401);
    expect(res.body.type).toBe('urn:pullwise:problem:unauthorized');
  });

  it('a signature over a different body is 401 (the raw body is what is signed)', async () => {
    const ts = nowSeconds();
    const res = await slack('', { body: form('rules'), signature: sign(form('help'), ts), timestamp: ts });
    expectProblem(res, 401);
  });

  it('a signature that is not hex of the right length is 401', async () => {
    expectProblem(await slack('help', { signature: 'v0=abc' }), 401);
    expectProblem(await slack('help', { signature: 'v1=' + 'a'.repeat(64) }), 401);
  });

  it('a timestamp more than 5 minutes old (a replay) is 401, even when correctly signed', async () => {
    const old = nowSeconds() - 5 * 60 - 30;
    const res = await slack('help', { timestamp: old });
    expectProblem(res, 401);
    expect(res.body.detail).toMatch(/5 minutes/);
  });

  it('a timestamp more than 5 minutes ahead is 401; within the window is fine', async () => {
    expectProblem(await slack('help', { timestamp: nowSeconds() + 5 * 60 + 30 }), 401);
    expect((await slack('help', { timestamp: nowSeconds() - 4 * 60 })).status).toBe(200);
  });

  it('a malformed timestamp is 401', async () => {
    const body = form('help');
    expectProblem(await slack('help', { timestamp: 'yesterday' as any, signature: sign(body, 'yesterday') }), 401);
  });

  it('missing signature headers are 401', async () => {
    const body = form('help');
    const ts = nowSeconds();
    const base = () => t.http().post('/v1/chatops/slack').set('content-type', 'application/x-www-form-urlencoded');
    expectProblem(await base().send(body), 401);
    expectProblem(await base().set('x-slack-request-timestamp', String(ts)).send(body), 401);
    expectProblem(await base().set('x-slack-signature', sign(body, ts)).send(body), 401);
  });

  it('a signed body that is not urlencoded is refused (415)', async () => {
    const body = JSON.stringify({ text: 'help' });
    const ts = nowSeconds();
    const res = await t
      .http()
      .post('/v1/chatops/slack')
      .set('content-type', 'application/json')
      .set('x-slack-request-timestamp', String(ts))
      .set('x-slack-signature', sign(body, ts))
      .send(body);
    expectProblem(res, 415);
  });
});

describe('plain-text variant: /v1/chatops/ask', () => {
  it('POST JSON answers { text: markdown, blocks }', async () => {
    const res = await t.http().post('/v1/chatops/ask').send({ text: 'check nginx:1.27 in prod' }).expect(200);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(res.body.text).toContain('### nginx:1.27 in prod');
    expect(res.body.text).toContain('**Pull policy IfNotPresent**');
    expect(res.body.text).toContain('- Image not on the node: **pulls** (contacts the registry)');
    expect(res.body.text).toMatch(/\*\*deny\*\* · high `prod-pull-always`/);
    expect(Array.isArray(res.body.blocks)).toBe(true);
    expect(res.body.blocks[0].type).toBe('header');
  });

  it('Accept: text/markdown answers Markdown itself', async () => {
    const res = await t
      .http()
      .post('/v1/chatops/ask')
      .set('accept', 'text/markdown')
      .send({ text: 'rules prod' })
      .expect(200);
    expect(res.headers['content-type']).toMatch(/^text\/markdown/);
    expect(res.text).toContain('### Rules in prod');
    expect(res.text).toContain(
      '- **deny** · high `prod-pull-always` (pull-policy; allowed=Always): Production pulls on every start',
    );
  });

  it('GET ?q= gives the same answer', async () => {
    const get = await t.http().get('/v1/chatops/ask').query({ q: 'check Nginx' }).expect(200);
    const post = await t.http().post('/v1/chatops/ask').send({ text: 'check Nginx' }).expect(200);
    expect(get.body).toEqual(post.body);
    expect(get.body.text).toContain('`InvalidImageName`');
    const md = await t.http().get('/v1/chatops/ask').query({ q: 'help' }).set('accept', 'text/markdown').expect(200);
    expect(md.text).toContain('`why <evaluation id>`');
  });

  it('why and unknown commands answer the same way as in Slack', async () => {
    const why = await t
      .http()
      .post('/v1/chatops/ask')
      .send({ text: `why ${MISSING_ID}` })
      .expect(200);
    expect(why.body.text).toContain('does not exist');
    const unknown = await t.http().post('/v1/chatops/ask').send({ text: 'frobnicate' }).expect(200);
    expect(unknown.body.text).toContain('I don’t know `frobnicate`');
  });

  it('a request without text is a 400 problem', async () => {
    expectProblem(await t.http().post('/v1/chatops/ask').send({ question: 'help' }), 400);
    expectProblem(await t.http().get('/v1/chatops/ask'), 400);
    expectProblem(
      await t
        .http()
        .post('/v1/chatops/ask')
        .send({ text: 'x'.repeat(2001) }),
      400,
    );
  });
});

// Issue 14 item 16: Slack's certificate check, code-formatted images, and one name for the question.
describe('Slack ssl_check', () => {
  // https://api.slack.com/interactivity/slash-commands: Slack occasionally POSTs `ssl_check=1` and a `token` to
  // the command URL to check its certificate; "you may ignore these requests, but please do confirm receipt", i.e.
  // an empty HTTP 200. Slack's SDKs (Bolt) answer it before verifying a signature: it carries no command.
  const check = new URLSearchParams({ ssl_check: '1', token: 'legacy-verification-token' }).toString();

  it('answers 200 with an empty body, signed or not, and runs no command', async () => {
    const unsigned = await t
      .anon()
      .post('/v1/chatops/slack')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(check);
    expect(unsigned.status).toBe(200);
    expect(unsigned.text).toBe('');
    const signed = await slack('', { body: check });
    expect(signed.status).toBe(200);
    expect(signed.text).toBe('');
  });

  it('anything else unsigned is still 401, and ssl_check=0 is an ordinary command', async () => {
    const other = new URLSearchParams({ ssl_check: '0', text: 'rules' }).toString();
    const unsigned = await t
      .anon()
      .post('/v1/chatops/slack')
      .set('content-type', 'application/x-www-form-urlencoded')
      .send(other);
    expectProblem(unsigned, 401);
    const signed = await slack('', { body: other });
    expect(signed.status).toBe(200);
    expect(JSON.stringify(signed.body)).toContain('prod-pull-always');
  });
});

describe('images in backticks, as typed in Slack', () => {
  it('check `nginx:1.27` in prod reads the image without the backticks, in Slack and over ask', async () => {
    const plain = await slackAnswer('check nginx:1.27 in prod');
    for (const text of [
      'check `nginx:1.27` in prod',
      'check ```nginx:1.27``` in `prod`',
      '`check nginx:1.27 in prod`',
    ]) {
      const quoted = await slackAnswer(text);
      expect(quoted.body, text).toEqual(plain.body);
    }
    const ask = await t.http().post('/v1/chatops/ask').send({ text: 'check ```nginx:1.27``` in prod' }).expect(200);
    expect(ask.body.text).toContain('### nginx:1.27 in prod');
    const multiline = await t
      .http()
      .post('/v1/chatops/ask')
      .send({ text: 'check ```\nnginx:1.27\n``` in prod' })
      .expect(200);
    expect(multiline.body.text).toContain('### nginx:1.27 in prod');
  });

  it('why and rules read code-formatted values too; a backtick inside a name is still refused', async () => {
    expect((await slackAnswer('rules `prod`')).all).toContain('2 enabled rules apply in `prod`');
    expect((await slackAnswer(`why \`${MISSING_ID}\``)).all).toContain(`evaluation ${MISSING_ID} does not exist`);
    expect((await slackAnswer('check ngi`nx:1.27')).all).toContain('InvalidImageName');
  });
});

describe('q and text name the same question on GET and POST /v1/chatops/ask', () => {
  it('GET takes ?text= as well as ?q=; POST takes { q } as well as { text }', async () => {
    const reference = await t.http().post('/v1/chatops/ask').send({ text: 'check nginx:1.27 in prod' }).expect(200);
    const getText = await t.http().get('/v1/chatops/ask').query({ text: 'check nginx:1.27 in prod' }).expect(200);
    expect(getText.body).toEqual(reference.body);
    const postQ = await t.http().post('/v1/chatops/ask').send({ q: 'check nginx:1.27 in prod' }).expect(200);
    expect(postQ.body).toEqual(reference.body);
    const both = await t.http().get('/v1/chatops/ask').query({ q: 'help', text: 'help' }).expect(200);
    expect(both.body.text).toContain('why <evaluation id>');
  });

  it('both given and different is a 400 naming both', async () => {
    const get = await t.http().get('/v1/chatops/ask').query({ q: 'help', text: 'rules' });
    expectProblem(get, 400);
    expect(get.body.detail).toMatch(/\bq\b.*\btext\b|\btext\b.*\bq\b/);
    expect(get.body.errors.map((e: any) => e.path).sort()).toEqual(['q', 'text']);
    const post = await t.http().post('/v1/chatops/ask').send({ text: 'help', q: 'rules' });
    expectProblem(post, 400);
    expect(post.body.errors.map((e: any) => e.path).sort()).toEqual(['q', 'text']);
  });

  it('neither is a 400 naming both; a repeated or non-string one is a 400 naming it', async () => {
    const none = await t.http().get('/v1/chatops/ask');
    expectProblem(none, 400);
    expect(none.body.detail).toContain('q');
    expect(none.body.detail).toContain('text');
    const twice = await t.http().get('/v1/chatops/ask?text=help&text=rules');
    expectProblem(twice, 400);
    expect(twice.body.errors[0].path).toMatch(/(^|\.)text$/);
    const number = await t.http().post('/v1/chatops/ask').send({ q: 42 });
    expectProblem(number, 400);
    expect(number.body.errors[0].path).toBe('q');
  });
});

describe('without a signing secret', () => {
  let bare: TestApp;
  beforeAll(async () => {
    bare = await bootTestApp();
  });
  afterAll(() => bare?.close());

  it('the Slack endpoint answers 404 problem+json, even to a signed request', async () => {
    const body = form('help');
    const ts = nowSeconds();
    const res = await bare
      .http()
      .post('/v1/chatops/slack')
      .set('content-type', 'application/x-www-form-urlencoded')
      .set('x-slack-request-timestamp', String(ts))
      .set('x-slack-signature', sign(body, ts))
      .send(body);
    expectProblem(res, 404);
    expect(res.body.type).toBe('urn:pullwise:problem:not-found');
  });

  it('the ask endpoint still answers', async () => {
    const res = await bare.http().post('/v1/chatops/ask').send({ text: 'help' }).expect(200);
    expect(res.body.text).toContain('check');
  });
});
