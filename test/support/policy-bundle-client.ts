// Policy as code (issue 18) as a platform team drives it: export the stored policy as a bundle, plan a bundle
// against the store, apply it; and what an apply leaves behind (policy version, rule versions, audit events).
import type { Test } from 'supertest';
import { expect } from 'vitest';
import { stringify } from 'yaml';
import type { TestApp } from './test-app.js';

const BUNDLE_HEAD = { apiVersion: 'pullwise.io/v1', kind: 'PolicyBundle' } as const;
/**
 * The Host every export is asked with. The bundle names its JSON Schema by the request's host, and supertest
 * listens on a new port for every request: a fixed Host is what one real client of one service sends.
 */
const HOST = 'pullwise.test';

export type Format = 'json' | 'yaml';
export const FORMATS: readonly Format[] = ['json', 'yaml'];

export interface BundleParts {
  rules?: Record<string, unknown>[];
  exceptions?: Record<string, unknown>[];
  clusters?: Record<string, unknown>[];
  metadata?: Record<string, unknown>;
}

/** A bundle document: the envelope and the lists given. */
export function bundle(parts: BundleParts = {}): Record<string, unknown> {
  return { ...BUNDLE_HEAD, ...parts };
}

/** The bundle as the text of `format` (YAML as a person writes it: block style, two-space indent). */
export function bundleText(doc: Record<string, unknown>, format: Format): string {
  return format === 'json' ? JSON.stringify(doc) : stringify(doc, { indent: 2 });
}

/** Sends `doc` (an object, or text already in `format`) as the body of `req`, with its Content-Type. */
function send(req: Test, doc: Record<string, unknown> | string, format: Format): Test {
  const text = typeof doc === 'string' ? doc : bundleText(doc, format);
  return req.set('content-type', format === 'json' ? 'application/json' : 'application/yaml').send(text);
}

interface Exported {
  status: number;
  text: string;
  etag: string | undefined;
  contentType: string | undefined;
  /** metadata.policyVersion, parsed from the text. */
  policyVersion: number;
}

/** GET /v1/policy in JSON or YAML; fails the test unless it answers 200. */
export async function exportPolicy(t: TestApp, format: Format = 'json'): Promise<Exported> {
  const req = t
    .http()
    .get('/v1/policy')
    .set('host', HOST)
    .set('accept', format === 'json' ? 'application/json' : 'application/yaml');
  const res = await req.buffer(true).parse((r: any, cb: any) => {
    let data = '';
    r.setEncoding('utf8');
    r.on('data', (c: string) => (data += c));
    r.on('end', () => cb(null, data));
  });
  expect(res.status, `GET /v1/policy (${format}): ${String(res.body)}`).toBe(200);
  const text = res.body as string;
  const m = /^\s*"?policyVersion"?:\s*(\d+)/m.exec(text);
  expect(m, `no metadata.policyVersion in\n${text}`).not.toBeNull();
  return {
    status: res.status,
    text,
    etag: res.headers.etag,
    contentType: res.headers['content-type'],
    policyVersion: Number(m![1]),
  };
}

/**
 * The export's text without its `policyVersion` line (the one thing two stores holding the same policy may
 * write differently). Both formats write it on a line of its own under `metadata`.
 */
export function withoutPolicyVersion(text: string): string {
  const lines = text.split('\n');
  const kept = lines.filter((l) => !/^\s*"?policyVersion"?:\s*\d+,?\s*$/.test(l));
  expect(lines.length - kept.length, 'exactly one policyVersion line').toBe(1);
  // JSON: `"metadata": {` then `}`; with the only member gone it is `"metadata": {\n  },`: same on both sides.
  return kept.join('\n');
}

interface RequestOptions {
  prune?: boolean | string;
  impact?: number | string;
  ifMatch?: string;
  format?: Format;
  /** An API key (or the admin token) to send instead of the admin token; null for none. */
  auth?: string | null;
  query?: Record<string, string>;
}

function policyRequest(t: TestApp, path: string, doc: Record<string, unknown> | string, o: RequestOptions): Test {
  const query: Record<string, string> = { ...o.query };
  if (o.prune !== undefined) query.prune = String(o.prune);
  if (o.impact !== undefined) query.impact = String(o.impact);
  let req = o.auth === null ? t.anon().post(path) : t.http().post(path);
  if (o.auth) req = req.set('authorization', `Bearer ${o.auth}`);
  req = req.query(query);
  if (o.ifMatch !== undefined) req = req.set('if-match', o.ifMatch);
  return send(req, doc, o.format ?? 'json');
}

/** POST /v1/policy/plan; the raw response. */
export function planRequest(t: TestApp, doc: Record<string, unknown> | string, o: RequestOptions = {}) {
  return policyRequest(t, '/v1/policy/plan', doc, o);
}

/** POST /v1/policy/apply; the raw response. */
export function applyRequest(t: TestApp, doc: Record<string, unknown> | string, o: RequestOptions = {}) {
  return policyRequest(t, '/v1/policy/apply', doc, o);
}

/** A plan that must succeed. */
export async function plan(t: TestApp, doc: Record<string, unknown> | string, o: RequestOptions = {}): Promise<any> {
  const res = await planRequest(t, doc, o);
  expect(res.status, `POST /v1/policy/plan: ${res.text}`).toBe(200);
  return res.body;
}

/** An apply that must succeed. */
export async function apply(t: TestApp, doc: Record<string, unknown> | string, o: RequestOptions = {}): Promise<any> {
  const res = await applyRequest(t, doc, o);
  expect(res.status, `POST /v1/policy/apply: ${res.text}`).toBe(200);
  expect(res.headers.etag).toBe(`"${res.body.policyVersion}"`);
  return res.body;
}

/** `<action> <type> <name>[ (unmanaged)]` per change, in the plan's order, for compact assertions. */
export function actions(p: { changes: any[] }): string[] {
  return p.changes.map((c) => `${c.action} ${c.type} ${c.name}${c.unmanaged ? ' (unmanaged)' : ''}`);
}

/** The policy version in the database (the PolicyVersion row). */
export async function storedPolicyVersion(t: TestApp): Promise<number> {
  const row = await t.db.prisma.policyVersion.findUnique({ where: { id: 1 } });
  return Number(row?.version ?? 0);
}

/** Everything a write leaves behind, counted: to show that a request wrote nothing. */
export async function footprint(t: TestApp) {
  const [policyVersion, ruleVersions, auditEvents, rules, exceptions, clusters, evaluations] = await Promise.all([
    storedPolicyVersion(t),
    t.db.prisma.ruleVersion.count(),
    t.db.prisma.auditEvent.count(),
    t.db.prisma.rule.count(),
    t.db.prisma.ruleException.count(),
    t.db.prisma.clusterProfile.count(),
    t.db.prisma.evaluation.count(),
  ]);
  return { policyVersion, ruleVersions, auditEvents, rules, exceptions, clusters, evaluations };
}

/** The audit events an apply of `digest` wrote (AuditEvent.via = { bundle: digest }). */
export async function auditOfBundle(t: TestApp, digest: string) {
  return t.db.prisma.auditEvent.findMany({
    where: { via: { path: ['bundle'], equals: digest } },
    orderBy: [{ at: 'asc' }, { action: 'asc' }],
  });
}

/** A new API key with `scopes`; its token. */
let keys = 0;
export async function apiKey(t: TestApp, scopes: string[]): Promise<{ token: string; actor: string }> {
  const res = await t
    .http()
    .post('/v1/api-keys')
    .send({ name: `policy-${scopes.join('-').replace(/:/g, '-')}-${++keys}`, scopes });
  expect(res.status, res.text).toBe(201);
  const who = await t.anon().get('/v1/whoami').set('authorization', `Bearer ${res.body.token}`);
  return { token: res.body.token, actor: who.status === 200 ? who.body.actor : '' };
}

/** GET /v1/rules/{id}/versions as `v<version> <change> by <changedBy>`, newest first. */
export async function ruleVersions(t: TestApp, id: string): Promise<any[]> {
  const res = await t.http().get(`/v1/rules/${id}/versions`);
  expect(res.status, res.text).toBe(200);
  return res.body.items;
}
