import fs from 'node:fs';
import path from 'node:path';
import { StartupError } from '../config.js';

/**
 * PGlite has no cross-process lock: two processes on one data directory silently lose writes.
 * The server therefore holds `<dataDir>/ripcord.lock` (its pid) for its lifetime. A lock whose
 * process no longer exists (after kill -9) is stale and taken over.
 */
export class DataDirLockedError extends StartupError {
  constructor(
    readonly dataDir: string,
    readonly pid: number,
  ) {
    super(
      `the data directory ${dataDir} is in use by another ripcord server (pid ${pid}). ` +
        'Two servers on one embedded store would silently lose writes; stop the other server, ' +
        'or give this one its own --data directory, or use PostgreSQL with --database-url.',
    );
    this.name = 'DataDirLockedError';
  }
}

/** A held lock; `release()` removes it. */
export interface DataDirLock {
  release(): void;
}

/** Takes the data directory lock or throws `DataDirLockedError`. */
export function lockDataDir(dataDir: string): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, 'ripcord.lock');
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, String(process.pid), { flag: 'wx' });
      return { release: () => releaseIfOurs(file) };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readPid(file);
      if (holder !== undefined && holder !== process.pid && isAlive(holder)) {
        throw new DataDirLockedError(dataDir, holder);
      }
      // Stale (holder died) or unreadable: remove and retry the exclusive create.
      fs.rmSync(file, { force: true });
    }
  }
  throw new Error(`could not take the lock ${file}`);
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(file: string): void {
  if (readPid(file) === process.pid) fs.rmSync(file, { force: true });
}
