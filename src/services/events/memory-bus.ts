import { EventEmitter } from 'node:events';
import type { EventBus, EventNotice } from './notices';

/**
 * The bus for STORE=memory: one process holds every session, so an EventEmitter keyed by
 * session id is the whole fan-out. Listeners run on a later tick, so a publisher (an upload
 * finishing) never waits for streams to write.
 */
export function createMemoryBus(): EventBus {
  const emitter = new EventEmitter();
  emitter.setMaxListeners(0);
  return {
    publish(notice: EventNotice) {
      setImmediate(() => emitter.emit(notice.sessionId, notice));
    },
    async subscribe(sessionId, listener) {
      emitter.on(sessionId, listener);
      return () => emitter.off(sessionId, listener);
    },
    async close() {
      emitter.removeAllListeners();
    },
  };
}
