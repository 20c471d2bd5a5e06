/** GATEWAY-API.md: delivery waits double from DELIVERY_RETRY_BASE_SECONDS up to 15 minutes. */
export const MAX_DELIVERY_DELAY_MS = 15 * 60 * 1000;

/** The wait after the `attempts`-th failed delivery attempt (1 = the first failure). */
export function nextDeliveryDelayMs(attempts: number, baseSeconds: number): number {
  const exponent = Math.max(0, attempts - 1);
  return Math.min(MAX_DELIVERY_DELAY_MS, baseSeconds * 1000 * 2 ** Math.min(exponent, 20));
}
