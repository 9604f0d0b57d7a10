import { describe, expect, it } from 'vitest';
import { ReleaseLocks } from './release-locks.js';

const tick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('per-release locks', () => {
  it('runs operations on one release one at a time, in arrival order', async () => {
    const locks = new ReleaseLocks();
    const log: string[] = [];
    const op = (name: string) =>
      locks.run('rel_a', async () => {
        log.push(`${name} start`);
        await tick();
        await tick();
        log.push(`${name} end`);
        return name;
      });
    const results = await Promise.all([op('tick'), op('evidence'), op('pause')]);
    expect(results).toEqual(['tick', 'evidence', 'pause']);
    expect(log).toEqual(['tick start', 'tick end', 'evidence start', 'evidence end', 'pause start', 'pause end']);
  });

  it('lets different releases run side by side', async () => {
    const locks = new ReleaseLocks();
    const log: string[] = [];
    const op = (id: string) =>
      locks.run(id, async () => {
        log.push(`${id} start`);
        await tick();
        log.push(`${id} end`);
      });
    await Promise.all([op('rel_a'), op('rel_b')]);
    expect(log.slice(0, 2)).toEqual(['rel_a start', 'rel_b start']);
  });

  it('is re-entrant for the call chain that holds the lock, and a failure does not block the queue', async () => {
    const locks = new ReleaseLocks();
    const nested = await locks.run('rel_a', () => locks.run('rel_a', () => Promise.resolve('inner')));
    expect(nested).toBe('inner');
    await expect(locks.run('rel_a', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await locks.run('rel_a', () => Promise.resolve('after'))).toBe('after');
  });
});
