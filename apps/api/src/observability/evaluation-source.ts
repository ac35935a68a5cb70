import { currentScope } from '../http/request-scope.js';

/**
 * Which interface asked for an evaluation: a label of `pullwise_evaluations_total`. `warm-up` (the replica's own
 * start-up requests, health/warm-up.ts) is never a label: those evaluations are not counted.
 */
export type EvaluationSource = 'rest' | 'graphql' | 'chatops' | 'admission' | 'other' | 'warm-up';

/** The routes that evaluate, by `METHOD /fastify-pattern`. */
const SOURCES: Readonly<Record<string, EvaluationSource>> = {
  'POST /v1/evaluations': 'rest',
  'GET /v1/effective-policy': 'rest',
  'GET /graphql': 'graphql',
  'POST /graphql': 'graphql',
  'GET /v1/chatops/ask': 'chatops',
  'POST /v1/chatops/ask': 'chatops',
  'POST /v1/chatops/slack': 'chatops',
  'POST /admission/validate': 'admission',
  'POST /admission/validate/:cluster': 'admission',
  'POST /admission/mutate': 'admission',
  'POST /admission/mutate/:cluster': 'admission',
};

/** The source of a request to `route` (a Fastify pattern), or undefined when that route never evaluates. */
export function sourceOf(method: string, route: string | undefined): EvaluationSource | undefined {
  return route === undefined ? undefined : SOURCES[`${method} ${route}`];
}

/** The source of the request being handled; `other` outside an evaluating route (a script, a test). */
export function currentSource(): EvaluationSource {
  return currentScope()?.source ?? 'other';
}
