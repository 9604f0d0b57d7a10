import { auditHash, genesisHash, type AuditEntry, type AuditStore } from './audit-store.js';

/** How the chain is broken. */
export type AuditProblem =
  | 'edited'
  | 'inserted-or-deleted'
  | 'broken-link'
  /** Newest entries are missing: the head kept outside the log (or the external copy) is ahead. */
  | 'deleted-at-tail'
  /** An entry no longer has the hash the head (or an external copy) recorded for it. */
  | 'anchor-mismatch';

/** The result of checking the audit chain: ok, or the first entry that breaks it and how. */
export interface AuditVerification {
  ok: boolean;
  entries: number;
  headHash: string;
  firstBad?: { seq: number; problem: AuditProblem };
}

/** A copy of the head kept elsewhere (e.g. a past `verify` answer): entry `seq` had `hash`. */
export interface AuditAnchor {
  seq: number;
  hash: string;
}

/** Reads and verifies the hash-chained audit log. */
export class AuditService {
  constructor(private readonly deps: { stores: { audit: Pick<AuditStore, 'list' | 'head'> } }) {}

  /** Entries since a time (or after a sequence number), oldest first. */
  list(options: { since?: Date; afterSeq?: number; limit?: number }): Promise<AuditEntry[]> {
    return this.deps.stores.audit.list(options);
  }

  /**
   * Walks the whole chain: every entry's hash must match its content, its `prevHash` must be the
   * previous entry's hash and sequence numbers must be contiguous. An edited row fails its hash;
   * an inserted or deleted row breaks the sequence or the link. Deletion of the newest rows
   * leaves no gap, so the chain's end is compared with the head kept outside the log table (written
   * with every append) and, when given, with an external copy of an earlier head.
   */
  async verify(external?: AuditAnchor): Promise<AuditVerification> {
    const head = await this.deps.stores.audit.head();
    let prevHash = genesisHash;
    let expectedSeq = 1;
    let entries = 0;
    const anchors = [...(head ? [head] : []), ...(external ? [external] : [])];
    for (;;) {
      const page = await this.deps.stores.audit.list({ afterSeq: expectedSeq - 1, limit: 1000 });
      if (page.length === 0) break;
      for (const entry of page) {
        const problem = checkEntry(entry, expectedSeq, prevHash) ?? anchorProblem(entry, anchors);
        if (problem) return { ok: false, entries, headHash: prevHash, firstBad: { seq: entry.seq, problem } };
        prevHash = entry.hash;
        expectedSeq++;
        entries++;
      }
    }
    const ahead = anchors.find((a) => a.seq > entries);
    if (ahead)
      return { ok: false, entries, headHash: prevHash, firstBad: { seq: entries + 1, problem: 'deleted-at-tail' } };
    return { ok: true, entries, headHash: prevHash };
  }
}

function anchorProblem(entry: AuditEntry, anchors: AuditAnchor[]): AuditProblem | undefined {
  return anchors.some((a) => a.seq === entry.seq && a.hash !== entry.hash) ? 'anchor-mismatch' : undefined;
}

function checkEntry(entry: AuditEntry, expectedSeq: number, prevHash: string): AuditProblem | undefined {
  if (entry.seq !== expectedSeq) return 'inserted-or-deleted';
  if (entry.prevHash !== prevHash) return 'broken-link';
  if (auditHash(entry) !== entry.hash) return 'edited';
  return undefined;
}
