/** The fast reading of event timestamps answers exactly as `Date.parse`, for any string. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { eventTimeMs } from './event-time.js';

describe('eventTimeMs', () => {
  it('reads what toISOString writes, with and without milliseconds', () => {
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1000-01-01T00:00:00Z'), max: new Date('9999-12-31T23:59:59Z'), noInvalidDate: true }),
        (d) => {
          const iso = d.toISOString();
          expect(eventTimeMs(iso)).toBe(d.getTime());
          const seconds = `${iso.slice(0, 19)}Z`;
          expect(eventTimeMs(seconds)).toBe(Date.parse(seconds));
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('agrees with Date.parse on other forms and on near-misses', () => {
    const cases = [
      '2026-05-02T10:00:00.000+02:00',
      '2026-05-02T10:00:00.1Z',
      '2026-05-02T10:00:00.123456Z',
      '2026-02-29T10:00:00.000Z',
      '2024-02-29T10:00:00.000Z',
      '2026-04-31T10:00:00.000Z',
      '2026-13-01T10:00:00.000Z',
      '2026-05-02T24:00:00.000Z',
      '2026-05-02T10:60:00.000Z',
      '2026-05-02T10:00:60.000Z',
      '0099-05-02T10:00:00.000Z',
      '2026-05-02 10:00:00.000Z',
      '2026-05-0xT10:00:00.000Z',
      '2026-05-02T10:00:00.00xZ',
      'yesterday',
      '',
    ];
    for (const c of cases) expect(eventTimeMs(c), c).toEqual(Date.parse(c));
  });

  it('agrees with Date.parse on strings shaped like timestamps with any characters', () => {
    const ch = fc.constantFrom(...'0123456789-:.TZ+x');
    fc.assert(
      fc.property(fc.array(ch, { minLength: 20, maxLength: 24 }), (chars) => {
        const s = chars.join('');
        expect(eventTimeMs(s)).toEqual(Date.parse(s));
      }),
      { numRuns: 3000 },
    );
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 99 }),
        fc.integer({ min: 0, max: 99 }),
        (y, m, d) => {
          const s = `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}T12:34:56.789Z`;
          expect(eventTimeMs(s)).toEqual(Date.parse(s));
        },
      ),
      { numRuns: 3000 },
    );
  });
});
