// npm run bench:http — folded into bench/run.ts: scenario (a), one small Pod, against the bare Fastify floor, with
// no stored rules (as this benchmark always measured), written to bench/results/http.json. Every BENCH_* variable of
// run.ts applies; e.g. BENCH_RULES=100,10000 adds the rule counts.
process.env.BENCH_SCENARIOS ??= 'a';
process.env.BENCH_RULES ??= '0';
process.env.BENCH_OUT ??= 'http.json';
await import('./run.js');
