import { describe, expect, it } from 'vitest';
import { documentSources } from './document-sources.js';
import { loadManifests } from './load-manifests.js';

const STREAM = `# leading comment
apiVersion: v1
kind: Pod
metadata: { name: a }
spec:
  containers:
    - name: c # why this image
      image: nginx:1.27
---
# a comments-only document takes no index
---
apiVersion: v1
kind: Secret
metadata: { name: s }
stringData: { password: hunter2 }
---
{"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "d"}, "spec": {"template": {"spec": {"containers": [{"name": "x", "image": "redis"}]}}}}
---
bad: [unclosed
---
apiVersion: v1
kind: Pod
metadata: { name: e }
spec: { containers: [{ name: c, image: busybox }] }
`;

describe('documentSources', () => {
  it.each([
    [[0], { 0: /^apiVersion: v1\nkind: Pod\nmetadata: \{ name: a \}[\s\S]*# why this image\n {6}image: nginx:1\.27$/ }],
    [[2], { 2: /^\{"apiVersion": "apps\/v1".*"redis"\}\]\}\}\}\}$/ }],
    [[4], { 4: /name: e \}\nspec: \{ containers: \[\{ name: c, image: busybox \}\] \}$/ }],
    [[0, 2, 4], { 0: /name: a/, 2: /"name": "d"/, 4: /name: e/ }],
    // a document with syntax errors keeps its index and has no text; an index past the end has none either
    [[3, 9], {}],
    [[], {}],
  ])('documents %j', (wanted, expected) => {
    const got = Object.fromEntries(documentSources(STREAM, new Set(wanted)));
    expect(Object.keys(got)).toEqual(Object.keys(expected));
    for (const [i, pattern] of Object.entries(expected)) expect(got[i]).toMatch(pattern);
  });

  it('numbers documents as the loader does, so a workload finds its own text', () => {
    const loaded = loadManifests(STREAM);
    const indexes = new Set(loaded.workloads.map((w) => w.document));
    const sources = documentSources(STREAM, indexes);
    for (const w of loaded.workloads)
      expect(sources.get(w.document)).toContain(`name: ${w.name}`.replace('name: d', '"name": "d"'));
  });

  it('never hands out a document nobody asked for', () => {
    const sources = documentSources(STREAM, new Set([0, 2]));
    expect([...sources.values()].join('\n')).not.toContain('hunter2');
  });
});
