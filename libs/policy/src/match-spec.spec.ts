import { parseImageReference, type SlotType } from '#k8s';
import { describe, expect, it } from 'vitest';
import { Scope, compileMatchSpec, type SlotSubject, type WorkloadSubject } from './match-spec.js';
import type { MatchSpec } from './rule-types.js';

function slot(ref: string, type: SlotType = 'container'): SlotSubject {
  const { runtimeImage: _r, ...image } = parseImageReference(ref);
  return { image, type };
}

const web: WorkloadSubject = {
  cluster: 'prod-eu',
  namespace: 'team-a',
  kind: 'Deployment',
  labels: { app: 'web', tier: 'frontend' },
};

describe('match specs', () => {
  it.each<[string, MatchSpec | null, WorkloadSubject, SlotSubject, boolean]>([
    ['null matches everything', null, web, slot('nginx'), true],
    ['empty matches everything', {}, web, slot('nginx'), true],
    ['cluster glob', { clusters: ['prod-*'] }, web, slot('nginx'), true],
    ['other cluster', { clusters: ['stage'] }, web, slot('nginx'), false],
    ['clusters and no cluster named', { clusters: ['*'] }, { ...web, cluster: null }, slot('nginx'), false],
    ['namespace literal', { namespaces: ['team-a'] }, web, slot('nginx'), true],
    ['namespace glob', { namespaces: ['team-*'] }, web, slot('nginx'), true],
    ['namespace miss', { namespaces: ['kube-system'] }, web, slot('nginx'), false],
    ['kind', { kinds: ['Deployment', 'StatefulSet'] }, web, slot('nginx'), true],
    ['kind is case-sensitive', { kinds: ['deployment'] }, web, slot('nginx'), false],
    ['labels', { labels: { matchLabels: { app: 'web' } } }, web, slot('nginx'), true],
    [
      'labels miss',
      { labels: { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] } },
      web,
      slot('nginx'),
      false,
    ],
    ['images', { images: ['nginx'] }, web, slot('nginx:1.27'), true],
    ['images miss', { images: ['ghcr.io/*'] }, web, slot('nginx:1.27'), false],
    ['slots', { slots: ['initContainer'] }, web, slot('nginx', 'initContainer'), true],
    ['slots miss', { slots: ['initContainer'] }, web, slot('nginx'), false],
    [
      'all fields AND',
      { namespaces: ['team-*'], kinds: ['Deployment'], images: ['nginx'], slots: ['container'] },
      web,
      slot('nginx'),
      true,
    ],
    [
      'one field fails the AND',
      { namespaces: ['team-*'], kinds: ['Deployment'], images: ['nginx'], slots: ['imageVolume'] },
      web,
      slot('nginx'),
      false,
    ],
    ['empty list matches nothing', { namespaces: [] }, web, slot('nginx'), false],
  ])('%s', (_name, spec, w, s, expected) => {
    expect(compileMatchSpec(spec).matches(w, s)).toBe(expected);
  });
});

describe('exclude wins over match', () => {
  it('a workload-level exclude removes the workload', () => {
    const scope = new Scope({ namespaces: ['team-*'] }, { labels: { matchLabels: { tier: 'frontend' } } });
    expect(scope.appliesToWorkload(web)).toBe(false);
    expect(scope.applies(web, slot('nginx'))).toBe(false);
    expect(scope.applies({ ...web, labels: { app: 'web' } }, slot('nginx'))).toBe(true);
  });

  it('a slot-level exclude is decided per slot', () => {
    const scope = new Scope({ namespaces: ['team-a'] }, { images: ['*@sha256:*'], slots: ['initContainer'] });
    const pinned = `nginx@sha256:${'b'.repeat(64)}`;
    expect(scope.appliesToWorkload(web)).toBe(true);
    expect(scope.applies(web, slot(pinned, 'initContainer'))).toBe(false);
    expect(scope.applies(web, slot(pinned, 'container'))).toBe(true);
    expect(scope.applies(web, slot('nginx', 'initContainer'))).toBe(true);
  });

  it('an exclude that names another namespace excludes nothing here', () => {
    const scope = new Scope(null, { namespaces: ['kube-system'] });
    expect(scope.applies(web, slot('nginx'))).toBe(true);
    expect(scope.applies({ ...web, namespace: 'kube-system' }, slot('nginx'))).toBe(false);
  });

  it('an exclude scoped to a cluster applies only there', () => {
    const scope = new Scope(null, { clusters: ['prod-*'], images: ['nginx'] });
    expect(scope.applies(web, slot('nginx'))).toBe(false);
    expect(scope.applies({ ...web, cluster: null }, slot('nginx'))).toBe(true);
  });
});
