// A throw-away PostgreSQL cluster owned by one test, so that the test may stop and start the server
// (the shared server behind TEST_DATABASE_URL must never be stopped). Needs the PostgreSQL server binaries
// (/usr/lib/postgresql/<version>/bin) and a `postgres` OS user; the tests run as root and use runuser.
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { freePort } from './spawn-service.js';

const run = promisify(execFile);

export interface PrivatePostgres {
  port: number;
  /** URL of database `name` on this server (created with `createDatabase`). */
  url(name?: string): string;
  createDatabase(name: string): Promise<string>;
  start(): Promise<void>;
  /** `pg_ctl stop -m fast`: clients are disconnected (57P01), committed data is kept. */
  stop(): Promise<void>;
  running(): boolean;
  /** The server log, for failure messages. */
  log(): Promise<string>;
  /** Stops the server if needed and removes the cluster directory. */
  destroy(): Promise<void>;
}

/** The newest installed server version's bin directory, or null when there is none. */
export function postgresBinDir(): string | null {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) return null;
  const versions = readdirSync(base)
    .filter((v) => existsSync(path.join(base, v, 'bin', 'pg_ctl')))
    .sort((a, b) => Number(b) - Number(a));
  return versions.length ? path.join(base, versions[0]!, 'bin') : null;
}

/** True when this machine can run a private cluster (binaries present, running as root, postgres user). */
export function canRunPrivatePostgres(): boolean {
  return postgresBinDir() !== null && process.getuid?.() === 0;
}

/** initdb into a fresh temporary directory and start the server on a free port (a few seconds). */
export async function startPrivatePostgres(): Promise<PrivatePostgres> {
  const bin = postgresBinDir();
  if (!bin) throw new Error('no PostgreSQL server binaries under /usr/lib/postgresql');
  const dir = await mkdtemp(path.join(os.tmpdir(), 'pullwise-pg-'));
  const data = path.join(dir, 'data');
  const logFile = path.join(dir, 'server.log');
  const asPostgres = (cmd: string, args: string[]) =>
    run('runuser', ['-u', 'postgres', '--', path.join(bin, cmd), ...args], { timeout: 60_000 });
  await run('chown', ['postgres:postgres', dir]);
  await asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8']);
  const port = await freePort();
  let up = false;
  // Small and quick: this server holds a few rows for one test.
  const options = `-p ${port} -k ${dir} -h 127.0.0.1 -c fsync=off -c shared_buffers=16MB -c max_connections=40`;
  const pgctl = (...args: string[]) => asPostgres('pg_ctl', ['-D', data, ...args]);
  const url = (name = 'postgres') => `postgresql://postgres@127.0.0.1:${port}/${name}`;

  // If the test process ends without destroy() (a crash, a killed worker), do not leave a server behind.
  const onExit = () => {
    if (!up) return;
    try {
      execFileSync(
        'runuser',
        ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', 'stop'],
        {
          stdio: 'ignore',
          timeout: 10_000,
        },
      );
    } catch {
      /* already gone */
    }
  };
  process.on('exit', onExit);

  const server: PrivatePostgres = {
    port,
    url,
    async createDatabase(name) {
      const c = new pg.Client({ connectionString: url() });
      await c.connect();
      try {
        await c.query(`CREATE DATABASE "${name}"`);
      } finally {
        await c.end();
      }
      return url(name);
    },
    async start() {
      await pgctl('-o', options, '-l', logFile, '-w', '-t', '30', 'start');
      up = true;
    },
    async stop() {
      await pgctl('-m', 'fast', '-w', '-t', '30', 'stop');
      up = false;
    },
    running: () => up,
    log: () => readFile(logFile, 'utf8').catch(() => ''),
    async destroy() {
      if (up) await server.stop().catch(() => pgctl('-m', 'immediate', 'stop').catch(() => undefined));
      up = false;
      process.off('exit', onExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
  try {
    await server.start();
  } catch (err) {
    process.off('exit', onExit);
    const log = await server.log();
    await rm(dir, { recursive: true, force: true });
    throw new Error(`private PostgreSQL did not start: ${err instanceof Error ? err.message : String(err)}\n${log}`);
  }
  return server;
}
