import { AppError } from '../../errors';

/**
 * How far ahead of the gateway's clock ALEX's `createdTime` may be. Beyond it the launch is
 * refused: a context dated in the future would stay "fresh" past the replay guard's memory.
 */
export const CLOCK_SKEW_SECONDS = 60;

/**
 * Throws 410 LAUNCH_EXPIRED when the launch was made more than `maxAgeSeconds` ago, and 422
 * LAUNCH_INVALID when it claims to be from the future (beyond the allowed clock skew).
 */
export function assertFresh(createdTime: string, nowMs: number, maxAgeSeconds: number): void {
  const ageMs = nowMs - Date.parse(createdTime);
  if (ageMs > maxAgeSeconds * 1000) throw new AppError('LAUNCH_EXPIRED');
  if (ageMs < -CLOCK_SKEW_SECONDS * 1000) throw new AppError('LAUNCH_INVALID');
}

/** How long a used pair is remembered: as long as any pair can still pass {@link assertFresh}. */
export function replayMemorySeconds(maxAgeSeconds: number): number {
  return maxAgeSeconds + CLOCK_SKEW_SECONDS;
}
