/**
 * What travels between processes when a session or one of its files changes: ids only, never
 * a view. A stream that hears a notice re-reads the view from the session and staging services,
 * so no patient data ever crosses Redis pub/sub and a late notice can never show stale data.
 */
export type EventNotice =
  | { kind: 'session'; sessionId: string }
  | { kind: 'file'; sessionId: string; fileId: string }
  /** Sent by a bus to its own listeners when notices may have been lost (a Redis reconnect). */
  | { kind: 'resync'; sessionId: string };

export type NoticeListener = (notice: EventNotice) => void;

/** Publish and subscribe per session, in one process or across every process of the gateway. */
export interface EventBus {
  /** Fire and forget: a failure is logged by the bus, never thrown at the change that caused it. */
  publish(notice: EventNotice): void;
  /**
   * Listens to one session's notices. Resolves once the subscription is in force (for Redis,
   * once SUBSCRIBE was acknowledged), so whatever the caller reads afterwards cannot miss a change.
   * The returned function unsubscribes.
   */
  subscribe(sessionId: string, listener: NoticeListener): Promise<() => void>;
  close(): Promise<void>;
}

/**
 * What the services that change sessions and files call. Both methods return at once and never
 * throw: telling the streams must not slow down or fail an upload or a commit.
 */
export interface EventNotifier {
  sessionChanged(sessionId: string): void;
  fileChanged(sessionId: string, fileId: string): void;
}

/** The notifier services get by default when nothing listens (unit tests, scripts). */
export const NO_EVENTS: EventNotifier = {
  sessionChanged: () => undefined,
  fileChanged: () => undefined,
};

/** A notifier that publishes on `bus`. */
export function notifierOn(bus: EventBus): EventNotifier {
  return {
    sessionChanged: (sessionId) => bus.publish({ kind: 'session', sessionId }),
    fileChanged: (sessionId, fileId) => bus.publish({ kind: 'file', sessionId, fileId }),
  };
}
