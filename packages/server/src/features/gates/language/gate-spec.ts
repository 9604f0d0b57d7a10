/**
 * The gate language of a release ticket (GATES.md, docs/gates.md), as a strict zod schema. The
 * output keeps the words exactly as written (so a ticket round-trips); `compileGate` in
 * `gate-compile.ts` turns a parsed spec into the normalised form the engine evaluates. Every
 * cross-field rule reports the path of the field that is wrong.
 */

import { z } from 'zod';
import { checkGate } from './gate-rules.js';
import { gateFieldsSchema } from './gate-fields.js';

export * from './gate-fields.js';

/** One gate as written in a release ticket, with every cross-field rule checked. */
export const gateSpecSchema = gateFieldsSchema.superRefine(checkGate);

/** One gate as written (validated, not normalised). */
export type GateSpec = z.infer<typeof gateSpecSchema>;
/** Severity class (R4.3). */
export type Severity = GateSpec['severity'];

/** A release's `gates:` list: at least one gate (R2.1), names unique. */
export const gatesSchema = z
  .array(gateSpecSchema)
  .min(1, 'a release needs at least one gate (R2.1)')
  .superRefine((gates, ctx) => {
    const seen = new Map<string, number>();
    gates.forEach((gate, index) => {
      const first = seen.get(gate.name);
      if (first !== undefined)
        ctx.addIssue({
          code: 'custom',
          path: [index, 'name'],
          message: `duplicate gate name "${gate.name}" (first at gates[${first}])`,
        });
      else seen.set(gate.name, index);
    });
  });
