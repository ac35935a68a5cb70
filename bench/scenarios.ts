// Request bodies and stored rules for the HTTP benchmarks (bench/run.ts).
import { generatedStream } from './corpus.js';

export interface Scenario {
  id: 'a' | 'b' | 'c';
  name: string;
  body: string;
  /** Content type of `body`; default application/yaml. */
  contentType?: string;
  /** Image slots in the body (checked against the service's summary before measuring). */
  slots: number;
  documents: number;
}

/** (a) One small Pod, in a team namespace so team-scoped rules have to be looked at. */
export const SMALL_POD = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: team-3
  labels: {app: web, tier: frontend}
spec:
  containers:
  - {name: app, image: "registry.example.com/team-3/web:1.4.2", imagePullPolicy: IfNotPresent}
`;

interface WorkloadShape {
  kind: 'Deployment' | 'StatefulSet' | 'CronJob';
  name: string;
  namespace: string;
  tier: string;
  containers: number;
  initContainers: number;
}

const IMAGES = [
  (ns: string, n: string, i: number) => `registry.example.com/${ns}/${n}:2.${i % 7}.${i % 3}`,
  () => 'nginx',
  (_ns: string, n: string, i: number) => `ghcr.io/acme/${n}-${i}:v1.${i % 9}`,
  (_ns: string, _n: string, i: number) =>
    `docker.io/envoyproxy/envoy@sha256:${(i * 2654435761).toString(16).padStart(8, '0').slice(0, 8).repeat(8)}`,
  () => 'registry.k8s.io/pause:3.10',
  (ns: string, n: string) => `registry.example.com/${ns}/${n}-sidecar:latest`,
  () => 'quay.io/prometheus/node-exporter:v1.8.2',
  () => 'busybox:1.36',
];
const POLICIES = ['', 'Always', 'IfNotPresent', '', 'Never'];

function containerList(prefix: string, count: number, ns: string, name: string, start: number, indent: string): string {
  let out = '';
  for (let k = 0; k < count; k++) {
    const i = start + k;
    const image = IMAGES[i % IMAGES.length]!(ns, name, i);
    const policy = POLICIES[i % POLICIES.length]!;
    out += `${indent}- name: ${prefix}-${k}
${indent}  image: "${image}"
${policy ? `${indent}  imagePullPolicy: ${policy}\n` : ''}${indent}  resources: {requests: {cpu: 50m, memory: 64Mi}}
`;
  }
  return out;
}

function podSpec(w: WorkloadShape, start: number, indent: string): string {
  const inits =
    w.initContainers > 0
      ? `${indent}initContainers:\n${containerList('init', w.initContainers, w.namespace, w.name, start, indent)}`
      : '';
  return `${indent}${w.kind === 'CronJob' ? 'restartPolicy: OnFailure\n' + indent : ''}imagePullSecrets: [{name: regcred}]
${inits}${indent}containers:
${containerList('c', w.containers, w.namespace, w.name, start + w.initContainers, indent)}`;
}

function workloadYaml(w: WorkloadShape, start: number): string {
  const meta = `metadata:
  name: ${w.name}
  namespace: ${w.namespace}
  labels: {app: ${w.name}, tier: ${w.tier}}
`;
  const labels = `{app: ${w.name}, tier: ${w.tier}}`;
  if (w.kind === 'CronJob') {
    return `apiVersion: batch/v1
kind: CronJob
${meta}spec:
  schedule: "*/15 * * * *"
  jobTemplate:
    spec:
      template:
        metadata:
          labels: ${labels}
        spec:
${podSpec(w, start, '          ')}`;
  }
  return `apiVersion: apps/v1
kind: ${w.kind}
${meta}spec:
  replicas: 3
${w.kind === 'StatefulSet' ? `  serviceName: ${w.name}\n` : ''}  selector:
    matchLabels: {app: ${w.name}}
  template:
    metadata:
      labels: ${labels}
    spec:
${podSpec(w, start, '      ')}`;
}

/** (b) A release bundle: 4 Deployments, 2 StatefulSets, 4 CronJobs; 50 image slots (containers + init containers). */
export function deploymentBundle(): { text: string; slots: number } {
  const shapes: WorkloadShape[] = [
    { kind: 'Deployment', name: 'api', namespace: 'team-5', tier: 'backend', containers: 3, initContainers: 2 },
    { kind: 'Deployment', name: 'web', namespace: 'team-5', tier: 'frontend', containers: 3, initContainers: 2 },
    { kind: 'Deployment', name: 'worker', namespace: 'team-12', tier: 'backend', containers: 3, initContainers: 2 },
    { kind: 'Deployment', name: 'gateway', namespace: 'prod-eu', tier: 'edge', containers: 3, initContainers: 2 },
    { kind: 'StatefulSet', name: 'db', namespace: 'team-5', tier: 'data', containers: 4, initContainers: 1 },
    { kind: 'StatefulSet', name: 'cache', namespace: 'team-12', tier: 'data', containers: 4, initContainers: 1 },
    { kind: 'CronJob', name: 'report', namespace: 'team-5', tier: 'batch', containers: 3, initContainers: 2 },
    { kind: 'CronJob', name: 'cleanup', namespace: 'team-12', tier: 'batch', containers: 3, initContainers: 2 },
    { kind: 'CronJob', name: 'backup', namespace: 'prod-eu', tier: 'batch', containers: 3, initContainers: 2 },
    { kind: 'CronJob', name: 'reindex', namespace: 'team-7', tier: 'batch', containers: 3, initContainers: 2 },
  ];
  let start = 0;
  const docs = shapes.map((w) => {
    const doc = workloadYaml(w, start);
    start += w.containers + w.initContainers;
    return doc;
  });
  return { text: docs.join('---\n'), slots: start };
}

export function scenarios(): Scenario[] {
  const bundle = deploymentBundle();
  return [
    { id: 'a', name: 'small Pod', body: SMALL_POD, slots: 1, documents: 1 },
    { id: 'b', name: '50-slot bundle', body: bundle.text, slots: bundle.slots, documents: 10 },
    { id: 'c', name: '1,000-doc stream', body: generatedStream(1000), slots: 1002, documents: 1000 },
  ];
}

/**
 * `count` valid rule definitions, shaped like an organisation's: a few org-wide rules, then mostly rules of one
 * or two teams (literal namespaces, indexed), some with label selectors, namespace globs, kind or slot
 * constraints, image globs without a namespace (checked for every slot), cluster-scoped ones (dropped when the
 * evaluation names no cluster) and excludes. Teams: `team-0` … `team-(T-1)`, T = max(17, count / 10), so
 * the namespaces of the scenarios (team-0 … team-16, prod-eu) see a realistic share, not all of them.
 * Every kind appears; enforcement and severity vary.
 */
export function ruleDefinitions(count: number): Record<string, unknown>[] {
  const teams = Math.max(17, Math.floor(count / 10));
  const enforcement = ['deny', 'warn', 'audit'];
  const severity = ['critical', 'high', 'medium', 'low', 'info'];
  const org: Record<string, unknown>[] = [
    {
      kind: 'disallowed-tags',
      params: { tags: ['latest', '*-SNAPSHOT'] },
      match: { namespaces: ['prod-*', 'team-*'] },
    },
    { kind: 'require-digest', match: { namespaces: ['prod-*'] }, exclude: { images: ['registry.k8s.io/*'] } },
    { kind: 'mutable-tag-requires-always', params: { immutableTags: ['v*.*.*', '*.*.*'] } },
    {
      kind: 'allowed-registries',
      params: { registries: ['registry.example.com', 'ghcr.io/acme/*', 'docker.io/*', 'registry.k8s.io', 'quay.io/*'] },
    },
    { kind: 'never-requires-preloaded' },
    { kind: 'pull-secrets-for-registries', params: { registries: ['registry.example.com'], secretName: 'regcred' } },
  ];
  const out: Record<string, unknown>[] = [];
  for (let i = 0; i < count; i++) {
    const base = {
      name: `r-${String(i).padStart(5, '0')}`,
      enforcement: enforcement[i % 3],
      severity: severity[i % 5],
    };
    if (i < org.length) {
      out.push({ ...base, name: `org-${i}`, ...org[i] });
      continue;
    }
    const t = `team-${i % teams}`;
    const t2 = `team-${(i * 7 + 3) % teams}`;
    const kindOf = teamRuleKind(i);
    let scope: Record<string, unknown>;
    switch (i % 20) {
      case 10:
      case 11:
      case 12:
        scope = {
          match: {
            namespaces: [t, t2],
            labels: {
              matchExpressions: [{ key: 'tier', operator: i % 2 ? 'In' : 'NotIn', values: ['backend', 'batch'] }],
            },
          },
        };
        break;
      case 13:
      case 14:
        scope = { match: { namespaces: [`${t}*`] } };
        break;
      case 15:
        scope = { match: { namespaces: [t], kinds: ['CronJob', 'StatefulSet'] } };
        break;
      case 16:
        scope = { match: { images: [`registry.example.com/${t}/*`] } };
        break;
      case 17:
        scope = { match: { namespaces: [t], images: ['ghcr.io/acme/*', '*:latest'], slots: ['container'] } };
        break;
      case 18:
        scope = { match: { clusters: [`prod-${i % 50}`], namespaces: [t] } };
        break;
      case 19:
        scope = { match: { namespaces: [t], slots: ['initContainer'] }, exclude: { images: ['registry.k8s.io/*'] } };
        break;
      default:
        scope = { match: { namespaces: [t] } };
    }
    out.push({ ...base, ...kindOf, ...scope });
  }
  return out;
}

function teamRuleKind(i: number): Record<string, unknown> {
  switch (i % 9) {
    case 0:
      return { kind: 'pull-policy', params: { allowed: ['IfNotPresent'], when: { digest: true } } };
    case 1:
      return { kind: 'explicit-pull-policy' };
    case 2:
      return { kind: 'mutable-tag-requires-always', params: { immutableTags: [`v${i % 4}.*`] } };
    case 3:
      return { kind: 'require-digest' };
    case 4:
      return { kind: 'disallowed-tags', params: { tags: ['latest', `dev-${i % 10}*`] } };
    case 5:
      return { kind: 'allowed-registries', params: { registries: ['registry.example.com', `ghcr.io/acme/*`] } };
    case 6:
      return {
        kind: 'denied-registries',
        params: { registries: [`docker.io/team${i % 13}/*`, 'quay.io/untrusted/*'] },
      };
    case 7:
      return { kind: 'never-requires-preloaded' };
    default:
      return { kind: 'pull-secrets-for-registries', params: { registries: ['ghcr.io/acme/*'] } };
  }
}
