import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBatch, UnparsableLine } from './batch-parse.js';
import { EventIdWindow } from './event-id-window.js';
import { engineCriticality, gateConfigFor } from './gate-config.js';
import { GroupCommit } from './group-commit.js';
import type { ReleaseRecord } from '../releases/release-store.js';
import type { BundleSpec } from '../bundles/bundle-schema.js';

async function until(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await new Promise((resolve) => setImmediate(resolve));
  expect(condition()).toBe(true);
}

describe('GroupCommit', () => {
  it('writes what arrived during a write together in the next one', async () => {
    const writes: number[][] = [];
    let release!: () => void;
    let first = true;
    const commit = new GroupCommit<number>({
      write: async (items) => {
        writes.push([...items]);
        if (first) {
          first = false;
          await new Promise<void>((resolve) => (release = resolve));
        }
      },
    });
    const done = [commit.submit(1), commit.submit(2)];
    await until(() => writes.length === 1);
    done.push(commit.submit(3), commit.submit(4));
    expect(commit.pending).toBe(4);
    release();
    await Promise.all(done);
    expect(writes).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(commit.pending).toBe(0);
  });

  it('retries a failed write with the items that arrived meanwhile, and resolves only after success', async () => {
    const writes: number[][] = [];
    const errors: number[] = [];
    let failures = 2;
    const commit = new GroupCommit<number>({
      backoffMs: 50,
      onError: (_e, attempt) => errors.push(attempt),
      write: (items) => {
        writes.push([...items]);
        return failures-- > 0 ? Promise.reject(new Error('store down')) : Promise.resolve();
      },
    });
    const a = commit.submit(1);
    await until(() => errors.length === 1);
    const b = commit.submit(2);
    await Promise.all([a, b]);
    expect(errors).toEqual([1, 2]);
    expect(writes).toEqual([[1], [1, 2], [1, 2]]);
  });

  it('rejects everything waiting once abandoned', async () => {
    const commit = new GroupCommit<number>({ backoffMs: 1, write: () => Promise.reject(new Error('down')) });
    const waiting = commit.submit(1);
    commit.abandon(new Error('shutting down'));
    await expect(waiting).rejects.toThrow('shutting down');
    await expect(commit.submit(2)).rejects.toThrow('shutting down');
    await commit.drain();
  });
});

describe('EventIdWindow', () => {
  it('remembers exactly its last `capacity` ids', () => {
    const window = new EventIdWindow(10);
    for (let i = 0; i < 25; i++) expect(window.add(`e${i}`)).toBe(true);
    expect(window.size).toBe(10);
    for (let i = 15; i < 25; i++) expect(window.add(`e${i}`)).toBe(false);
    expect(window.add('e14')).toBe(true);
    expect(window.add('e0')).toBe(true);
  });

  it('answers as a queue of the last ids does, whatever the order, repeats and table wrap-around', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 40 }),
        fc.array(fc.integer({ min: 0, max: 60 }), { maxLength: 400 }),
        (capacity, stream) => {
          const window = new EventIdWindow(capacity);
          const queue: string[] = [];
          for (const n of stream) {
            const id = `id-${n}`;
            const known = queue.includes(id);
            expect(window.add(id)).toBe(!known);
            if (!known) {
              queue.push(id);
              if (queue.length > capacity) queue.shift();
            }
            expect(window.size).toBe(queue.length);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('parseBatch', () => {
  it('reads arrays and NDJSON, and refuses what is not a batch', () => {
    expect(parseBatch('[1, {"a": 2}]', 'json')).toEqual({ ok: true, items: [1, { a: 2 }] });
    expect(parseBatch('{"a": 1}', 'json')).toMatchObject({ ok: false, code: 'validation_failed' });
    expect(parseBatch('[1,', 'json')).toMatchObject({ ok: false, code: 'malformed_json' });
    expect(parseBatch('[1,2,3]', 'json', 2)).toMatchObject({ ok: false, code: 'payload_too_large' });
    const nd = parseBatch('{"a":1}\r\n\n  \n{oops\n2\n', 'ndjson');
    expect(nd.ok && nd.items.length).toBe(3);
    expect(nd.ok && nd.items[1]).toBeInstanceOf(UnparsableLine);
    expect(parseBatch('1\n2\n3', 'ndjson', 2)).toMatchObject({ ok: false, message: expect.stringMatching(/got 3/) });
  });
});

describe('gateConfigFor', () => {
  const bundle = (version: string, features?: string[]): BundleSpec => ({
    kind: 'Bundle',
    workflow: 'wf',
    version,
    components: { featurePipeline: { version: 'fp-1', ...(features ? { features } : {}) } },
  });
  const release = {
    id: 'rel_1',
    workflow: 'wf',
    environment: 'production',
    name: 'r1',
    spec: { control: '41', candidate: '42', gates: 'none-accepted', alpha: 0.02 },
    references: {},
  } as unknown as ReleaseRecord;

  it('maps criticality, SLA, bundles and declared features from the ticket and its context', () => {
    expect(engineCriticality({ kind: 'Workflow', name: 'wf', type: 'llm', criticality: 'standard' })).toBe(
      'business-critical',
    );
    expect(engineCriticality(undefined)).toBe('business-critical');
    const config = gateConfigFor(
      release,
      {
        workflow: {
          kind: 'Workflow',
          name: 'wf',
          type: 'realtime',
          criticality: 'experimental',
          sla: { latencyP99Ms: 250 },
        },
        control: bundle('41', ['a', 'b']),
        candidate: bundle('42'),
      },
      { references: { baselineP95Ms7d: 120 } },
    );
    expect(config).toEqual({
      release: 'r1',
      gates: [],
      alpha: 0.02,
      criticality: 'experimental',
      references: { slaLatencyMs: 250, baselineP95Ms7d: 120 },
      declaredFeatures: { control: ['a', 'b'] },
      bundles: { control: '41', candidate: '42' },
      writeTools: [],
    });
  });

  it('takes the reference distributions declared with the release, unless the caller passes its own', () => {
    const declared = { rain_mm: { edges: [1], proportions: [0.5, 0.5] } };
    const withRefs = { ...release, references: declared } as ReleaseRecord;
    const context = { workflow: undefined, control: bundle('41'), candidate: bundle('42') };
    expect(gateConfigFor(withRefs, context).distributions).toEqual(declared);
    const own = { rain_mm: { edges: [2], proportions: [0.1, 0.9] } };
    expect(gateConfigFor(withRefs, context, { distributions: own }).distributions).toEqual(own);
    expect(gateConfigFor(release, context).distributions).toBeUndefined();
  });

  it("takes the candidate bundle's write tools (not the control's) for the side-effect facts", () => {
    const withTools = (version: string, tools: { name: string; sideEffects: 'none' | 'read' | 'write' }[]) => {
      const b = bundle(version);
      return { ...b, components: { ...b.components, tools: { schemaVersion: 1, mode: 'optional' as const, tools } } };
    };
    const config = gateConfigFor(release, {
      workflow: undefined,
      control: withTools('41', [{ name: 'delete_account', sideEffects: 'write' }]),
      candidate: withTools('42', [
        { name: 'lookup_order', sideEffects: 'read' },
        { name: 'issue_refund', sideEffects: 'write' },
        { name: 'send_email', sideEffects: 'write' },
      ]),
    });
    expect(config.writeTools).toEqual(['issue_refund', 'send_email']);
  });
});
