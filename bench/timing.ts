/** Median wall time of `fn` over `runs` runs after `warmup` runs, in milliseconds. */
export function medianMs(fn: () => unknown, runs = 9, warmup = 3): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)]!;
}

/** Interleaves the two measurements round by round so machine noise hits both alike. */
export function pairedMedians(a: () => unknown, b: () => unknown, rounds = 9): [number, number] {
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < 3; i++) {
    a();
    b();
  }
  for (let i = 0; i < rounds; i++) {
    ta.push(medianMs(a, 1, 0));
    tb.push(medianMs(b, 1, 0));
  }
  const med = (xs: number[]) => xs.sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  return [med(ta), med(tb)];
}
