/**
 * Phone handoff sessions (GATEWAY-API.md, "Phone handoff").
 *
 * State machine, as the desktop sees it:
 *
 *   created --(phone loads GET /mobile/session)--> opened --(first upload)--> uploading
 *   created --(first upload, page skipped the session call)--> uploading
 *   any of the above --(a newer QR code for the same facility + encounter)--> revoked
 *   any of the above --(clock passes expiresAt)--> expired
 *
 * `expired` is never written: it is derived from the record's absolute `expiresAt` at read
 * time, so it needs no timer and every gateway process agrees on it. `revoked` wins over
 * `expired` (a replaced link says "replaced", which tells the clinician more).
 */
export type StoredSessionState = 'created' | 'opened' | 'uploading' | 'revoked';
export type SessionState = StoredSessionState | 'expired';

/** What the phone page may show in its header; stored in the session, never logged or put in the token. */
export interface PatientDisplay {
  name: string;
  nhi: string;
}

/** The session record kept in the store under `session:<sessionId>`. */
export interface SessionRecord {
  sessionId: string;
  /** Hex HMAC-SHA256 (under MOBILE_TOKEN_SECRET) of the one token minted for this session; never the token. */
  tokenHmac: string;
  facilityId: string;
  patientId: string;
  encounterId: string;
  patientDisplay: PatientDisplay | null;
  state: StoredSessionState;
  /** ISO instants. `expiresAt` is absolute: uploads never extend it. */
  createdAt: string;
  expiresAt: string;
  openedAt?: string;
  firstUploadAt?: string;
  revokedAt?: string;
}

/** A session record with its state as of now (`expired` derived from the clock). */
export interface Session extends SessionRecord {
  currentState: SessionState;
}

export interface InitiateSessionInput {
  facilityId: string;
  patientId: string;
  encounterId: string;
  patientDisplay?: PatientDisplay;
}

export interface InitiatedSession {
  sessionId: string;
  mobileUploadUrl: string;
  /** `data:image/svg+xml;base64,...` of a QR code encoding `mobileUploadUrl`. */
  qrSvg: string;
  expiresAt: string;
  ttlSeconds: number;
}
