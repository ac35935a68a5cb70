// The browser tests drive the console as `npm run build` ships it: built once per run into dist/console, where the
// service serves it from (apps/api/src/console/serve-console.ts).
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

export default async function setup() {
  await build({
    configFile: fileURLToPath(new URL('../../../apps/console/vite.config.ts', import.meta.url)),
    logLevel: 'warn',
  });
}
