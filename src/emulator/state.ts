import { EMULATOR_CREDENTIALS, type EmulatorCredentials } from './credentials';
import { FaultQueue, type Fault } from './faults';
import { Journal, type JournalEntry } from './journal';
import { LaunchSigner } from './launch-contexts';
import { DEFAULT_TOKEN_LIFETIME_SECONDS, type EmulatorOptions } from './options';
import { ANY_ROUTE, isFhirRoute, TOKEN_ROUTE } from './route-key';
import { ResourceStore, type CreatedRecord, type WritableResource, type WritableType } from './store';
import { TimerSet } from './timers';
import { TokenIssuer } from './tokens';

/** `allowed`: the chained DocumentReference look-up answers; `forbidden`: it is 403 like `?subject=`. */
export type DocumentReferenceSearchMode = 'allowed' | 'forbidden';

/**
 * Everything an emulator instance remembers, and the knobs tests turn. The HTTP control
 * API under /__emulator/ calls these same methods.
 */
export class EmulatorState {
  readonly credentials: EmulatorCredentials = EMULATOR_CREDENTIALS;
  readonly strictAppId: boolean;
  readonly tokens: TokenIssuer;
  readonly store = new ResourceStore();
  readonly timers = new TimerSet();
  /** Signs the launch contexts POST /__emulator/launch mints and the decode endpoint checks. */
  readonly launches = new LaunchSigner();
  private readonly requestJournal = new Journal();
  private readonly faults = new FaultQueue();
  private readonly latencies = new Map<string, number>();
  private tokenRequests = 0;
  private documentReferenceSearchMode: DocumentReferenceSearchMode = 'allowed';

  constructor(private readonly options: EmulatorOptions = {}) {
    this.strictAppId = options.strictAppId ?? false;
    this.tokens = new TokenIssuer(
      this.credentials,
      options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS,
    );
    this.applyDefaultLatency();
  }

  /** Answered requests, oldest first (control calls are not journaled). */
  journal(since?: number): JournalEntry[] {
    return this.requestJournal.list(since);
  }

  resetJournal(): void {
    this.requestJournal.clear();
  }

  /** Back to a fresh emulator: journal, faults, latency, token lifetime, counters and created resources. Issued tokens stay valid. */
  reset(): void {
    this.requestJournal.clear();
    this.faults.clear();
    this.latencies.clear();
    this.applyDefaultLatency();
    this.tokens.lifetimeSeconds = this.options.tokenLifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
    this.tokenRequests = 0;
    this.documentReferenceSearchMode = 'allowed';
    this.store.clear();
  }

  /**
   * Whether the chained `DocumentReference?patient.identifier=` look-up is answered (the
   * default) or refused with 403 as ALEX may do: nobody knows yet (ALEX.md section 7).
   */
  setDocumentReferenceSearch(mode: DocumentReferenceSearchMode): void {
    this.documentReferenceSearchMode = mode;
  }

  documentReferenceSearch(): DocumentReferenceSearchMode {
    return this.documentReferenceSearchMode;
  }

  /** Latency for one route key, or for every /FHIR route with `*`. 0 removes it. */
  setLatency(route: string, ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError('latency must be a non-negative number of ms');
    this.latencies.set(route, ms);
  }

  /** The latency a request on `route` gets: its own setting, else `*` for /FHIR routes. */
  latencyFor(route: string): number {
    const own = this.latencies.get(route);
    if (own !== undefined) return own;
    return isFhirRoute(route) ? (this.latencies.get(ANY_ROUTE) ?? 0) : 0;
  }

  /** Queues a fault for the next matching request(s). */
  failNext(fault: Fault): void {
    this.faults.add(fault);
  }

  /** Consumes the fault that applies to this request, if one is queued. */
  takeFault(route: string): Fault | undefined {
    return this.faults.take(route);
  }

  pendingFaults(): Array<Fault & { remaining: number }> {
    return this.faults.list();
  }

  /** `expires_in` (and JWT lifetime) of tokens issued from now on. */
  setTokenLifetime(seconds: number): void {
    if (!Number.isInteger(seconds) || seconds < 0)
      throw new RangeError('lifetime must be a non-negative integer');
    this.tokens.lifetimeSeconds = seconds;
  }

  /** Every token issued so far gets 401 from now on. */
  revokeAllTokens(): void {
    this.tokens.revokeAll();
  }

  /** Token requests received since start or the last reset(), whatever their outcome. */
  tokenRequestCount(): number {
    return this.tokenRequests;
  }

  /** Resources created by POSTs, oldest first. */
  createdResources(type?: WritableType): WritableResource[] {
    return this.store.list(type).map((record) => record.resource);
  }

  /** Like createdResources, with the facility and creation time of each. */
  createdRecords(type?: WritableType): CreatedRecord[] {
    return this.store.list(type);
  }

  /** Called by the journal middleware; public so the middleware stays a thin adapter. */
  record(entry: Omit<JournalEntry, 'seq'>): JournalEntry {
    if (entry.route === TOKEN_ROUTE) this.tokenRequests += 1;
    return this.requestJournal.record(entry);
  }

  /** Cancels pending latency and delayed answers (used when the server closes). */
  dispose(): void {
    this.timers.clear();
  }

  private applyDefaultLatency(): void {
    if (this.options.latencyMs) this.setLatency(ANY_ROUTE, this.options.latencyMs);
  }
}
