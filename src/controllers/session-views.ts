import type { z } from 'zod';
import type { Config } from '../config';
import type { phoneSessionResponse, sessionViewResponse } from '../schemas/mobile';
import {
  ACCEPTED_UPLOAD_TYPES,
  MAX_FILES_PER_REQUEST,
  MAX_TOTAL_BYTES_PER_ENCOUNTER,
} from '../schemas/limits';
import type { StagedFile } from '../services/staging';
import type { Session } from '../services/sessions';
import type { FileCommitOutcome } from '../services/commit';
import { sessionFileView } from './attachments-views';

export type SessionView = z.infer<typeof sessionViewResponse>;
export type PhoneSessionView = z.infer<typeof phoneSessionResponse>;

/** The desktop's view of a session (GET mobile/sessions/:sessionId, and the desktop's snapshot). */
export function desktopSessionView(
  session: Session,
  files: StagedFile[],
  commits: Array<FileCommitOutcome | undefined> = [],
): SessionView {
  return {
    sessionId: session.sessionId,
    state: session.currentState,
    expiresAt: session.expiresAt,
    files: files.map((file, index) => sessionFileView(file, commits[index])),
  };
}

/** The upload limits the phone page shows. */
export function phoneUploadLimits(config: Readonly<Pick<Config, 'images'>>): PhoneSessionView['limits'] {
  return {
    maxPerRequest: MAX_FILES_PER_REQUEST,
    maxInputBytes: config.images.maxInputBytes,
    maxTotalBytesPerEncounter: MAX_TOTAL_BYTES_PER_ENCOUNTER,
    acceptedTypes: [...ACCEPTED_UPLOAD_TYPES],
  };
}

/** The phone's view of its session (GET mobile/session). */
export function phoneSessionView(
  session: Session,
  config: Readonly<Pick<Config, 'images'>>,
): PhoneSessionView {
  return {
    sessionId: session.sessionId,
    state: session.currentState,
    expiresAt: session.expiresAt,
    patientDisplay: session.patientDisplay,
    limits: phoneUploadLimits(config),
  };
}

/**
 * A view as a browser may see it: no `details` anywhere, since a file's or a commit's error
 * details can quote ALEX's own text (GATEWAY-API.md, "Events"). API-key callers keep them.
 */
export function withoutDetails<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutDetails) as T;
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== 'details')
      .map(([key, inner]) => [key, withoutDetails(inner)]),
  ) as T;
}
