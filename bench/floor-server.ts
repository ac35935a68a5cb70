// The floor for HTTP benchmarks: a bare Fastify server (the same fastify package the service runs on) that reads
// the same body, parses it with the same YAML library (yaml's parseAllDocuments: lexer, parser and composer, as
// the engine runs them), and returns a fixed reply. Whatever pullwise costs on top of this is its own.
// Bodies: raw YAML (application/yaml), or JSON (Fastify's JSON parser) whose `manifests` is YAML text (parsed)
// or objects (already parsed by JSON.parse). GET /healthz answers when it listens.
import Fastify from 'fastify';
import { parseAllDocuments } from 'yaml';

const LIMIT = 50 * 1024 * 1024;
const app = Fastify({ bodyLimit: LIMIT });
app.addContentTypeParser(['application/yaml'], { parseAs: 'string', bodyLimit: LIMIT }, (_req, body, done) =>
  done(null, body),
);

function documents(body: unknown): number {
  const text = typeof body === 'string' ? body : (body as { manifests?: unknown } | null)?.manifests;
  if (typeof text !== 'string') return Array.isArray(text) ? text.length : 1;
  const docs = parseAllDocuments(text, { merge: true });
  return Array.isArray(docs) ? docs.length : 1;
}

app.post('/v1/evaluations', async (req) => ({ verdict: 'pass', documents: documents(req.body) }));
app.get('/healthz', async () => ({ status: 'ok' }));
await app.listen({ port: Number(process.env.PORT), host: process.env.HOST ?? '127.0.0.1' });
process.send?.('ready');
