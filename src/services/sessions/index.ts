export {
  createSessionService,
  currentState,
  type SessionService,
  type SessionServiceDeps,
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
