import type { RuleDefinition } from '../rule-types.js';
import { makeRule } from '../test-support.js';

/** Rules of six kinds over every scope field, shared by the admission-policy specs (decisions and schema). */
export const SCOPED_RULES: RuleDefinition[] = [
  makeRule({
    name: 'require-digest-prod',
    kind: 'require-digest',
    match: { namespaces: ['prod-*', 'team-b'] },
    exclude: { images: ['docker.io/library/busybox*'] },
  }),
  makeRule({
    name: 'no-latest',
    kind: 'disallowed-tags',
    enforcement: 'warn',
    params: { tags: ['latest', '*-rc*'] },
    match: { labels: { matchExpressions: [{ key: 'app', operator: 'Exists' }] } },
  }),
  makeRule({
    name: 'trusted-registries',
    kind: 'allowed-registries',
    params: { registries: ['ghcr.io/acme', 'docker.io/library', 'registry.k8s.io'] },
    match: { kinds: ['Deployment', 'Pod', '*Job'] },
    exclude: { namespaces: ['kube-*'] },
  }),
  makeRule({ name: 'always-for-mutable', kind: 'mutable-tag-requires-always', enforcement: 'audit' }),
  makeRule({
    name: 'digest-ifnotpresent',
    kind: 'pull-policy',
    enforcement: 'warn',
    params: { allowed: ['IfNotPresent'], when: { digest: true } },
    match: { slots: ['container', 'initContainer'] },
  }),
  makeRule({
    name: 'no-example',
    kind: 'denied-registries',
    params: { registries: ['*.example.com', 'quay.io/evil*'] },
    match: { clusters: ['prod*'], labels: { matchLabels: { tier: 'web' } } },
    exclude: { namespaces: ['team-b'], slots: ['ephemeralContainer'] },
  }),
];
