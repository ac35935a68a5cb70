// The rules file's `cluster:` takes podTemplatePaths and validates them exactly as POST /v1/clusters does.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

const RULES = `rules:
- name: always-pull
  kind: pull-policy
  params: {allowed: [Always]}
  enforcement: deny
`;
const BATCH_RUN = `apiVersion: batch.example.com/v1
kind: BatchRun
metadata: {name: nightly}
spec:
  jobs:
  - template:
      spec:
        containers:
        - {name: main, image: registry.example.com/extract:1.0}
`;
const CLUSTER = `cluster:
  podTemplatePaths:
  - {apiVersion: batch.example.com/v1, kind: BatchRun, path: "spec.jobs[*].template.spec"}
`;

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'pullwise-crd-'));
  await writeFile(path.join(dir, 'batch.yaml'), BATCH_RUN);
  await writeFile(path.join(dir, 'plain.yaml'), RULES);
  await writeFile(path.join(dir, 'with-paths.yaml'), RULES + CLUSTER);
  await writeFile(path.join(dir, 'bad-paths.yaml'), RULES + CLUSTER.replace('[*]', '[0]'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

const check = (rules: string) => runCli(['check', '-f', 'batch.yaml', '--rules', rules], { cwd: dir });

describe('pullwise check --rules with podTemplatePaths', () => {
  it('without them the custom resource is skipped, listed with its image paths, and passes', async () => {
    const r = await check('plain.yaml');
    expect(r.code).toBe(0);
    const result = JSON.parse(r.stdout);
    expect(result.workloads).toEqual([]);
    expect(result.skipped).toMatchObject([
      { kind: 'BatchRun', imagePaths: ['spec.jobs[0].template.spec.containers[0].image'] },
    ]);
  });

  it("with the cluster's podTemplatePaths its containers are evaluated", async () => {
    const r = await check('with-paths.yaml');
    expect(r.code).toBe(1);
    const result = JSON.parse(r.stdout);
    expect(result.skipped).toEqual([]);
    expect(result.findings.map((f: any) => [f.rule, f.slot])).toEqual([
      ['always-pull', 'spec.jobs[0].template.spec.containers[0]'],
    ]);
  });

  it('an invalid entry is an input error naming it', async () => {
    const r = await check('bad-paths.yaml');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('cluster.podTemplatePaths[0].path');
  });
});
