// The embedded database's directory as real processes see it: one process at a time (a second one, or a
// migration, refuses to start; a lock left by a dead process does not block), and private modes on disk.
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { spawnService } from './support/spawn-service.js';
import { testDbKind } from './support/test-database.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const LOCK = 'pullwise.lock';

/** `npm run db:migrate` without its build step: the migration command from source. */
function migrate(dataDir: string) {
  return spawnSync(
    process.execPath,
    ['--conditions=source', '--import', '@swc-node/register/esm-register', 'libs/db/src/migrate-cli.ts', 'deploy'],
    {
      cwd: root,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, PULLWISE_DATA_DIR: dataDir },
      encoding: 'utf8',
    },
  );
}

/** A pid that no process has any more. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ['-e', '0']);
  await new Promise((resolve) => child.on('exit', resolve));
  return child.pid!;
}

function modesUnder(dir: string): Map<string, number> {
  const modes = new Map<string, number>([[dir, statSync(dir).mode & 0o777]]);
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    modes.set(full, statSync(full).mode & 0o777);
  }
  return modes;
}

describe.runIf(testDbKind() === 'pglite')('the embedded data directory', () => {
  let dir: string;
  beforeEach(async () => {
    dir = path.join(await mkdtemp(path.join(os.tmpdir(), 'pullwise-dir-')), 'data');
  });
  afterEach(() => rm(path.dirname(dir), { recursive: true, force: true }));

  it('a second process on the same directory refuses to start, naming the directory and the holder', async () => {
    const first = await spawnService({ PULLWISE_DATA_DIR: dir });
    try {
      const attempt = spawnService({ PULLWISE_DATA_DIR: dir }, 30_000);
      await expect(attempt).rejects.toThrow(/service exited with 1/);
      const message = await attempt.then(
        () => '',
        (err: Error) => err.message,
      );
      const line = message.split('\n').find((l) => l.startsWith('pullwise: failed to start'));
      expect(line).toBe(
        `pullwise: failed to start: the data directory ${dir} is in use by another pullwise process (pid ${first.child.pid}); stop it first, or set PULLWISE_DATA_DIR to another directory`,
      );

      const migration = migrate(dir);
      expect(migration.status).toBe(1);
      expect(migration.stderr).toContain(
        `the data directory ${dir} is in use by another pullwise process (pid ${first.child.pid})`,
      );

      // The first process still serves.
      expect((await fetch(`${first.url}/readyz`)).status).toBe(200);
    } finally {
      expect(await first.stop()).toBe(0);
    }
    // Released on exit: the next start and a migration both get it.
    expect(readdirSync(dir)).not.toContain(LOCK);
    expect(migrate(dir).status).toBe(0);
    const next = await spawnService({ PULLWISE_DATA_DIR: dir });
    expect(await next.stop()).toBe(0);
  }, 240_000);

  it('a lock left by a process that died (killed, or before a reboot) does not block', async () => {
    const first = await spawnService({ PULLWISE_DATA_DIR: dir });
    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.on('exit', resolve));
    expect(readdirSync(dir)).toContain(LOCK);
    const afterCrash = await spawnService({ PULLWISE_DATA_DIR: dir });
    expect(await afterCrash.stop()).toBe(0);

    const record = { pid: await deadPid(), hostname: os.hostname(), bootId: null, startTime: null };
    writeFileSync(path.join(dir, LOCK), JSON.stringify(record));
    expect(migrate(dir).status).toBe(0);

    // A live pid (this test's own) recorded during an earlier boot of the machine is not a holder either.
    writeFileSync(path.join(dir, LOCK), JSON.stringify({ ...record, pid: process.pid, bootId: 'an-earlier-boot' }));
    const afterReboot = await spawnService({ PULLWISE_DATA_DIR: dir });
    expect(await afterReboot.stop()).toBe(0);
  }, 240_000);

  it('creates the directory 0700 and its files 0600', async () => {
    const service = await spawnService({ PULLWISE_DATA_DIR: dir });
    expect(await service.stop()).toBe(0);
    const loose = [...modesUnder(dir)].filter(([p, mode]) => mode !== (statSync(p).isDirectory() ? 0o700 : 0o600));
    expect(loose).toEqual([]);
    expect(service.output()).not.toMatch(/tightened/);
  }, 120_000);

  it('tightens the modes of an existing directory at start, and says so once', async () => {
    mkdirSync(dir, { recursive: true });
    expect(migrate(dir).status).toBe(0);
    chmodSync(dir, 0o755);
    const files = [...modesUnder(dir).keys()].filter((p) => statSync(p).isFile());
    for (const f of files.slice(0, 20)) chmodSync(f, 0o644);
    chmodSync(path.join(dir, 'base'), 0o755);

    const service = await spawnService({ PULLWISE_DATA_DIR: dir, PULLWISE_LOG_LEVEL: 'info' });
    expect(await service.stop()).toBe(0);
    const loose = [...modesUnder(dir)].filter(([p, mode]) => mode !== (statSync(p).isDirectory() ? 0o700 : 0o600));
    expect(loose).toEqual([]);
    const lines = service
      .output()
      .split('\n')
      .filter((l) => l.includes('tightened'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${dir}: tightened the modes of 22 entries to 0700 (directories) and 0600 (files)`);

    const again = await spawnService({ PULLWISE_DATA_DIR: dir, PULLWISE_LOG_LEVEL: 'info' });
    expect(await again.stop()).toBe(0);
    expect(again.output()).not.toMatch(/tightened/);
    expect(readFileSync(path.join(dir, 'PG_VERSION'), 'utf8').trim()).toMatch(/^\d+$/);
  }, 240_000);
});
