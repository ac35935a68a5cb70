import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { registerHandlerDeadline } from './handler-deadline.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('handler deadline', () => {
  const app = Fastify();
  registerHandlerDeadline(app, 100);
  let lateAnswers = 0;
  app.get('/slow', async () => {
    await sleep(300);
    lateAnswers++;
    return { late: true };
  });
  app.get('/fast', async () => ({ ok: true }));

  it('answers the timeout problem when the handler has not answered in time, and drops the late answer', async () => {
    const t0 = performance.now();
    const res = await app.inject({ method: 'GET', url: '/slow' });
    expect(performance.now() - t0).toBeLessThan(280);
    expect(res.statusCode).toBe(503);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(res.json()).toMatchObject({ status: 503, detail: expect.stringMatching(/PULLWISE_REQUEST_TIMEOUT_MS/) });
    await sleep(300);
    expect(lateAnswers).toBe(1); // the handler ran to its end; its answer went nowhere
  });

  it('leaves answers in time alone', async () => {
    const res = await app.inject({ method: 'GET', url: '/fast' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ ok: true });
  });
});
