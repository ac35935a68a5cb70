// Preloaded into the benchmarked service (node --import): answers { type: 'memory' } IPC messages from the bench
// runner with process.memoryUsage() and V8 heap statistics, so resident memory can be split into JS heap,
// external memory (WebAssembly memories: PGlite, Prisma's engines) and the rest. Not part of the service.
import v8 from 'node:v8';

if (process.send) {
  process.on('message', (msg) => {
    if (msg?.type !== 'memory') return;
    const h = v8.getHeapStatistics();
    process.send?.({
      type: 'memory',
      id: msg.id,
      usage: process.memoryUsage(),
      heap: {
        totalHeapSize: h.total_heap_size,
        usedHeapSize: h.used_heap_size,
        mallocedMemory: h.malloced_memory,
        externalMemory: h.external_memory,
      },
    });
  });
  // The channel must not keep the service alive.
  process.channel?.unref();
}
