import { AsyncLocalStorage } from 'node:async_hooks';

/** What every log line written while serving one request should know without being told. */
export interface RequestContext {
  correlationId: string;
  /** Who the request proved to be, for the audit trail; asked when a record is written (src/observability). */
  auditActor?: () => { type: 'api-key' | 'phone' | 'desktop'; keyId?: string } | undefined;
}

const storage = new AsyncLocalStorage<RequestContext>();

/** Runs `fn` with `context` visible to everything it calls, however deep and however async. */
export function runWithContext<T>(context: RequestContext, fn: () => T): T {
  return storage.run(context, fn);
}

/** The context of the request being served, if any. */
export function currentContext(): RequestContext | undefined {
  return storage.getStore();
}

export function currentCorrelationId(): string | undefined {
  return storage.getStore()?.correlationId;
}
