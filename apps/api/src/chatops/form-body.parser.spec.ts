import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { FORM_CONTENT_TYPE, parseForm, registerFormParser, type RequestWithRawBody } from './form-body.parser.js';

describe('parseForm', () => {
  it('decodes fields; the first of repeated fields wins; __proto__ is dropped', () => {
    const form = parseForm('text=check+nginx%3A1.27+in+prod&a=1&a=2&__proto__=x&command=%2Fpullwise&empty=');
    expect({ ...form }).toEqual({ text: 'check nginx:1.27 in prod', a: '1', command: '/pullwise', empty: '' });
    expect(Object.getPrototypeOf(form)).toBeNull();
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });
});

describe('registerFormParser', () => {
  it('replaces an existing urlencoded parser and keeps the raw bytes on the request', async () => {
    const app = Fastify();
    app.addContentTypeParser(FORM_CONTENT_TYPE, (_req, _payload, done) => done(null, 'old parser'));
    registerFormParser(app);
    app.post('/', async (req) => ({ body: req.body, raw: (req as RequestWithRawBody).rawBody?.toString('utf8') }));
    const payload = 'text=why%20%C3%A9t%C3%A9&x=1';
    const res = await app.inject({
      method: 'POST',
      url: '/',
      headers: { 'content-type': `${FORM_CONTENT_TYPE}; charset=utf-8` },
      payload,
    });
    expect(res.json()).toEqual({ body: { text: 'why été', x: '1' }, raw: payload });
    await app.close();
  });
});
