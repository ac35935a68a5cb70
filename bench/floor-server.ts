// The floor for HTTP benchmarks: a bare Fastify server that reads the same body, parses it with the same
// YAML library, and returns a fixed reply. Whatever pullwise costs on top of this is its own.
import Fastify from 'fastify';
import { parseAllDocuments } from 'yaml';

const app = Fastify({ bodyLimit: 50 * 1024 * 1024 });
app.addContentTypeParser(['application/yaml'], { parseAs: 'string', bodyLimit: 50 * 1024 * 1024 }, (_req, body, done) =>
  done(null, body),
);
app.post('/v1/evaluations', async (req) => {
  const docs = parseAllDocuments(req.body as string, { merge: true });
  return { verdict: 'pass', documents: Array.isArray(docs) ? docs.length : 1 };
});
await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
process.send?.('ready');
