import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { ENFORCEMENTS, type Finding, type Verdict } from '#policy';
import { currentSource } from './evaluation-source.js';
import { METRIC_PREFIX, MetricsRegistry } from './metrics.registry.js';

/** What is counted of an evaluation (an EvaluationResult is one). */
export interface Evaluated {
  verdict: Verdict;
  findings: readonly Pick<Finding, 'rule' | 'enforcement' | 'waived'>[];
}

/**
 * Evaluations by interface and verdict, findings by rule, enforcement and waiver. Rule names are bounded by
 * the stored rules (a deleted rule's series stays until the process restarts); no other input reaches a label.
 */
@Injectable()
export class EvaluationMetrics {
  private readonly evaluations: Counter<'source' | 'verdict'>;
  private readonly findings: Counter<'rule' | 'enforcement' | 'waived'>;

  constructor(metrics: MetricsRegistry) {
    const registers = [metrics.registry];
    this.evaluations = new Counter({
      name: `${METRIC_PREFIX}evaluations_total`,
      help: 'Policy evaluations (manifest bundles and single-image questions), by interface and verdict.',
      labelNames: ['source', 'verdict'],
      registers,
    });
    this.findings = new Counter({
      name: `${METRIC_PREFIX}findings_total`,
      help: 'Findings of evaluations, by rule, enforcement and whether an exception waived them.',
      labelNames: ['rule', 'enforcement', 'waived'],
      registers,
    });
  }

  /**
   * Counts one evaluation and its findings; returns `result` so the call can wrap the expression that makes
   * it. Findings are tallied per rule first, so a large result costs one counter update per rule, not per
   * finding.
   */
  observe<T extends Evaluated>(result: T): T {
    const source = currentSource();
    if (source !== 'warm-up') this.evaluations.inc({ source, verdict: result.verdict });
    if (result.findings.length === 0) return result;
    // Per rule: [deny, warn, audit] unwaived, then the same waived.
    const tally = new Map<string, number[]>();
    for (const f of result.findings) {
      let counts = tally.get(f.rule);
      if (!counts) tally.set(f.rule, (counts = [0, 0, 0, 0, 0, 0]));
      counts[ENFORCEMENTS.indexOf(f.enforcement) + (f.waived ? 3 : 0)]!++;
    }
    for (const [rule, counts] of tally)
      for (let i = 0; i < counts.length; i++)
        if (counts[i]! > 0)
          this.findings.inc({ rule, enforcement: ENFORCEMENTS[i % 3]!, waived: String(i >= 3) }, counts[i]!);
    return result;
  }
}
