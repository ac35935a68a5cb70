// vitest setupFiles: code tested outside an application (e.g. AdmissionRecorder in a unit spec) logs through
// Nest's static Logger, whose fallback ConsoleLogger prints every level, debug included. An application installs
// the pino logger (PULLWISE_LOG_LEVEL) instead; here the fallback gets the same threshold, `warn` unless
// PULLWISE_LOG_LEVEL says otherwise (PULLWISE_LOG_LEVEL=debug npx vitest … shows everything again).
import { vi } from 'vitest';

/** pino's level names (apps/api/src/config/app-config.ts) -> the Nest levels at or above each. */
const NEST_LEVELS = {
  silent: [],
  fatal: ['fatal'],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  info: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  trace: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
} as const;

const level = process.env.PULLWISE_LOG_LEVEL ?? 'warn';
if (!(level in NEST_LEVELS))
  throw new Error(`PULLWISE_LOG_LEVEL=${level} is not one of ${Object.keys(NEST_LEVELS).join(', ')}`);

// Applied when a test file first loads @nestjs/common (the very module, not a stand-in): a spec of a pure
// library never loads it and does not pay for it.
vi.mock('@nestjs/common', async (importOriginal) => {
  const nest = await importOriginal<typeof import('@nestjs/common')>();
  nest.Logger.overrideLogger([...NEST_LEVELS[level as keyof typeof NEST_LEVELS]]);
  return nest;
});
