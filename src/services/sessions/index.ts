export {
  createSessionService,
  currentState,
  type SessionService,
  type SessionServiceDeps,
  type SessionAudit,
} from './session-service';
export type {
  InitiatedSession,
  InitiateSessionInput,
  PatientDisplay,
  Session,
  SessionRecord,
  SessionState,
  StoredSessionState,
} from './types';
export { createDesktopTokens, eventsUrl, type DesktopTokenDeps, type DesktopTokens } from './desktop-token';
