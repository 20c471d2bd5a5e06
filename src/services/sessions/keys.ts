/** Store keys for sessions; ids from callers are URI-encoded so a ':' cannot forge another key. */
export const sessionKey = (sessionId: string) => `session:${encodeURIComponent(sessionId)}`;

/** Points at the current session of one facility + encounter, so a new QR code can revoke the old one. */
export const encounterSessionKey = (facilityId: string, encounterId: string) =>
  `session-by-encounter:${encodeURIComponent(facilityId)}:${encodeURIComponent(encounterId)}`;

/** Points from a phone token's HMAC (hex, never the token) to its session. */
export const tokenSessionKey = (tokenHmac: string) => `session-by-token:${tokenHmac}`;
