// Hostile HTTP: wrong content types, wrong methods, unacceptable Accept headers, oversized URLs and headers,
// malformed HTTP on a raw socket, slow clients, malformed percent-encoding. Answers are problem+json that name
// what was wrong and never carry Fastify's codes; plus the hardening headers and CORS behaviour.
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_TOKEN, bootTestApp, type TestApp } from '../support/test-app.js';
import { PER_CASE_MS, POD_YAML, asResult, expectNoLeak, expectProblem, type HttpResult } from './support.js';

let t: TestApp;
let port: number;

beforeAll(async () => {
  t = await bootTestApp({ env: { PULLWISE_RATE_LIMIT: '0' } });
  const server = t.app.getHttpServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
}, 120_000);
afterAll(() => t?.close());

/** Writes raw bytes on a fresh socket; resolves with the status line, headers and body received. */
function rawHttp(payload: string | Buffer, waitMs = 4_000): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const timer = setTimeout(() => socket.destroy(), waitMs);
    socket.on('data', (c) => chunks.push(c));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      const text = Buffer.concat(chunks).toString('utf8');
      const [head = '', body = ''] = text.split('\r\n\r\n');
      const [statusLine = '', ...headerLines] = head.split('\r\n');
      const status = Number(statusLine.split(' ')[1]);
      if (!status) return reject(new Error(`no HTTP response: ${JSON.stringify(text.slice(0, 200))}`));
      const headers = Object.fromEntries(
        headerLines.map((l) => [l.slice(0, l.indexOf(':')).toLowerCase(), l.slice(l.indexOf(':') + 1).trim()]),
      );
      let parsed: unknown;
      try {
        parsed = JSON.parse(body);
      } catch {
        parsed = undefined;
      }
      resolve({ status, headers, text: body, body: parsed });
    });
    socket.write(payload);
  });
}

const AUTH = `Authorization: Bearer ${ADMIN_TOKEN}\r\n`;

describe('content types', { timeout: PER_CASE_MS }, () => {
  it.each([
    ['text/plain', '/v1/evaluations'],
    ['application/xml', '/v1/evaluations'],
    ['multipart/form-data; boundary=x', '/v1/evaluations'],
    ['application/json-patch+json', '/v1/rules'],
    ['application/merge-patch+json', '/v1/rules'],
    ['image/png', '/v1/clusters'],
    ['text/html', '/v1/exceptions'],
    ['application/x-ndjson', '/v1/rules/impact'],
    ['application/octet-stream', '/v1/evaluations'],
    ['application/graphql', '/v1/chatops/ask'],
    ['text/csv', '/v1/evaluations'],
    ['application/x-yaml-but-not', '/v1/evaluations'],
  ])('%s on %s is a 415 naming the type', async (type, path) => {
    const res = asResult(await t.http().post(path).set('content-type', type).send('a: 1'));
    expectProblem(res, { status: 415, type: 'unsupported-media-type', names: [type.split(';')[0]!] }, type);
  });

  it('a body without any Content-Type is refused', async () => {
    const res = await rawHttp(
      `POST /v1/evaluations HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Length: ${POD_YAML.length}\r\nConnection: close\r\n\r\n${POD_YAML}`,
    );
    expectProblem(res, { status: [400, 415] }, 'no content type');
  });

  it('a 300-character Content-Type is named, shortened', async () => {
    const type = `application/${'x'.repeat(300)}`;
    const res = asResult(await t.http().post('/v1/evaluations').set('content-type', type).send('a'));
    const problem = expectProblem(res, { status: 415 });
    expect(problem.detail.length).toBeLessThan(400);
  });

  it.each([
    ['/v1/rules', 'name=form-rule&kind=require-digest&enforcement=warn&description=a%00b'],
    ['/v1/exceptions', 'rules=*&justification=j%00&owner=o'],
    ['/v1/chatops/ask', 'text=check%20nginx%00'],
  ])('a urlencoded body to %s with NUL is refused, never stored', async (path, form) => {
    const res = asResult(await t.http().post(path).set('content-type', 'application/x-www-form-urlencoded').send(form));
    expectProblem(res, { status: [400, 415] }, path);
  });

  it('an empty JSON body is a 400', async () => {
    const res = asResult(await t.http().post('/v1/rules').set('content-type', 'application/json').send(''));
    expectProblem(res, { status: 400, names: ['empty'] });
  });

  it('application/json with parameters other than charset is accepted', async () => {
    const res = await t
      .http()
      .post('/v1/evaluations')
      .set('content-type', 'application/json; charset=UTF-8')
      .send(JSON.stringify({ manifests: POD_YAML }));
    expect(res.status, res.text).toBe(200);
  });
});

describe('methods: 405 with Allow for a known path', { timeout: PER_CASE_MS }, () => {
  it.each([
    ['put', '/v1/evaluations', ['GET', 'POST']],
    ['delete', '/v1/evaluations', ['GET', 'POST']],
    ['patch', '/v1/rules', ['GET', 'POST']],
    ['delete', '/v1/rules', ['GET', 'POST']],
    ['put', '/v1/rules/00000000-0000-4000-8000-000000000000', ['GET', 'PATCH', 'DELETE']],
    ['post', '/v1/rules/00000000-0000-4000-8000-000000000000', ['GET', 'PATCH', 'DELETE']],
    ['post', '/healthz', ['GET']],
    ['delete', '/readyz', ['GET']],
    ['post', '/v1/effective-policy', ['GET']],
    ['patch', '/v1/evaluations/00000000-0000-4000-8000-000000000000', ['GET']],
    ['delete', '/v1/chatops/ask', ['GET', 'POST']],
    ['get', '/v1/rules/00000000-0000-4000-8000-000000000000/versions/1/restore', ['POST']],
    ['options', '/v1/rules', ['GET', 'POST']],
  ] as const)('%s %s', async (method, path, allowed) => {
    const res = asResult(await t.http()[method](path).set('content-type', 'application/json').send('{}'));
    const problem = expectProblem(res, { status: 405, type: 'method-not-allowed', names: [method.toUpperCase()] });
    const allow = String(res.headers.allow).split(/,\s*/);
    for (const m of allowed) expect(allow, `${method} ${path}`).toContain(m);
    expect(problem.detail).toContain(allowed[0]);
  });

  it.each(['/nope', '/v1', '/v1/rule', '/v1/rules/x/y/z', '/%2e%2e/etc/passwd', '/v1/evaluations/'])(
    'an unknown path %s is a 404 problem',
    async (path) => {
      const res = asResult(await t.http().get(path));
      expectProblem(res, { status: 404, type: 'not-found' }, path);
    },
  );

  it('an unknown method token on a raw socket is refused cleanly', async () => {
    const res = await rawHttp(`BREW /v1/rules HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    expectNoLeak(res.text);
  });
});

describe('Accept: 406 when nothing acceptable can be produced', { timeout: PER_CASE_MS }, () => {
  it.each([
    ['post', '/v1/evaluations', 'image/png'],
    ['post', '/v1/evaluations', 'application/pdf, image/*'],
    ['post', '/v1/evaluations', 'application/json;q=0'],
    ['get', '/v1/rules', 'text/html'],
    ['get', '/v1/rules', 'text/markdown'],
    ['get', '/v1/clusters', 'application/xml'],
    ['get', '/v1/evaluations', 'text/csv'],
    ['get', '/v1/effective-policy?image=nginx', 'image/webp'],
    ['get', '/v1/chatops/ask?q=help', 'application/xml'],
  ] as const)('%s %s with Accept: %s', async (method, path, accept) => {
    let req = t.http()[method](path).set('accept', accept);
    if (method === 'post') req = req.set('content-type', 'application/yaml').send(POD_YAML);
    const res = asResult(await req);
    expectProblem(res, { status: 406, type: 'not-acceptable', names: ['Accept'] }, `${path} ${accept}`);
  });

  it.each([
    ['*/*', /json/],
    ['application/*', /json/],
    ['', /json/],
    ['text/markdown', /markdown/],
    ['application/sarif+json', /sarif/],
    ['application/xml', /xml/],
    ['image/png, */*;q=0.1', /json/],
    ['garbage without a slash', /json/],
  ])('POST /v1/evaluations with Accept: "%s" is answered', async (accept, type) => {
    let req = t.http().post('/v1/evaluations').set('content-type', 'application/yaml');
    if (accept) req = req.set('accept', accept);
    const res = await req.send(POD_YAML);
    expect(res.status, res.text).toBe(200);
    expect(res.headers['content-type']).toMatch(type);
  });

  it('?format= wins over an Accept it cannot satisfy', async () => {
    const res = await t
      .http()
      .post('/v1/evaluations?format=markdown')
      .set('accept', 'image/png')
      .set('content-type', 'application/yaml')
      .send(POD_YAML);
    expect(res.status, res.text).toBe(200);
  });
});

describe('oversized and malformed requests', { timeout: PER_CASE_MS }, () => {
  it('a 20 KiB header is a 431 problem', async () => {
    const res = asResult(await t.http().get('/v1/rules').set('x-big', 'x'.repeat(20_000)));
    expectProblem(res, { status: 431 });
  });

  it('a 16 KiB URL is a 431 or 414 problem', async () => {
    const res = asResult(await t.http().get(`/v1/rules?x=${'y'.repeat(16_500)}`));
    expectProblem(res, { status: [414, 431] });
  });

  it('a 9,000-character URL is a 414 problem', async () => {
    const res = asResult(await t.http().get(`/v1/rules?x=${'y'.repeat(9_000)}`));
    expectProblem(res, { status: 414, names: ['URL'] });
  });

  it('a 101-character path parameter is a 414 problem without Fastify text', async () => {
    const res = asResult(await t.http().get(`/v1/rules/${'a'.repeat(101)}`));
    expectProblem(res, { status: 414 });
  });

  it.each(['/v1/rules/%E0%A4%A', '/v1/rules/%ZZ', '/v1/clusters/%', '/v1/evaluations/%C0%AF'])(
    'a malformed percent-encoding in %s is a 400 (or 404) problem',
    async (path) => {
      const res = asResult(await t.http().get(path));
      expectProblem(res, { status: [400, 404] }, path);
    },
  );

  it.each([
    ['a non-numeric Content-Length', 'Content-Length: abc\r\n', 'a'],
    ['a negative Content-Length', 'Content-Length: -5\r\n', 'a'],
    ['two different Content-Lengths', 'Content-Length: 1\r\nContent-Length: 2\r\n', 'ab'],
    ['Content-Length with Transfer-Encoding', 'Content-Length: 3\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'],
    ['a bad chunk size', 'Transfer-Encoding: chunked\r\n', 'zz\r\nabc\r\n0\r\n\r\n'],
    ['an unknown transfer coding', 'Transfer-Encoding: gzip, chunked\r\n', '0\r\n\r\n'],
  ])('%s is a 400 problem', async (name, headers, body) => {
    const res = await rawHttp(
      `POST /v1/evaluations HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Type: application/json\r\n${headers}Connection: close\r\n\r\n${body}`,
    );
    expectProblem(res, { status: [400, 413, 415] }, name);
  });

  it('a Content-Length larger than the body limit is a 413 problem before the body arrives', async () => {
    const res = await rawHttp(
      `POST /v1/evaluations HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Type: application/json\r\nContent-Length: 99999999\r\nConnection: close\r\n\r\n{`,
    );
    expectProblem(res, { status: 413 });
  });

  it('a header with an invalid character is a 400 problem', async () => {
    const res = await rawHttp(`GET /v1/rules HTTP/1.1\r\nHost: x\r\nX-Bad: a\u0001b\r\nConnection: close\r\n\r\n`);
    expectProblem(res, { status: 400 });
  });

  it('an HTTP/0.9-style request line is refused', async () => {
    const res = await rawHttp(`GET /v1/rules\r\n\r\n`).catch(() => null);
    if (res) {
      expect(res.status).toBeLessThan(500);
      expectNoLeak(res.text);
    }
  });

  it('the service still answers afterwards', async () => {
    const res = await t.http().get('/healthz');
    expect(res.status).toBe(200);
  });
});

describe('a slow client gets a 408 problem and the connection is closed', { timeout: 10_000 }, () => {
  let slow: TestApp;
  let slowPort: number;
  beforeAll(async () => {
    slow = await bootTestApp({ env: { PULLWISE_REQUEST_TIMEOUT_MS: '1000', PULLWISE_RATE_LIMIT: '0' } });
    const server = slow.app.getHttpServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    slowPort = (server.address() as AddressInfo).port;
  }, 120_000);
  afterAll(() => slow?.close());

  it('a body that never finishes', async () => {
    const started = Date.now();
    const res = await new Promise<HttpResult>((resolve, reject) => {
      const socket = connect(slowPort, '127.0.0.1');
      const chunks: Buffer[] = [];
      socket.on('data', (c) => chunks.push(c));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        const status = Number(text.split(' ')[1]);
        if (!status) return reject(new Error(`no response: ${JSON.stringify(text.slice(0, 200))}`));
        const body = text.split('\r\n\r\n')[1] ?? '';
        const type = /content-type: ([^\r]+)/i.exec(text)?.[1] ?? '';
        resolve({ status, headers: { 'content-type': type }, text: body, body: JSON.parse(body) });
      });
      socket.write(
        `POST /v1/evaluations HTTP/1.1\r\nHost: x\r\n${AUTH}Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{"manifests": `,
      );
    });
    expectProblem(res, { status: 408, type: 'timeout' });
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});

describe('hardening headers and CORS', { timeout: PER_CASE_MS }, () => {
  it('API answers carry the helmet headers and no CORS headers by default', async () => {
    const res = await t.http().get('/v1/rules').set('origin', 'https://evil.example');
    expect(res.status).toBe(200);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['x-frame-options']).toBeDefined();
    expect(res.headers['content-security-policy']).toContain("default-src 'self'");
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('problem answers carry them too', async () => {
    const res = await t.http().get('/nope');
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('a CORS preflight without configured origins gets no Access-Control headers', async () => {
    const res = await t
      .http()
      .options('/v1/rules')
      .set('origin', 'https://evil.example')
      .set('access-control-request-method', 'POST');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
  });

  it('the Swagger UI page is allowed to load its own script and styles', async () => {
    const res = await t.http().get('/docs');
    expect(res.status).toBe(200);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("img-src 'self' data:");
    // The page's scripts are files, not inline code that the policy would block.
    expect(res.text).not.toMatch(/<script>(?!\s*<\/script>)[^<]+<\/script>/);
  });

  describe('with PULLWISE_CORS_ORIGINS', () => {
    let cors: TestApp;
    beforeAll(async () => {
      cors = await bootTestApp({
        env: { PULLWISE_CORS_ORIGINS: 'https://dash.example.com', PULLWISE_RATE_LIMIT: '0' },
      });
    }, 120_000);
    afterAll(() => cors?.close());

    it('allows the configured origin', async () => {
      const res = await cors.http().get('/v1/rules').set('origin', 'https://dash.example.com');
      expect(res.headers['access-control-allow-origin']).toBe('https://dash.example.com');
    });

    it('answers a preflight from the configured origin', async () => {
      const res = await cors
        .http()
        .options('/v1/rules')
        .set('origin', 'https://dash.example.com')
        .set('access-control-request-method', 'POST');
      expect(res.status).toBeLessThan(300);
      expect(res.headers['access-control-allow-origin']).toBe('https://dash.example.com');
    });

    it('does not allow another origin', async () => {
      const res = await cors.http().get('/v1/rules').set('origin', 'https://evil.example');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });
});
