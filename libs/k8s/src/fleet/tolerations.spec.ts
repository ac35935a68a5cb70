import { describe, expect, it } from 'vitest';
import type { NodeTaint, Toleration } from './fleet-types.js';
import {
  compareNumericValues,
  daemonSetTolerations,
  findUntoleratedTaint,
  formatTaint,
  toleratesTaint,
  withDaemonSetTolerations,
} from './tolerations.js';

const tol = (key: string, operator: string, value: string, effect: string): Toleration => ({
  key,
  operator,
  value,
  effect,
});
const taint = (key: string, value: string, effect: string): NodeTaint => ({ key, value, effect });

describe('toleratesTaint', () => {
  // staging/src/k8s.io/api/core/v1/toleration_test.go, TestTolerationToleratesTaint (descriptions as upstream).
  // [description, toleration, taint, tolerated, comparison operators enabled]
  const upstream: Array<[string, Toleration, NodeTaint, boolean, boolean?]> = [
    [
      'toleration and taint have the same key and effect, and operator is Exists, and taint has no value, expect tolerated',
      tol('foo', 'Exists', '', 'NoSchedule'),
      taint('foo', '', 'NoSchedule'),
      true,
    ],
    [
      'toleration and taint have the same key and effect, and operator is Exists, and taint has some value, expect tolerated',
      tol('foo', 'Exists', '', 'NoSchedule'),
      taint('foo', 'bar', 'NoSchedule'),
      true,
    ],
    [
      'toleration and taint have the same effect, toleration has empty key and operator is Exists, means match all taints, expect tolerated',
      tol('', 'Exists', '', 'NoSchedule'),
      taint('foo', 'bar', 'NoSchedule'),
      true,
    ],
    [
      'toleration and taint have the same key, effect and value, and operator is Equal, expect tolerated',
      tol('foo', 'Equal', 'bar', 'NoSchedule'),
      taint('foo', 'bar', 'NoSchedule'),
      true,
    ],
    [
      'toleration and taint have the same key and effect, but different values, and operator is Equal, expect not tolerated',
      tol('foo', 'Equal', 'value1', 'NoSchedule'),
      taint('foo', 'value2', 'NoSchedule'),
      false,
    ],
    [
      'toleration and taint have the same key and value, but different effects, and operator is Equal, expect not tolerated',
      tol('foo', 'Equal', 'bar', 'NoSchedule'),
      taint('foo', 'bar', 'NoExecute'),
      false,
    ],
    [
      'toleration with Gt operator - taint value less than toleration value, expect not tolerated',
      tol('node.kubernetes.io/sla', 'Gt', '950', 'NoSchedule'),
      taint('node.kubernetes.io/sla', '800', 'NoSchedule'),
      false,
      true,
    ],
    [
      'toleration with Gt operator - taint value greater than toleration value, expect tolerated',
      tol('node.kubernetes.io/sla', 'Gt', '750', 'NoSchedule'),
      taint('node.kubernetes.io/sla', '950', 'NoSchedule'),
      true,
      true,
    ],
    [
      'toleration with Lt operator - taint value greater than toleration value, expect not tolerated',
      tol('node.kubernetes.io/sla', 'Lt', '800', 'NoSchedule'),
      taint('node.kubernetes.io/sla', '950', 'NoSchedule'),
      false,
      true,
    ],
    [
      'toleration with Lt operator - taint value less than toleration value, expect tolerated',
      tol('node.kubernetes.io/sla', 'Lt', '950', 'NoSchedule'),
      taint('node.kubernetes.io/sla', '800', 'NoSchedule'),
      true,
      true,
    ],
    [
      'toleration with Gt operator and taint with equal numeric value, expect not tolerated',
      tol('node.kubernetes.io/sla', 'Gt', '950', 'NoSchedule'),
      taint('node.kubernetes.io/sla', '950', 'NoSchedule'),
      false,
      true,
    ],
    [
      'toleration with Gt operator and taint with non-numeric value, expect not tolerated',
      tol('node.kubernetes.io/sla', 'Gt', '950', 'NoSchedule'),
      taint('node.kubernetes.io/sla', 'high', 'NoSchedule'),
      false,
      true,
    ],
    [
      'toleration with Gt operator and negative numeric values - taint value less than threshold, expect not tolerated',
      tol('test-key', 'Gt', '-100', 'NoSchedule'),
      taint('test-key', '-200', 'NoSchedule'),
      false,
      true,
    ],
    [
      'toleration with Gt operator and large int64 values - taint value less than threshold, expect not tolerated',
      tol('test-key', 'Gt', '9223372036854775806', 'NoSchedule'),
      taint('test-key', '100', 'NoSchedule'),
      false,
      true,
    ],
  ];
  it.each(upstream)('%s', (_description, toleration, t, tolerated, comparisonOperators = false) => {
    expect(toleratesTaint(toleration, t, { comparisonOperators })).toBe(tolerated);
  });

  // The rules of ToleratesTaint's doc comment that the upstream table leaves implicit.
  const rules: Array<[string, Toleration, NodeTaint, boolean]> = [
    [
      'empty key with Exists and empty effect tolerates every taint',
      tol('', 'Exists', '', ''),
      taint('a', 'b', 'NoExecute'),
      true,
    ],
    ['empty effect matches every effect', tol('foo', 'Equal', 'bar', ''), taint('foo', 'bar', 'NoExecute'), true],
    [
      "operator '' means Equal: same value",
      tol('foo', '', 'bar', 'NoSchedule'),
      taint('foo', 'bar', 'NoSchedule'),
      true,
    ],
    [
      "operator '' means Equal: other value",
      tol('foo', '', 'bar', 'NoSchedule'),
      taint('foo', 'baz', 'NoSchedule'),
      false,
    ],
    [
      "operator '' with empty value tolerates a taint without value",
      tol('foo', '', '', 'NoSchedule'),
      taint('foo', '', 'NoSchedule'),
      true,
    ],
    ['key differs', tol('foo', 'Exists', '', 'NoSchedule'), taint('bar', '', 'NoSchedule'), false],
    ['operators are case-sensitive', tol('foo', 'exists', '', 'NoSchedule'), taint('foo', '', 'NoSchedule'), false],
    [
      'an unknown operator tolerates nothing',
      tol('foo', 'Matches', 'bar', 'NoSchedule'),
      taint('foo', 'bar', 'NoSchedule'),
      false,
    ],
    [
      'Gt tolerates nothing while the alpha gate is off (taint_toleration_test.go TestTaintTolerationFilterWithFeatureGate)',
      tol('node.kubernetes.io/sla', 'Gt', '750', 'NoSchedule'),
      taint('node.kubernetes.io/sla', '950', 'NoSchedule'),
      false,
    ],
    [
      'Lt tolerates nothing while the alpha gate is off (TestTaintTolerationFilterWithFeatureGate)',
      tol('node.kubernetes.io/sla', 'Lt', '950', 'NoSchedule'),
      taint('node.kubernetes.io/sla', '800', 'NoSchedule'),
      false,
    ],
  ];
  it.each(rules)('%s', (_description, toleration, t, tolerated) => {
    expect(toleratesTaint(toleration, t)).toBe(tolerated);
  });
});

describe('compareNumericValues', () => {
  // toleration_test.go, TestCompareNumericValues: [description, toleration value, taint value, operator, result].
  const cases: Array<[string, string, string, string, boolean]> = [
    ['Gt operator - taint value greater than toleration value, expect true', '100', '200', 'Gt', true],
    ['Gt operator - taint value less than toleration value, expect false', '200', '100', 'Gt', false],
    ['Gt operator - taint value equal to toleration value, expect false', '100', '100', 'Gt', false],
    ['Gt operator - negative numbers, taint greater, expect true', '-100', '-50', 'Gt', true],
    ['Gt operator - negative numbers, taint less, expect false', '-50', '-100', 'Gt', false],
    ['Gt operator - zero and positive, expect true', '0', '1', 'Gt', true],
    [
      'Gt operator - large int64 values, taint greater, expect true',
      '9223372036854775806',
      '9223372036854775807',
      'Gt',
      true,
    ],
    ['Lt operator - taint value less than toleration value, expect true', '200', '100', 'Lt', true],
    ['Lt operator - taint value greater than toleration value, expect false', '100', '200', 'Lt', false],
    ['Lt operator - taint value equal to toleration value, expect false', '100', '100', 'Lt', false],
    ['Lt operator - negative numbers, taint less, expect true', '-50', '-100', 'Lt', true],
    ['Lt operator - negative numbers, taint greater, expect false', '-100', '-50', 'Lt', false],
    ['Lt operator - zero and negative, expect true', '0', '-1', 'Lt', true],
    ['Gt operator - invalid toleration value (non-numeric), expect false', 'abc', '100', 'Gt', false],
    ['Gt operator - invalid toleration value (empty string), expect false', '', '100', 'Gt', false],
    ['Gt operator - invalid toleration value (leading zero), expect false', '0100', '200', 'Gt', false],
    ['Gt operator - invalid toleration value (plus sign), expect false', '+100', '200', 'Gt', false],
    ['Gt operator - invalid toleration value (floating point), expect false', '100.5', '200', 'Gt', false],
    ['Gt operator - invalid toleration value (just minus sign), expect false', '-', '100', 'Gt', false],
    ['Gt operator - invalid taint value (non-numeric), expect false', '100', 'xyz', 'Gt', false],
    ['Gt operator - invalid taint value (empty string), expect false', '100', '', 'Gt', false],
    ['Gt operator - invalid taint value (leading zero), expect false', '100', '0200', 'Gt', false],
    ['Lt operator - invalid taint value (plus sign), expect false', '100', '+200', 'Lt', false],
    ['Lt operator - invalid taint value (spaces), expect false', '100', ' 200 ', 'Lt', false],
    ['Equal operator (unsupported for numeric comparison), expect false', '100', '100', 'Equal', false],
    ['Exists operator (unsupported for numeric comparison), expect false', '100', '100', 'Exists', false],
    ['Gt operator - both zero, expect false', '0', '0', 'Gt', false],
    ['Lt operator - both zero, expect false', '0', '0', 'Lt', false],
    ['Gt operator - max int64 as taint, expect true', '0', '9223372036854775807', 'Gt', true],
    ['Lt operator - min int64 as taint, expect true', '0', '-9223372036854775808', 'Lt', true],
    // Beyond the upstream table: ParseInt's range and IsDecimalInteger's `-0`.
    ['Gt operator - taint value beyond int64, expect false', '0', '9223372036854775808', 'Gt', false],
    ['Lt operator - negative zero is not canonical, expect false', '1', '-0', 'Lt', false],
  ];
  it.each(cases)('%s', (_description, tolerationValue, taintValue, operator, result) => {
    expect(compareNumericValues(tolerationValue, taintValue, operator)).toBe(result);
  });
});

describe('findUntoleratedTaint', () => {
  const doNotSchedule = (t: NodeTaint) => t.effect === 'NoSchedule' || t.effect === 'NoExecute';

  it('returns the first untolerated taint in the node order', () => {
    const taints = [taint('a', '', 'PreferNoSchedule'), taint('b', '1', 'NoSchedule'), taint('c', '', 'NoExecute')];
    expect(findUntoleratedTaint(taints, [], doNotSchedule)).toEqual(taints[1]);
    expect(findUntoleratedTaint(taints, [tol('b', 'Exists', '', '')], doNotSchedule)).toEqual(taints[2]);
    expect(findUntoleratedTaint(taints, [tol('', 'Exists', '', '')], doNotSchedule)).toBeNull();
  });

  // taint_toleration_test.go TestTaintTolerationFilterWithFeatureGate: "Pod with mixed tolerations (Equal and Gt)
  // when feature gate is disabled - only Equal is honored" and "... Gt toleration needed but filtered out ...".
  it('honours Equal but not Gt tolerations while the gate is off', () => {
    const tolerations = [
      tol('dedicated', 'Equal', 'user1', 'NoSchedule'),
      tol('node.kubernetes.io/sla', 'Gt', '750', 'NoSchedule'),
    ];
    expect(findUntoleratedTaint([taint('dedicated', 'user1', 'NoSchedule')], tolerations, doNotSchedule)).toBeNull();
    const both = [taint('dedicated', 'user1', 'NoSchedule'), taint('node.kubernetes.io/sla', '950', 'NoSchedule')];
    expect(findUntoleratedTaint(both, tolerations, doNotSchedule)).toEqual(both[1]);
    expect(findUntoleratedTaint(both, tolerations, doNotSchedule, { comparisonOperators: true })).toBeNull();
  });
});

describe('formatTaint', () => {
  it('prints key=value:effect, or key:effect without a value (core/v1 Taint.ToString)', () => {
    expect(formatTaint(taint('dedicated', 'gpu', 'NoSchedule'))).toBe('dedicated=gpu:NoSchedule');
    expect(formatTaint(taint('node.kubernetes.io/not-ready', '', 'NoExecute'))).toBe(
      'node.kubernetes.io/not-ready:NoExecute',
    );
  });
});

describe('daemonSetTolerations', () => {
  // pkg/controller/daemon/util/daemonset_util.go, AddOrUpdateDaemonPodTolerations.
  const base = [
    tol('node.kubernetes.io/not-ready', 'Exists', '', 'NoExecute'),
    tol('node.kubernetes.io/unreachable', 'Exists', '', 'NoExecute'),
    tol('node.kubernetes.io/disk-pressure', 'Exists', '', 'NoSchedule'),
    tol('node.kubernetes.io/memory-pressure', 'Exists', '', 'NoSchedule'),
    tol('node.kubernetes.io/pid-pressure', 'Exists', '', 'NoSchedule'),
    tol('node.kubernetes.io/unschedulable', 'Exists', '', 'NoSchedule'),
  ];

  it('adds the node-problem and cordon tolerations', () => {
    expect(daemonSetTolerations(false)).toEqual(base);
  });

  it('adds network-unavailable only for hostNetwork pods', () => {
    expect(daemonSetTolerations(true)).toEqual([
      ...base,
      tol('node.kubernetes.io/network-unavailable', 'Exists', '', 'NoSchedule'),
    ]);
  });

  it("keeps the pod's own tolerations first and does not repeat one it already has (AddOrUpdateTolerationInPodSpec)", () => {
    const own = [
      tol('dedicated', 'Equal', 'infra', 'NoSchedule'),
      tol('node.kubernetes.io/not-ready', 'Exists', '', 'NoExecute'),
    ];
    expect(withDaemonSetTolerations(own, false)).toEqual([own[0], ...base]);
  });

  it('adds one that differs from an existing toleration in operator or value', () => {
    const own = [tol('node.kubernetes.io/unschedulable', 'Equal', '', 'NoSchedule')];
    expect(withDaemonSetTolerations(own, false)).toEqual([...own, ...base]);
  });
});
