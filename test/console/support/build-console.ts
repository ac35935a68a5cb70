// The browser tests drive the console as `npm run build` ships it, from dist/console, where the service serves it
// (apps/api/src/console/serve-console.ts). `npm test` builds it before any test starts (scripts/test.mjs); a run of
// this project alone builds it here, once, before its first test.
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function setup() {
  if (process.env.PULLWISE_CONSOLE_BUILT === '1') return;
  await build({
    configFile: fileURLToPath(new URL('../../../apps/console/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
  });
}
