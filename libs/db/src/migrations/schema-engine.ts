// Prisma's own schema engine, compiled to WebAssembly (@prisma/schema-engine-wasm). The native engine
// binary cannot be downloaded on air-gapped machines; this one ships inside the npm package.
// Wiring per docs/design.md "Database and migrations offline".
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

// One wasm instance per process, shared by every engine: the runtime module keeps the instance in a
// module-level variable, so swapping it would break timers the previous engine left pending. Both the
// instance and the queue live on globalThis because a test runner may load this file more than once
// while the runtime module stays a single Node module.
const STATE = Symbol.for('pullwise.schema-engine');
const shared = globalThis as unknown as { [STATE]?: { runtime: Promise<EngineRuntime>; queue: Promise<unknown> } };

async function instantiate(): Promise<EngineRuntime> {
  const runtime = (await import('@prisma/schema-engine-wasm/schema_engine_bg')) as unknown as EngineRuntime;
  const pkgDir = path.dirname(require.resolve('@prisma/schema-engine-wasm/schema_engine_bg'));
  const module = new wasm.Module(await readFile(path.join(pkgDir, 'schema_engine_bg.wasm')));
  const instance = new wasm.Instance(module, { './schema_engine_bg.js': runtime });
  runtime.__wbg_set_wasm(instance.exports);
  (instance.exports.__wbindgen_start as () => void)();
  return runtime;
}

/** Runs `work` with an engine over the adapter, one engine at a time per process. */
export function withSchemaEngine<T>(
  factory: SqlMigrationAwareDriverAdapterFactory,
  work: (engine: SchemaEngine) => Promise<T>,
): Promise<T> {
  const state = (shared[STATE] ??= { runtime: instantiate(), queue: Promise.resolve() });
  const run = state.queue.then(async () => {
    // The adapter packages nest their own copy of driver-adapter-utils; the shapes are the same.
    const adapter = bindMigrationAwareSqlAdapterFactory(factory as never);
    const engine = await (await state.runtime).SchemaEngine.new({ datamodels: undefined }, () => {}, adapter);
    try {
      return await work(engine);
    } finally {
      engine.free();
    }
  });
  state.queue = run.catch(() => undefined);
  return run;
}
