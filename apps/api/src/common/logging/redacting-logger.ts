import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { redactor } from './redact.js';

/** Nest's console logger with every message passed through {@link redactor} first. */
export class RedactingLogger extends ConsoleLogger {
  private readonly scrub: (text: string) => string;

  constructor(levels: LogLevel[], secrets: readonly (string | null | undefined)[]) {
    super({ logLevels: levels });
    this.scrub = redactor(secrets);
  }

  protected override formatMessage(...args: Parameters<ConsoleLogger['formatMessage']>): string {
    return this.scrub(super.formatMessage(...args));
  }

  // Nest calls this with no stack too (logger.error(message) alone): scrubbing undefined threw inside the
  // exception filter, so an unexpected error was answered by Fastify's fallback instead of a problem.
  protected override printStackTrace(stack: string | undefined): void {
    if (stack) super.printStackTrace(this.scrub(stack));
  }
}
