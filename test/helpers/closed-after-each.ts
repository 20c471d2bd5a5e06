/**
 * Wraps `start` for tests that each start their own server: the one started in a test is closed
 * after it, pass or fail, so a failed assertion never leaves a gateway (and its ports) behind.
 */
export function closedAfterEach<Args extends unknown[], T extends { close(): Promise<void> }>(
  start: (...args: Args) => Promise<T>,
): (...args: Args) => Promise<T> {
  let started: T | undefined;
  afterEach(async () => {
    await started?.close();
    started = undefined;
  });
  return async (...args) => (started = await start(...args));
}
