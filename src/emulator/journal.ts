/** One request the emulator answered, as tests and benchmarks read it. */
export interface JournalEntry {
  /** Increases by one per request and never restarts, so `?since=` works across clears. */
  seq: number;
  /** When the request arrived (ISO 8601). */
  at: string;
  /** When the request arrived, in epoch milliseconds. */
  atMs: number;
  method: string;
  /** Path and query string as received. */
  path: string;
  route: string;
  /** Request headers, lower-case names; the bearer token is shown as `Bearer ***`. */
  headers: Record<string, string>;
  /** Parsed JSON body (long strings shortened), or the token form with client_secret masked. */
  body?: unknown;
  /** Status sent; 0 when the emulator dropped the connection on purpose. */
  status: number;
  /** From arrival to the end of the response (or the drop). */
  durationMs?: number;
}

export const DEFAULT_JOURNAL_CAPACITY = 5000;
// Trimming in batches keeps record() O(1) amortised instead of shifting 5,000 entries each time.
const TRIM_SLACK = 500;

/** A bounded, in-memory request log: the last `capacity` entries are kept. */
export class Journal {
  private entries: JournalEntry[] = [];
  private lastSeq = 0;

  constructor(private readonly capacity = DEFAULT_JOURNAL_CAPACITY) {}

  record(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    const full: JournalEntry = { seq: ++this.lastSeq, ...entry };
    this.entries.push(full);
    if (this.entries.length >= this.capacity + TRIM_SLACK) {
      this.entries = this.entries.slice(this.entries.length - this.capacity);
    }
    return full;
  }

  /** Entries in arrival-of-answer order; only those with `seq > since` when given. */
  list(since?: number): JournalEntry[] {
    const kept = this.entries.length > this.capacity ? this.entries.slice(-this.capacity) : this.entries;
    return since === undefined ? [...kept] : kept.filter((entry) => entry.seq > since);
  }

  clear(): void {
    this.entries = [];
  }
}
