import { describe, expect, it, vi } from 'vitest';
import { AppError } from '../common/errors/app-error.js';
import type { EvaluationService } from '../evaluations/evaluations.service.js';
import type { HistoryService } from '../history/history.service.js';
import type { PolicySnapshotService } from '../snapshot/policy-snapshot.service.js';
import { ChatopsService, slackResponseUrl, type Asker } from './chatops.service.js';

const RESPONSE_URL = 'https://hooks.slack.com/commands/T1/2/abc';
const READER: Asker = { scopes: ['evaluate', 'rules:read'], holder: 'This key', remedy: () => '' };

function service(history: Partial<HistoryService> = {}, evaluations: Partial<EvaluationService> = {}) {
  const s = new ChatopsService(
    evaluations as EvaluationService,
    history as HistoryService,
    { current: { rules: [], clusters: new Map() } } as unknown as PolicySnapshotService,
  );
  (s as unknown as { logger: { error: () => void; warn: () => void } }).logger = { error: vi.fn(), warn: vi.fn() };
  return s;
}

const recorded = {
  id: 'e1',
  createdAt: '2026-01-01T00:00:00.000Z',
  verdict: 'pass',
  cluster: null,
  namespaces: ['prod'],
  source: { repository: null, commit: null, pipeline: null },
  summary: { documents: 1, workloads: 1, slots: 1, findings: { deny: 0, warn: 0, audit: 0, waived: 0 } },
  ruleVersions: [],
  createdBy: null,
  context: null,
  result: { findings: [], workloads: [], errors: [] },
};

describe('ChatopsService', () => {
  it('answers within the budget directly', async () => {
    const s = service({ get: async () => recorded });
    const post = vi.fn();
    s.post = post;
    const reply = await s.slack('why e1', RESPONSE_URL, READER);
    expect(reply.text).toContain('Evaluation e1: pass');
    expect(post).not.toHaveBeenCalled();
  });

  it('past the budget, replies "working on it" at once and posts the answer to response_url', async () => {
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const s = service({ get: () => slow.then(() => recorded) });
    s.replyBudgetMs = 5;
    const posted = new Promise<[URL, RequestInit]>((resolve) => {
      s.post = (async (url: URL, init: RequestInit) => {
        resolve([url, init]);
        return new Response(null, { status: 200 });
      }) as typeof fetch;
    });
    const reply = await s.slack('why e1', RESPONSE_URL, READER);
    expect(reply).toMatchObject({ response_type: 'ephemeral', text: 'Working on it…' });
    release();
    const [url, init] = await posted;
    expect(String(url)).toBe(RESPONSE_URL);
    expect(init.method).toBe('POST');
    expect(JSON.parse(String(init.body))).toMatchObject({
      response_type: 'ephemeral',
      replace_original: false,
      text: expect.stringContaining('Evaluation e1: pass'),
    });
  });

  it('without a usable response_url it waits for the answer (nowhere else to send it)', async () => {
    const s = service({ get: () => new Promise((r) => setTimeout(() => r(recorded), 20)) });
    s.replyBudgetMs = 1;
    s.post = vi.fn();
    const reply = await s.slack('why e1', 'https://evil.example.com/hook', READER);
    expect(reply.text).toContain('Evaluation e1');
    expect(s.post).not.toHaveBeenCalled();
  });

  it('turns refusals from the services into short answers, and unexpected errors into a generic one', async () => {
    const refused = service({
      get: async () => {
        throw new AppError('not-found', 'evaluation x does not exist');
      },
    });
    expect((await refused.answer('why x', READER)).summary).toBe('evaluation x does not exist');
    const broken = service(
      {},
      {
        effectivePolicy: () => {
          throw new TypeError('boom');
        },
      },
    );
    const answer = await broken.answer('check nginx', READER);
    expect(answer.summary).toMatch(/Something went wrong/);
    expect(JSON.stringify(answer)).not.toContain('boom');
  });

  it('rules on an unknown cluster profile says so', async () => {
    expect((await service().answer('rules prod on nowhere', READER)).summary).toBe(
      'cluster profile "nowhere" does not exist',
    );
  });
});

describe('ChatopsService scopes', () => {
  it('refuses rules and why without rules:read before reading anything, and says which scope', async () => {
    const get = vi.fn();
    const s = service({ get });
    const evaluateOnly: Asker = { scopes: ['evaluate'], holder: 'This key', remedy: (x) => `get ${x}` };
    const why = await s.answer('why e1', evaluateOnly);
    expect(why.summary).toBe('This key lacks the "rules:read" scope, which "why" needs.');
    expect(get).not.toHaveBeenCalled();
    expect((await s.answer('rules prod', evaluateOnly)).summary).toContain('"rules:read"');
    expect((await s.answer('help', { ...evaluateOnly, scopes: [] })).summary).not.toContain('scope');
    expect((await s.answer('check nginx', { ...evaluateOnly, scopes: ['rules:read'] })).summary).toContain(
      '"evaluate"',
    );
  });
});

describe('slackResponseUrl', () => {
  it.each([
    [RESPONSE_URL, true],
    ['https://hooks.slack-gov.com/commands/1/2/3', true],
    ['http://hooks.slack.com/commands/1', false],
    ['https://hooks.slack.com:8443/commands/1', false],
    ['https://hooks.slack.com.evil.example/commands/1', false],
    ['https://user@evil.example/?hooks.slack.com', false],
    ['not a url', false],
    [undefined, false],
  ])('%j → %s', (raw, ok) => {
    expect(slackResponseUrl(raw) !== undefined).toBe(ok);
  });
});
