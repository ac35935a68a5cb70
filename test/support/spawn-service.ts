import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

export interface ServiceProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Sends SIGTERM and resolves with the exit code. */
  stop: () => Promise<number | null>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
    srv.on('error', reject);
  });
}

/**
 * Whether the process `pid` itself listens on TCP `port` (Linux: its socket inodes in /proc/<pid>/fd against the
 * LISTEN entries of /proc/<pid>/net/tcp and tcp6); null where /proc cannot tell.
 */
function listensOn(pid: number, port: number): boolean | null {
  let inodes: Set<string>;
  try {
    inodes = new Set(
      readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
        try {
          const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
          return m ? [m[1]!] : [];
        } catch {
          return []; // closed meanwhile
        }
      }),
    );
  } catch {
    return null;
  }
  let readable = false;
  for (const table of ['tcp', 'tcp6']) {
    let text: string;
    try {
      text = readFileSync(`/proc/${pid}/net/${table}`, 'utf8');
    } catch {
      continue;
    }
    readable = true;
    for (const line of text.split('\n').slice(1)) {
      // sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode
      const f = line.trim().split(/\s+/);
      if (f[3] === '0A' && inodes.has(f[9]!) && parseInt(f[1]!.split(':')[1]!, 16) === port) return true;
    }
  }
  return readable ? false : null;
}

/**
 * Starts `apps/api/src/main.ts` as its own process, the way `npm start` runs it, and waits for /readyz.
 *
 * The port is free when chosen but only bound once the child has compiled and started (tens of seconds under
 * load), and other test files' servers bind ephemeral ports meanwhile: a /readyz answer alone may come from one
 * of them. So the child counts as ready only once it is the process listening on the port (where /proc tells),
 * and a child that lost its port to another process (EADDRINUSE) is started again on a new one.
 */
export async function spawnService(env: Record<string, string>, timeoutMs = 45_000): Promise<ServiceProcess> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await spawnOnce(env, timeoutMs);
    } catch (err) {
      if (attempt >= 3 || !(err instanceof PortTakenError)) throw err;
    }
  }
}

class PortTakenError extends Error {}

async function spawnOnce(env: Record<string, string>, timeoutMs: number): Promise<ServiceProcess> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--conditions=source', '--import', '@swc-node/register/esm-register', 'apps/api/src/main.ts'],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH,
        HOME: process.env.HOME,
        PULLWISE_LOG_LEVEL: 'warn',
        ...env,
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) {
      // Let the pipes drain, so the reason is in the message.
      await new Promise((r) => setTimeout(r, 50));
      if (/EADDRINUSE/.test(out)) throw new PortTakenError(`port ${port} was taken before the service bound it`);
      throw new Error(`service exited with ${child.exitCode}:\n${out}`);
    }
    const ours = child.pid === undefined ? null : listensOn(child.pid, port);
    const ok =
      ours !== false &&
      (await fetch(`${url}/readyz`).then(
        (r) => r.status === 200,
        () => false,
      ));
    if (ok) break;
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`service not ready within ${timeoutMs} ms:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    output: () => out,
    stop: async () => {
      child.kill('SIGTERM');
      return exited;
    },
  };
}
