/**
 * The fail-static cache file: the last applied snapshot, so an application can boot while the
 * control plane is down. Written atomically (temp file + rename) so a crash mid-write never
 * leaves a torn file; read back through the same validation as any server message.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rename, unlink, writeFile } from 'node:fs/promises';
import type { ConfigSnapshot } from '@ripcord/protocol';
import { validateSnapshot } from '../evaluation/validate-snapshot.js';

/** The file's JSON shape. */
export interface CacheFileContent {
  format: 1;
  savedAt: string;
  snapshot: ConfigSnapshot;
}

/** Reads and validates a cache file; the reason as a string when it is missing or unusable. */
export async function readCacheFile(path: string): Promise<{ snapshot: ConfigSnapshot } | { error: string }> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return { error: `cannot read ${path}: ${(error as Error).message}` };
  }
  try {
    const parsed = JSON.parse(text) as Partial<CacheFileContent>;
    if (parsed.format !== 1) return { error: `${path}: unknown cache format` };
    const result = validateSnapshot(parsed.snapshot);
    if (!result.ok) return { error: `${path}: invalid snapshot at ${result.issues[0]?.path ?? ''}` };
    return { snapshot: result.snapshot };
  } catch (error) {
    return { error: `${path}: ${(error as Error).message}` };
  }
}

/** Writes the cache file atomically. Rejects on I/O errors (the caller reports them). */
export async function writeCacheFile(path: string, snapshot: ConfigSnapshot, now: Date): Promise<void> {
  const content: CacheFileContent = { format: 1, savedAt: now.toISOString(), snapshot };
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, JSON.stringify(content), { mode: 0o600 });
    await rename(temp, path);
  } catch (error) {
    await unlink(temp).catch(() => undefined);
    throw error;
  }
}
