// npm run bench:rules — the rule engine alone, in process: each scenario of bench/scenarios.ts evaluated by
// libs/k8s (parse, slots, semantics) and then by libs/policy with 100 and with 10,000 stored rules
// (bench/scenarios.ts ruleDefinitions), median of BENCH_RUNS (9; ×40 for (a), ×4 for (b)) runs after a warm-up. It prints the time of
// the Kubernetes part, the time of rule matching plus result assembly, and the ratio of the 10,000-rule cost to
// the 100-rule cost, so indexing regressions show without the HTTP stack's noise.
import { evaluateManifests } from '#k8s';
import { applyRules, assembleResult, compileRuleSet, validateRuleInput, type RuleDefinition } from '#policy';
import { ruleDefinitions, scenarios } from './scenarios.js';

const RUNS = Number(process.env.BENCH_RUNS || 9);
const COUNTS = (process.env.BENCH_RULES || '100,10000').split(',').map(Number);

function definitions(count: number): RuleDefinition[] {
  return ruleDefinitions(count).map((input, i) => {
    const v = validateRuleInput(input);
    if (!v.ok) throw new Error(`invalid bench rule: ${JSON.stringify(v.problems)}`);
    return { ...v.value, id: `bench-${i}`, version: 1 };
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

const rows: Record<string, string | number>[] = [];
const ruleMs = new Map<string, number>();
for (const count of COUNTS) {
  const defs = definitions(count);
  const t0 = performance.now();
  const set = compileRuleSet(defs);
  const compileMs = performance.now() - t0;
  for (const s of scenarios()) {
    const ctx = { cluster: null, preloadedImages: [], now: new Date() };
    const k8sTimes: number[] = [];
    const ruleTimes: number[] = [];
    let findings = 0;
    // Small inputs are repeated more: their runs are short, and the first ones carry the JIT's warm-up.
    const runs = s.id === 'a' ? RUNS * 40 : s.id === 'b' ? RUNS * 4 : RUNS;
    const warmUp = Math.max(2, Math.floor(runs / 4));
    for (let i = 0; i < runs + warmUp; i++) {
      const a = performance.now();
      const k8s = evaluateManifests(s.body, {});
      const b = performance.now();
      const result = assembleResult(k8s, applyRules(k8s, set, ctx));
      const c = performance.now();
      if (i < warmUp) continue; // JIT and the rule set's memo
      k8sTimes.push(b - a);
      ruleTimes.push(c - b);
      findings = result.findings.length;
    }
    ruleMs.set(`${s.id}:${count}`, median(ruleTimes));
    rows.push({
      scenario: `(${s.id}) ${s.name}`,
      rules: count,
      'compile ms': Number(compileMs.toFixed(1)),
      'k8s ms': Number(median(k8sTimes).toFixed(3)),
      'rules+assemble ms': Number(median(ruleTimes).toFixed(3)),
      findings,
    });
  }
}
console.table(rows);
if (COUNTS.length >= 2) {
  const [lo, hi] = [Math.min(...COUNTS), Math.max(...COUNTS)];
  for (const s of scenarios()) {
    const ratio = ruleMs.get(`${s.id}:${hi}`)! / ruleMs.get(`${s.id}:${lo}`)!;
    console.log(`(${s.id}) rule matching + assembly, ${hi} vs ${lo} rules: ${ratio.toFixed(2)}×`);
  }
}
