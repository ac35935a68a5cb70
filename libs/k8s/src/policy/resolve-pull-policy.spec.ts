import { describe, expect, it } from 'vitest';
import type { PullPolicy, SlotType } from '../types.js';
import { resolvePullPolicy } from './resolve-pull-policy.js';

const AP = ['NamespaceLifecycle', 'ServiceAccount', 'AlwaysPullImages'];

describe('resolvePullPolicy: declared → default → effective', () => {
  it('no plugins: declared value kept', () => {
    const r = resolvePullPolicy({
      image: 'nginx',
      declared: 'Never',
      slotType: 'container',
      isPod: true,
      admissionPlugins: [],
    });
    expect(r).toEqual({
      admittedBy: null,
      declared: 'Never',
      default: 'Always',
      effective: 'Never',
      reasons: [
        'imagePullPolicy is set to Never in the manifest; defaulting only fills an empty field, so it is kept',
        'no enabled admission plugin changes it, so the kubelet uses Never',
      ],
    });
  });

  it('no plugins: default applied', () => {
    const r = resolvePullPolicy({
      image: 'nginx',
      declared: null,
      slotType: 'container',
      isPod: true,
      admissionPlugins: [],
    });
    expect(r).toEqual({
      admittedBy: null,
      declared: null,
      default: 'Always',
      effective: 'Always',
      reasons: [
        'imagePullPolicy is not set; Kubernetes defaults it to Always because the tag is "latest" (no tag and no digest implies latest)',
        'no enabled admission plugin changes it, so the kubelet uses Always',
      ],
    });
  });

  // slot × isPod × subresource with AlwaysPullImages (docs/kubernetes-semantics.md R3.2, R3.4, R3.6, R3.7; B20–B23).
  it.each([
    ['container', true, false, 'Always'],
    ['initContainer', true, false, 'Always'],
    ['ephemeralContainer', true, false, 'Always'],
    ['ephemeralContainer', true, true, 'IfNotPresent'],
    ['imageVolume', true, false, 'Always'],
    ['container', false, false, 'Always'],
    ['initContainer', false, false, 'Always'],
    ['imageVolume', false, false, 'Always'],
  ] as [SlotType, boolean, boolean, PullPolicy][])(
    'AlwaysPullImages: %s, isPod %s, subresource %s → %s',
    (slotType, isPod, addedViaSubresource, effective) => {
      const r = resolvePullPolicy({
        image: 'nginx:1.25',
        declared: 'IfNotPresent',
        slotType,
        isPod,
        admissionPlugins: AP,
        addedViaSubresource,
      });
      expect(r.effective).toBe(effective);
      expect(r.admittedBy).toBe(effective === 'Always' ? 'AlwaysPullImages' : null);
      expect(r.declared).toBe('IfNotPresent');
      expect(r.default).toBe('IfNotPresent');
      expect(r.reasons).toHaveLength(2);
    },
  );

  it('AlwaysPullImages with a policy that is already Always says so', () => {
    const r = resolvePullPolicy({
      image: 'nginx',
      declared: null,
      slotType: 'container',
      isPod: true,
      admissionPlugins: AP,
    });
    expect(r.reasons[1]).toBe(
      'AlwaysPullImages admission rewrites it to Always when the Pod is created (it is already Always)',
    );
  });

  // plugin/pkg/admission/alwayspullimages/admission.go, Admit: image volumes are forced to Always as well,
  // in every release that has them (1.31+).
  it.each([
    [undefined, 'Always', 'AlwaysPullImages'],
    [38, 'Always', 'AlwaysPullImages'],
    [31, 'Always', 'AlwaysPullImages'],
    [30, 'IfNotPresent', null],
    [27, 'IfNotPresent', null],
  ] as const)('image volume with IfNotPresent on cluster minor %s → %s', (clusterMinor, effective, admittedBy) => {
    const r = resolvePullPolicy({
      image: 'quay.io/m/x:1',
      declared: null,
      slotType: 'imageVolume',
      isPod: true,
      admissionPlugins: AP,
      ...(clusterMinor === undefined ? {} : { clusterMinor }),
    });
    expect(r).toMatchObject({ default: 'IfNotPresent', effective, admittedBy });
  });

  it('image volume: the reason names the plugin and the field', () => {
    const r = resolvePullPolicy({
      image: 'quay.io/m/x:1',
      declared: 'Never',
      slotType: 'imageVolume',
      isPod: true,
      admissionPlugins: AP,
      clusterMinor: 35,
    });
    expect(r.reasons[1]).toBe(
      'AlwaysPullImages admission rewrites image.pullPolicy to Always when the Pod is created: since 1.31 its Admit visits image volumes after the containers (plugin/pkg/admission/alwayspullimages/admission.go)',
    );
  });

  it('image volume already Always says so', () => {
    const r = resolvePullPolicy({
      image: 'quay.io/m/x',
      declared: null,
      slotType: 'imageVolume',
      isPod: true,
      admissionPlugins: AP,
    });
    expect(r.effective).toBe('Always');
    expect(r.reasons[1]).toContain('(it is already Always)');
  });

  it('image volume before 1.31: no image volume API, nothing to rewrite', () => {
    const r = resolvePullPolicy({
      image: 'quay.io/m/x:1',
      declared: null,
      slotType: 'imageVolume',
      isPod: true,
      admissionPlugins: AP,
      clusterMinor: 30,
    });
    expect(r.reasons[1]).toBe(
      'image volumes do not exist before Kubernetes 1.31 (KEP-4639), so AlwaysPullImages of 1.30 does not rewrite image.pullPolicy; the kubelet would use IfNotPresent',
    );
  });

  it('ephemeral container written through the main resource warns about kubectl debug', () => {
    const r = resolvePullPolicy({
      image: 'busybox:1',
      declared: 'Never',
      slotType: 'ephemeralContainer',
      isPod: true,
      admissionPlugins: AP,
    });
    expect(r.effective).toBe('Always');
    expect(r.reasons[1]).toContain('pods/ephemeralcontainers subresource (kubectl debug), which the plugin ignores');
  });

  it('invalid image: default IfNotPresent, plugin still rewrites', () => {
    const r = resolvePullPolicy({
      image: 'Nginx:latest',
      declared: null,
      slotType: 'container',
      isPod: true,
      admissionPlugins: AP,
    });
    expect(r).toMatchObject({ default: 'IfNotPresent', effective: 'Always' });
    expect(r.reasons[0]).toContain('InvalidImageName');
  });
});
