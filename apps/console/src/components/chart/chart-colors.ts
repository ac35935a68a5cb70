/** What a chart paints with, read from the page's CSS variables when it draws (so light and dark both fit). */
export interface ChartColors {
  text: string;
  muted: string;
  grid: string;
  background: string;
  font: string;
  /** `--chart-1` … `--chart-8`. */
  palette: string[];
  /** Any other variable a series names (`--deny`). */
  variable: (name: string) => string;
}

const PALETTE_SIZE = 8;

export function readChartColors(el: Element): ChartColors {
  const style = getComputedStyle(el);
  const v = (name: string) => style.getPropertyValue(name).trim();
  return {
    text: v('--text'),
    muted: v('--muted'),
    grid: v('--border'),
    background: v('--bg'),
    font: `${style.fontSize} ${style.fontFamily}`,
    palette: Array.from({ length: PALETTE_SIZE }, (_, i) => v(`--chart-${i + 1}`)),
    variable: v,
  };
}

/** Dash patterns by series index: series stay apart in print, for colour-blind readers, and in forced colours. */
export const DASHES: number[][] = [[], [8, 4], [2, 3], [10, 3, 2, 3], [4, 4], [12, 6], [2, 6], [6, 2, 2, 2]];
