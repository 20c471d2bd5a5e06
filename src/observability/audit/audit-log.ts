import type { AuditRecord } from '../../schemas/audit';
import type { AuditRecordBody } from './chain';

/** A record before it joins the chain: the log fills in `prevHash` and `hash`. */
export type UnchainedRecord = Omit<AuditRecordBody, 'prevHash'>;

/**
 * One ordered, append-only log. `append` links the record to the log's tail at the moment it
 * is written (compare-and-swap where several processes write), so the chain has no forks.
 */
export interface AuditLog {
  append(record: UnchainedRecord): Promise<AuditRecord>;
  /** Records in chain order whose `recorded` lies in [from, to] (ISO instants, inclusive). */
  read(range: { from?: string; to?: string }): Promise<AuditRecord[]>;
  /** Daily work: archive what left the window, apply retention. */
  maintain(nowMs: number): Promise<void>;
  close(): Promise<void>;
}
