/** Store keys for staging; caller-supplied ids are URI-encoded so a ':' cannot forge another key. */
const part = encodeURIComponent;

export const fileKey = (fileId: string) => `staging:file:${part(fileId)}`;
export const bytesKey = (fileId: string) => `staging:bytes:${part(fileId)}`;
/** The file ids of one upload session (the phone session, or an API-key upload group). */
export const groupKey = (uploadSessionId: string) => `staging:group:${part(uploadSessionId)}`;
/** Declared bytes per encounter, for the 50 MB per-encounter cap. */
export const ledgerKey = (facilityId: string, encounterId: string) =>
  `staging:encounter:${part(facilityId)}:${part(encounterId)}`;
