// Prisma's own schema engine, compiled to WebAssembly (@prisma/schema-engine-wasm). The native engine
// binary cannot be downloaded on air-gapped machines; this one ships inside the npm package.
// Wiring per ../shared/docs/prisma-offline.md.
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import {
  bindMigrationAwareSqlAdapterFactory,
  type SqlMigrationAwareDriverAdapterFactory,
} from '@prisma/driver-adapter-utils';
import type { SchemaEngine } from '@prisma/schema-engine-wasm';

const require = createRequire(import.meta.url);

// Node has WebAssembly built in; our TypeScript lib set (no DOM) lacks its declarations.
type WasmExports = Record<string, unknown>;
interface Wasm {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => { exports: WasmExports };
}
const wasm = (globalThis as unknown as { WebAssembly: Wasm }).WebAssembly;

interface EngineRuntime {
  __wbg_set_wasm(exports: WasmExports): void;
  SchemaEngine: typeof SchemaEngine;
}
let compiled: Promise<{ runtime: EngineRuntime; module: object }> | undefined;

async function compile() {
  const runtime = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as EngineRuntime;
  const pkgDir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const module = new wasm.Module(await readFile(path.join(pkgDir, 'schema_engine_bg.wasm')));
  return { runtime, module };
}

let queue: Promise<unknown> = Promise.resolve();

/**
 * Runs `work` with an engine over the adapter, one at a time per process: the wasm runtime module
 * holds the current instance in a module-level variable, so two live engines would clobber it.
 */
export function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const run = queue.then(async () => {
    const engine = await openSchemaEngine(factory);
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  });
  queue = run.catch(() => undefined);
  return run;
}

async function openSchemaEngine(factory: SqlMigrationAwareDriverAdapterFactory): Promise<SchemaEngine> {
  compiled ??= compile();
  const { runtime, module } = await compiled;
  // One instance per engine: the wasm module keeps global state in its memory.
  const instance = new wasm.Instance(module, { './schema_engine_bg.js': runtime });
  runtime.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  // The adapter packages nest their own copy of driver-adapter-utils; the shapes are the same.
  const adapter = bindMigrationAwareSqlAdapterFactory(factory as never);
  return runtime.SchemaEngine.new({ datamodels: undefined }, () => {}, adapter);
}
