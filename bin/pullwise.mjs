#!/usr/bin/env node
// Launcher for the compiled CLI (`npm run build` writes dist/). The CLI sets process.exitCode itself.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const entry = new URL('../dist/apps/cli/src/main.js', import.meta.url);
if (!existsSync(fileURLToPath(entry))) {
  process.stderr.write('pullwise: dist/apps/cli/src/main.js is missing; run `npm run build` first\n');
  process.exitCode = 2;
} else {
  const { main } = await import(entry.href);
  await main();
}
