/**
 * The live feed: reads `GET /v1/changes/stream` with fetch (so the token goes in the Authorization
 * header — EventSource cannot send one, and a token never goes in a URL), parses its Server-Sent
 * Events, and tells subscribers what changed. Reconnects with backoff; the server ends each stream
 * after a while so a revoked token stops hearing.
 */
import type { Change } from './api-types.js';

/** Whether the feed is connected. */
export type FeedStatus = 'connecting' | 'live' | 'offline';

type Listener = (changes: readonly Change[]) => void;

const listeners = new Set<Listener>();
const statusListeners = new Set<(s: FeedStatus) => void>();
let status: FeedStatus = 'connecting';

function setStatus(next: FeedStatus): void {
  status = next;
  for (const l of statusListeners) l(next);
}

/** Hears every batch of changes; returns how to stop. */
export function onChanges(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** Hears the feed's status; returns how to stop. */
export function onFeedStatus(listener: (s: FeedStatus) => void): () => void {
  statusListeners.add(listener);
  listener(status);
  return () => statusListeners.delete(listener);
}

/** Splits SSE text into complete events; returns them and the unfinished rest. */
export function parseEvents(buffer: string): { events: { event: string; data: string }[]; rest: string } {
  const events: { event: string; data: string }[] = [];
  const blocks = buffer.replace(/\r\n/g, '\n').split('\n\n');
  const rest = blocks.pop() ?? '';
  for (const block of blocks) {
    let event = 'message';
    const data: string[] = [];
    for (const line of block.split('\n')) {
      if (line.startsWith('event:')) event = line.slice(6).trim();
      else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
    }
    if (data.length > 0) events.push({ event, data: data.join('\n') });
  }
  return { events, rest };
}

async function readOnce(token: string, signal: AbortSignal): Promise<void> {
  const res = await fetch('/v1/changes/stream', {
    headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' },
    signal,
  });
  if (!res.ok || res.body === null) throw new Error(`feed answered ${res.status}`);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    const parsed = parseEvents(buffer + value);
    buffer = parsed.rest;
    for (const e of parsed.events) {
      if (e.event === 'ready') setStatus('live');
      if (e.event !== 'changes') continue;
      const { changes } = JSON.parse(e.data) as { changes: Change[] };
      for (const l of listeners) l(changes);
    }
  }
}

/** Keeps the feed open for `token` until `signal` aborts. */
export async function runFeed(token: string, signal: AbortSignal): Promise<void> {
  let delay = 500;
  while (!signal.aborted) {
    setStatus('connecting');
    try {
      await readOnce(token, signal);
      delay = 500;
    } catch {
      if (signal.aborted) return;
      setStatus('offline');
      delay = Math.min(delay * 2, 10_000);
    }
    // Whatever happened while disconnected: every view re-reads once reconnected.
    for (const l of listeners) l([{ kind: 'audit', id: '*', workflow: null, environment: null, releaseId: null }]);
    await new Promise((r) => setTimeout(r, delay));
  }
}
