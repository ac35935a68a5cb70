import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadManifests, type LoadedManifests } from './index.js';

// The corpus lives in shared/ beside the clone (here /work/shared next to /work/main; the same layout in CI).
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const corpusRoot = path.resolve(repoRoot, '../shared/corpus/real-world');
const goldenRoot = path.resolve(repoRoot, 'libs/k8s/golden/real-world');
const update = process.env.UPDATE_GOLDEN === '1';

/** `<project>/<file>` for every YAML file of the real-world corpus, sorted. */
function corpusFiles(): string[] {
  return readdirSync(corpusRoot, { recursive: true, encoding: 'utf8' })
    .filter((file) => /\.ya?ml$/.test(file))
    .map((file) => file.split(path.sep).join('/'))
    .sort();
}

/** What a golden file pins down: counts, errors, and per workload and slot the fields that locate an image. */
function goldenView(result: LoadedManifests) {
  return {
    documents: result.documents,
    skipped: result.skipped.length,
    errors: result.errors,
    workloads: result.workloads.map((w) => ({
      document: w.document,
      kind: w.kind,
      name: w.name,
      namespace: w.namespace,
      line: w.line,
      slots: w.slots.map((s) => ({
        type: s.type,
        name: s.name,
        path: s.path,
        line: s.line,
        image: s.image,
        declaredPolicy: s.declaredPolicy,
        ...(s.restartPolicy === null ? {} : { restartPolicy: s.restartPolicy }),
      })),
    })),
  };
}

describe('real-world corpus', () => {
  const files = corpusFiles();

  it('finds the corpus beside the repository', () => {
    expect(files.length).toBeGreaterThanOrEqual(38);
  });

  it('has a golden file for every corpus file and no stale ones', () => {
    if (update) return;
    const goldens = readdirSync(goldenRoot, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.json'))
      .map((file) =>
        file
          .split(path.sep)
          .join('/')
          .replace(/\.json$/, ''),
      )
      .sort();
    expect(goldens).toEqual(files);
  });

  it.each(files)('%s matches its golden', (file) => {
    const actual = goldenView(loadManifests(readFileSync(path.join(corpusRoot, file), 'utf8')));
    const goldenFile = path.join(goldenRoot, `${file}.json`);
    if (update) {
      mkdirSync(path.dirname(goldenFile), { recursive: true });
      writeFileSync(goldenFile, `${JSON.stringify(actual, null, 2)}\n`);
      return;
    }
    expect(existsSync(goldenFile), `missing ${goldenFile}; run with UPDATE_GOLDEN=1`).toBe(true);
    expect(actual).toEqual(JSON.parse(readFileSync(goldenFile, 'utf8')));
  });
});
