/**
 * Every operation's success path answers what its declared response schema says (issue 12): the
 * table in api-scenario.ts and api-scenario-more.ts calls each operation through `app.request()`, and each body must parse
 * with the zod schema the route declares for that status and come out unchanged (a field the
 * schema does not name would be stripped, so it fails too). Every operation of the document is
 * exercised at least once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { configSnapshotSchema } from '../src/features/flags/config-view-schema.js';
import { adminToken, createTestApp, type TestApp } from './helpers.js';
import { firstRows, type CallRow, type State } from './api-scenario.js';
import { moreRows } from './api-scenario-more.js';

const rows = [...firstRows, ...moreRows];

interface Declared {
  method: string;
  path: string;
  responses: Record<string, { content?: Record<string, { schema?: z.ZodType }> }>;
}

/** The routes as declared in the app's OpenAPI registry, by operationId. */
function declaredOperations(t: TestApp): Map<string, Declared> {
  const out = new Map<string, Declared>();
  for (const d of t.app.openAPIRegistry.definitions) {
    if (d.type !== 'route' || !d.route.operationId) continue;
    out.set(d.route.operationId, d.route as unknown as Declared);
  }
  return out;
}

/** The declared 2xx status and JSON schema of `op` (the one this row expects). */
function declaredSuccess(decl: Declared, status: number | undefined) {
  const statuses = Object.keys(decl.responses).filter((s) => s.startsWith('2'));
  const chosen = status === undefined ? statuses : statuses.filter((s) => Number(s) === status);
  expect(chosen, `${decl.method} ${decl.path}: one 2xx status`).toHaveLength(1);
  const content = decl.responses[chosen[0]!]!.content ?? {};
  return { status: Number(chosen[0]), content };
}

/** Reads an SSE stream's first event (after its `retry:` advice): its name and its JSON data. */
async function firstEvent(response: Response): Promise<{ event: string; data: unknown }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  const message = /^event: (.+)\n(?:id: \d+\n)?data: (.+)\n\n/m;
  let text = '';
  while (!message.test(text)) {
    const { value, done } = await reader.read();
    if (done) break;
    text += decoder.decode(value, { stream: true });
  }
  await reader.cancel();
  const [, event = '', data = 'null'] = message.exec(text) ?? [];
  return { event, data: JSON.parse(data) };
}

describe('every operation answers what its schema declares', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('pglite');
  });
  afterAll(async () => t.close());

  it('runs the table: each body parses unchanged with its declared schema, and no operation is left out', async () => {
    const declared = declaredOperations(t);
    const state: State = { ids: {}, tokens: {} };
    const covered = new Set<string>();
    for (const row of rows) {
      if ('act' in row) {
        await row.run(t, state);
        continue;
      }
      const decl = declared.get(row.op);
      expect(decl, `operation ${row.op} is declared`).toBeDefined();
      const { status, content } = declaredSuccess(decl!, row.status);
      const res = await send(t, row, state);
      const where = `${row.op} (${row.method} ${row.path(state)})`;
      if (content['text/plain']) {
        // /metrics: Prometheus' text format (promtool checks it in signals-stack.test.ts).
        expect(res.status, where).toBe(status);
        expect(await res.text(), where).toMatch(/^# HELP ripcord_/m);
      } else if (content['text/event-stream']) {
        expect(res.status, where).toBe(status);
        const first = await firstEvent(res);
        const expected = row.sse ?? { event: 'snapshot', schema: configSnapshotSchema };
        expect(first.event, where).toBe(expected.event);
        expect(expected.schema.parse(first.data), where).toEqual(first.data);
      } else {
        const body: unknown = JSON.parse(await res.text());
        expect(res.status, `${where}: ${JSON.stringify(body)}`).toBe(status);
        const schema = content['application/json']?.schema;
        expect(schema, `${where} declares a JSON schema`).toBeDefined();
        const parsed = schema!.safeParse(body);
        expect(parsed.error?.issues ?? [], where).toEqual([]);
        expect(parsed.data, `${where}: the schema names every field`).toEqual(body);
        row.keep?.(body, state);
      }
      covered.add(row.op);
    }
    expect([...declared.keys()].filter((op) => !covered.has(op)).sort()).toEqual([]);
  });
});

async function send(t: TestApp, row: CallRow, s: State): Promise<Response> {
  const body = row.body?.(s);
  const token = row.as === undefined ? adminToken : s.tokens[row.as];
  return t.app.request(row.path(s), {
    method: row.method,
    headers: {
      authorization: `Bearer ${token}`,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}
