/**
 * One API contract (issue 12): every operation has a unique lowerCamelCase operationId and a
 * schema for every 2xx body that is not free-form (open parts say so); the document lints clean
 * with Redocly's `recommended` ruleset; the generated TypeScript types and docs/api.md's table are
 * what the document generates now. api-responses.test.ts checks real bodies against the schemas.
 */
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { buildDocument, expectedFiles, lintDocument, type ApiDocument } from '../../../scripts/api-contract.js';

const doc: ApiDocument = buildDocument();
const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const operations = Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
  METHODS.flatMap((method) => (item?.[method] ? [{ method, path, op: item[method] }] : [])),
);

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const SHAPE_KEYS = ['type', '$ref', 'anyOf', 'oneOf', 'allOf', 'enum', 'const', 'not'];
/** A schema that says nothing about its value (`{}`, or only words). */
const isOpen = (s: Json) => !SHAPE_KEYS.some((k) => k in s);

function resolve(s: Json): Json {
  const ref = s.$ref;
  if (typeof ref !== 'string') return s;
  return (doc.components?.schemas as Record<string, Json>)[ref.replace('#/components/schemas/', '')]!;
}

/** Where a 2xx body is open without saying so: an open value whose own or parent's description is missing. */
function unexplainedOpenParts(root: Json, at: string): string[] {
  const found: string[] = [];
  const seen = new Set<Json>();
  const walk = (raw: Json, parent: Json | null, where: string) => {
    const s = resolve(raw);
    if (seen.has(s)) return;
    seen.add(s);
    if (isOpen(s) && !s.description && !raw.description && !parent?.description) found.push(where);
    const children: [string, unknown][] = [
      ...Object.entries(isObject(s.properties) ? s.properties : {}),
      ['[key]', s.additionalProperties],
      ['[]', s.items],
      ...['anyOf', 'oneOf', 'allOf'].flatMap((k) => (Array.isArray(s[k]) ? (s[k] as unknown[]).entries() : [])),
    ].map(([k, v]) => [String(k), v]);
    for (const [key, child] of children) if (isObject(child)) walk(child, s, `${where}.${key}`);
  };
  walk(root, null, at);
  return found;
}

/** The schema without its words, keys sorted: two schemas that say the same shape compare equal. */
function shape(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(shape);
  if (!isObject(v)) return v;
  const kept = Object.entries(v).filter(([k]) => k !== 'description');
  return Object.fromEntries(kept.sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, shape(x)]));
}

/** Where the document copies a named component inline instead of referring to it. */
function inlineCopies(): string[] {
  const components = (doc.components?.schemas ?? {}) as Record<string, Json>;
  const byShape = new Map(Object.entries(components).map(([name, s]) => [JSON.stringify(shape(s)), name]));
  const found: string[] = [];
  const walk = (v: unknown, at: string) => {
    if (!isObject(v) && !Array.isArray(v)) return;
    const name = isObject(v) ? byShape.get(JSON.stringify(shape(v))) : undefined;
    if (name) found.push(`${at} copies ${name}`);
    for (const [k, x] of Object.entries(v)) walk(x, `${at}/${k}`);
  };
  for (const [name, s] of Object.entries(components))
    for (const [k, x] of Object.entries(s)) walk(x, `#/components/schemas/${name}/${k}`);
  for (const [k, x] of Object.entries(doc.paths ?? {})) walk(x, `#/paths/${k}`);
  return found;
}

describe('the API contract', () => {
  it('names every operation with a unique lowerCamelCase operationId', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(operations.length).toBeGreaterThan(50);
    expect(ids.filter((id) => !/^[a-z][a-zA-Z0-9]*$/.test(id ?? ''))).toEqual([]);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares a body schema for every 2xx that is not free-form; open parts say what they hold', () => {
    const problems: string[] = [];
    for (const { method, path, op } of operations) {
      for (const [status, response] of Object.entries(op.responses ?? {})) {
        if (!status.startsWith('2')) continue;
        const content = (response as { content?: Record<string, { schema?: Json }> }).content ?? {};
        const name = `${method.toUpperCase()} ${path} ${status}`;
        if (content['text/event-stream']) continue; // an SSE stream: api-responses checks each one's first event
        if (content['text/plain']) continue; // /metrics: Prometheus' own text format, checked by promtool
        const schema = content['application/json']?.schema;
        if (!schema) {
          problems.push(`${name}: no JSON schema`);
          continue;
        }
        const body = resolve(schema);
        if (isOpen(body) || (body.type === 'object' && !body.properties && !body.anyOf))
          problems.push(`${name}: a free-form body`);
        problems.push(...unexplainedOpenParts(schema, name).map((w) => `${w}: open without a description`));
      }
    }
    expect(problems).toEqual([]);
  });

  it('finds a free-form body and an unexplained open part (the check can fail)', () => {
    const free = z.toJSONSchema(z.record(z.string(), z.unknown())) as Json;
    expect(free.type === 'object' && !free.properties).toBe(true);
    const open = z.toJSONSchema(z.object({ a: z.object({ b: z.unknown() }) })) as Json;
    expect(unexplainedOpenParts(open, 'x')).toEqual(['x.a.b']);
    const said = z.toJSONSchema(z.object({ a: z.object({ b: z.unknown().describe('any JSON') }) })) as Json;
    expect(unexplainedOpenParts(said, 'x')).toEqual([]);
  });

  it('refers to each named component (no inline copy) and keeps components non-null (null is said where used)', () => {
    expect(inlineCopies()).toEqual([]);
    const nullable = Object.entries((doc.components?.schemas ?? {}) as Record<string, Json>).filter(
      ([name, s]) =>
        name !== 'JsonValue' &&
        ((Array.isArray(s.type) && s.type.includes('null')) ||
          [...((s.anyOf as Json[]) ?? []), ...((s.oneOf as Json[]) ?? [])].some((x) => x.type === 'null')),
    );
    expect(nullable.map(([name]) => name)).toEqual([]);
  });

  it('keeps the generated types (@ripcord/protocol/api) and the docs/api.md table current', async () => {
    for (const { file, text } of await expectedFiles(doc)) {
      const stale = fs.readFileSync(file, 'utf8') !== text;
      expect(stale, `${file} is stale: run npm run api:generate`).toBe(false);
    }
  });

  it("lints clean with Redocly's recommended ruleset (redocly.yaml)", () => {
    const { status, report, stderr } = lintDocument(doc);
    const parsed = JSON.parse(report || '{}') as { totals?: { errors: number; warnings: number } };
    expect(parsed.totals, stderr).toEqual({ errors: 0, warnings: 0, ignored: 0 });
    expect(status).toBe(0);
  });
});
