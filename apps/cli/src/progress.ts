import type { OutStream } from './io.js';

/**
 * "checking 3/40 deploy/app.yaml" on stderr, never stdout (stdout carries the report). On a terminal one
 * line is rewritten in place, and only for several files unless forced; with --progress elsewhere (CI
 * logs), one line per file.
 */
export class Progress {
  private readonly enabled: boolean;
  private readonly inPlace: boolean;
  private shown = false;

  constructor(
    private readonly out: OutStream,
    private readonly total: number,
    forced: boolean,
  ) {
    const tty = out.isTTY === true;
    this.enabled = forced || (tty && total > 1);
    this.inPlace = tty;
  }

  step(index: number, name: string): void {
    if (!this.enabled) return;
    const line = `pullwise: checking ${index + 1}/${this.total} ${name}`;
    this.out.write(this.inPlace ? `\r\x1b[K${line}` : `${line}\n`);
    this.shown = true;
  }

  /** Clears the in-place line so that later messages start on a clean line. */
  done(): void {
    if (this.shown && this.inPlace) this.out.write('\r\x1b[K');
    this.shown = false;
  }
}
