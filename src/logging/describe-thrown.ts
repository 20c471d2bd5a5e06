/**
 * What a log line may say about a thrown value, whatever it is: an Error's name, message and
 * stack; a marker for a function; symbols, bigints and NaN named (JSON would drop them or turn
 * them into null); anything else as is, for the logger to redact. Never throws itself.
 */
export function describeThrown(thrown: unknown): unknown {
  try {
    if (thrown instanceof Error) return { name: thrown.name, message: thrown.message, stack: thrown.stack };
    if (typeof thrown === 'function') return '[function]';
    if (typeof thrown === 'symbol' || typeof thrown === 'bigint' || Number.isNaN(thrown))
      return String(thrown);
    return thrown === undefined ? 'undefined' : thrown;
  } catch {
    return '[unreadable]';
  }
}
