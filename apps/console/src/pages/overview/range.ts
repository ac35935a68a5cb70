/** The periods the Overview offers, in UTC days as the API counts them (today included). */
export const PERIODS = [7, 30, 90] as const;
export type Period = (typeof PERIODS)[number];

const DAY_MS = 86_400_000;

export interface DayRange {
  /** First day, inclusive (`YYYY-MM-DD`, midnight UTC). */
  from: string;
  /** The day after the last, exclusive: tomorrow, so today's evaluations count. */
  to: string;
  /** The last day shown (`to` minus one day). */
  last: string;
}

const day = (ms: number) => new Date(ms).toISOString().slice(0, 10);

export function lastDays(period: Period, now = Date.now()): DayRange {
  const today = Math.floor(now / DAY_MS) * DAY_MS;
  return { from: day(today - (period - 1) * DAY_MS), to: day(today + DAY_MS), last: day(today) };
}

export function parsePeriod(raw: string | null): Period {
  const n = Number(raw);
  return (PERIODS as readonly number[]).includes(n) ? (n as Period) : 30;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });

/** "Mar 1, 2026 – Mar 30, 2026 (UTC)". */
export function rangeText(r: DayRange): string {
  return `${dayFormat.format(new Date(`${r.from}T00:00:00Z`))} – ${dayFormat.format(new Date(`${r.last}T00:00:00Z`))} (UTC)`;
}

export function formatDay(d: string): string {
  return dayFormat.format(new Date(`${d}T00:00:00Z`));
}
