import { auditHash, genesisHash, type AuditEntry, type AuditStore } from './audit-store.js';

/** The result of checking the audit chain: ok, or the first entry that breaks it and how. */
export interface AuditVerification {
  ok: boolean;
  entries: number;
  headHash: string;
  firstBad?: { seq: number; problem: 'edited' | 'inserted-or-deleted' | 'broken-link' };
}

/** Reads and verifies the hash-chained audit log. */
export class AuditService {
  constructor(private readonly deps: { stores: { audit: Pick<AuditStore, 'list'> } }) {}

  /** Entries since a time (or after a sequence number), oldest first. */
  list(options: { since?: Date; afterSeq?: number; limit?: number }): Promise<AuditEntry[]> {
    return this.deps.stores.audit.list(options);
  }

  /**
   * Walks the whole chain: every entry's hash must match its content, its `prevHash` must be the
   * previous entry's hash and sequence numbers must be contiguous. An edited row fails its hash;
   * an inserted or deleted row breaks the sequence or the link.
   */
  async verify(): Promise<AuditVerification> {
    let prevHash = genesisHash;
    let expectedSeq = 1;
    let entries = 0;
    for (;;) {
      const page = await this.deps.stores.audit.list({ afterSeq: expectedSeq - 1, limit: 1000 });
      if (page.length === 0) break;
      for (const entry of page) {
        const problem = checkEntry(entry, expectedSeq, prevHash);
        if (problem) return { ok: false, entries, headHash: prevHash, firstBad: { seq: entry.seq, problem } };
        prevHash = entry.hash;
        expectedSeq++;
        entries++;
      }
    }
    return { ok: true, entries, headHash: prevHash };
  }
}

function checkEntry(
  entry: AuditEntry,
  expectedSeq: number,
  prevHash: string,
): NonNullable<AuditVerification['firstBad']>['problem'] | undefined {
  if (entry.seq !== expectedSeq) return 'inserted-or-deleted';
  if (entry.prevHash !== prevHash) return 'broken-link';
  if (auditHash(entry) !== entry.hash) return 'edited';
  return undefined;
}
