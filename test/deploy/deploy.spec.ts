// deploy/: every Kustomize target renders (`kubectl kustomize`, offline), has the shape the README promises
// (probes, resources, a restricted security context, Secret references, webhooks that fail open in base and
// closed in production, covering every workload kind the engine knows), and passes pullwise's own recommended rules (deploy/policy/rules.yaml) through the
// CLI's offline mode, in-process: `kubectl kustomize <dir> | pullwise check -f - --rules ... --fail-on warn`.
// The optional node-inventory component is rendered alone and added to every target, and checked the same way
// (its ClusterRole reads nodes and nothing else). The native-policies overlay is base without the webhook
// configurations (admission by the policies pullwise exports instead), everything else as in base.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { parseCommand } from '../../apps/cli/src/args.js';
import { run } from '../../apps/cli/src/main.js';
import { parseRulesFile } from '../../apps/cli/src/offline.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const RULES = 'deploy/policy/rules.yaml';
const NATIVE = 'deploy/overlays/native-policies';
const TARGETS = ['deploy/base', 'deploy/overlays/dev', 'deploy/overlays/production', NATIVE] as const;
type Target = (typeof TARGETS)[number];
const WEBHOOK_KINDS = ['ValidatingWebhookConfiguration', 'MutatingWebhookConfiguration'];
const COMPONENT = 'deploy/components/node-inventory';

const KUBECTL = process.env.KUBECTL || 'kubectl';
const probe = spawnSync(KUBECTL, ['version', '--client'], { encoding: 'utf8' });
const kubectlMissing = (probe.error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
const suiteName = kubectlMissing
  ? `deploy/ (SKIPPED: "${KUBECTL}" is not installed; set KUBECTL or install kubectl to render the Kustomize targets)`
  : 'deploy/';

type Doc = Record<string, any>;

const rendered = new Map<string, { text: string; docs: Doc[] }>();

/** `kubectl kustomize <dir>` (relative to the repository); a failure shows kubectl's stderr. */
function render(target: string): { text: string; docs: Doc[] } {
  const cached = rendered.get(target);
  if (cached) return cached;
  const r = spawnSync(KUBECTL, ['kustomize', target], { cwd: ROOT, encoding: 'utf8', maxBuffer: 16 * 1024 * 1024 });
  if (r.error) throw r.error;
  if (r.status !== 0) throw new Error(`kubectl kustomize ${target} exited ${r.status}:\n${r.stderr}`);
  const parsed = parseAllDocuments(r.stdout);
  if (!Array.isArray(parsed)) throw new Error(`kubectl kustomize ${target}: empty output`);
  for (const d of parsed) if (d.errors.length > 0) throw new Error(`${target}: ${d.errors[0]!.message}`);
  const docs = parsed.map((d) => d.toJS() as Doc).filter((d) => d !== null);
  const out = { text: r.stdout, docs };
  rendered.set(target, out);
  return out;
}

const scratch: string[] = [];
afterAll(() => {
  for (const dir of scratch) rmSync(dir, { recursive: true, force: true });
});

/**
 * A target with the node-inventory component, as an overlay enabling it would be: a kustomization written in a
 * temporary directory (kustomize takes no absolute paths, so it names both by relative path).
 */
const withInventory = new Map<Target, string>();
function renderWithInventory(target: Target): { text: string; docs: Doc[] } {
  const made = withInventory.get(target);
  if (made) return render(made);
  const dir = mkdtempSync(path.join(tmpdir(), 'pullwise-kustomize-'));
  scratch.push(dir);
  const rel = (p: string) => path.relative(dir, path.join(ROOT, p)).split(path.sep).join('/');
  writeFileSync(
    path.join(dir, 'kustomization.yaml'),
    `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - ${rel(target)}\n` +
      `components:\n  - ${rel(COMPONENT)}\n`,
  );
  withInventory.set(target, path.relative(ROOT, dir));
  return render(path.relative(ROOT, dir));
}

const ofKind = (docs: Doc[], kind: string) => docs.filter((d) => d.kind === kind);
function one(docs: Doc[], kind: string): Doc {
  const found = ofKind(docs, kind);
  expect(found, `exactly one ${kind}`).toHaveLength(1);
  return found[0]!;
}
const envOf = (c: Doc, name: string) => (c.env as Doc[] | undefined)?.find((e) => e.name === name);
const containerNamed = (d: Doc, name: string) =>
  (d.spec.template.spec.containers as Doc[]).find((c) => c.name === name) as Doc;

/** `pullwise check -f - --rules deploy/policy/rules.yaml --format json --fail-on warn`, in-process. */
async function check(manifests: string): Promise<{ code: number; result: any; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await run(['check', '-f', '-', '--rules', RULES, '--format', 'json', '--fail-on', 'warn'], {
    stdout: { write: (s: string) => (stdout += s), isTTY: false },
    stderr: { write: (s: string) => (stderr += s), isTTY: false },
    stdin: Readable.from([Buffer.from(manifests)]),
    env: {},
    fetch: (async () => {
      throw new Error('offline check called fetch');
    }) as unknown as typeof fetch,
    cwd: ROOT,
  });
  return { code, result: stdout === '' ? null : JSON.parse(stdout), stderr };
}

describe('deploy/policy/rules.yaml', () => {
  it('is a valid offline rules file with the recommended rule kinds and enforcements', () => {
    const policy = parseRulesFile(readFileSync(new URL(`../../${RULES}`, import.meta.url), 'utf8'), RULES);
    expect(Object.fromEntries(policy.rules.map((r) => [r.kind, r.enforcement]))).toEqual({
      'require-digest': 'warn',
      'mutable-tag-requires-always': 'deny',
      'disallowed-tags': 'deny',
      'explicit-pull-policy': 'warn',
      'never-requires-preloaded': 'deny',
    });
    expect(policy.rules.find((r) => r.kind === 'disallowed-tags')!.params).toEqual({ tags: ['latest'] });
    expect(policy.rules.every((r) => r.enabled)).toBe(true);
  });
});

describe('Dockerfile and docker-compose.yml', () => {
  const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
  const compose = readFileSync(new URL('../../docker-compose.yml', import.meta.url), 'utf8');

  it('the runtime image runs as the numeric non-root user the manifests name (runAsUser 1000)', () => {
    const users = [...dockerfile.matchAll(/^USER\s+(\S+)/gm)].map((m) => m[1]);
    expect(users.at(-1)).toBe('1000:1000');
  });

  it('both health checks probe /readyz, and production mode comes from the image', () => {
    expect(dockerfile).toMatch(/^HEALTHCHECK [\s\S]*\/readyz/m);
    expect(compose).toMatch(/healthcheck:\s*\n\s*test: \[[^\]]*\/readyz/);
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production /m);
  });
});

describe.skipIf(kubectlMissing)(suiteName, () => {
  describe.each(TARGETS)('%s', (target) => {
    it('renders; no Secret objects and no credential in plain text', () => {
      const { text, docs } = render(target);
      expect(docs.length).toBeGreaterThan(0);
      for (const d of docs) expect(d.metadata?.name, `${d.kind} has a name`).toBeTruthy();
      expect(ofKind(docs, 'Secret')).toEqual([]);
      expect(text).not.toMatch(/postgres(ql)?:\/\/[^\s"']*@/); // a URL with credentials
      expect(text).not.toMatch(/pwk_[0-9a-f]{12}_/); // an API key
      for (const d of ofKind(docs, 'Deployment'))
        for (const c of d.spec.template.spec.containers as Doc[])
          for (const e of (c.env ?? []) as Doc[])
            if (/TOKEN|PASSWORD|SECRET|KEY|DATABASE_URL/.test(e.name))
              expect(e, `${c.name} env ${e.name} comes from a Secret`).toMatchObject({
                valueFrom: { secretKeyRef: expect.anything() },
              });
    });

    it('the Deployment: probes, resources, restricted security context, Secret references', () => {
      const { docs } = render(target);
      const deployment = one(docs, 'Deployment');
      const pod = deployment.spec.template.spec;
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.automountServiceAccountToken).toBe(false);
      const sa = ofKind(docs, 'ServiceAccount').find((s) => s.metadata.name === pod.serviceAccountName);
      expect(sa?.automountServiceAccountToken).toBe(false);
      expect(pod.topologySpreadConstraints).toContainEqual(
        expect.objectContaining({ topologyKey: 'kubernetes.io/hostname' }),
      );

      for (const c of pod.containers as Doc[]) {
        for (const p of ['startupProbe', 'livenessProbe', 'readinessProbe'])
          expect(c[p], `${c.name} ${p}`).toBeTruthy();
        for (const k of ['requests', 'limits'])
          expect(Object.keys(c.resources?.[k] ?? {}).sort(), `${c.name} resources.${k}`).toEqual(['cpu', 'memory']);
        expect(c.securityContext, c.name).toMatchObject({
          allowPrivilegeEscalation: false,
          readOnlyRootFilesystem: true,
          runAsNonRoot: true,
          capabilities: { drop: ['ALL'] },
          seccompProfile: { type: 'RuntimeDefault' },
        });
        expect(c.image, `${c.name} is pinned by digest`).toMatch(/@sha256:[0-9a-f]{64}$/);
        expect(c.imagePullPolicy, c.name).toBe('IfNotPresent');
      }

      const app = containerNamed(deployment, 'pullwise');
      expect(app.livenessProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(app.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 'http' });
      expect(app.startupProbe.httpGet).toEqual({ path: '/healthz', port: 'http' });
      expect(app.ports).toContainEqual(expect.objectContaining({ name: 'http', containerPort: 3000 }));
      expect(envOf(app, 'NODE_ENV')).toEqual({ name: 'NODE_ENV', value: 'production' });
      expect(envOf(app, 'DATABASE_URL')).toEqual({
        name: 'DATABASE_URL',
        valueFrom: { secretKeyRef: { name: 'pullwise-database', key: 'url' } },
      });
      expect(envOf(app, 'PULLWISE_ADMIN_TOKEN')).toEqual({
        name: 'PULLWISE_ADMIN_TOKEN',
        valueFrom: { secretKeyRef: { name: 'pullwise-admin', key: 'token' } },
      });
      // A read-only root file system with a writable /tmp.
      const tmp = (app.volumeMounts as Doc[]).find((m) => m.mountPath === '/tmp');
      expect((pod.volumes as Doc[]).find((v) => v.name === tmp?.name)?.emptyDir).toBeDefined();
      // SIGTERM drains for up to 25 s after the preStop pause, inside the grace period.
      const pause = Number(app.lifecycle.preStop.exec.command[1]);
      expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(pause + 25);
      expect(app.resources.limits.memory).toBe(target === 'deploy/overlays/dev' ? '384Mi' : '512Mi');
    });

    it('the Service reaches a named HTTPS port of the pods, and the NetworkPolicy lets only PostgreSQL and DNS out', () => {
      const { docs } = render(target);
      const deployment = one(docs, 'Deployment');
      const service = one(docs, 'Service');
      expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
      const https = (service.spec.ports as Doc[]).find((p) => p.port === 443);
      expect(https?.targetPort).toBe('https');
      const podPorts = (deployment.spec.template.spec.containers as Doc[]).flatMap((c) => c.ports ?? []);
      expect(podPorts.map((p: Doc) => p.name)).toContain('https');

      const policy = one(docs, 'NetworkPolicy');
      expect(deployment.spec.template.metadata.labels).toMatchObject(policy.spec.podSelector.matchLabels);
      expect(policy.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
      const egressPorts = (policy.spec.egress as Doc[]).flatMap((r) => (r.ports as Doc[]).map((p) => p.port));
      expect([...new Set(egressPorts)].sort()).toEqual([53, 5432]);
      const ingressPorts = (policy.spec.ingress as Doc[]).flatMap((r) => (r.ports as Doc[]).map((p) => p.port));
      expect([...new Set(ingressPorts)].sort()).toEqual([3000, 8443]);
      expect(one(docs, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('restricted');
    });

    it.skipIf(target === NATIVE)(
      'the webhooks call the Service at /admission/validate and /admission/mutate, and never pullwise itself',
      () => {
        const { docs } = render(target);
        const service = one(docs, 'Service');
        const deployment = one(docs, 'Deployment');
        // The validating webhook records what it judges, except dry runs; the mutating one writes nothing and is
        // idempotent, so it is called again after later webhooks change the object.
        const cases = [
          [
            'ValidatingWebhookConfiguration',
            '/admission/validate',
            target.endsWith('production') ? 'Fail' : 'Ignore',
            'NoneOnDryRun',
          ],
          ['MutatingWebhookConfiguration', '/admission/mutate', 'Ignore', 'None'],
        ] as const;
        for (const [kind, path, failurePolicy, sideEffects] of cases) {
          const config = one(docs, kind);
          expect(config.webhooks).toHaveLength(1);
          const hook = config.webhooks[0];
          expect(hook.clientConfig.service).toEqual({
            name: service.metadata.name,
            namespace: service.metadata.namespace,
            path,
            port: 443,
          });
          expect(hook).toMatchObject({
            admissionReviewVersions: ['v1'],
            sideEffects,
            timeoutSeconds: 5,
            matchPolicy: 'Equivalent',
            failurePolicy,
          });
          if (kind === 'MutatingWebhookConfiguration') expect(hook.reinvocationPolicy).toBe('IfNeeded');
          const excluded = (hook.namespaceSelector.matchExpressions as Doc[]).find(
            (e) => e.key === 'kubernetes.io/metadata.name' && e.operator === 'NotIn',
          );
          expect(excluded?.values).toEqual(expect.arrayContaining(['kube-system', service.metadata.namespace]));
          const covered = (hook.rules as Doc[]).flatMap((r) => {
            expect(r.operations.sort(), kind).toEqual(['CREATE', 'UPDATE']);
            return (r.resources as string[]).map((res) => `${r.apiGroups[0] || 'core'}/${res}`);
          });
          expect(covered).toEqual(
            expect.arrayContaining([
              'core/pods',
              'core/pods/ephemeralcontainers',
              'core/podtemplates',
              'core/replicationcontrollers',
              'apps/deployments',
              'apps/statefulsets',
              'apps/daemonsets',
              'apps/replicasets',
              'batch/jobs',
              'batch/cronjobs',
            ]),
          );
          // TLS: cert-manager injects the CA of a rendered Certificate whose Secret the pods mount.
          const [ns, name] = String(config.metadata.annotations['cert-manager.io/inject-ca-from']).split('/');
          const cert = ofKind(docs, 'Certificate').find((c) => c.metadata.name === name && c.metadata.namespace === ns);
          expect(cert, `Certificate ${ns}/${name}`).toBeDefined();
          expect(cert!.spec.dnsNames).toContain(`${service.metadata.name}.${service.metadata.namespace}.svc`);
          const secrets = (deployment.spec.template.spec.volumes as Doc[]).map((v) => v.secret?.secretName);
          expect(secrets).toContain(cert!.spec.secretName);
        }
      },
    );

    it("passes pullwise's recommended rules: verdict pass, no finding, no error", async () => {
      const { text } = render(target);
      const { code, result, stderr } = await check(text);
      expect(stderr).toBe('pullwise: verdict pass: 0 deny, 0 warn, 0 audit, 0 waived in 1 file\n');
      expect(code).toBe(0);
      expect(result).toMatchObject({ verdict: 'pass', findings: [], errors: [] });
      expect(result.summary).toMatchObject({ workloads: 1, slots: 2 });
    });
  });

  describe(`${COMPONENT} (optional)`, () => {
    const cronJobOf = (docs: Doc[]) => one(docs, 'CronJob');
    const podOf = (cronJob: Doc) => cronJob.spec.jobTemplate.spec.template.spec;

    it('renders alone: a ServiceAccount, a ClusterRole and its binding, a CronJob and a NetworkPolicy', () => {
      const { docs } = render(COMPONENT);
      expect(docs.map((d) => d.kind).sort()).toEqual([
        'ClusterRole',
        'ClusterRoleBinding',
        'CronJob',
        'NetworkPolicy',
        'ServiceAccount',
      ]);
      for (const d of docs)
        expect(d.metadata.labels, d.kind).toMatchObject({ 'app.kubernetes.io/part-of': 'pullwise' });
    });

    it("the ClusterRole grants get and list on nodes and nothing else, to the CronJob's ServiceAccount only", () => {
      const { docs } = render(COMPONENT);
      const role = one(docs, 'ClusterRole');
      expect(role.aggregationRule).toBeUndefined();
      expect(role.rules).toHaveLength(1);
      const [rule] = role.rules as Doc[];
      expect(Object.keys(rule!).sort()).toEqual(['apiGroups', 'resources', 'verbs']);
      expect(rule).toEqual({ apiGroups: [''], resources: ['nodes'], verbs: expect.any(Array) });
      expect([...rule!.verbs].sort()).toEqual(['get', 'list']);
      expect(ofKind(docs, 'Role')).toEqual([]);
      expect(ofKind(docs, 'RoleBinding')).toEqual([]);

      const binding = one(docs, 'ClusterRoleBinding');
      expect(binding.roleRef).toEqual({
        apiGroup: 'rbac.authorization.k8s.io',
        kind: 'ClusterRole',
        name: role.metadata.name,
      });
      const cronJob = cronJobOf(docs);
      const sa = one(docs, 'ServiceAccount');
      expect(binding.subjects).toEqual([
        { kind: 'ServiceAccount', name: sa.metadata.name, namespace: cronJob.metadata.namespace },
      ]);
      expect(sa.metadata.namespace).toBe(cronJob.metadata.namespace);
      // The token is mounted only where it is used: the account says no, the CronJob's pods say yes.
      expect(sa.automountServiceAccountToken).toBe(false);
      expect(podOf(cronJob)).toMatchObject({
        serviceAccountName: sa.metadata.name,
        automountServiceAccountToken: true,
      });
    });

    it('the CronJob: every 5 minutes, never overlapping, restricted, bounded, its credentials from a Secret', () => {
      const { docs } = render(COMPONENT);
      const cronJob = cronJobOf(docs);
      expect(cronJob.apiVersion).toBe('batch/v1');
      expect(cronJob.spec).toMatchObject({ schedule: '*/5 * * * *', concurrencyPolicy: 'Forbid' });
      // A run ends before the next one is due.
      expect(cronJob.spec.jobTemplate.spec.activeDeadlineSeconds).toBeLessThan(300);
      const pod = podOf(cronJob);
      expect(pod.restartPolicy).toBe('Never');
      expect(pod.securityContext).toMatchObject({
        runAsNonRoot: true,
        runAsUser: 1000,
        seccompProfile: { type: 'RuntimeDefault' },
      });
      expect(pod.containers).toHaveLength(1);
      const [c] = pod.containers as Doc[];
      expect(c!.securityContext).toMatchObject({
        allowPrivilegeEscalation: false,
        readOnlyRootFilesystem: true,
        runAsNonRoot: true,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      });
      for (const k of ['requests', 'limits'])
        expect(Object.keys(c!.resources?.[k] ?? {}).sort(), `resources.${k}`).toEqual(['cpu', 'memory']);
      expect(c!.image).toMatch(/@sha256:[0-9a-f]{64}$/);
      expect(c!.imagePullPolicy).toBe('IfNotPresent');
      for (const e of (c!.env ?? []) as Doc[])
        if (/TOKEN|PASSWORD|SECRET|KEY|DATABASE_URL/.test(e.name))
          expect(e, `env ${e.name} comes from a Secret`).toMatchObject({
            valueFrom: { secretKeyRef: expect.anything() },
          });
      expect(envOf(c!, 'PULLWISE_TOKEN')).toEqual({
        name: 'PULLWISE_TOKEN',
        valueFrom: { secretKeyRef: { name: 'pullwise-node-inventory', key: 'token' } },
      });
      // Only the CA certificate of the webhooks' Secret is mounted, never its key.
      const ca = (pod.volumes as Doc[]).find((v) => v.secret?.secretName === 'pullwise-webhook-tls');
      expect(ca?.secret.items).toEqual([{ key: 'ca.crt', path: 'ca.crt' }]);
      const mount = (c!.volumeMounts as Doc[]).find((m) => m.name === ca?.name);
      expect(envOf(c!, 'NODE_EXTRA_CA_CERTS')?.value).toBe(`${mount?.mountPath}/ca.crt`);
    });

    it("the CronJob runs the image's CLI: `pullwise nodes push --from-cluster --cluster <the Secret's name>`", () => {
      const { docs } = render(COMPONENT);
      const [c] = podOf(cronJobOf(docs)).containers as Doc[];
      const dockerfile = readFileSync(new URL('../../Dockerfile', import.meta.url), 'utf8');
      const workdir = [...dockerfile.matchAll(/^WORKDIR\s+(\S+)/gm)].at(-1)![1];
      expect(dockerfile).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
      expect(c!.command).toEqual(['node', `${workdir}/dist/apps/cli/src/main.js`]);
      expect(envOf(c!, 'PULLWISE_CLUSTER')?.valueFrom).toEqual({
        secretKeyRef: { name: 'pullwise-node-inventory', key: 'cluster' },
      });
      // The kubelet expands $(PULLWISE_CLUSTER) from the container's env.
      const args = (c!.args as string[]).map((a) => a.replace('$(PULLWISE_CLUSTER)', 'prod-eu'));
      const env = Object.fromEntries(((c!.env ?? []) as Doc[]).map((e) => [e.name, e.value ?? 'from-secret']));
      expect(parseCommand(args, env)).toEqual({
        kind: 'nodes',
        options: expect.objectContaining({
          action: 'push',
          cluster: 'prod-eu',
          fromCluster: true,
          file: null,
          server: 'https://pullwise.pullwise.svc/',
          token: 'from-secret',
        }),
      });
    });

    it('its NetworkPolicy: no ingress; egress to the pullwise pods, the API server and DNS only', () => {
      const { docs } = render(COMPONENT);
      const policy = one(docs, 'NetworkPolicy');
      expect(cronJobOf(docs).spec.jobTemplate.spec.template.metadata.labels).toMatchObject(
        policy.spec.podSelector.matchLabels,
      );
      expect(policy.spec.policyTypes.sort()).toEqual(['Egress', 'Ingress']);
      expect(policy.spec.ingress ?? []).toEqual([]);
      const egressPorts = (policy.spec.egress as Doc[]).flatMap((r) => (r.ports as Doc[]).map((p) => p.port));
      expect([...new Set(egressPorts)].sort((a, b) => a - b)).toEqual([53, 443, 6443, 8443]);
    });

    describe.each(TARGETS)('%s with the component', (target) => {
      it("renders: the CronJob runs the Deployment's build, talks to its Service, trusts its certificate", () => {
        const { text, docs } = renderWithInventory(target);
        expect(ofKind(docs, 'Secret')).toEqual([]);
        expect(text).not.toMatch(/pwk_[0-9a-f]{12}_/);
        const deployment = one(docs, 'Deployment');
        const cronJob = cronJobOf(docs);
        const [c] = podOf(cronJob).containers as Doc[];
        expect(c!.image).toBe(containerNamed(deployment, 'pullwise').image);
        expect(cronJob.metadata.namespace).toBe(deployment.metadata.namespace);
        const service = one(docs, 'Service');
        expect(envOf(c!, 'PULLWISE_SERVER')?.value).toBe(
          `https://${service.metadata.name}.${service.metadata.namespace}.svc`,
        );
        const cert = one(docs, 'Certificate');
        expect(cert.spec.dnsNames).toContain(`${service.metadata.name}.${service.metadata.namespace}.svc`);
        const ca = (podOf(cronJob).volumes as Doc[]).find((v) => v.secret?.secretName === cert.spec.secretName);
        expect(ca, 'the CronJob mounts the CA of the Certificate').toBeDefined();
        // The server's Service, NetworkPolicy and disruption budget do not take the Job's pods for server pods.
        const jobLabels = cronJob.spec.jobTemplate.spec.template.metadata.labels as Record<string, string>;
        const server = ofKind(docs, 'NetworkPolicy').find((p) => p.metadata.name === 'pullwise')!;
        const selectors = [service.spec.selector, server.spec.podSelector.matchLabels];
        for (const pdb of ofKind(docs, 'PodDisruptionBudget')) selectors.push(pdb.spec.selector.matchLabels);
        for (const selector of selectors)
          expect(Object.entries(selector).every(([k, v]) => jobLabels[k] === v)).toBe(false);
        const clusterRoles = ofKind(docs, 'ClusterRole');
        expect(clusterRoles.map((r) => r.metadata.name)).toEqual(['pullwise-node-inventory']);
      });

      it("passes pullwise's recommended rules: verdict pass, no finding, no error", async () => {
        const { text } = renderWithInventory(target);
        const { code, result, stderr } = await check(text);
        expect(stderr).toBe('pullwise: verdict pass: 0 deny, 0 warn, 0 audit, 0 waived in 1 file\n');
        expect(code).toBe(0);
        expect(result).toMatchObject({ verdict: 'pass', findings: [], errors: [] });
        expect(result.summary).toMatchObject({ workloads: 2, slots: 3 });
      });
    });
  });

  it('base: 2 replicas, autoscaled 2–10 on 70% CPU, at least 1 available', () => {
    const { docs } = render('deploy/base');
    expect(one(docs, 'Deployment').spec.replicas).toBe(2);
    const hpa = one(docs, 'HorizontalPodAutoscaler');
    expect(hpa.apiVersion).toBe('autoscaling/v2');
    expect(hpa.spec).toMatchObject({
      scaleTargetRef: { kind: 'Deployment', name: 'pullwise' },
      minReplicas: 2,
      maxReplicas: 10,
    });
    expect(
      hpa.spec.metrics[0][hpa.spec.metrics[0].type === 'Resource' ? 'resource' : 'containerResource'],
    ).toMatchObject({ name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } });
    expect(one(docs, 'PodDisruptionBudget').spec.minAvailable).toBe(1);
  });

  it('dev: 1 replica, no autoscaler, no disruption budget', () => {
    const { docs } = render('deploy/overlays/dev');
    expect(one(docs, 'Deployment').spec.replicas).toBe(1);
    expect(ofKind(docs, 'HorizontalPodAutoscaler')).toEqual([]);
    expect(ofKind(docs, 'PodDisruptionBudget')).toEqual([]);
  });

  it('production: at least 3 replicas, 2 kept through disruptions, fail-closed validation', () => {
    const { docs } = render('deploy/overlays/production');
    expect(one(docs, 'Deployment').spec.replicas).toBe(3);
    expect(one(docs, 'HorizontalPodAutoscaler').spec).toMatchObject({ minReplicas: 3, maxReplicas: 10 });
    expect(one(docs, 'PodDisruptionBudget').spec.minAvailable).toBe(2);
    expect(one(docs, 'ValidatingWebhookConfiguration').webhooks[0].failurePolicy).toBe('Fail');
  });

  it('native-policies: base without the admission webhooks, nothing else changed', () => {
    const { docs } = render(NATIVE);
    for (const kind of WEBHOOK_KINDS) expect(ofKind(docs, kind), kind).toEqual([]);
    expect(docs.filter((d) => String(d.apiVersion).startsWith('admissionregistration.k8s.io/'))).toEqual([]);
    const base = render('deploy/base').docs;
    const key = (d: Doc) => `${d.kind}/${d.metadata.namespace ?? ''}/${d.metadata.name}`;
    expect(docs.map(key).sort()).toEqual(
      base
        .filter((d) => !WEBHOOK_KINDS.includes(d.kind))
        .map(key)
        .sort(),
    );
    // The Deployment, its Service and the serving certificate are base's, byte for byte.
    for (const kind of ['Deployment', 'Service', 'Certificate', 'NetworkPolicy'])
      expect(one(docs, kind), kind).toEqual(one(base, kind));
    expect(one(docs, 'Deployment').spec.replicas).toBe(2);
  });

  it('the rules bite: the production manifests with a tag-only image fail', async () => {
    const { text } = render('deploy/overlays/production');
    const tagOnly = text.replace(/(image: \S*pullwise\/pullwise:0\.1\.0)@sha256:[0-9a-f]{64}/, '$1');
    expect(tagOnly).not.toBe(text);
    const { code, result } = await check(tagOnly);
    expect(code).toBe(1);
    expect(result.verdict).toBe('fail');
    expect(result.findings.map((f: any) => [f.rule, f.enforcement]).sort()).toEqual([
      ['mutable-tags-pull-always', 'deny'],
      ['require-digest', 'warn'],
    ]);
  });
});
