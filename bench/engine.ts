// npm run bench:engine — the Kubernetes engine (parse, slots, policy, kubelet behaviour; no rules)
// against the floor of parsing the same YAML alone with the same library, measured in the same run.
import { parseAllDocuments } from 'yaml';
import { evaluateManifests } from '../libs/k8s/src/index.js';
import { generatedStream, realWorldCorpus } from './corpus.js';
import { pairedMedians } from './timing.js';

function row(name: string, text: string, rounds: number) {
  const slots = evaluateManifests(text).summary.slots;
  const [parseMs, evalMs] = pairedMedians(
    () => parseAllDocuments(text, { merge: true }),
    () => evaluateManifests(text),
    rounds,
  );
  return {
    input: name,
    kib: Math.round(text.length / 1024),
    slots,
    parseMs: +parseMs.toFixed(2),
    evaluateMs: +evalMs.toFixed(2),
    ratio: +(evalMs / parseMs).toFixed(2),
    slotsPerSec: Math.round(slots / (evalMs / 1000)),
  };
}

const corpus = realWorldCorpus();
const all = corpus.map((c) => c.text).join('\n---\n');
const rows = [
  row(`real-world corpus (${corpus.length} files)`, all, 9),
  row('generated 1,000-document stream', generatedStream(1000), 9),
];
console.table(rows);
const worst = Math.max(...rows.map((r) => r.ratio));
console.log(`engine / parse-alone ratio: ${rows.map((r) => r.ratio).join(', ')} (target ≤ 1.3; worst ${worst})`);
