import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bundleSchema } from './features/bundles/bundle-schema.js';
import { zodDetails } from './validation.js';

const detailsOf = (schema: z.ZodType, input: unknown, prefix = '') => {
  const r = schema.safeParse(input);
  if (r.success) throw new Error('expected a failure');
  return zodDetails(r.error, prefix);
};

describe('zodDetails', () => {
  const schema = z.strictObject({ version: z.string(), nested: z.strictObject({ count: z.number() }) });

  it('puts an unknown field first and names the missing field it probably meant', () => {
    expect(detailsOf(schema, { verison: '1', nested: { count: 2 } }, 'doc')).toEqual([
      { path: 'doc', message: 'unknown field "verison" (did you mean "version"?)' },
      { path: 'doc.version', message: 'required (string)' },
    ]);
  });

  it('says "required" for a missing field and keeps other messages as zod words them', () => {
    expect(detailsOf(schema, { version: 3 })).toEqual([
      { path: 'version', message: 'Invalid input: expected string, received number' },
      { path: 'nested', message: 'required (object)' },
    ]);
  });

  it('does not guess when the unknown field is not close to a missing one', () => {
    expect(detailsOf(schema, { version: '1', nested: { count: 1, colour: 'red' } })).toEqual([
      { path: 'nested', message: 'unknown field "colour"' },
    ]);
  });

  it('reports the union branch that got furthest instead of "Invalid input"', () => {
    const union = z.object({
      model: z.union([z.string(), z.strictObject({ provider: z.string(), name: z.string() })]),
    });
    expect(detailsOf(union, { model: { provider: 'x', nmae: 'y' } })).toEqual([
      { path: 'model', message: 'unknown field "nmae" (did you mean "name"?)' },
      { path: 'model.name', message: 'required (string)' },
    ]);
    expect(detailsOf(union, { model: 5 })[0]?.message).toMatch(/^Invalid input/);
  });

  it('words a misspelled field of a real Bundle document', () => {
    const bundle = {
      kind: 'Bundle',
      workflow: 'w',
      version: '1',
      components: { modelRoute: { provider: 'anthropic', model: 'claude', verison: '2025-01-01' } },
    };
    const first = detailsOf(bundleSchema, bundle, 'documents[0]')[0];
    expect(first?.message).toMatch(/^unknown field "verison"/);
    expect(first?.path).toMatch(/^documents\[0\]\.components/);
  });
});
