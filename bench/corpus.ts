import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** Every manifest under ../shared/corpus/real-world, as text. */
export function realWorldCorpus(): { file: string; text: string }[] {
  const dir = path.resolve(repoRoot, '../shared/corpus/real-world');
  const out: { file: string; text: string }[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = path.join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else if (/\.ya?ml$/.test(name)) out.push({ file: path.relative(dir, p), text: readFileSync(p, 'utf8') });
    }
  };
  walk(dir);
  return out;
}

/** A 1,000-document stream shaped like a real install: Deployments, Services and ConfigMaps. */
export function generatedStream(documents = 1000): string {
  const docs: string[] = [];
  for (let i = 0; i < documents; i++) {
    if (i % 3 === 0) {
      docs.push(`apiVersion: apps/v1
kind: Deployment
metadata:
  name: app-${i}
  namespace: team-${i % 17}
  labels: {app: app-${i}, tier: backend}
spec:
  replicas: 2
  selector:
    matchLabels: {app: app-${i}}
  template:
    metadata:
      labels: {app: app-${i}, tier: backend}
    spec:
      initContainers:
      - name: migrate
        image: registry.example.com/team-${i % 17}/migrate:${i % 5}.0.${i % 11}
        command: ["/migrate", "--up"]
      containers:
      - name: app
        image: ${i % 4 === 0 ? `nginx` : `ghcr.io/acme/app-${i}:v1.${i % 9}`}
        imagePullPolicy: ${['Always', 'IfNotPresent', 'Never'][i % 3]}
        ports: [{containerPort: 8080}]
        env:
        - {name: MODE, value: production}
        - {name: REPLICA, value: "${i}"}
        resources:
          requests: {cpu: 100m, memory: 128Mi}
          limits: {cpu: 500m, memory: 256Mi}
      - name: sidecar
        image: docker.io/envoyproxy/envoy@sha256:${i.toString(16).padStart(8, '0').repeat(8)}
`);
    } else if (i % 3 === 1) {
      docs.push(`apiVersion: v1
kind: Service
metadata:
  name: app-${i - 1}
  namespace: team-${(i - 1) % 17}
spec:
  selector: {app: app-${i - 1}}
  ports:
  - {port: 80, targetPort: 8080}
`);
    } else {
      docs.push(`apiVersion: v1
kind: ConfigMap
metadata:
  name: config-${i}
  namespace: team-${i % 17}
data:
  settings.yaml: |
    level: info
    replicas: ${i}
    features: [a, b, c]
`);
    }
  }
  return docs.join('---\n');
}
