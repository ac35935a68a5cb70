// Everything the CLI touches outside itself, injectable so tests run `run()` in-process.

export interface OutStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

export interface CliIo {
  stdout: OutStream;
  stderr: OutStream;
  stdin: AsyncIterable<string | Uint8Array>;
  env: Record<string, string | undefined>;
  fetch: typeof fetch;
  /** Base for relative paths (-f, --rules, --output). */
  cwd: string;
  /** Where a pod's ServiceAccount token and the cluster's CA are mounted (`nodes push --from-cluster`). */
  serviceAccountDir: string;
}

export function defaultIo(overrides: Partial<CliIo> = {}): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    env: process.env,
    fetch: globalThis.fetch,
    cwd: process.cwd(),
    serviceAccountDir: '/var/run/secrets/kubernetes.io/serviceaccount',
    ...overrides,
  };
}

export async function readAll(stream: AsyncIterable<string | Uint8Array>): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  for await (const chunk of stream) text += typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true });
  return text + decoder.decode();
}
