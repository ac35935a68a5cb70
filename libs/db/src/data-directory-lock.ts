import { randomBytes } from 'node:crypto';
import { linkSync, readFileSync, renameSync, statSync, unlinkSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** The lock's file name inside the data directory. */
const LOCK_FILE = 'pullwise.lock';

/**
 * How a holder on another machine (or in another container's pid namespace) is told apart from a dead one:
 * its pid cannot be checked from here, so it touches the lock this often and counts as gone after
 * FOREIGN_STALE_MS without a touch.
 */
const HEARTBEAT_MS = 10_000;
const FOREIGN_STALE_MS = 60_000;

interface LockRecord {
  pid: number;
  hostname: string;
  /** Linux's id of this boot of the kernel: a pid recorded before a reboot names nobody now. */
  bootId: string | null;
  /** The holder's start time in clock ticks since boot (proc(5), /proc/<pid>/stat field 22): tells a reused pid. */
  startTime: string | null;
}

class DataDirectoryInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockRecord,
  ) {
    const where = holder.hostname === os.hostname() ? '' : ` on ${holder.hostname}`;
    super(
      `the data directory ${dataDir} is in use by another pullwise process (pid ${holder.pid}${where}); stop it first, or set PULLWISE_DATA_DIR to another directory`,
    );
  }
}

export interface DataDirectoryLock {
  release(): void;
}

/** Directories this process holds: a second open of one of them in the same process is refused too. */
const held = new Map<string, { text: string; heartbeat: NodeJS.Timeout }>();

/**
 * Makes this process the only one using `dataDir` until release() or exit. PGlite is a single-process
 * database: two processes on one directory each see only their own writes and the later checkpoint wins.
 * PostgreSQL's own guard (postmaster.pid, checked by pid) does not run inside PGlite, so this is that guard:
 * a file created atomically (link(2) fails with EEXIST when it exists) holding the owner's pid, host, boot
 * and start time. A lock whose owner is no longer running (killed, crashed, before a reboot) is taken over.
 */
export function lockDataDirectory(dataDir: string): DataDirectoryLock {
  const lockPath = path.join(dataDir, LOCK_FILE);
  const text = JSON.stringify(ownRecord());
  for (let attempt = 0; attempt < 5; attempt++) {
    if (tryCreate(lockPath, text)) {
      const heartbeat = setInterval(() => touch(lockPath), HEARTBEAT_MS).unref();
      held.set(lockPath, { text, heartbeat });
      return { release: () => release(lockPath) };
    }
    const current = readIfPresent(lockPath);
    if (current === undefined) continue;
    const holder = parseRecord(current);
    if (holder && isAlive(holder, lockPath)) throw new DataDirectoryInUseError(dataDir, holder);
    removeStale(lockPath, current);
  }
  throw new Error(`could not lock the data directory ${dataDir}: its lock file ${lockPath} keeps changing`);
}

/** Creates the lock with its whole content at once, so that a reader never sees it half-written. */
function tryCreate(lockPath: string, text: string): boolean {
  const tmp = `${lockPath}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(tmp, text, { mode: 0o600 });
  try {
    linkSync(tmp, lockPath);
    return true;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  } finally {
    unlinkSync(tmp);
  }
}

/**
 * Moves the stale lock aside (rename is atomic, so of several processes taking over only one moves it), and
 * puts back a lock that turns out to be another process's fresh one, made between our read and the move.
 */
function removeStale(lockPath: string, staleText: string): void {
  const aside = `${lockPath}.stale.${process.pid}.${randomBytes(4).toString('hex')}`;
  try {
    renameSync(lockPath, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    if (readFileSync(aside, 'utf8') !== staleText) linkSync(aside, lockPath);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    unlinkSync(aside);
  }
}

function release(lockPath: string): void {
  const mine = held.get(lockPath);
  if (!mine) return;
  clearInterval(mine.heartbeat);
  held.delete(lockPath);
  // Only our own lock: after a take-over (we were presumed dead) the file belongs to someone else.
  if (readIfPresent(lockPath) === mine.text) unlinkSync(lockPath);
}

// A process that exits without closing its database (process.exit, an uncaught error) still lets go.
process.on('exit', () => {
  for (const lockPath of [...held.keys()]) {
    try {
      release(lockPath);
    } catch {
      // Exiting anyway; the next start recognises the lock as stale.
    }
  }
});

function isAlive(holder: LockRecord, lockPath: string): boolean {
  const self = ownRecord();
  if (holder.hostname !== self.hostname) {
    const age = Date.now() - statSync(lockPath).mtimeMs;
    return age < FOREIGN_STALE_MS;
  }
  if (holder.bootId && self.bootId && holder.bootId !== self.bootId) return false;
  // Our own pid: either this process holds it already, or it was recorded by an earlier process that had the
  // same pid (a container's first process is always pid 1).
  if (holder.pid === process.pid) return held.has(lockPath);
  try {
    process.kill(holder.pid, 0);
  } catch (err) {
    // EPERM: the process exists but belongs to another user.
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
  }
  const startTime = processStartTime(holder.pid);
  return !(holder.startTime && startTime && holder.startTime !== startTime);
}

function ownRecord(): LockRecord {
  return {
    pid: process.pid,
    hostname: os.hostname(),
    bootId: readProc('/proc/sys/kernel/random/boot_id'),
    startTime: processStartTime(process.pid),
  };
}

function processStartTime(pid: number): string | null {
  const stat = readProc(`/proc/${pid}/stat`);
  if (!stat) return null;
  // The command name (field 2) is in parentheses and may contain spaces; fields after it are space-separated.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return fields[19] ?? null;
}

function readProc(file: string): string | null {
  try {
    return readFileSync(file, 'utf8').trim();
  } catch {
    return null; // not Linux, or the process is gone
  }
}

function parseRecord(text: string): LockRecord | null {
  try {
    const r = JSON.parse(text) as Partial<LockRecord>;
    if (!Number.isInteger(r.pid) || (r.pid as number) <= 0 || typeof r.hostname !== 'string') return null;
    return {
      pid: r.pid as number,
      hostname: r.hostname,
      bootId: typeof r.bootId === 'string' ? r.bootId : null,
      startTime: typeof r.startTime === 'string' ? r.startTime : null,
    };
  } catch {
    return null;
  }
}

function readIfPresent(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function touch(lockPath: string): void {
  const now = new Date();
  try {
    utimesSync(lockPath, now, now);
  } catch {
    // Gone or unwritable: the next start decides by pid, or by age for a holder on another host.
  }
}
