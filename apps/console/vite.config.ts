import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { compression } from 'vite-plugin-compression2';

const root = fileURLToPath(new URL('.', import.meta.url));

// The console is served by the API at /ui (apps/api/src/console/serve-console.ts) from dist/console.
export default defineConfig({
  root,
  base: '/ui/',
  // Preact's JSX runtime through Vite's own transform: no Babel, no framework plugin.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: {
    // TanStack Query and wouter-preact import from preact directly; one copy of preact for all.
    dedupe: ['preact'],
  },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    // The strict CSP allows no inline script: Vite's modulepreload polyfill would be one.
    modulePreload: { polyfill: false },
    assetsInlineLimit: 0,
    reportCompressedSize: true,
    target: 'es2022',
  },
  // Brotli and gzip copies beside each asset, served by @fastify/static's `preCompressed`.
  plugins: [compression({ algorithms: ['gzip', 'brotliCompress'], exclude: [/\.html$/] })],
});
