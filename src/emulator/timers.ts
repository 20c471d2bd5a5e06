/**
 * Every timer the emulator starts (latency, delayed answers) goes through here, so closing
 * the emulator can cancel them all and leave no open handle behind in tests.
 */
export class TimerSet {
  private readonly timers = new Set<NodeJS.Timeout>();

  /** Runs `fn` after `ms`; at once (synchronously) when `ms` is 0 or less. */
  after(ms: number, fn: () => void): void {
    if (ms <= 0) {
      fn();
      return;
    }
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => this.after(ms, resolve));
  }

  /** Cancels every pending timer; their callbacks never run. */
  clear(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }
}
