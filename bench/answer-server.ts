// A bare server that answers POST /v1/evaluations with pullwise's own answer (issue 16's floor for (a)): it reads
// the JSON body, parses it, and sends JSON.stringify of the answer object read from ANSWER_FILE at start.
// ANSWER_SERVER=node: node:http alone; fastify: a bare Fastify 5 (the package the service runs on).
// GET /healthz answers when it listens.
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import Fastify from 'fastify';

const answer: unknown = JSON.parse(readFileSync(process.env.ANSWER_FILE!, 'utf8'));
const port = Number(process.env.PORT);
const host = process.env.HOST ?? '127.0.0.1';

if (process.env.ANSWER_SERVER === 'node') {
  const server = createServer((req, res) => {
    if (req.method === 'GET' && req.url === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      JSON.parse(Buffer.concat(chunks).toString('utf8'));
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer));
    });
  });
  server.keepAliveTimeout = 60_000;
  server.listen(port, host, () => process.send?.('ready'));
} else {
  const app = Fastify();
  app.post('/v1/evaluations', async () => answer);
  app.get('/healthz', async () => ({ status: 'ok' }));
  await app.listen({ port, host });
  process.send?.('ready');
}
