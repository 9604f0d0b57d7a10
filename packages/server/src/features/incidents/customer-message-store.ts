/** Storage for incidents' customer messages (R7.4): every recorded version, none edited. */
import { asc, eq, sql } from 'drizzle-orm';
import type { Db } from '../../db/database.js';
import { incidentCustomerMessages } from '../../db/schema.js';

/** Whether a recorded message went out to customers. */
export type CustomerMessageState = 'draft' | 'sent';

/** One recorded version of an incident's customer message. */
export interface RecordedCustomerMessage {
  incidentId: string;
  version: number;
  template: string | null;
  text: string;
  state: CustomerMessageState;
  by: string;
  reason: string;
  at: Date;
}

/** Reads and appends an incident's customer messages. */
export class CustomerMessageStore {
  constructor(private readonly deps: { db: Db }) {}

  /** Every version of an incident's message, oldest first. */
  async history(incidentId: string): Promise<RecordedCustomerMessage[]> {
    const rows = await this.deps.db
      .select()
      .from(incidentCustomerMessages)
      .where(eq(incidentCustomerMessages.incidentId, incidentId))
      .orderBy(asc(incidentCustomerMessages.version));
    return rows.map((r) => ({ ...r, state: r.state as CustomerMessageState }));
  }

  /** Appends the next version; null when another writer took that version first. */
  async append(message: Omit<RecordedCustomerMessage, 'version'>): Promise<number | null> {
    const [top] = await this.deps.db
      .select({ version: sql<number>`coalesce(max(${incidentCustomerMessages.version}), 0)` })
      .from(incidentCustomerMessages)
      .where(eq(incidentCustomerMessages.incidentId, message.incidentId));
    const version = Number(top?.version ?? 0) + 1;
    const rows = await this.deps.db
      .insert(incidentCustomerMessages)
      .values({ ...message, version })
      .onConflictDoNothing()
      .returning({ version: incidentCustomerMessages.version });
    return rows.length === 1 ? version : null;
  }
}
