import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { toNzDateTime } from '../fhir/builders/nz-time';

/** What Evolution puts in a launch context (ALEX.md section 8); the emulator signs it as base64 JSON. */
export interface LaunchContext {
  facilityCode: string;
  patientId: string | null;
  providerId: string | null;
  /** NZ local time with its offset, as ALEX answers it. */
  createdTime: string;
}

export type LaunchCheck =
  { kind: 'decoded'; context: LaunchContext } | { kind: 'malformed' } | { kind: 'bad-signature' };

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
/**
 * `2026-12-01T10:15:00.123+13:00`: an instant in New Zealand time with its offset, like ALEX's
 * createdTime. The milliseconds keep two launches of one second apart (distinct pairs).
 */
export function nzDateTime(instant: Date): string {
  const seconds = toNzDateTime(instant); // 2026-12-01T10:15:00+13:00
  const millis = String(instant.getUTCMilliseconds()).padStart(3, '0');
  return `${seconds.slice(0, 19)}.${millis}${seconds.slice(19)}`;
}

/**
 * Mints and checks launch pairs the way ALEX is assumed to (ALEX.md section 8): the context is
 * base64 JSON, the signature a base64 HMAC-SHA256 of the context under a secret that lives only
 * in this emulator, so a pair changed by one character is refused. Base64 signatures often hold
 * a `+`, which a query string turns into a space: the case the gateway must mend.
 */
export class LaunchSigner {
  private readonly secret = randomBytes(32);

  mint(context: LaunchContext): { context: string; signature: string } {
    const encoded = Buffer.from(JSON.stringify(context), 'utf8').toString('base64');
    return { context: encoded, signature: this.sign(encoded) };
  }

  check(context: string, signature: string): LaunchCheck {
    if (!BASE64.test(context) || !BASE64.test(signature)) return { kind: 'malformed' };
    const expected = Buffer.from(this.sign(context));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      return { kind: 'bad-signature' };
    try {
      return { kind: 'decoded', context: JSON.parse(Buffer.from(context, 'base64').toString('utf8')) };
    } catch {
      return { kind: 'malformed' };
    }
  }

  private sign(context: string): string {
    return createHmac('sha256', this.secret).update(context).digest('base64');
  }
}
