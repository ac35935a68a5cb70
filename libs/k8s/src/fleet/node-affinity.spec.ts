import { describe, expect, it } from 'vitest';
import type { NodeSelectorRequirement, NodeSelectorTerm } from './fleet-types.js';
import {
  affinityNodeNames,
  nodeSelectorTermsMatch,
  unmatchedNodeSelector,
  type SelectableNode,
} from './node-affinity.js';

const req = (key: string, operator: string, ...values: string[]): NodeSelectorRequirement => ({
  key,
  operator,
  values,
});
const exprs = (...matchExpressions: NodeSelectorRequirement[]): NodeSelectorTerm => ({
  matchExpressions,
  matchFields: [],
});
const fields = (...matchFields: NodeSelectorRequirement[]): NodeSelectorTerm => ({ matchExpressions: [], matchFields });
const nameIn = (...names: string[]) => req('metadata.name', 'In', ...names);

interface PodSelection {
  nodeSelector?: Record<string, string>;
  /** null: no required node affinity. */
  terms?: NodeSelectorTerm[] | null;
}

/** nodeaffinity.GetRequiredNodeAffinity(pod).Match(node), from the two exported halves. */
function requiredMatch({ nodeSelector = {}, terms = null }: PodSelection, node: SelectableNode): boolean {
  if (unmatchedNodeSelector(nodeSelector, node.labels) !== null) return false;
  return terms === null || nodeSelectorTermsMatch(terms, node);
}

describe('required node affinity', () => {
  // staging/src/k8s.io/component-helpers/scheduling/corev1/nodeaffinity/nodeaffinity_test.go,
  // TestPodMatchesNodeSelectorAndAffinityTerms (names as upstream; also the Filter cases of
  // pkg/scheduler/framework/plugins/nodeaffinity/node_affinity_test.go TestNodeAffinity, which are the same).
  // [name, pod, node labels, node name, match]
  const upstream: Array<[string, PodSelection, Record<string, string>, string, boolean]> = [
    ['no selector', {}, {}, '', true],
    ['missing labels', { nodeSelector: { foo: 'bar' } }, {}, '', false],
    ['same labels', { nodeSelector: { foo: 'bar' } }, { foo: 'bar' }, '', true],
    ['node labels are superset', { nodeSelector: { foo: 'bar' } }, { foo: 'bar', baz: 'blah' }, '', true],
    ['node labels are subset', { nodeSelector: { foo: 'bar', baz: 'blah' } }, { foo: 'bar' }, '', false],
    [
      'Pod with matchExpressions using In operator that matches the existing node',
      { terms: [exprs(req('foo', 'In', 'bar', 'value2'))] },
      { foo: 'bar' },
      '',
      true,
    ],
    [
      'Pod with matchExpressions using Gt operator that matches the existing node',
      { terms: [exprs(req('kernel-version', 'Gt', '0204'))] },
      { 'kernel-version': '0206' },
      '',
      true,
    ],
    [
      'Pod with matchExpressions using NotIn operator that matches the existing node',
      { terms: [exprs(req('mem-type', 'NotIn', 'DDR', 'DDR2'))] },
      { 'mem-type': 'DDR3' },
      '',
      true,
    ],
    [
      'Pod with matchExpressions using Exists operator that matches the existing node',
      { terms: [exprs(req('GPU', 'Exists'))] },
      { GPU: 'NVIDIA-GRID-K1' },
      '',
      true,
    ],
    [
      "Pod with affinity that don't match node's labels won't schedule onto the node",
      { terms: [exprs(req('foo', 'In', 'value1', 'value2'))] },
      { foo: 'bar' },
      '',
      false,
    ],
    [
      "Pod with a nil []NodeSelectorTerm in affinity, can't match the node's labels and won't schedule onto the node",
      { terms: [] },
      { foo: 'bar' },
      '',
      false,
    ],
    [
      "Pod with empty MatchExpressions is not a valid value will match no objects and won't schedule onto the node",
      { terms: [exprs()] },
      { foo: 'bar' },
      '',
      false,
    ],
    ['Pod with no Affinity will schedule onto a node', {}, { foo: 'bar' }, '', true],
    ['Pod with Affinity but nil NodeSelector will schedule onto a node', { terms: null }, { foo: 'bar' }, '', true],
    [
      'Pod with multiple matchExpressions ANDed that matches the existing node',
      { terms: [exprs(req('GPU', 'Exists'), req('GPU', 'NotIn', 'AMD', 'INTER'))] },
      { GPU: 'NVIDIA-GRID-K1' },
      '',
      true,
    ],
    [
      "Pod with multiple matchExpressions ANDed that doesn't match the existing node",
      { terms: [exprs(req('GPU', 'Exists'), req('GPU', 'In', 'AMD', 'INTER'))] },
      { GPU: 'NVIDIA-GRID-K1' },
      '',
      false,
    ],
    [
      "Pod with multiple NodeSelectorTerms ORed in affinity, matches the node's labels and will schedule onto the node",
      { terms: [exprs(req('foo', 'In', 'bar', 'value2')), exprs(req('diffkey', 'In', 'wrong', 'value2'))] },
      { foo: 'bar' },
      '',
      true,
    ],
    [
      'Pod with an Affinity and a PodSpec.NodeSelector(the old thing that we are deprecating) both are satisfied, will schedule onto the node',
      { nodeSelector: { foo: 'bar' }, terms: [exprs(req('foo', 'Exists'))] },
      { foo: 'bar' },
      '',
      true,
    ],
    [
      "Pod with an Affinity matches node's labels but the PodSpec.NodeSelector(the old thing that we are deprecating) is not satisfied, won't schedule onto the node",
      { nodeSelector: { foo: 'bar' }, terms: [exprs(req('foo', 'Exists'))] },
      { foo: 'barrrrrr' },
      '',
      false,
    ],
    [
      "Pod with an invalid value in Affinity term won't be scheduled onto the node",
      { terms: [exprs(req('foo', 'NotIn', 'invalid value: ___@#$%^'))] },
      { foo: 'bar' },
      '',
      false,
    ],
    [
      'Pod with matchFields using In operator that matches the existing node',
      { terms: [fields(nameIn('node_1'))] },
      {},
      'node_1',
      true,
    ],
    [
      'Pod with matchFields using In operator that does not match the existing node',
      { terms: [fields(nameIn('node_1'))] },
      {},
      'node_2',
      false,
    ],
    [
      'Pod with two terms: matchFields does not match, but matchExpressions matches',
      { terms: [fields(nameIn('node_1')), exprs(req('foo', 'In', 'bar'))] },
      { foo: 'bar' },
      'node_2',
      true,
    ],
    [
      'Pod with one term: matchFields does not match, but matchExpressions matches',
      { terms: [{ matchFields: [nameIn('node_1')], matchExpressions: [req('foo', 'In', 'bar')] }] },
      { foo: 'bar' },
      'node_2',
      false,
    ],
    [
      'Pod with one term: both matchFields and matchExpressions match',
      { terms: [{ matchFields: [nameIn('node_1')], matchExpressions: [req('foo', 'In', 'bar')] }] },
      { foo: 'bar' },
      'node_1',
      true,
    ],
    [
      'Pod with two terms: both matchFields and matchExpressions do not match',
      { terms: [fields(nameIn('node_1')), exprs(req('foo', 'In', 'not-match-to-bar'))] },
      { foo: 'bar' },
      'node_2',
      false,
    ],
    // node_affinity_test.go TestNodeAffinity: one term naming two nodes can match neither.
    [
      'Pod with two conflicting mach field requirements',
      { terms: [fields(nameIn('node1'), nameIn('node2'))] },
      { foo: 'bar' },
      'node2',
      false,
    ],
  ];
  it.each(upstream)('%s', (_name, pod, labels, name, match) => {
    expect(requiredMatch(pod, { name, labels })).toBe(match);
  });

  // nodeaffinity_test.go TestNodeSelectorMatch, adapted: upstream NewNodeSelector refuses the whole selector when a
  // term does not parse, but the scheduler and kubelet use the lazy form (GetRequiredNodeAffinity), in which a
  // term that does not parse only matches nothing and the others still count.
  describe('TestNodeSelectorMatch', () => {
    const invalidAndValid = [
      fields(nameIn('host_1', 'host_2')),
      { matchExpressions: [req('label_1', 'In', 'label_1_val')], matchFields: [nameIn('host_1')] },
      exprs(req('invalid key', 'In', 'label_value')),
    ];
    it('invalid field selector and label selector: only the valid term can match', () => {
      expect(nodeSelectorTermsMatch(invalidAndValid, { name: 'host_1', labels: { label_1: 'label_1_val' } })).toBe(
        true,
      );
      expect(nodeSelectorTermsMatch(invalidAndValid, { name: 'host_1', labels: {} })).toBe(false);
      expect(nodeSelectorTermsMatch([invalidAndValid[0]!], { name: 'host_1', labels: {} })).toBe(false);
      expect(
        nodeSelectorTermsMatch([invalidAndValid[2]!], { name: 'host_1', labels: { 'invalid key': 'label_value' } }),
      ).toBe(false);
    });
    const term = { matchExpressions: [req('label_1', 'In', 'label_1_val')], matchFields: [nameIn('host_1')] };
    it('node matches field selector, but not labels', () => {
      expect(nodeSelectorTermsMatch([term], { name: 'host_1', labels: {} })).toBe(false);
    });
    it('node matches field selector and label selector', () => {
      expect(nodeSelectorTermsMatch([term], { name: 'host_1', labels: { label_1: 'label_1_val' } })).toBe(true);
    });
    it('second term matches', () => {
      const terms = [exprs(req('label_1', 'In', 'label_1_val')), fields(nameIn('host_1'))];
      expect(nodeSelectorTermsMatch(terms, { name: 'host_1', labels: {} })).toBe(true);
    });
  });

  // nodeaffinity_test.go TestNodeSelectorRequirementsAsSelector, and labels.NewRequirement / Requirement.Matches
  // (staging/src/k8s.io/apimachinery/pkg/labels/selector.go) for the operators.
  // [name, requirement, node labels, match]
  const requirements: Array<[string, NodeSelectorRequirement, Record<string, string>, boolean]> = [
    ['Exists with values does not parse', req('foo', 'Exists', 'bar', 'baz'), { foo: 'bar' }, false],
    ['DoesNotExist with values does not parse', req('foo', 'DoesNotExist', 'bar'), {}, false],
    ['In without values does not parse', req('foo', 'In'), { foo: '' }, false],
    ['NotIn without values does not parse', req('foo', 'NotIn'), {}, false],
    ['foo>1 matches 2', req('foo', 'Gt', '1'), { foo: '2' }, true],
    ['foo>1 does not match 1', req('foo', 'Gt', '1'), { foo: '1' }, false],
    ['bar<7 matches 6', req('bar', 'Lt', '7'), { bar: '6' }, true],
    ['bar<7 does not match 7', req('bar', 'Lt', '7'), { bar: '7' }, false],
    ['In matches one of its values', req('zone', 'In', 'a', 'b'), { zone: 'b' }, true],
    ['In needs the label', req('zone', 'In', 'a'), {}, false],
    ['In with an empty value matches an empty label value', req('zone', 'In', ''), { zone: '' }, true],
    ['NotIn matches a node without the label', req('zone', 'NotIn', 'a'), {}, true],
    ['NotIn does not match a listed value', req('zone', 'NotIn', 'a', 'b'), { zone: 'a' }, false],
    ['Exists matches an empty label value', req('gpu', 'Exists'), { gpu: '' }, true],
    ['Exists needs the label', req('gpu', 'Exists'), {}, false],
    ['DoesNotExist matches a node without the label', req('gpu', 'DoesNotExist'), {}, true],
    ['DoesNotExist does not match a node with it', req('gpu', 'DoesNotExist'), { gpu: 'x' }, false],
    ['Gt needs the label', req('cores', 'Gt', '1'), {}, false],
    ['Gt fails when the label value is not an integer', req('cores', 'Gt', '1'), { cores: 'many' }, false],
    ['Gt reads the label with ParseInt: 007 is 7', req('cores', 'Gt', '6'), { cores: '007' }, true],
    ['Gt fails when the label value is beyond int64', req('n', 'Gt', '1'), { n: '9223372036854775808' }, false],
    ['Gt compares int64 exactly beyond 2^53', req('n', 'Gt', '9007199254740992'), { n: '9007199254740993' }, true],
    ['Gt with a value that is not an integer does not parse', req('cores', 'Gt', 'one'), { cores: '2' }, false],
    ['Gt with two values does not parse', req('cores', 'Gt', '1', '2'), { cores: '5' }, false],
    ['Gt without a value does not parse', req('cores', 'Gt'), { cores: '5' }, false],
    // NewRequirement also validates every value as a label value, and `-1` does not start alphanumeric.
    ['Lt with a negative value does not parse (not a label value)', req('temp', 'Lt', '-1'), { temp: '-5' }, false],
    ['an invalid key does not parse', req('invalid key', 'Exists'), { 'invalid key': '' }, false],
    ['a prefixed key parses', req('kubernetes.io/arch', 'In', 'arm64'), { 'kubernetes.io/arch': 'arm64' }, true],
    ['an empty prefix does not parse', req('/arch', 'Exists'), { '/arch': '' }, false],
    ['two slashes do not parse', req('a/b/c', 'Exists'), { 'a/b/c': '' }, false],
    ['a name over 63 characters does not parse', req('a'.repeat(64), 'Exists'), { ['a'.repeat(64)]: '' }, false],
    ['a value over 63 characters does not parse', req('k', 'In', 'v'.repeat(64)), { k: 'v'.repeat(64) }, false],
    ['an unknown operator does not parse', req('zone', 'Equals', 'a'), { zone: 'a' }, false],
    ['operators are case-sensitive', req('zone', 'in', 'a'), { zone: 'a' }, false],
    ['an inherited property is not a label', req('constructor', 'Exists'), {}, false],
  ];
  it.each(requirements)('%s', (_name, requirement, labels, match) => {
    expect(nodeSelectorTermsMatch([exprs(requirement)], { name: 'n', labels })).toBe(match);
  });

  // nodeSelectorRequirementsAsFieldSelector and fields.hasTerm / notHasTerm.
  // [name, requirement, node name, match]
  const fieldRequirements: Array<[string, NodeSelectorRequirement, string, boolean]> = [
    ['In with two values does not parse', nameIn('a', 'b'), 'a', false],
    ['In without values does not parse', nameIn(), 'a', false],
    ['NotIn excludes the named node', req('metadata.name', 'NotIn', 'a'), 'a', false],
    ['NotIn admits the other nodes', req('metadata.name', 'NotIn', 'a'), 'b', true],
    ['Exists is not a field operator', req('metadata.name', 'Exists'), 'a', false],
    // A node offers no field but metadata.name, and fields.Set.Get yields '' for the others.
    ['another field reads as empty: In [x]', req('spec.foo', 'In', 'x'), 'a', false],
    ["another field reads as empty: In ['']", req('spec.foo', 'In', ''), 'a', true],
    // nodeSelectorTerm.match applies matchFields only when the node has fields, i.e. a name.
    ['a node without a name skips matchFields', nameIn('a'), '', true],
  ];
  it.each(fieldRequirements)('%s', (_name, requirement, name, match) => {
    expect(nodeSelectorTermsMatch([fields(requirement)], { name, labels: {} })).toBe(match);
  });
});

describe('unmatchedNodeSelector', () => {
  it('names the first mismatching entry in key order (labels.SelectorFromSet sorts by key)', () => {
    const selector = { 'kubernetes.io/os': 'linux', 'kubernetes.io/arch': 'arm64', disk: 'ssd' };
    expect(unmatchedNodeSelector(selector, {})).toEqual(['disk', 'ssd']);
    expect(unmatchedNodeSelector(selector, { disk: 'ssd', 'kubernetes.io/os': 'windows' })).toEqual([
      'kubernetes.io/arch',
      'arm64',
    ]);
    expect(
      unmatchedNodeSelector(selector, { disk: 'ssd', 'kubernetes.io/arch': 'arm64', 'kubernetes.io/os': 'linux' }),
    ).toBeNull();
  });

  it('needs the label even when the wanted value is empty, and validates nothing', () => {
    expect(unmatchedNodeSelector({ role: '' }, {})).toEqual(['role', '']);
    expect(unmatchedNodeSelector({ role: '' }, { role: '' })).toBeNull();
    expect(unmatchedNodeSelector({ 'not a key!': 'x y' }, { 'not a key!': 'x y' })).toBeNull();
  });
});

describe('affinityNodeNames', () => {
  // node_affinity_test.go TestNodeAffinity, wantPreFilterResult / wantPreFilterStatus.
  it('is the named nodes when every term names some', () => {
    expect(affinityNodeNames([fields(nameIn('node1'))])).toEqual(new Set(['node1']));
    expect(affinityNodeNames([fields(nameIn('node1')), fields(nameIn('node2'))])).toEqual(new Set(['node1', 'node2']));
    expect(
      affinityNodeNames([{ matchFields: [nameIn('node1')], matchExpressions: [req('foo', 'In', 'bar')] }]),
    ).toEqual(new Set(['node1']));
  });

  it('is null when some term names no node (Pod with two terms: matchFields does not match, but matchExpressions matches)', () => {
    expect(affinityNodeNames([fields(nameIn('node1'), nameIn('node2')), exprs(req('foo', 'In', 'bar'))])).toBeNull();
    expect(affinityNodeNames([fields(req('metadata.name', 'NotIn', 'node1'))])).toBeNull();
    expect(affinityNodeNames([])).toBeNull();
  });

  it('is empty when the names of a term conflict (Pod with two conflicting mach field requirements)', () => {
    expect(affinityNodeNames([fields(nameIn('node1'), nameIn('node2'))])).toEqual(new Set());
  });
});
