import type { IncomingMessage } from 'node:http';
import { describe, expect, it } from 'vitest';
import { EvaluationMetrics } from './evaluation-metrics.js';
import { runInScope } from '../http/request-scope.js';
import { sourceOf } from './evaluation-source.js';
import { MetricsRegistry } from './metrics.registry.js';
import { requestId } from './request-id.js';
import { SnapshotMetrics } from './snapshot-metrics.js';

/** `name{labels} value` lines of the application's metrics (not the process ones). */
async function samples(registry: MetricsRegistry): Promise<string[]> {
  return (await registry.registry.metrics()).split('\n').filter((l) => l && !l.startsWith('#'));
}

const finding = (rule: string, enforcement: 'deny' | 'warn' | 'audit', waived = false) => ({
  rule,
  enforcement,
  waived,
});

describe('EvaluationMetrics', () => {
  it('counts the evaluation under the source of the request and its findings per rule, enforcement, waiver', async () => {
    const registry = new MetricsRegistry();
    const metrics = new EvaluationMetrics(registry);
    const result = {
      verdict: 'fail' as const,
      findings: [finding('a', 'deny'), finding('a', 'deny'), finding('a', 'deny', true), finding('b', 'warn')],
    };
    expect(metrics.observe(result)).toBe(result);
    runInScope(sourceOf('POST', '/graphql')!, () => metrics.observe({ verdict: 'pass', findings: [] }));
    expect(await samples(registry)).toEqual([
      'pullwise_evaluations_total{source="other",verdict="fail"} 1',
      'pullwise_evaluations_total{source="graphql",verdict="pass"} 1',
      'pullwise_findings_total{rule="a",enforcement="deny",waived="false"} 2',
      'pullwise_findings_total{rule="a",enforcement="deny",waived="true"} 1',
      'pullwise_findings_total{rule="b",enforcement="warn",waived="false"} 1',
    ]);
  });

  it('knows which routes evaluate', () => {
    expect(sourceOf('POST', '/v1/evaluations')).toBe('rest');
    expect(sourceOf('POST', '/v1/chatops/slack')).toBe('chatops');
    expect(sourceOf('GET', '/v1/rules')).toBeUndefined();
    expect(sourceOf('GET', undefined)).toBeUndefined();
  });
});

describe('SnapshotMetrics', () => {
  it('starts both outcomes at 0 and counts rebuilds', async () => {
    const registry = new MetricsRegistry();
    const metrics = new SnapshotMetrics(registry);
    expect(await samples(registry)).toEqual([
      'pullwise_policy_snapshot_rebuilds_total{outcome="success"} 0',
      'pullwise_policy_snapshot_rebuilds_total{outcome="failure"} 0',
    ]);
    metrics.rebuilt();
    metrics.rebuilt();
    metrics.rebuildFailed();
    expect(await samples(registry)).toEqual([
      'pullwise_policy_snapshot_rebuilds_total{outcome="success"} 2',
      'pullwise_policy_snapshot_rebuilds_total{outcome="failure"} 1',
    ]);
  });
});

describe('requestId', () => {
  const req = (id?: string) => ({ headers: id === undefined ? {} : { 'x-request-id': id } }) as IncomingMessage;
  it.each(['abc', 'ci-run_42.7', 'A'.repeat(128)])('keeps %s', (id) => expect(requestId(req(id))).toBe(id));
  it.each(['', 'A'.repeat(129), 'a b', 'a\u00e9', 'x;y', '../x"'])('replaces %j with a UUID', (id) => {
    expect(requestId(req(id))).toMatch(/^[0-9a-f-]{36}$/);
  });
  it('makes a new UUID for each request without one', () => {
    expect(requestId(req())).not.toBe(requestId(req()));
  });
});
