import { randomBytes, timingSafeEqual } from 'node:crypto';
import http from 'node:http';
import { Injectable, Logger } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Principal } from '../auth/principal.js';
import type { AppConfig } from '../config/app-config.js';
import { ADMISSION_REVIEW, EVALUATE_MANIFESTS, EVALUATE_REQUEST } from '../openapi/examples/inputs.js';

/**
 * A replica warms its hot paths before /readyz turns 200 (issue 16 "a fresh replica"): V8 runs new code in its
 * interpreter until it has seen it often, so the first few hundred evaluations and reviews after a start are
 * slower by an order of magnitude, and a replica the autoscaler adds under load would stall admission for
 * seconds. The warm-up sends the routes that matter through the whole application over its own port (HTTP
 * parsing, body parsers, hooks, guards, the engine, serialisation, socket writes), marked by a secret this process draws and
 * forgets, never recorded (no `record`, admission `dryRun`), and left out of the access log and the metrics.
 */
const WARM_UP_HEADER = 'x-pullwise-warm-up';
const WARM_UP = Symbol('pullwise.warmUp');

/** Stops after this many rounds or PULLWISE_WARM_UP_MS, whichever comes first: a start stays quick on a slow node. */
const MAX_ROUNDS = 2_000;

/** What a warm-up request may do: evaluate, as a key with that scope would. */
export const WARM_UP_PRINCIPAL: Principal = {
  kind: 'warm-up',
  id: 'warm-up',
  actor: 'warm-up',
  scopes: ['evaluate'],
};

/** True for a request the warm-up sent (marked by registerWarmUpMark). */
export function isWarmUp(req: FastifyRequest): boolean {
  return (req as unknown as Record<symbol, boolean>)[WARM_UP] === true;
}

type WarmUpSettings = Pick<AppConfig, 'warmUpMs' | 'admissionToken'>;

@Injectable()
export class WarmUp {
  private readonly logger = new Logger('WarmUp');
  private secret: Buffer | null = null;
  private running = false;

  /** Whether /readyz must wait: from `begin` (before the port opens) until the warm-up ends. */
  get warming(): boolean {
    return this.running;
  }

  /** An onRequest hook: marks requests carrying this process's secret, and only while it warms up. */
  register(fastify: FastifyInstance): void {
    fastify.addHook('onRequest', (req, _reply, done) => {
      if (this.secret !== null) {
        const sent = req.headers[WARM_UP_HEADER];
        if (typeof sent === 'string' && sent.length === this.secret.length) {
          if (timingSafeEqual(Buffer.from(sent), this.secret))
            (req as unknown as Record<symbol, boolean>)[WARM_UP] = true;
        }
      }
      done();
    });
  }

  begin(): void {
    this.running = true;
  }

  /**
   * Sends the rounds to `baseUrl` over real sockets (the HTTP parser and socket writes warm up too); never throws
   * (a failed warm-up leaves a cold but working replica, and says so).
   */
  async run(baseUrl: string, { warmUpMs, admissionToken }: WarmUpSettings): Promise<void> {
    if (warmUpMs === 0) {
      this.running = false;
      return;
    }
    this.running = true;
    this.secret = Buffer.from(randomBytes(32).toString('base64url'));
    const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });
    const started = performance.now();
    let rounds = 0;
    try {
      const marked = { [WARM_UP_HEADER]: this.secret.toString() };
      const json = { ...marked, 'content-type': 'application/json' };
      const admission = { ...json, ...(admissionToken ? { authorization: `Bearer ${admissionToken}` } : {}) };
      const review = JSON.stringify({ ...ADMISSION_REVIEW, request: { ...ADMISSION_REVIEW.request, dryRun: true } });
      const graphql = JSON.stringify({
        query: 'query($m: String!) { evaluate(input: { manifests: $m }) { verdict findings { rule fix { patch } } } }',
        variables: { m: EVALUATE_MANIFESTS },
      });
      const round: WarmUpRequest[] = [
        { method: 'POST', path: '/v1/evaluations', headers: json, body: JSON.stringify(EVALUATE_REQUEST) },
        {
          method: 'POST',
          path: '/v1/evaluations',
          headers: { ...marked, 'content-type': 'application/yaml' },
          body: EVALUATE_MANIFESTS,
        },
        { method: 'POST', path: '/admission/validate', headers: admission, body: review },
        { method: 'POST', path: '/graphql', headers: json, body: graphql },
        { method: 'GET', path: '/v1/effective-policy?image=nginx:1.27&namespace=prod', headers: marked },
      ];
      for (; rounds < MAX_ROUNDS && performance.now() - started < warmUpMs; rounds++) {
        const answers = await Promise.all(round.map((r) => send(baseUrl, agent, r)));
        const failed = answers.find((status) => status >= 400);
        if (failed) {
          this.logger.warn(`warm-up stopped after ${rounds} rounds: a request was answered ${failed}`);
          return;
        }
      }
      this.logger.log(`warmed up: ${rounds} rounds in ${Math.round(performance.now() - started)} ms`);
    } catch (err) {
      this.logger.warn(`warm-up stopped after ${rounds} rounds: ${err instanceof Error ? err.message : String(err)}`);
    } finally {
      agent.destroy();
      this.secret = null;
      this.running = false;
    }
  }
}

interface WarmUpRequest {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
}

/** One request; resolves with the status once the answer is read. */
function send(baseUrl: string, agent: http.Agent, r: WarmUpRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = r.body === undefined ? r.headers : { ...r.headers, 'content-length': Buffer.byteLength(r.body) };
    const req = http.request(new URL(r.path, baseUrl), { method: r.method, agent, headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(r.body);
  });
}
