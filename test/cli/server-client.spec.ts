// Online mode against a stand-in fetch: what the CLI sends (body, headers, CI defaults) and how it reports
// server errors. The real server is exercised in test/cli-online.e2e-spec.ts.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES, artifactOf, runCli } from './cli-harness.js';

interface Sent {
  url: string;
  headers: Record<string, string>;
  body: any;
}

/** A fetch that records requests and answers each with `answer`. */
function fakeServer(answer: (sent: Sent) => Response | Promise<Response>) {
  const sent: Sent[] = [];
  const fetch = (async (url: URL, init: RequestInit) => {
    const s = {
      url: String(url),
      headers: init.headers as Record<string, string>,
      body: JSON.parse(String(init.body)),
    };
    sent.push(s);
    return answer(s);
  }) as unknown as typeof globalThis.fetch;
  return { sent, fetch };
}

const json = (status: number, body: unknown, type = 'application/json') =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': type } });

/** The offline result for a file, standing in for the server's answer. */
async function resultFor(file: string) {
  const r = await runCli(['check', '-f', file, '--rules', 'rules.yaml']);
  return { ...JSON.parse(r.stdout), id: 'ev-1' };
}

describe('requests', () => {
  it('one POST per file with the manifests text, context, cluster, record, source and the bearer token', async () => {
    const server = fakeServer(async () => json(200, await resultFor('tree/a-pass.yaml')));
    const r = await runCli(
      [
        'check',
        '-f',
        'tree',
        '--cluster',
        'prod',
        '-n',
        'shop',
        '--kubelet-version',
        '1.33',
        '--admission-plugins',
        'AlwaysPullImages, PodSecurity',
        '--record',
        '--commit',
        'abc123',
      ],
      {
        fetch: server.fetch,
        env: {
          PULLWISE_SERVER: 'https://pullwise.example.com/base/',
          PULLWISE_TOKEN: 'secret-token',
          GITHUB_REPOSITORY: 'acme/shop',
          GITHUB_SHA: 'from-env',
          GITHUB_SERVER_URL: 'https://github.com',
          GITHUB_RUN_ID: '42',
        },
      },
    );
    expect(r.code).toBe(0);
    expect(server.sent).toHaveLength(3);
    const first = server.sent[0]!;
    expect(first.url).toBe('https://pullwise.example.com/base/v1/evaluations');
    expect(first.headers).toMatchObject({
      authorization: 'Bearer secret-token',
      'content-type': 'application/json',
      accept: expect.stringContaining('application/json'),
    });
    expect(first.body).toEqual({
      manifests: await readFile(path.join(FIXTURES, 'tree/a-pass.yaml'), 'utf8'),
      cluster: 'prod',
      context: { namespace: 'shop', kubeletVersion: '1.33', admissionPlugins: ['AlwaysPullImages', 'PodSecurity'] },
      record: true,
      source: { repository: 'acme/shop', commit: 'abc123', pipeline: 'https://github.com/acme/shop/actions/runs/42' },
    });
    expect(r.stderr).not.toContain('secret-token');
  });

  it('--server and --token win over the environment; GitLab variables fill the source; no token, no header', async () => {
    const server = fakeServer(async () => json(200, await resultFor('tree/a-pass.yaml')));
    await runCli(['check', '-f', 'tree/a-pass.yaml', '--server', 'http://flag:8080'], {
      fetch: server.fetch,
      env: {
        PULLWISE_SERVER: 'http://env',
        CI_PROJECT_PATH: 'group/app',
        CI_COMMIT_SHA: 'c0ffee',
        CI_PIPELINE_URL: 'https://gitlab.example.com/p/1',
      },
    });
    expect(server.sent[0]!.url).toBe('http://flag:8080/v1/evaluations');
    expect(server.sent[0]!.headers.authorization).toBeUndefined();
    expect(server.sent[0]!.body).toEqual({
      manifests: expect.any(String),
      source: { repository: 'group/app', commit: 'c0ffee', pipeline: 'https://gitlab.example.com/p/1' },
    });
  });

  it("renders the server's result locally: the evaluation id reaches SARIF, exit code from its verdict", async () => {
    const server = fakeServer(async () => json(200, await resultFor('tree/nested/c-fail.yml')));
    const r = await runCli(['check', '-f', 'tree/nested/c-fail.yml', '--server', 'http://s', '--format', 'sarif'], {
      fetch: server.fetch,
    });
    expect(r.code).toBe(1);
    const run = JSON.parse(r.stdout).runs[0];
    expect(run.properties.evaluationId).toBe('ev-1');
    expect(run.artifacts[0].location.uri).toBe(artifactOf('tree/nested/c-fail.yml'));
  });
});

describe('server errors exit 2 and print the problem', () => {
  it('problem+json: title, detail and each error with document, path and line', async () => {
    const server = fakeServer(() =>
      json(
        400,
        {
          type: 'urn:pullwise:problem:invalid-input',
          title: 'Invalid input',
          status: 400,
          detail: 'The request body is not valid',
          errors: [
            { path: 'context.kubeletVersion', message: 'unsupported' },
            { document: 1, path: 'spec.containers[0].image', line: 12, message: 'bad image' },
          ],
        },
        'application/problem+json; charset=utf-8',
      ),
    );
    const r = await runCli(['check', '-f', 'tree', '--server', 'http://s'], { fetch: server.fetch });
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      [
        'pullwise: Invalid input: The request body is not valid',
        '  context.kubeletVersion: unsupported',
        '  document 1, spec.containers[0].image, line 12: bad image',
        '  (while checking tree/a-pass.yaml)',
        '',
      ].join('\n'),
    );
    expect(server.sent).toHaveLength(1);
  });

  it('a non-JSON error page: the status line and the start of the body', async () => {
    const server = fakeServer(
      () => new Response('<html>bad gateway</html>', { status: 502, statusText: 'Bad Gateway' }),
    );
    const r = await runCli(['check', '-f', 'tree/a-pass.yaml', '--server', 'http://s'], { fetch: server.fetch });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toBe('pullwise: HTTP 502 Bad Gateway: <html>bad gateway</html>\n');
  });

  it('a 200 that is not an evaluation result', async () => {
    const server = fakeServer(() => json(200, { hello: 'world' }));
    const r = await runCli(['check', '-f', 'tree/a-pass.yaml', '--server', 'http://s'], { fetch: server.fetch });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^pullwise: Unexpected answer: http:\/\/s\/v1\/evaluations did not answer/);
  });

  it('a transport failure names the server and the cause', async () => {
    const fetch = (async () => {
      throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    }) as unknown as typeof globalThis.fetch;
    const r = await runCli(['check', '-f', 'tree/a-pass.yaml', '--server', 'http://127.0.0.1:9'], { fetch });
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr: 'pullwise: Cannot reach server: http://127.0.0.1:9: ECONNREFUSED\n',
    });
  });

  it('a timeout', async () => {
    const fetch = ((_url: URL, init: RequestInit) =>
      new Promise((_resolve, reject) => {
        init.signal!.addEventListener('abort', () => reject(init.signal!.reason));
      })) as unknown as typeof globalThis.fetch;
    const r = await runCli(['check', '-f', 'tree/a-pass.yaml', '--server', 'http://s', '--timeout', '0.05'], { fetch });
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('pullwise: Timed out: http://s did not answer within 0.05 s\n');
  });
});
