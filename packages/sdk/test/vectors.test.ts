import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { ConfigSnapshot, EvaluationContext, JsonValue } from '@ripcord/protocol';
import { bucket, bucketHash, compileSnapshot, evaluateFlag, routeRequest, validateSnapshot } from '../src/index.js';
import { murmur3Bytes } from '../src/hash/murmur3.js';

function load<T>(name: string): T {
  return JSON.parse(readFileSync(new URL(`../../protocol/vectors/${name}`, import.meta.url), 'utf8')) as T;
}

interface BucketVectors {
  seed: number;
  murmur3: Array<{ utf8Hex: string; seed: number; hash: number }>;
  cases: Array<{ workflow: string; release: string; key: string; utf8Hex: string; hash: number; bucket: number }>;
}

describe('bucketing vectors', () => {
  const v = load<BucketVectors>('bucketing.json');

  it('matches published murmur3 x86_32 vectors', () => {
    for (const c of v.murmur3) expect(murmur3Bytes(Buffer.from(c.utf8Hex, 'hex'), c.seed), c.utf8Hex).toBe(c.hash);
  });

  it.each(v.cases.map((c) => [`${c.workflow}:${c.release}:${JSON.stringify(c.key)}`, c] as const))('%s', (_, c) => {
    // The vector's bytes are the UTF-8 the hash must see (lone surrogates as U+FFFD).
    expect(Buffer.from(new TextEncoder().encode(`${c.workflow}:${c.release}:${c.key}`)).toString('hex')).toBe(
      c.utf8Hex,
    );
    expect(bucketHash(c.workflow, c.release, c.key)).toBe(c.hash);
    expect(bucket(c.workflow, c.release, c.key)).toBe(c.bucket);
  });
});

interface FlagCase {
  key: string;
  default: JsonValue;
  value: JsonValue;
  variant: string | null;
  reason: string;
  errorCode: string | null;
  metadata?: Record<string, string | number | boolean>;
}
interface EvalCase {
  name: string;
  workflow: string;
  context: EvaluationContext;
  defaults?: Record<string, JsonValue>;
  route: Record<string, unknown> & { typeMismatches: string[] };
  flags: FlagCase[];
}
interface EvalVectors {
  suites: Array<{ name: string; snapshot: ConfigSnapshot | null; cases: EvalCase[] }>;
}

describe('evaluation vectors', () => {
  const v = load<EvalVectors>('evaluation.json');
  for (const suite of v.suites) {
    const raw = suite.snapshot ?? undefined;
    const compiled = raw === undefined ? undefined : compileSnapshot(raw);
    describe(suite.name, () => {
      it.each(suite.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
        // Raw and compiled sources must agree, and a repeated call (memo hit) must agree too.
        for (const source of [raw, compiled, compiled]) {
          const d = routeRequest(source, c.workflow, c.context, c.defaults);
          expect({
            arm: d.arm,
            bundleVersion: d.bundleVersion ?? null,
            release: d.release ?? null,
            reason: d.reason,
            flags: { ...d.flags },
            segments: [...d.segments],
            typeMismatches: [...d.typeMismatches].sort(),
          }).toStrictEqual(c.route);
          for (const f of c.flags) {
            const r = evaluateFlag(source, c.workflow, f.key, f.default, c.context);
            const got = {
              value: r.value,
              variant: r.variant ?? null,
              reason: r.reason,
              errorCode: r.errorCode ?? null,
              metadata: r.metadata === undefined ? null : { ...r.metadata },
            };
            expect(got, f.key).toStrictEqual({
              value: f.value,
              variant: f.variant,
              reason: f.reason,
              errorCode: f.errorCode,
              metadata: f.metadata ?? null,
            });
          }
        }
      });
    });
  }
});

describe('snapshot validation vectors', () => {
  const v = load<{ cases: Array<{ name: string; valid: boolean; issuePaths: string[]; snapshot: unknown }> }>(
    'snapshot-validation.json',
  );
  it.each(v.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    const result = validateSnapshot(c.snapshot);
    expect(result.ok).toBe(c.valid);
    const paths = result.ok ? [] : result.issues.map((i) => i.path);
    expect([...new Set(paths)].sort()).toStrictEqual([...c.issuePaths].sort());
  });
});
