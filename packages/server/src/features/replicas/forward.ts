/**
 * A follower serves reads and streams itself and hands every request that writes (any `/v1`
 * request other than GET, HEAD and OPTIONS: ingest, alerts, releases, rollbacks, apply...) to the
 * leader, whose answer it returns unchanged (ADR 0014). So gate sessions, rollback runs, ticks and
 * notifications live in one process, and an event accepted by any replica is counted once, by
 * the leader, under its Idempotency-Key. When no leader can be reached the follower says so (503
 * with Retry-After) instead of accepting what it cannot attribute.
 */
import type { Context, MiddlewareHandler } from 'hono';
import { errorResponse } from '../../http/errors.js';
import type { AppEnv } from '../../http/types.js';
import type { Logger } from '../../logger.js';
import type { LeaderView } from './leadership.js';

/** Marks a forwarded request: a replica that is not the leader either refuses it (no second hop). */
export const FORWARDED_HEADER = 'x-ripcord-forwarded-by';

const passThrough = new Set(['GET', 'HEAD', 'OPTIONS']);
/** Hop-by-hop headers (RFC 9110 §7.6.1) and those fetch sets itself. */
const dropped = new Set(['host', 'connection', 'keep-alive', 'transfer-encoding', 'content-length', 'upgrade']);

/** Forwards the acting requests of a follower to the leader (see the module comment). */
export function forwardToLeader(
  view: LeaderView,
  logger: Logger,
  options: { timeoutMs?: number } = {},
): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (passThrough.has(c.req.method) || view.isLeader()) return next();
    if (view.role === 'taking-over') return unavailable(c, 'this replica is taking over as leader; retry shortly');
    if (c.req.header(FORWARDED_HEADER) !== undefined)
      return unavailable(c, 'this replica is not the leader (any more); retry');
    const lease = await view.lease().catch(() => undefined);
    if (lease?.url == null || lease.holder === view.holder)
      return unavailable(c, 'no leader holds the lease right now (failover in progress); retry shortly');
    const target = new URL(c.req.url);
    const leader = new URL(lease.url);
    target.protocol = leader.protocol;
    target.host = leader.host;
    const headers = new Headers();
    c.req.raw.headers.forEach((value, name) => {
      if (!dropped.has(name.toLowerCase())) headers.set(name, value);
    });
    headers.set(FORWARDED_HEADER, view.holder);
    const body = await c.req.text();
    try {
      const answer = await fetch(target, {
        method: c.req.method,
        headers,
        ...(body === '' ? {} : { body }),
        signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
      });
      const out = new Headers(answer.headers);
      for (const name of ['content-encoding', 'content-length', 'transfer-encoding', 'connection']) out.delete(name);
      out.set('x-ripcord-leader', lease.holder);
      return new Response(answer.body, { status: answer.status, headers: out });
    } catch (error) {
      logger.warn({ err: error, leader: lease.url }, 'forward to the leader failed');
      return unavailable(
        c,
        'the leader did not answer (it may be failing over); the request may or may not have been applied: retry with the same Idempotency-Key',
      );
    }
  };
}

function unavailable(c: Context<AppEnv>, message: string): Response {
  c.header('Retry-After', '1');
  return errorResponse(c, 'unavailable', message);
}
