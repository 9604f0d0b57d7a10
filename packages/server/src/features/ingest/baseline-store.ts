/**
 * Reads the baseline records' rows (`baseline:<workflow>:<environment>`) from `gate_states`. They
 * are written by the gate sessions' group commit like any other row; only this prefix read is
 * their own, since the gate state store reads rows by release id.
 */
import { like } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { gateStates } from '../../db/schema.js';
import { BASELINE_ROW_PREFIX, type BaselineRowReader } from './baseline-records.js';
import { decodeGateState } from './gate-state-store.js';

/** Every stored baseline row, decoded. */
export function baselineRowReader(db: Db): BaselineRowReader {
  return async () => {
    const rows = await db
      .select()
      .from(gateStates)
      .where(like(gateStates.releaseId, `${BASELINE_ROW_PREFIX}%`));
    return rows.map((row) => ({ rowId: row.releaseId, state: decodeGateState(row.state) }));
  };
}
