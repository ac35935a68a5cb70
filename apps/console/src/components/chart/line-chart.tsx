import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import './chart.css';
import { DASHES, readChartColors, type ChartColors } from './chart-colors';
import { useColorScheme } from './use-color-scheme';
import { useElementWidth } from './use-element-width';

export interface ChartSeries {
  label: string;
  /** One value per day; null is a gap (a day without data), not a zero. */
  values: (number | null)[];
  /** A CSS variable to draw it in (`--deny`) instead of the next palette colour. */
  colorVar?: string;
}

export interface LineChartProps {
  /** UTC days, `YYYY-MM-DD`, the x axis. */
  days: string[];
  series: ChartSeries[];
  /** What the chart shows, in words: the canvas's accessible name (`role="img"`). */
  summary: string;
  /** How a y value reads (axis, legend); counts by default. */
  format?: (v: number) => string;
  /** A fixed top of the y axis (1 for a rate); else a round number above the largest value. */
  yMax?: number;
  /** What the legend shows when the pointer is not over a day: each series' total, or nothing. */
  legendTotals?: boolean;
}

const DAY_SECONDS = 86_400;
const dayLabel = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', timeZone: 'UTC' });
const dayLong = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
const count = new Intl.NumberFormat();

const toSeconds = (day: string) => Date.parse(`${day}T00:00:00Z`) / 1000;

/**
 * A line chart of per-day values drawn with uPlot on a canvas, with its own legend in page text. Colours come from
 * the CSS variables when it draws and it redraws when the system colour scheme changes; it follows its container's
 * width. The canvas is an image to assistive technology: pages give the same numbers as a table beside it.
 */
export function LineChart({
  days,
  series,
  summary,
  format = (v) => count.format(v),
  yMax,
  legendTotals = true,
}: LineChartProps) {
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  const width = useElementWidth(box);
  const widthRef = useRef(width);
  widthRef.current = width;
  const scheme = useColorScheme();
  const [colors, setColors] = useState<ChartColors>();
  const [hover, setHover] = useState<number | null>(null);
  const hasWidth = width > 0;

  useEffect(() => {
    const target = box.current;
    if (!target || !hasWidth) return;
    const c = readChartColors(target);
    setColors(c);
    const data: uPlot.AlignedData = [days.map(toSeconds), ...series.map((s) => s.values)];
    const u = new uPlot(options(widthRef.current, days.length, series, c, format, yMax, setHover), data, target);
    plot.current = u;
    return () => {
      u.destroy();
      plot.current = null;
    };
    // Not `format` or the width: a caller's new function each render, or a resize, must not rebuild the chart.
  }, [days, series, scheme, yMax, hasWidth]);

  useEffect(() => {
    if (plot.current && width > 0) plot.current.setSize({ width, height: heightFor(width) });
  }, [width]);

  const colorOf = (s: ChartSeries, i: number) =>
    colors ? (s.colorVar ? colors.variable(s.colorVar) : colors.palette[i % colors.palette.length]) : 'currentColor';
  const sum = (values: (number | null)[]) => values.reduce<number>((a, b) => a + (b ?? 0), 0);

  return (
    <div class="line-chart">
      <div class="plot" ref={box} role="img" aria-label={summary} />
      <p class="chart-hover muted" aria-hidden="true">
        {hover != null && days[hover] ? dayLong.format(new Date(`${days[hover]}T00:00:00Z`)) : ' '}
      </p>
      <ul class="chart-legend" aria-label="Legend">
        {series.map((s, i) => {
          const value = hover != null ? s.values[hover] : legendTotals ? sum(s.values) : undefined;
          return (
            <li key={s.label}>
              <svg width="28" height="10" aria-hidden="true" focusable="false">
                <line
                  x1="1"
                  y1="5"
                  x2="27"
                  y2="5"
                  stroke={colorOf(s, i)}
                  stroke-width="2.5"
                  stroke-dasharray={DASHES[i % DASHES.length]!.join(' ') || undefined}
                />
              </svg>
              <span>{s.label}</span>
              {value !== undefined && <span class="value">{value === null ? '—' : format(value)}</span>}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

function heightFor(width: number): number {
  return width < 480 ? 220 : 280;
}

/** A round number at or above `max` (1, 2, 2.5, 5 × 10ⁿ), so the top grid line is labelled. */
function niceCeil(max: number): number {
  if (max <= 0) return 1;
  const step = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * step >= max) return m * step;
  return 10 * step;
}

function options(
  width: number,
  points: number,
  series: ChartSeries[],
  c: ChartColors,
  format: (v: number) => string,
  yMax: number | undefined,
  onHover: (idx: number | null) => void,
): uPlot.Options {
  const axis = {
    stroke: c.muted,
    font: c.font,
    grid: { stroke: c.grid, width: 1 },
    ticks: { stroke: c.grid, width: 1 },
  };
  return {
    width,
    height: heightFor(width),
    legend: { show: false },
    // The API counts UTC days: the axis shows them as UTC days whatever the browser's zone.
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: { drag: { x: false, y: false, setScale: false }, points: { size: 8 } },
    scales: {
      x: { time: true },
      y: { range: (_u, _min, max) => [0, yMax ?? niceCeil(max)] },
    },
    axes: [
      {
        ...axis,
        space: 64,
        incrs: [1, 2, 7, 14, 28].map((d) => d * DAY_SECONDS),
        values: (_u, splits) => splits.map((s) => dayLabel.format(new Date(s * 1000))),
      },
      {
        ...axis,
        size: 56,
        // Counts are whole numbers: no 0.5 findings on the axis.
        incrs: yMax === undefined ? [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000] : undefined,
        values: (_u, splits) => splits.map((s) => format(s)),
      },
    ],
    series: [
      {},
      ...series.map((s, i) => {
        const stroke = s.colorVar ? c.variable(s.colorVar) : c.palette[i % c.palette.length]!;
        return {
          label: s.label,
          stroke,
          width: 2,
          dash: DASHES[i % DASHES.length],
          spanGaps: false,
          points: { show: points <= 31, size: 5, fill: c.background, stroke },
        };
      }),
    ],
    hooks: { setCursor: [(u) => onHover(u.cursor.idx ?? null)] },
  };
}
