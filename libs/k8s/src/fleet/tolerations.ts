import type { NodeTaint, Toleration } from './fleet-types.js';
import { parseInt64 } from './int64.js';

/*
 * Taints and tolerations, ported from Kubernetes:
 * - staging/src/k8s.io/api/core/v1/toleration.go (Toleration.ToleratesTaint, compareNumericValues);
 * - staging/src/k8s.io/component-helpers/scheduling/corev1/helpers.go (TolerationsTolerateTaint,
 *   FindMatchingUntoleratedTaint);
 * - pkg/controller/daemon/util/daemonset_util.go (AddOrUpdateDaemonPodTolerations).
 */

/** v1.TaintNodeUnschedulable: the taint a cordon stands for (node.Spec.Unschedulable). */
export const TAINT_NODE_UNSCHEDULABLE = 'node.kubernetes.io/unschedulable';

export interface TolerationOptions {
  /**
   * Whether the `Lt`/`Gt` toleration operators compare numbers (KEP-5471, alpha in v1.35 behind the feature gate
   * TaintTolerationComparisonOperators, off by default). Off, such a toleration tolerates nothing, as upstream
   * (toleration.go rule 5). Default false.
   */
  comparisonOperators?: boolean;
}

/**
 * Whether one toleration tolerates one taint: an empty effect matches every effect, an empty key every key (with
 * `Exists`: the whole "tolerate everything" toleration), operator '' means `Equal`, any other operator nothing.
 */
export function toleratesTaint(toleration: Toleration, taint: NodeTaint, options: TolerationOptions = {}): boolean {
  if (toleration.effect !== '' && toleration.effect !== taint.effect) return false;
  if (toleration.key !== '' && toleration.key !== taint.key) return false;
  switch (toleration.operator) {
    case '':
    case 'Equal':
      return toleration.value === taint.value;
    case 'Exists':
      return true;
    case 'Lt':
    case 'Gt':
      return (
        options.comparisonOperators === true && compareNumericValues(toleration.value, taint.value, toleration.operator)
      );
    default:
      return false;
  }
}

/**
 * toleration.go compareNumericValues: both values must be decimal integers in canonical form
 * (k8s.io/apimachinery/pkg/api/validate/content IsDecimalInteger: no sign `+`, no leading zero, no `-0`) that
 * fit in int64; `Gt` tolerates a taint value greater than the toleration's, `Lt` a smaller one.
 */
export function compareNumericValues(tolerationValue: string, taintValue: string, operator: string): boolean {
  const threshold = isCanonicalDecimalInteger(tolerationValue) ? parseInt64(tolerationValue) : null;
  const actual = isCanonicalDecimalInteger(taintValue) ? parseInt64(taintValue) : null;
  if (threshold === null || actual === null) return false;
  if (operator === 'Lt') return actual < threshold;
  if (operator === 'Gt') return actual > threshold;
  return false;
}

/** content.IsDecimalInteger: `0`, or an optional `-` then a digit 1-9 then digits. */
function isCanonicalDecimalInteger(value: string): boolean {
  return /^(0|-?[1-9][0-9]*)$/.test(value);
}

export function tolerationsTolerateTaint(
  tolerations: readonly Toleration[],
  taint: NodeTaint,
  options: TolerationOptions = {},
): boolean {
  return tolerations.some((toleration) => toleratesTaint(toleration, taint, options));
}

/** The first of `taints` (in the node's order) that `include` selects and no toleration tolerates; null if none. */
export function findUntoleratedTaint(
  taints: readonly NodeTaint[],
  tolerations: readonly Toleration[],
  include: (taint: NodeTaint) => boolean,
  options: TolerationOptions = {},
): NodeTaint | null {
  for (const taint of taints) {
    if (include(taint) && !tolerationsTolerateTaint(tolerations, taint, options)) return taint;
  }
  return null;
}

/** `key=value:effect`, or `key:effect` when the value is empty (core/v1 Taint.ToString, kubectl's form). */
export function formatTaint(taint: NodeTaint): string {
  return taint.value === '' ? `${taint.key}:${taint.effect}` : `${taint.key}=${taint.value}:${taint.effect}`;
}

const exists = (key: string, effect: string): Toleration => ({ key, operator: 'Exists', value: '', effect });

/**
 * The tolerations the DaemonSet controller gives every pod it creates (AddOrUpdateDaemonPodTolerations, called
 * from CreatePodTemplate and NewPod): NoExecute for not-ready and unreachable, so node problems do not evict
 * them; NoSchedule for the TaintNodesByCondition taints and the cordon; network-unavailable only for
 * hostNetwork pods.
 */
export function daemonSetTolerations(hostNetwork: boolean): Toleration[] {
  const tolerations = [
    exists('node.kubernetes.io/not-ready', 'NoExecute'),
    exists('node.kubernetes.io/unreachable', 'NoExecute'),
    exists('node.kubernetes.io/disk-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/memory-pressure', 'NoSchedule'),
    exists('node.kubernetes.io/pid-pressure', 'NoSchedule'),
    exists(TAINT_NODE_UNSCHEDULABLE, 'NoSchedule'),
  ];
  if (hostNetwork) tolerations.push(exists('node.kubernetes.io/network-unavailable', 'NoSchedule'));
  return tolerations;
}

/**
 * The pod's tolerations with the DaemonSet controller's added, as AddOrUpdateTolerationInPodSpec does: one
 * with the same key, effect, operator and value (Toleration.MatchToleration) is updated in place (only its
 * tolerationSeconds can differ, which does not change what it tolerates), any other is appended.
 */
export function withDaemonSetTolerations(tolerations: readonly Toleration[], hostNetwork: boolean): Toleration[] {
  const result = [...tolerations];
  for (const added of daemonSetTolerations(hostNetwork)) {
    if (!result.some((t) => matchToleration(t, added))) result.push(added);
  }
  return result;
}

/** toleration.go MatchToleration: tolerations are unique by key, effect, operator and value. */
function matchToleration(a: Toleration, b: Toleration): boolean {
  return a.key === b.key && a.effect === b.effect && a.operator === b.operator && a.value === b.value;
}
